import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addVms, KiB, openLab, pattern, sha } from './fixtures/job-lab.ts';
import { LiveSession, type SessionEvent } from '../../../src/engine/jobs/index.ts';

function texts(lines: { Text: string }[]): string[] {
  return lines.map((l) => l.Text);
}
function inOrder(lines: string[], needles: string[]) {
  let at = -1;
  for (const n of needles) {
    const i = lines.findIndex((l, k) => k > at && l.includes(n));
    assert.ok(i > at, `expected '${n}' after line ${at} in:\n${lines.join('\n')}`);
    at = i;
  }
}

test('full → workload → incremental: each point equals the disk at its time; log follows the guide', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01', disks: [512 * KiB, 256 * KiB] }]);
  lab.write('web01', 'disk1', 0, pattern(512 * KiB, 1));
  lab.write('web01', 'disk2', 64 * KiB, pattern(64 * KiB, 2));
  const original = [sha(lab.read('web01', 'disk1')), sha(lab.read('web01', 'disk2'))];
  lab.jobs.add({ Name: 'Nightly', VMs: ['web01'], Repository: 'repo01' });

  const events: SessionEvent['kind'][] = [];
  const h1 = lab.jobs.start('Nightly');
  h1.events.on('event', (e) => events.push(e.kind));
  assert.is(h1.session.Result, 'None', 'start returns before the session ends');
  const s1 = await h1.done;
  assert.is(s1.Result, 'Success', texts(s1.Log).join('\n'));
  assert.is(s1.State, 'Stopped');
  assert.is(s1.ReadBytes, 768 * KiB);
  inOrder(texts(s1.Log), [
    "Job 'Nightly' started",
    'read job settings from the configuration database',
    'created 2 task(s) for 1 VM(s)',
    'resource scheduler',
    "assigned backup proxy 'px01'",
    'Connecting to the data movers',
    'throttling',
    'connected to each other',
    'Broker Service',
    'Guest processing is not enabled',
    'Creating VM snapshot',
    'VM snapshot created',
    'Removing VM snapshot',
    'committed',
    'Restore point p1 (Full)',
  ]);
  assert.ok(events.includes('task-started') && events.includes('task-progress') && events.at(-1) === 'session-finished');
  const tasks1 = lab.sessions.tasks(s1.Id);
  assert.equal(tasks1.map((t) => [t.VM, t.Disk, t.Status, t.Proxy, t.TransportMode, t.SnapshotSource]), [
    ['web01', 'disk1', 'Success', 'px01', 'NBD', 'VM'],
    ['web01', 'disk2', 'Success', 'px01', 'NBD', 'VM'],
  ]);
  assert.ok(tasks1[0]!.VMSnapshotLifetime !== null && tasks1[0]!.VMSnapshotLifetime >= 0);
  assert.is(lab.engine.vms.getSnapshot('web01'), null, 'the snapshot is removed');

  // Workload: change two 64 KiB blocks of disk1 only.
  lab.write('web01', 'disk1', 128 * KiB, pattern(64 * KiB, 3));
  lab.write('web01', 'disk1', 448 * KiB, pattern(10, 4));
  const s2 = await lab.jobs.start('Nightly').done;
  assert.is(s2.Result, 'Success', texts(s2.Log).join('\n'));
  const t2 = lab.sessions.tasks(s2.Id);
  assert.match(texts(t2[0]!.Log).join('\n'), /Changed Block Tracking: 2 changed extent\(s\), 131072 bytes/);
  assert.match(texts(t2[1]!.Log).join('\n'), /Changed Block Tracking: 0 changed extent\(s\)/);
  assert.is(s2.ReadBytes, 128 * KiB, 'the incremental reads only the changed blocks');

  const [p1, p2] = lab.target.chain('Nightly', 'web01');
  assert.is(p2!.type, 'Increment');
  assert.is(p2!.disks.get('disk1')!.mode, 'extents');
  assert.is(sha(p2!.disks.get('disk1')!.image), sha(lab.read('web01', 'disk1')), 'the increment restores the current disk');
  assert.is(sha(p2!.disks.get('disk2')!.image), sha(lab.read('web01', 'disk2')));
  assert.equal([sha(p1!.disks.get('disk1')!.image), sha(p1!.disks.get('disk2')!.image)], original, 'the first point still has the original');
  await lab.close();
});

test('CBT reset: the incremental compares digests, warns, and still equals the disk', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.write('web01', 'disk1', 0, pattern(256 * KiB, 5));
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  await lab.jobs.start('J').done;
  lab.write('web01', 'disk1', 64 * KiB, pattern(64 * KiB, 6));
  lab.engine.vms.resetCbt('web01');
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Warning');
  const log = texts(lab.sessions.tasks(s.Id)[0]!.Log).join('\n');
  assert.match(log, /CBT was reset since the previous restore point: reading the whole disk and comparing block digests/);
  const p = lab.target.chain('J', 'web01').at(-1)!;
  assert.is(p.disks.get('disk1')!.mode, 'digest');
  assert.is(sha(p.disks.get('disk1')!.image), sha(lab.read('web01', 'disk1')));
  assert.is(lab.sessions.tasks(s.Id)[0]!.TransferredBytes, 64 * KiB, 'only the changed block is sent');
  await lab.close();
});

test('-FullBackup reads everything again', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  await lab.jobs.start('J').done;
  const s = await lab.jobs.start('J', { full: true }).done;
  assert.is(s.ReadBytes, 512 * KiB);
  assert.is(lab.target.chain('J', 'web01').at(-1)!.type, 'Full');
  await lab.close();
});

test('a removed VM fails only that VM, with a clear line; the others are backed up', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }, { name: 'db01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01' });
  lab.engine.vms.remove('db01');
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  assert.ok(texts(s.Log).includes("VM 'db01': VM 'db01' was not found in the infrastructure (it may have been removed)"), texts(s.Log).join('\n'));
  assert.is(lab.target.chain('J', 'web01').length, 1);
  const tasks = lab.sessions.tasks(s.Id);
  assert.equal(tasks.map((t) => [t.VM, t.Status]), [['db01', 'Failed'], ['web01', 'Success']]);

  // A health check recorded in between is not what -RetryBackup retries.
  new LiveSession(lab.jobs.sessions, 'J', 'HealthCheck', null).finish('Success');
  // -RetryBackup reprocesses only the failed VM (still missing: fails again, web01 untouched).
  const r = await lab.jobs.start('J', { retry: true }).done;
  assert.is(r.RetryOf, s.Id);
  assert.equal(lab.sessions.tasks(r.Id).map((t) => t.VM), ['db01']);
  assert.is(lab.target.chain('J', 'web01').length, 1);
  await lab.close();
});

test('a repository removed after the job was defined fails every VM with one clear line', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  await lab.engine.repositories.remove('repo01');
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  assert.ok(texts(s.Log).includes("Repository 'repo01' was not found: nothing can be backed up"), texts(s.Log).join('\n'));
  assert.equal(lab.sessions.tasks(s.Id).map((t) => [t.VM, t.Status]), [['web01', 'Failed']]);
  assert.is(lab.engine.vms.getSnapshot('web01'), null, 'no snapshot was taken');
  await lab.close();
});

test('-RetryBackup after a clean session has nothing to do', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  await lab.jobs.start('J').done;
  const r = await lab.jobs.start('J', { retry: true }).done;
  assert.is(r.Result, 'Success');
  assert.match(texts(r.Log).join('\n'), /nothing to retry/);
  assert.is(lab.target.chain('J', 'web01').length, 1);
  await lab.close();
});

test('a read-only repository fails the session with a clear line and no point', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const { EngineError } = await import('../../../src/engine/engine-error.ts');
  lab.target.failBegin = new EngineError('VBRS_REPOSITORY_READ_ONLY', "Repository '/r' is read-only: cannot create a restore point.");
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  const tlog = texts(lab.sessions.tasks(s.Id)[0]!.Log);
  assert.ok(tlog.includes("cannot write to repository 'repo01': Repository '/r' is read-only: cannot create a restore point."), tlog.join('\n'));
  assert.is(lab.target.chain('J', 'web01').length, 0);
  assert.is(lab.engine.vms.getSnapshot('web01'), null, 'the snapshot was still removed');
  await lab.close();
});

test('Stop-Job mid-transfer: session Failed/Stopped, snapshot removed, no partial point', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  let reads = 0;
  let reached!: () => void;
  const midway = new Promise<void>((r) => (reached = r));
  let hold!: () => void;
  const held = new Promise<void>((r) => (hold = r));
  lab.target.gate = async () => {
    if (++reads === 3) {
      reached();
      await held;
    }
  };
  const h = lab.jobs.start('J');
  await midway;
  assert.ok(lab.engine.vms.getSnapshot('web01') !== null, 'the snapshot is open while reading');
  const stopping = lab.jobs.stop('J');
  assert.is(h.session.State, 'Stopping');
  hold();
  const s = await stopping;
  assert.is(s!.State, 'Stopped');
  assert.is(s!.Result, 'Failed');
  assert.match(texts(s!.Log).join('\n'), /stopped by the user/);
  assert.is(lab.engine.vms.getSnapshot('web01'), null);
  assert.is(lab.target.chain('J', 'web01').length, 0);
  assert.is(lab.target.aborted, 1);
  assert.is(lab.jobs.running('J'), null);
  assert.is(await lab.jobs.stop('J'), null, 'stopping an idle job is a no-op');
  await lab.close();
});

test('tasks wait for proxy slots: one slot, two disks', async () => {
  const lab = openLab({ proxies: [{ Name: 'px01', MaxTasks: 1 }] });
  addVms(lab, [{ name: 'web01', disks: [256 * KiB, 256 * KiB] }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const h = lab.jobs.start('J');
  const busy = new Set<number>();
  let overlap = 0;
  const scheduled: string[] = [];
  h.events.on('event', (e) => {
    if (e.kind === 'task-waiting') scheduled.push(`wait ${e.task.Disk}`);
    if (e.kind === 'task-scheduled') scheduled.push(`got ${e.task.Disk} ${e.proxy}`);
    if (e.kind === 'task-started') busy.add(e.task.Index);
    if (e.kind === 'task-progress' && e.progress >= 100) busy.delete(e.task.Index);
    overlap = Math.max(overlap, busy.size);
  });
  const s = await h.done;
  assert.is(s.Result, 'Success');
  assert.is(overlap, 1, 'never two transfers at once on a one-slot proxy');
  assert.equal(scheduled, ['wait disk2', 'got disk1 px01', 'got disk2 px01']);
  const tasks = lab.sessions.tasks(s.Id);
  const waited = tasks.filter((t) => texts(t.Log).some((l) => l.startsWith("Waiting for infrastructure resources: all task slots of proxy 'px01' are busy")));
  assert.is(waited.length, 1);
  assert.equal(lab.jobs.scheduler.usage().proxies, { px01: 0 }, 'every slot is given back');
  await lab.close();
});

test('transport: HotAdd for a proxy on the VM host, NBD otherwise; the job proxy list is honoured', async () => {
  const lab = openLab({ proxies: [{ Name: 'remote' }, { Name: 'local', Host: 'esx01' }] });
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'Auto', VMs: ['web01'], Repository: 'repo01' });
  lab.jobs.add({ Name: 'Pinned', VMs: ['web01'], Repository: 'repo01', Proxy: ['remote'] });
  const a = await lab.jobs.start('Auto').done;
  assert.equal(lab.sessions.tasks(a.Id).map((t) => [t.Proxy, t.TransportMode]), [['local', 'HotAdd']]);
  const p = await lab.jobs.start('Pinned').done;
  assert.equal(lab.sessions.tasks(p.Id).map((t) => [t.Proxy, t.TransportMode]), [['remote', 'NBD']]);
  await lab.close();
});

test('a proxy that cannot serve the disk in its only mode fails the VM clearly', async () => {
  const lab = openLab({ proxies: [{ Name: 'san', TransportMode: 'DirectSAN', FailoverToNetwork: false }] });
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  assert.match(texts(lab.sessions.tasks(s.Id)[0]!.Log).join('\n'), /resource scheduling failed: disk 'disk1': no transport mode of proxy 'san' can read it \(transport mode setting without network failover\)/);
  await lab.close();
});

test('sessions persist: another engine on the same data dir lists them with logs and tasks', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const s = await lab.jobs.start('J').done;
  await lab.close();
  const again = openLab({ home: lab.home });
  const [last] = again.sessions.list({ job: 'J', last: true });
  assert.is(last!.Id, s.Id);
  assert.is(last!.Result, 'Success');
  assert.equal(texts(last!.Log), texts(s.Log));
  assert.is(again.sessions.tasks(s.Id)[0]!.Status, 'Success');
  assert.is((await again.sessions.wait(s.Id, 10)).State, 'Stopped');
  again.close();
});

test('starting a disabled, unknown or already running job is a clear error', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  lab.jobs.disable('J');
  assert.throws(() => lab.jobs.start('J'), /Job 'J' is disabled; enable it first\./);
  assert.throws(() => lab.jobs.start('nope'), /Job 'nope' was not found\./);
  lab.jobs.enable('J');
  const h = lab.jobs.start('J');
  assert.throws(() => lab.jobs.start('J'), /Job 'J' is already running \(session \d+\)\./);
  assert.throws(() => lab.jobs.remove('J'), /is running/);
  await h.done;
  await lab.close();
});

test('closing the catalog under a running session ends it as Failed without crashing the process', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  let hold!: () => void;
  const held = new Promise<void>((r) => (hold = r));
  let reached!: () => void;
  const midway = new Promise<void>((r) => (reached = r));
  lab.target.gate = async () => {
    reached();
    await held;
  };
  const h = lab.jobs.start('J');
  await midway;
  await lab.close();
  hold();
  const s = await h.done;
  assert.is(s.Result, 'Failed');
  assert.is(s.State, 'Stopped');
  assert.match(s.Log.map((l) => l.Text).join('\n'), /can no longer be saved to the catalog/);
});

test.run();
