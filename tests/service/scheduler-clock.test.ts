// The scheduler's rules against an injected clock (sessions still run for real): runs missed while
// no scheduler ran are not caught up, a late tick fires once, schedule changes and disabled jobs
// are picked up, a run started inside its backup window is stopped when the window closes (and not
// retried), and runs the scheduler would start outside the window are not started.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { heldHook, schedulerLab, until } from './scheduler-lab.ts';

/** A clock the test moves by hand. */
function clock(start: Date) {
  let now = start;
  return { now: () => now, set: (d: Date) => void (now = d) };
}
const H = 3_600_000;

test('missed runs are not caught up: the next due time counts from now, a late tick fires once', async () => {
  const t0 = new Date(2026, 11, 7, 10);
  const c = clock(new Date(t0.getTime() + 5.5 * H));
  const t = schedulerLab({ P: ['p1'] }, { now: c.now });
  try {
    t.lab.engine.schedules.set('P', { Timing: { Kind: 'Periodically', Period: H } }, t0);
    t.scheduler.tick();
    assert.is(t.sessions('P').length, 0, 'nothing due at start: the five missed runs are not made up');
    assert.ok(t.log.includes(`P: Periodically every 1h; next run ${new Date(t0.getTime() + 6 * H).toISOString()}`), t.log.join('\n'));
    c.set(new Date(t0.getTime() + 6 * H - 1));
    t.scheduler.tick();
    assert.is(t.sessions('P').length, 0);
    c.set(new Date(t0.getTime() + 6 * H));
    t.scheduler.tick();
    assert.is(t.sessions('P').length, 1);
    await until('the run to end', () => t.sessions('P')[0]!.State === 'Stopped');
    // The machine slept 3.5 hours: one run, not three, and the rhythm stays on the hour.
    c.set(new Date(t0.getTime() + 9.5 * H));
    t.scheduler.tick();
    t.scheduler.tick();
    assert.is(t.sessions('P').length, 2);
    assert.equal(t.lab.engine.schedules.nextRun('P', c.now()), new Date(t0.getTime() + 10 * H));
    assert.ok(t.sessions('P').every((s) => s.Trigger === 'Schedule'));
  } finally {
    await t.close();
  }
});

test('schedule changes and disabled jobs are picked up on the next tick', async () => {
  const c = clock(new Date(2026, 11, 7, 10));
  const t = schedulerLab({ C: ['c1'] }, { now: c.now });
  try {
    t.lab.engine.schedules.set('C', { Timing: { Kind: 'Daily', At: '11:00' } });
    t.scheduler.tick();
    t.lab.engine.schedules.set('C', { Timing: { Kind: 'Cron', Cron: '30 10 * * *' } });
    t.scheduler.tick();
    assert.ok(t.log.includes(`C: Cron '30 10 * * *'; next run ${new Date(2026, 11, 7, 10, 30).toISOString()}`), t.log.join('\n'));
    t.lab.engine.jobs.disable('C');
    c.set(new Date(2026, 11, 7, 10, 30));
    t.scheduler.tick();
    assert.is(t.sessions('C').length, 0, 'a disabled job is not run');
    t.lab.engine.jobs.enable('C');
    t.scheduler.tick();
    assert.is(t.sessions('C').length, 0, 'enabling it does not make up the missed run');
    assert.ok(t.log.includes(`C: Cron '30 10 * * *'; next run ${new Date(2026, 11, 8, 10, 30).toISOString()}`), t.log.join('\n'));
    t.lab.engine.schedules.remove('C');
    c.set(new Date(2026, 11, 8, 10, 30));
    t.scheduler.tick();
    assert.is(t.sessions('C').length, 0, 'a removed schedule runs nothing');
  } finally {
    await t.close();
  }
});

test('a run started inside its backup window is stopped when the window closes, and not retried', async () => {
  const c = clock(new Date(2026, 11, 7, 5, 59, 58));
  const t = schedulerLab({ W: ['w1'], Never: ['n1'] }, { now: c.now });
  const held = heldHook('slow');
  try {
    t.lab.engine.jobs.setGuestProcessing('W', { Enabled: true, Credential: 'root', PreFreezeScript: held.hook });
    t.lab.engine.schedules.set('W', { Timing: { Kind: 'AfterJob', AfterJob: 'Never' }, RetryCount: 3, RetryWait: 1000, BackupWindow: '20:00-06:00' });
    const s = await t.scheduler.startJob('W', { trigger: 'Api' });
    await until('the run to reach its hook', () => held.calls === 1);
    t.scheduler.tick();
    assert.is(t.lab.engine.sessions.get(s.Id).State, 'Working', 'still inside the window');
    c.set(new Date(2026, 11, 7, 6, 0, 1));
    t.scheduler.tick();
    assert.ok(t.log.includes(`W: backup window closed; stopping session ${s.Id}`), t.log.join('\n'));
    held.release();
    await until('the stopped run to end', () => t.lab.engine.sessions.get(s.Id).State === 'Stopped');
    const ended = t.lab.engine.sessions.get(s.Id);
    assert.is(ended.Result, 'Failed');
    assert.ok(ended.Log.some((l) => l.Text === 'Stop requested: the backup window ended'), ended.Log.map((l) => l.Text).join('\n'));
    c.set(new Date(2026, 11, 7, 6, 5));
    t.scheduler.tick();
    assert.is(t.sessions('W').length, 1, 'a run the window stopped is not retried');
    assert.ok(!t.log.some((l) => /^W: retry/.test(l)), t.log.join('\n'));
  } finally {
    held.release();
    await t.close();
  }
});

test('after-job runs and retries due outside the window are not started, with a log line', async () => {
  const c = clock(new Date(2026, 11, 7, 12));
  const t = schedulerLab({ A: ['a1'], B: ['b1'] }, { now: c.now });
  try {
    t.lab.engine.schedules.set('B', { Timing: { Kind: 'AfterJob', AfterJob: 'A' }, BackupWindow: 'Mon-Fri 20:00-06:00' });
    await t.scheduler.startJob('A', { trigger: 'Api' });
    await until('the refusal', () => t.log.some((l) => l.startsWith('B: after-job run not started')), 30_000);
    assert.ok(t.log.includes('B: after-job run not started: outside its backup window Mon,Tue,Wed,Thu,Fri 20:00-06:00'), t.log.join('\n'));
    assert.is(t.sessions('B').length, 0);
  } finally {
    await t.close();
  }
});

test.run();
