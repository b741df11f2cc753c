// The VM snapshot at work: a workload writing while the backup reads lands in the delta, the
// restore point holds the frozen image, the commit merges the delta (its size and the snapshot
// lifetime are recorded), and the next incremental picks the workload's changes up.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataMoverPool, restorePointToFiles } from '../../../src/engine/datamover/index.ts';
import { addVms, KiB, openLab, pattern, sha } from './fixtures/job-lab.ts';

test('a workload during the backup goes to the delta; the point is the frozen image; the next incremental has the changes', async () => {
  const lab = openLab({ real: true });
  lab.engine.vms.add({ Name: 'app01', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [8192 * KiB] });
  lab.write('app01', 'disk1', 0, pattern(8192 * KiB, 70));
  const before = sha(lab.read('app01', 'disk1'));
  // Two 4 MiB data mover batches at 8 MiB/s, so the workload runs while the first point is read.
  lab.engine.throttling.add({ Name: 'slow', Source: '*', Target: 'repo01', Limit: 8192 * KiB });
  lab.jobs.add({ Name: 'J', VMs: ['app01'], Repository: 'repo01', Compression: 'None' });
  const h = lab.jobs.start('J');
  let workload: Promise<unknown> = Promise.resolve();
  h.events.on('event', (e) => {
    if (e.kind === 'task-progress' && e.progress < 100 && lab.engine.vms.getSnapshot('app01')) {
      workload = Promise.resolve(lab.engine.workload.runSync({ VM: 'app01', ChangePercent: 25, Seed: 3 }));
    }
  });
  const s1 = await h.done;
  await workload;
  assert.is(s1.Result, 'Success', s1.Log.map((l) => l.Text).join('\n'));
  const after = sha(lab.read('app01', 'disk1'));
  assert.is.not(after, before, 'the workload changed the disk');
  const log = s1.Log.map((l) => l.Text).join('\n');
  assert.match(log, /committed: [1-9]\d* bytes of delta merged/);
  const task = lab.sessions.tasks(s1.Id)[0]!;
  assert.ok(task.VMSnapshotLifetime! > 0);

  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  const [p1] = await repo.chain('J', 'app01');
  const r1 = await restorePointToFiles(repo, p1!, join(lab.home, 'out1'));
  assert.is(sha(readFileSync(r1.files[0]!)), before, 'the point holds the image frozen at snapshot time');

  const s2 = await lab.jobs.start('J').done;
  assert.is(s2.Result, 'Success');
  assert.match(lab.sessions.tasks(s2.Id)[0]!.Log.map((l) => l.Text).join('\n'), /Changed Block Tracking: [1-9]/);
  const p2 = (await repo.chain('J', 'app01')).at(-1)!;
  const r2 = await restorePointToFiles(repo, p2, join(lab.home, 'out2'));
  assert.is(sha(readFileSync(r2.files[0]!)), after, 'the incremental restores the disk with the workload writes');
  await lab.close();
});

test('a .vbrs hook runs through bin/vbrs with the VM in its environment', async () => {
  const lab = openLab();
  addVms(lab, [{ name: 'web01' }]);
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const file = join(lab.home, 'freeze.vbrs');
  writeFileSync(file, '"froze $env:VBRS_VM for $env:VBRS_JOB"\n');
  lab.jobs.setGuestProcessing('J', { Enabled: true, PreFreezeScript: { kind: 'file', path: file } });
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  assert.ok(lab.sessions.tasks(s.Id)[0]!.Log.some((l) => l.Text === 'Pre-freeze stdout: froze web01 for J'));
  await lab.close();
});

test('two jobs share the scheduler: with one proxy slot the second job waits for the first', async () => {
  const lab = openLab({ proxies: [{ Name: 'px01', MaxTasks: 1 }] });
  addVms(lab, [{ name: 'a' }, { name: 'b' }]);
  lab.jobs.add({ Name: 'A', VMs: ['a'], Repository: 'repo01' });
  lab.jobs.add({ Name: 'B', VMs: ['b'], Repository: 'repo01' });
  const [sa, sb] = await Promise.all([lab.jobs.start('A').done, lab.jobs.start('B').done]);
  assert.is(sa.Result, 'Success');
  assert.is(sb.Result, 'Success');
  const waits = [sa, sb].map((s) => lab.sessions.tasks(s.Id)[0]!.Log.some((l) => l.Text.startsWith('Waiting for infrastructure resources')));
  assert.equal(waits.sort(), [false, true]);
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
