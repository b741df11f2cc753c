// The service's scheduler against a real engine: periodic 1 s schedules run by themselves with
// Trigger Schedule and never overlap; a due run while the job runs is skipped with a log line; a
// job that hangs does not keep others from starting; an API run that fails is retried (failed VMs
// only, Trigger Retry) per the policy; after-job runs follow the job's end, also of a session
// another engine ran. Generous bounds only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Engine } from '../../src/engine/index.ts';
import { heldHook, schedulerLab, until } from './scheduler-lab.ts';

test('a 1 s periodic schedule runs the job again and again, Trigger Schedule, one session at a time', async () => {
  const t = schedulerLab({ P: ['p1'] });
  try {
    t.lab.engine.schedules.set('P', { Timing: { Kind: 'Periodically', Period: 1000 } });
    t.scheduler.start();
    await until('three scheduled sessions that ended', () => t.sessions('P').filter((s) => s.State === 'Stopped').length >= 3);
    await t.scheduler.stop();
    const done = t.sessions('P').filter((s) => s.State === 'Stopped');
    assert.ok(done.every((s) => s.Trigger === 'Schedule' && s.Result === 'Success'), JSON.stringify(done.map((s) => [s.Trigger, s.Result])));
    for (let i = 1; i < done.length; i++) {
      // Never two at once; and each one at least most of a period after the one before.
      assert.ok(done[i]!.CreationTime >= done[i - 1]!.EndTime!, `session ${done[i]!.Id} overlaps ${done[i - 1]!.Id}`);
      assert.ok(done[i]!.CreationTime.getTime() - done[i - 1]!.CreationTime.getTime() >= 900, 'not faster than the period');
    }
    assert.ok(t.log.some((l) => /^P: scheduled run started \(session \d+\)$/.test(l)), t.log.join('\n'));
  } finally {
    await t.close();
  }
});

test('a run due while the job is still running is skipped with a log line, then runs once it ended', async () => {
  const t = schedulerLab({ S: ['s1'] });
  const held = heldHook('hold-s');
  try {
    t.lab.engine.jobs.setGuestProcessing('S', { Enabled: true, Credential: 'root', PreFreezeScript: held.hook });
    t.lab.engine.schedules.set('S', { Timing: { Kind: 'Periodically', Period: 1000 } });
    t.scheduler.start();
    await until('the first run to reach its hook', () => held.calls === 1);
    await until('two skipped runs', () => t.log.filter((l) => /^S: scheduled run skipped: Job 'S' is already running \(session \d+\)\.$/.test(l)).length >= 2);
    assert.is(t.sessions('S').length, 1, 'no second session while the first runs');
    held.release();
    await until('a second session', () => t.sessions('S').length >= 2);
    const [first, second] = t.sessions('S');
    assert.is(first!.State, 'Stopped');
    assert.ok(second!.CreationTime >= first!.EndTime!);
  } finally {
    held.release();
    await t.close();
  }
});

test('a job that hangs does not stop the scheduler from starting other jobs', async () => {
  const t = schedulerLab({ Hung: ['h1'], Other: ['o1'] });
  const held = heldHook('hang');
  try {
    t.lab.engine.jobs.setGuestProcessing('Hung', { Enabled: true, Credential: 'root', PreFreezeScript: held.hook });
    t.lab.engine.schedules.set('Hung', { Timing: { Kind: 'Periodically', Period: 1000 } });
    t.lab.engine.schedules.set('Other', { Timing: { Kind: 'Periodically', Period: 1000 } });
    t.scheduler.start();
    await until('the hung job to reach its hook', () => held.calls === 1);
    await until('two runs of the other job', () => t.sessions('Other').filter((s) => s.Result === 'Success').length >= 2);
    assert.is(t.sessions('Hung')[0]!.State, 'Working');
  } finally {
    held.release();
    await t.close();
  }
});

test('an API run that fails is retried per the policy: failed VMs only, Trigger Retry, until it succeeds', async () => {
  const t = schedulerLab({ R: ['good1', 'bad1'], Never: ['n1'], Copy: ['c1'] });
  let badCalls = 0;
  try {
    // bad1's pre-freeze hook fails twice, then works: the first run and the first retry fail.
    const hook = {
      kind: 'callback' as const,
      name: 'flaky',
      run: async (v: { VM: string }) => (v.VM === 'bad1' && badCalls++ < 2 ? { exitCode: 1, stdout: '', stderr: 'not yet' } : { exitCode: 0, stdout: '', stderr: '' }),
    };
    t.lab.engine.jobs.setGuestProcessing('R', { Enabled: true, Credential: 'root', PreFreezeScript: hook });
    // The policy comes with a schedule; an after-job one on a job that never runs keeps it from firing.
    t.lab.engine.schedules.set('R', { Timing: { Kind: 'AfterJob', AfterJob: 'Never' }, RetryCount: 3, RetryWait: 1000 });
    t.lab.engine.schedules.set('Copy', { Timing: { Kind: 'AfterJob', AfterJob: 'R' } });
    t.scheduler.start();
    const first = await t.scheduler.startJob('R', { trigger: 'Api' });
    assert.is(first.Trigger, 'Api');
    assert.is(first.State, 'Starting');
    await until('a successful retry', () => t.sessions('R').some((s) => s.Result === 'Success'));
    const [api, retry1, retry2, ...more] = t.sessions('R');
    assert.is(more.length, 0, 'no retry after the success');
    assert.equal([api!.Trigger, api!.Result, api!.RetryOf], ['Api', 'Failed', null]);
    assert.equal([retry1!.Trigger, retry1!.Result, retry1!.RetryOf], ['Retry', 'Failed', api!.Id]);
    assert.equal([retry2!.Trigger, retry2!.Result, retry2!.RetryOf], ['Retry', 'Success', retry1!.Id]);
    assert.equal([...new Set(t.lab.engine.sessions.tasks(retry1!.Id).map((x) => x.VM))], ['bad1'], 'only the failed VM');
    assert.ok(retry1!.CreationTime.getTime() - api!.EndTime!.getTime() >= 900, 'waited RetryWait');
    assert.ok(t.log.includes('R: retry 1 of 3 in 1s, failed VMs only'), t.log.join('\n'));
    assert.ok(t.log.includes('R: retry 2 of 3 in 1s, failed VMs only'));
    assert.ok(!t.log.some((l) => l.startsWith('R: retry 3')));
    // The job that follows R waited for R's last attempt and ran once.
    await until('Copy after R', () => t.sessions('Copy')[0]?.State === 'Stopped');
    await new Promise((r) => setTimeout(r, 300));
    assert.is(t.sessions('Copy').length, 1);
    assert.ok(t.sessions('Copy')[0]!.CreationTime >= retry2!.EndTime!);
  } finally {
    await t.close();
  }
});

test('with RetryCount 0 (or no schedule) a failed run is not retried', async () => {
  const t = schedulerLab({ F: ['f1'], Never: ['n1'] });
  try {
    const failing = { kind: 'callback' as const, name: 'fails', run: async () => ({ exitCode: 1, stdout: '', stderr: 'no' }) };
    t.lab.engine.jobs.setGuestProcessing('F', { Enabled: true, Credential: 'root', PreFreezeScript: failing });
    t.scheduler.start();
    await t.scheduler.startJob('F', { trigger: 'Api' });
    await until('the run to end', () => t.sessions('F')[0]?.State === 'Stopped');
    t.lab.engine.schedules.set('F', { Timing: { Kind: 'AfterJob', AfterJob: 'Never' }, RetryCount: 0 });
    await t.scheduler.startJob('F', { trigger: 'Api' });
    await until('the second run to end', () => t.sessions('F')[1]?.State === 'Stopped');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(t.sessions('F').map((s) => `${s.Trigger} ${s.Result}`), ['Api Failed', 'Api Failed']);
  } finally {
    await t.close();
  }
});

test('after-job runs start when the job ends — its own runs, and a session another engine ran', async () => {
  const t = schedulerLab({ A: ['a1'], B: ['b1'] });
  try {
    t.lab.engine.schedules.set('B', { Timing: { Kind: 'AfterJob', AfterJob: 'A' } });
    t.scheduler.start();
    await t.scheduler.startJob('A', { trigger: 'Api' });
    await until('B after A', () => t.sessions('B').length === 1 && t.sessions('B')[0]!.State === 'Stopped');
    const [a] = t.sessions('A');
    const [b] = t.sessions('B');
    assert.is(b!.Trigger, 'AfterJob');
    assert.ok(b!.CreationTime >= a!.EndTime!, 'B starts after A ended');
    // A shell (here: a second engine on the same data folder) runs A: the scheduler notices its end.
    const shell = Engine.open({ home: t.lab.home });
    try {
      const s = await shell.jobs.start('A').done;
      assert.is(s.Trigger, 'Manual');
      await until('B after the shell run of A', () => t.sessions('B').length === 2 && t.sessions('B')[1]!.State === 'Stopped');
      assert.is(t.sessions('B')[1]!.Trigger, 'AfterJob');
    } finally {
      await shell.close();
    }
    assert.ok(t.log.includes('B: A ended; starting it'), t.log.join('\n'));
  } finally {
    await t.close();
  }
});

test('a session already running elsewhere when the scheduler starts still starts its followers when it ends', async () => {
  const t = schedulerLab({ A: ['a1'], B: ['b1'] });
  const shell = Engine.open({ home: t.lab.home });
  const held = heldHook('hold-a');
  try {
    t.lab.engine.schedules.set('B', { Timing: { Kind: 'AfterJob', AfterJob: 'A' } });
    shell.jobs.setGuestProcessing('A', { Enabled: true, Credential: 'root', PreFreezeScript: held.hook });
    const run = shell.jobs.start('A');
    await until('the shell run to reach its hook', () => held.calls === 1);
    t.scheduler.start();
    await new Promise((r) => setTimeout(r, 300));
    assert.is(t.sessions('B').length, 0, 'nothing follows a run still going');
    held.release();
    await run.done;
    await until('B after the shell run', () => t.sessions('B')[0]?.State === 'Stopped');
    assert.is(t.sessions('B')[0]!.Trigger, 'AfterJob');
  } finally {
    held.release();
    await shell.close();
    await t.close();
  }
});

test('stop() drops pending retries and starts nothing more', async () => {
  const t = schedulerLab({ F: ['f1'], P: ['p1'], Never: ['n1'] });
  try {
    const failing = { kind: 'callback' as const, name: 'fails', run: async () => ({ exitCode: 1, stdout: '', stderr: 'no' }) };
    t.lab.engine.jobs.setGuestProcessing('F', { Enabled: true, Credential: 'root', PreFreezeScript: failing });
    t.lab.engine.schedules.set('F', { Timing: { Kind: 'AfterJob', AfterJob: 'Never' }, RetryCount: 2, RetryWait: 1500 });
    t.lab.engine.schedules.set('P', { Timing: { Kind: 'Periodically', Period: 1000 } });
    t.scheduler.start();
    await t.scheduler.startJob('F', { trigger: 'Api' });
    await until('the retry to be planned', () => t.log.includes('F: retry 1 of 2 in 1.5s, failed VMs only'));
    await t.scheduler.stop();
    const counts = () => [t.sessions('F').length, t.sessions('P').length];
    const before = counts();
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(counts(), before, 'no retry and no scheduled run after stop()');
    assert.is(before[0], 1);
  } finally {
    await t.close();
  }
});

test('an unknown or disabled job through startJob rejects with the engine error', async () => {
  const t = schedulerLab({ D: ['d1'] });
  try {
    t.lab.engine.jobs.disable('D');
    await t.scheduler.startJob('Ghost', { trigger: 'Api' }).then(() => assert.unreachable(), (e) => assert.is(e.code, 'VBRS_UNKNOWN_OBJECT'));
    await t.scheduler.startJob('D', { trigger: 'Api' }).then(() => assert.unreachable(), (e) => assert.is(e.code, 'VBRS_JOB_DISABLED'));
    assert.is(t.sessions('D').length, 0);
  } finally {
    await t.close();
  }
});

test.run();
