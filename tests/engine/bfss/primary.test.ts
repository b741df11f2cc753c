// Backup from primary storage snapshots (docs/storage-snapshots.md), through the engine API with real storage
// snapshots, data movers and repository: the eight steps in order, one snapshot per volume for all
// the job's VMs, writes after the snapshot stay out of the point, CBT incrementals read from the
// snapshot, byte-identical restores, and the no-SAN-proxy branches.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { KiB, logText, openBfssLab, pattern, sanVm } from './fixtures/bfss-lab.ts';

test('eight steps in order, one storage snapshot for both VMs on the volume, DirectSAN, restores byte-identical', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01', 'san01', [256 * KiB, 128 * KiB]);
  sanVm(lab, 'db01');
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01', BlockSize: 256 * KiB });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const before = { web01: lab.hashes('web01'), db01: lab.hashes('db01') };
  // A guest write landing after the storage snapshot exists must not be in this restore point.
  let wrote = false;
  lab.engine.events.on('event', (e) => {
    if (e.kind === 'storage-snapshot-created' && !wrote) {
      wrote = true;
      lab.write('web01', 'disk1', 64 * KiB, pattern(32 * KiB, 99));
    }
  });

  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  const created = lab.events.filter((e) => e.kind === 'storage-snapshot-created');
  assert.is(created.length, 1, 'one temporary snapshot for all VMs of the job on the volume');
  assert.is(lab.events.filter((e) => e.kind === 'storage-snapshot-deleted').length, 1);
  assert.equal(lab.engine.storageSnapshots.list(), [], 'the temporary snapshot is unmounted and deleted');
  assert.is(lab.engine.vms.getSnapshot('web01'), null);
  for (const t of lab.sessions.tasks(s.Id)) {
    assert.is(t.SnapshotSource, 'PrimaryStorage');
    assert.is(t.TransportMode, 'DirectSAN');
    assert.ok(t.VMSnapshotLifetime !== null && t.VMSnapshotLifetime >= 0);
  }
  for (const vm of ['web01', 'db01']) {
    const log = lab.taskLog(s.Id, vm);
    const at = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => log.findIndex((l) => l.startsWith(`Step ${n}/8`)));
    assert.ok(at.every((i) => i >= 0), `every step logged for ${vm}:\n${log.join('\n')}`);
    assert.equal([...at].sort((a, b) => a - b), at, `steps in order for ${vm}:\n${log.join('\n')}`);
  }
  // The clone lived on in the storage snapshot: the point holds the disks as they were at the VM snapshot.
  assert.equal(await lab.restoredHashes('J', 'web01'), before.web01);
  assert.equal(await lab.restoredHashes('J', 'db01'), before.db01);
  assert.not.equal(lab.hashes('web01'), before.web01, 'the write during the backup reached the live disk');

  // Incremental: CBT since the frozen change id, read from a new storage snapshot; the earlier write is in it.
  lab.write('db01', 'disk1', 200 * KiB, pattern(8 * KiB, 7));
  const s2 = await lab.run('J');
  assert.is(s2.Result, 'Success', logText(s2));
  assert.match(lab.taskLog(s2.Id, 'web01').join('\n'), /Changed Block Tracking: 1 changed extent\(s\)/);
  assert.ok(s2.ReadBytes < s.ReadBytes, `incremental read ${s2.ReadBytes} < full ${s.ReadBytes}`);
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  assert.equal(await lab.restoredHashes('J', 'db01'), lab.hashes('db01'));
  assert.equal(lab.engine.storageSnapshots.list(), []);
  await lab.close();
});

test('VM snapshots are removed as soon as the storage snapshot exists, before any data is read', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01');
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const h = lab.jobs.start('J');
  let snapshotAtFirstRead: unknown = 'unset';
  h.events.on('event', (e) => {
    if (e.kind === 'task-started' && snapshotAtFirstRead === 'unset') snapshotAtFirstRead = lab.engine.vms.getSnapshot('web01');
  });
  const s = await h.done;
  assert.is(s.Result, 'Success', logText(s));
  assert.is(snapshotAtFirstRead, null, 'no VM snapshot is open while the disk is read');
  const order = ['storage-snapshot-created', 'storage-snapshot-mounted', 'storage-snapshot-deleted'];
  assert.equal(lab.events.map((e) => e.kind).filter((k) => order.includes(k)), order);
  await lab.close();
});

test('no proxy with SAN access: the VM fails with a clear reason; FailoverToStandardBackup processes it the regular way with a warning', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-net', Host: 'esx01' });
  sanVm(lab, 'web01');
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const s1 = await lab.run('J');
  assert.is(s1.Result, 'Failed');
  assert.match(logText(s1), /no backup proxy has a direct SAN connection to storage array 'fas01' \(FailoverToStandardBackup is off\)/);
  assert.equal(lab.engine.storageSnapshots.list(), []);
  assert.is(lab.engine.vms.getSnapshot('web01'), null);

  lab.jobs.setStorageOptions('J', { FailoverToStandardBackup: true });
  const s2 = await lab.run('J');
  assert.is(s2.Result, 'Warning', logText(s2));
  assert.match(logText(s2), /Warning: VM 'web01': Storage snapshots: no backup proxy has a direct SAN connection .*failing over to the regular backup/);
  const t = lab.sessions.tasks(s2.Id)[0]!;
  assert.is(t.SnapshotSource, 'VM');
  assert.is(t.TransportMode, 'HotAdd');
  assert.is(lab.events.filter((e) => e.kind === 'storage-snapshot-created').length, 0);
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  await lab.close();
});

test('a disconnected primary array counts as unreachable: failover to standard backup reads over NBD', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01');
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true, FailoverToStandardBackup: true });
  lab.engine.arrays.disconnect('fas01');
  const s = await lab.run('J');
  assert.is(s.Result, 'Warning', logText(s));
  assert.match(logText(s), /storage array 'fas01' is not connected; failing over to the regular backup/);
  const t = lab.sessions.tasks(s.Id)[0]!;
  assert.is(t.SnapshotSource, 'VM');
  assert.is(t.TransportMode, 'NBD');
  await lab.close();
});

test('a job without EnableStorageSnapshots takes regular VM snapshots even on an array', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01');
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  const t = lab.sessions.tasks(s.Id)[0]!;
  assert.is(t.SnapshotSource, 'VM');
  assert.is(t.TransportMode, 'DirectSAN');
  assert.is(lab.events.filter((e) => e.kind === 'storage-snapshot-created').length, 0);
  await lab.close();
});

test('tasks of a storage-snapshot VM are scheduled on a proxy that sees the array, and read in Direct SAN mode', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-hotadd', Host: 'esx01', MaxTasks: 8 });
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'], MaxTasks: 1 });
  sanVm(lab, 'web01', 'san01', [128 * KiB, 128 * KiB]);
  sanVm(lab, 'app01', 'ds01');
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'app01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  const tasks = lab.sessions.tasks(s.Id);
  for (const t of tasks.filter((x) => x.VM === 'web01')) {
    assert.is(t.Proxy, 'px-san');
    assert.is(t.TransportMode, 'DirectSAN');
  }
  const app = tasks.find((t) => t.VM === 'app01')!;
  assert.is(app.SnapshotSource, 'VM');
  assert.is(app.Proxy, 'px-hotadd', 'a regular VM keeps every proxy (the HotAdd one is best for it)');
  await lab.close();
});

test('the guest is released right after its VM snapshot, not held through the storage snapshot steps', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01');
  sanVm(lab, 'db01');
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const thawed: { vm: string; vmSnapshot: boolean }[] = [];
  const ok = { exitCode: 0, stdout: '', stderr: '' };
  lab.jobs.setGuestProcessing('J', {
    Enabled: true,
    PreFreezeScript: { kind: 'callback', name: 'pre', run: async () => ok },
    PostThawScript: {
      kind: 'callback',
      name: 'post',
      run: async (v: { VM: string }) => {
        thawed.push({ vm: v.VM, vmSnapshot: lab.engine.vms.getSnapshot(v.VM) !== null });
        return ok;
      },
    },
  });
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  assert.equal(thawed.map((t) => t.vm).sort(), ['db01', 'web01']);
  for (const t of thawed) {
    assert.ok(t.vmSnapshot, `${t.vm}: thawed while its VM snapshot is still open (before step 5 removes it)`);
  }
  const log = lab.taskLog(s.Id, 'web01');
  assert.ok(log.findIndex((l) => /Post-thaw/i.test(l)) < log.findIndex((l) => l.startsWith('Step 4/8')), log.join('\n'));
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
