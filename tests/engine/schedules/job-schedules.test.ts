// engine.schedules against a real catalog: set / get / remove, Get-Job's Schedule and NextRun,
// retry defaults, windows that shift NextRun, after-job links (unknown job, loops, removal), and
// every refused change leaving the catalog's schedule rows exactly as they were.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { addVms, openLab, type Lab } from '../jobs/fixtures/job-lab.ts';
import { withTimeZone } from './with-time-zone.ts';

const labs: Lab[] = [];
function lab(jobs: string[]): Lab {
  const l = openLab();
  labs.push(l);
  addVms(l, [{ name: 'vm1' }]);
  for (const j of jobs) l.engine.jobs.add({ Name: j, VMs: ['vm1'], Repository: 'repo01' });
  return l;
}
const rows = (l: Lab) => JSON.stringify(l.engine.catalog.all('SELECT * FROM job_schedules ORDER BY job_name'));
function refused(l: Lab, fn: () => unknown, message: RegExp | string, code = 'VBRS_INVALID_ARGUMENT'): void {
  const before = rows(l);
  try {
    fn();
    assert.unreachable('accepted');
  } catch (e) {
    if ((e as Error).name === 'Assertion') throw e;
    assert.is((e as { code?: string }).code, code, (e as Error).message);
    if (typeof message === 'string') assert.is((e as Error).message, message);
    else assert.match((e as Error).message, message);
  }
  assert.is(rows(l), before, 'the catalog is unchanged');
}

test('a daily schedule: stored, shown on the job with NextRun, Veeam retry defaults, removed', () =>
  withTimeZone('Europe/Berlin', () => {
    const l = lab(['Nightly']);
    const now = new Date(2026, 11, 6, 12); // Sunday noon
    const s = l.engine.schedules.set('nightly', { Timing: { Kind: 'Daily', At: '22:00', DaysOfWeek: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] } }, now);
    assert.is(s.JobName, 'Nightly');
    assert.is(s.Schedule, 'Daily at 22:00 on Monday, Tuesday, Wednesday, Thursday, Friday');
    assert.equal(s.DaysOfWeek, ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);
    assert.is(s.RetryCount, 3);
    assert.is(s.RetryWait, 600_000);
    assert.equal(s.NextRun, new Date(2026, 11, 7, 22));
    const job = l.engine.jobs.get('Nightly');
    assert.is(job.Schedule, 'Daily at 22:00 on Monday, Tuesday, Wednesday, Thursday, Friday');
    assert.ok(job.NextRun instanceof Date && job.NextRun > new Date());
    // A change of retry policy alone keeps the timing.
    const r = l.engine.schedules.set('Nightly', { RetryCount: 0, RetryWait: 30_000 }, now);
    assert.is(r.Kind, 'Daily');
    assert.is(r.RetryCount, 0);
    assert.is(r.RetryWait, 30_000);
    // A disabled job is never due.
    l.engine.jobs.disable('Nightly');
    assert.is(l.engine.jobs.get('Nightly').NextRun, null);
    assert.is(l.engine.schedules.get('Nightly', now)!.NextRun, null);
    l.engine.jobs.enable('Nightly');
    assert.is(l.engine.schedules.remove('Nightly'), true);
    assert.is(l.engine.schedules.remove('Nightly'), false);
    assert.is(l.engine.schedules.get('Nightly'), null);
    assert.equal([l.engine.jobs.get('Nightly').Schedule, l.engine.jobs.get('Nightly').NextRun], [null, null]);
  }));

test('a backup window moves NextRun to the first due time inside it; one that never fits is refused', () =>
  withTimeZone('UTC', () => {
    const l = lab(['Hourly', 'Weekend']);
    const sunday = new Date(2026, 11, 6, 12);
    const s = l.engine.schedules.set('Hourly', { Timing: { Kind: 'Periodically', Period: 3_600_000 }, BackupWindow: 'Mon-Fri 20:00-06:00' }, sunday);
    assert.is(s.BackupWindow, 'Mon,Tue,Wed,Thu,Fri 20:00-06:00');
    assert.equal(s.NextRun, new Date(2026, 11, 7, 20));
    assert.equal(l.engine.schedules.nextRun('Hourly', new Date(2026, 11, 7, 23, 30)), new Date(2026, 11, 8, 0));
    assert.equal(l.engine.schedules.nextRun('Hourly', new Date(2026, 11, 8, 5, 30)), new Date(2026, 11, 8, 20));
    assert.is(l.engine.schedules.window('Hourly')!.text, 'Mon,Tue,Wed,Thu,Fri 20:00-06:00');
    // Clearing the window keeps the rest.
    assert.equal(l.engine.schedules.set('Hourly', { BackupWindow: null }, sunday).NextRun, new Date(2026, 11, 6, 13));
    refused(
      l,
      () => l.engine.schedules.set('Weekend', { Timing: { Kind: 'Daily', At: '12:00', DaysOfWeek: ['Saturday'] }, BackupWindow: 'Mon-Fri 20:00-06:00' }, sunday),
      "Job 'Weekend': the schedule 'Daily at 12:00 on Saturday' never falls inside the backup window 'Mon,Tue,Wed,Thu,Fri 20:00-06:00'.",
    );
  }));

test('after-job links: resolved to the job name, an unknown job and loops refused, removal guarded', () => {
  const l = lab(['A', 'B', 'C']);
  const b = l.engine.schedules.set('B', { Timing: { Kind: 'AfterJob', AfterJob: 'a' } });
  assert.is(b.AfterJob, 'A');
  assert.is(b.Schedule, 'After job A');
  assert.is(b.NextRun, null);
  l.engine.schedules.set('C', { Timing: { Kind: 'AfterJob', AfterJob: 'B' } });
  assert.equal(l.engine.schedules.followers('A'), ['B']);
  refused(l, () => l.engine.schedules.set('A', { Timing: { Kind: 'AfterJob', AfterJob: 'B' } }), "Job 'A': it cannot run after 'B': that makes a loop (A → B → A).");
  refused(l, () => l.engine.schedules.set('A', { Timing: { Kind: 'AfterJob', AfterJob: 'C' } }), "Job 'A': it cannot run after 'C': that makes a loop (A → C → B → A).");
  refused(l, () => l.engine.schedules.set('A', { Timing: { Kind: 'AfterJob', AfterJob: 'Ghost' } }), "Job 'Ghost' was not found.", 'VBRS_UNKNOWN_OBJECT');
  refused(l, () => l.engine.schedules.set('Ghost', { Timing: { Kind: 'Daily', At: '22:00' } }), "Job 'Ghost' was not found.", 'VBRS_UNKNOWN_OBJECT');
  // A job others follow cannot go; the last in the chain can, and its schedule goes with it.
  refused(l, () => l.engine.jobs.remove('A'), "Job 'A' cannot be removed: 'B' is scheduled to run after it.", 'VBRS_IN_USE');
  l.engine.jobs.remove('C');
  assert.equal(l.engine.schedules.list().map((s) => s.JobName), ['B']);
});

test('bad input: each a one-line error and the catalog unchanged', () => {
  const l = lab(['Nightly']);
  l.engine.schedules.set('Nightly', { Timing: { Kind: 'Cron', Cron: '0 22 * * 1-5' }, RetryCount: 2 });
  refused(l, () => l.engine.schedules.set('Nightly', { Timing: { Kind: 'Daily', At: '25:00' } }), "Job 'Nightly': Daily '25:00' is not a time of day; use HH:MM from 00:00 to 23:59.");
  refused(l, () => l.engine.schedules.set('Nightly', { Timing: { Kind: 'Cron', Cron: '0 25 * * *' } }), "Job 'Nightly': Cron '0 25 * * *' does not parse: Invalid value for hour: 25.");
  refused(l, () => l.engine.schedules.set('Nightly', { RetryCount: -1 }), "Job 'Nightly': RetryCount must be a whole number from 0 to 100, not -1.");
  refused(l, () => l.engine.schedules.set('Nightly', { RetryCount: 1.5 }), "Job 'Nightly': RetryCount must be a whole number from 0 to 100, not 1.5.");
  refused(l, () => l.engine.schedules.set('Nightly', { RetryWait: -5 }), "Job 'Nightly': RetryWait must be a duration of zero or more, not -5 ms.");
  refused(l, () => l.engine.schedules.set('Nightly', { BackupWindow: 'weekdays' }), /^Job 'Nightly': BackupWindow 'weekdays' is not a window/);
  refused(l, () => l.engine.schedules.set('Nightly', { Timing: { Kind: 'Periodically', Period: 500 } }), "Job 'Nightly': Periodically must be at least 1 second, not 500 ms.");
  l.engine.jobs.add({ Name: 'Fresh', VMs: ['vm1'], Repository: 'repo01' });
  refused(l, () => l.engine.schedules.set('Fresh', { RetryCount: 1 }), "Job 'Fresh': it has no schedule yet; give one of -Daily, -Monthly, -Periodically, -Cron or -AfterJob.");
  assert.is(l.engine.schedules.get('Nightly')!.Cron, '0 22 * * 1-5');
});

test('schedules persist: a second engine on the same data folder sees them and the same NextRun', async () => {
  const l = lab(['P']);
  const anchor = new Date(Date.now() - 10_500);
  l.engine.schedules.set('P', { Timing: { Kind: 'Periodically', Period: 4000 } }, anchor);
  const home = l.home;
  const at = new Date();
  const first = l.engine.schedules.nextRun('P', at);
  await l.close();
  labs.splice(labs.indexOf(l), 1);
  const again = openLab({ home });
  try {
    assert.equal(again.engine.schedules.nextRun('P', at), first);
    assert.is((first!.getTime() - anchor.getTime()) % 4000, 0);
  } finally {
    await again.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test.after(async () => {
  for (const l of labs) {
    await l.close();
    fs.rmSync(l.home, { recursive: true, force: true });
  }
});

test.run();
