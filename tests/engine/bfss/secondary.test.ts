// Backup from secondary storage snapshots (docs/storage-snapshots.md): snapshot transfer (temporary snapshot on the
// primary, transferred, read on the secondary, kept there as long-term; auxiliary snapshots on
// NetApp/Nimble-like primaries; Nimble-like arrays transfer on creation) and synchronous replication
// (snapshots on both, the secondary's read, both deleted), with every FailoverToPrimary branch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import type { ReplicationMode } from '../../../src/engine/storage/index.ts';
import { KiB, logText, openBfssLab, sanVm, type BfssLab } from './fixtures/bfss-lab.ts';

/** web01 and db01 on fas01, its secondary fas02, a proxy seeing both, job J reading the secondary. */
function secondaryLab(mode: ReplicationMode, opts: { vendor?: string; secondaryVendor?: string; failover?: boolean } = {}): BfssLab {
  const lab = openBfssLab({
    ...(opts.vendor ? { vendor: opts.vendor } : {}),
    secondaries: [{ mode, ...(opts.secondaryVendor ? { vendor: opts.secondaryVendor } : {}) }],
    proxies: [{ Name: 'px-san', SanAccess: ['fas01', 'fas02'] }],
  });
  sanVm(lab, 'web01');
  sanVm(lab, 'db01');
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true, SnapshotSource: 'Secondary', FailoverToPrimary: opts.failover ?? false });
  return lab;
}

const kinds = (lab: BfssLab, array: string) => lab.engine.storageSnapshots.list({ Array: array }).map((s) => s.Kind);
const sources = (lab: BfssLab, id: number) => [...new Set(lab.sessions.tasks(id).map((t) => t.SnapshotSource))];

test('snapshot transfer (NetApp): read from the secondary, primary temporary deleted, long-term kept, one auxiliary; restores identical', async () => {
  const lab = secondaryLab('SnapshotTransfer');
  const before = { web01: lab.hashes('web01'), db01: lab.hashes('db01') };
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  assert.equal(sources(lab, s.Id), ['SecondaryStorage']);
  assert.ok(lab.sessions.tasks(s.Id).every((t) => t.TransportMode === 'DirectSAN'));
  assert.equal(kinds(lab, 'fas02'), ['LongTerm'], 'the transferred snapshot stays as a long-term snapshot');
  assert.equal(kinds(lab, 'fas01'), ['Auxiliary'], 'the primary keeps only its auxiliary snapshot');
  const mounted = lab.events.filter((e) => e.kind === 'storage-snapshot-mounted');
  assert.equal(mounted.map((e) => e.array), ['fas02']);
  const log = lab.taskLog(s.Id, 'web01');
  const removed = log.findIndex((l) => l.startsWith('Step 5/8'));
  const transferred = log.findIndex((l) => /transferred to secondary array 'fas02'/.test(l));
  assert.ok(removed >= 0 && transferred > removed, `NetApp transfers after the VM snapshots are removed\n${log.join('\n')}`);
  assert.ok(log.some((l) => l.startsWith("Secondary array 'fas02' is linked by snapshot transfer")), 'replication kind detected');
  const last = lab.taskLog(s.Id, 'db01').join('\n') + log.join('\n');
  assert.match(last, /Temporary storage snapshot '.*' deleted from array 'fas01'\n.*Transferred snapshot '.*' read from and kept on secondary array 'fas02' as a long-term snapshot/);
  assert.equal(await lab.restoredHashes('J', 'web01'), before.web01);
  assert.equal(await lab.restoredHashes('J', 'db01'), before.db01);

  lab.write('web01', 'disk1', 0, Buffer.alloc(4096, 1));
  const s2 = await lab.run('J');
  assert.is(s2.Result, 'Success', logText(s2));
  assert.equal(kinds(lab, 'fas02'), ['LongTerm', 'LongTerm']);
  assert.equal(kinds(lab, 'fas01'), ['Auxiliary'], 'never fewer than one auxiliary snapshot in the chain');
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  await lab.close();
});

test('Nimble-like primary: the transfer starts with the snapshot and runs while the VM snapshots are removed; the mount waits for it', async () => {
  // 8 MiB disks make the transfer several slices long, so the overlap is visible in the events.
  const lab = openBfssLab({ vendor: 'Nimble' });
  lab.engine.arrays.add({ Name: 'fas02', Vendor: 'Nimble', Role: 'Secondary', Source: 'fas01', ReplicationMode: 'SnapshotTransfer' });
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01', 'fas02'] });
  sanVm(lab, 'web01', 'san01', [8 * 1024 * KiB]);
  sanVm(lab, 'db01', 'san01', [8 * 1024 * KiB]);
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true, SnapshotSource: 'Secondary' });
  // The guest writes while its VM snapshot is open: the writes land in the delta, and the commit
  // merges them into the base while the array is still reading the storage snapshot to transfer it.
  const atSnapshot = { web01: lab.hashes('web01'), db01: lab.hashes('db01') };
  lab.engine.events.on('event', (e) => {
    if (e.kind === 'vm-snapshot-created') lab.write(String(e.vm), 'disk1', 0, Buffer.alloc(6 * 1024 * KiB, 0x5a));
  });
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  assert.equal(sources(lab, s.Id), ['SecondaryStorage']);

  const seen = lab.events.map((e) => `${e.kind}${e.vm ? `:${String(e.vm)}` : ''}`);
  const at = (k: string) => seen.indexOf(k);
  assert.ok(at('storage-snapshot-transfer-started') >= 0, seen.join('\n'));
  assert.ok(at('storage-snapshot-transfer-started') < at('vm-snapshot-commit-started:web01'), 'the array started transport before the VM snapshots were removed');
  assert.ok(at('vm-snapshot-committed:web01') < at('storage-snapshot-transferred') && at('vm-snapshot-committed:db01') < at('storage-snapshot-transferred'), `the VM snapshots were removed while the transfer ran\n${seen.join('\n')}`);
  assert.ok(at('storage-snapshot-transferred') < at('storage-snapshot-mounted'), 'the mount waited for the transfer');

  const log = lab.taskLog(s.Id, 'web01');
  const order = [
    /^Step 4\/8: temporary storage snapshot created$/,
    /^Nimble array 'fas01' started snapshot transport to secondary 'fas02' as soon as the snapshot was created; it runs while the VM snapshots are removed$/,
    /^Step 5\/8: VM snapshot removed/,
    /^Snapshot '.*' transferred to secondary array 'fas02': \d+ of \d+ bytes sent in \d+ ms, started by the array when the snapshot was created$/,
    /^Nimble keeps auxiliary snapshot '.*' on the primary as the base of the next transfer$/,
    /^Storage snapshot '.*' on secondary array 'fas02' mounted to proxy 'px-san'$/,
    /^Step 6\/8:/,
  ].map((re) => log.findIndex((l) => re.test(l)));
  assert.ok(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]!)), `log lines in seed order ${JSON.stringify(order)}\n${log.join('\n')}`);

  assert.equal(kinds(lab, 'fas01'), ['Auxiliary']);
  assert.equal(kinds(lab, 'fas02'), ['LongTerm']);
  // Read from the transferred copy: the disks as they were when the VM snapshot was taken, not the
  // writes merged by the commit during the transfer.
  assert.equal(await lab.restoredHashes('J', 'web01'), atSnapshot.web01);
  assert.equal(await lab.restoredHashes('J', 'db01'), atSnapshot.db01);
  assert.not.equal(lab.hashes('web01'), atSnapshot.web01, 'the guest\'s writes did reach the disk');
  await lab.close();
});

test('Generic arrays keep no auxiliary snapshot on the primary', async () => {
  const lab = secondaryLab('SnapshotTransfer', { vendor: 'Generic' });
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  assert.equal(kinds(lab, 'fas01'), []);
  assert.equal(kinds(lab, 'fas02'), ['LongTerm']);
  await lab.close();
});

for (const failover of [false, true]) {
  test(`secondary not connected ${failover ? 'with' : 'without'} FailoverToPrimary`, async () => {
    const lab = secondaryLab('SnapshotTransfer', { failover });
    lab.engine.arrays.disconnect('fas02');
    const s = await lab.run('J');
    if (failover) {
      assert.is(s.Result, 'Warning', logText(s));
      assert.equal(sources(lab, s.Id), ['PrimaryStorage']);
      assert.match(logText(s), /Warning: VM 'web01': secondary array 'fas02' is not connected: failing over to the primary array's snapshot \(FailoverToPrimary\)/);
      assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
    } else {
      assert.is(s.Result, 'Failed');
      assert.match(logText(s), /secondary array 'fas02' is not connected, and failover to the primary storage is off \(FailoverToPrimary\)/);
      assert.equal(sources(lab, s.Id), [null], 'the failed VMs read from no snapshot at all');
    }
    assert.equal(kinds(lab, 'fas01'), [], 'no temporary snapshot left behind');
    assert.is(lab.engine.vms.getSnapshot('web01'), null);
    await lab.close();
  });

  test(`export licence missing on the secondary ${failover ? 'with' : 'without'} FailoverToPrimary`, async () => {
    const lab = secondaryLab('SnapshotTransfer', { failover });
    lab.engine.arrays.set('fas02', { ExportLicense: false });
    const s = await lab.run('J');
    if (failover) {
      assert.is(s.Result, 'Warning', logText(s));
      assert.equal(sources(lab, s.Id), ['PrimaryStorage']);
      assert.match(logText(s), /secondary array 'fas02' has no volume export licence: failing over/);
    } else {
      assert.is(s.Result, 'Failed');
      assert.match(logText(s), /secondary array 'fas02' has no volume export licence, and failover to the primary storage is off/);
      assert.equal(sources(lab, s.Id), [null]);
    }
    assert.equal(kinds(lab, 'fas01'), []);
    await lab.close();
  });

  test(`snapshot transfer fails mid-job ${failover ? 'with' : 'without'} FailoverToPrimary`, async () => {
    const lab = secondaryLab('SnapshotTransfer', { failover });
    // The secondary drops off right after the primary's temporary snapshot is created.
    lab.engine.events.on('event', (e) => e.kind === 'storage-snapshot-created' && e.array === 'fas01' && lab.engine.arrays.disconnect('fas02'));
    const s = await lab.run('J');
    if (failover) {
      assert.is(s.Result, 'Warning', logText(s));
      assert.equal(sources(lab, s.Id), ['PrimaryStorage']);
      assert.match(logText(s), /the transfer of snapshot '.*' to secondary array 'fas02' failed: .*disconnected.*: failing over to the primary array's snapshot/);
      assert.equal(await lab.restoredHashes('J', 'db01'), lab.hashes('db01'));
    } else {
      assert.is(s.Result, 'Failed');
      assert.match(logText(s), /the transfer of snapshot .* failed: .*failover to the primary storage is off/);
      assert.equal(sources(lab, s.Id), [null]);
    }
    assert.equal(kinds(lab, 'fas01'), []);
    await lab.close();
  });
}

test('synchronous replication: snapshots on both arrays, only the secondary read, both deleted', async () => {
  const lab = secondaryLab('SyncReplication');
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  assert.equal(sources(lab, s.Id), ['SecondaryStorage']);
  assert.match(lab.taskLog(s.Id, 'web01').join('\n'), /Secondary array 'fas02' is linked by synchronous replication/);
  const created = lab.events.filter((e) => e.kind === 'storage-snapshot-created').map((e) => e.array);
  assert.equal(created, ['fas01', 'fas02']);
  assert.equal(lab.events.filter((e) => e.kind === 'storage-snapshot-mounted').map((e) => e.array), ['fas02']);
  assert.equal(lab.events.filter((e) => e.kind === 'storage-snapshot-deleted').map((e) => e.array).sort(), ['fas01', 'fas02']);
  assert.equal(lab.engine.storageSnapshots.list(), []);
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  await lab.close();
});

test('synchronous replication: a secondary missing at the start fails over to the primary (FailoverToPrimary)', async () => {
  const lab = secondaryLab('SyncReplication', { failover: true });
  lab.engine.arrays.disconnect('fas02');
  const s = await lab.run('J');
  assert.is(s.Result, 'Warning', logText(s));
  assert.equal(sources(lab, s.Id), ['PrimaryStorage']);
  assert.equal(lab.engine.storageSnapshots.list({ Array: 'fas01' }), []);
  await lab.close();
});

test('synchronous replication: losing the secondary mid-job fails the job even with FailoverToPrimary', async () => {
  const lab = secondaryLab('SyncReplication', { failover: true });
  lab.engine.events.on('event', (e) => e.kind === 'storage-snapshot-created' && e.array === 'fas01' && lab.engine.arrays.disconnect('fas02'));
  const s = await lab.run('J');
  assert.is(s.Result, 'Failed');
  assert.match(logText(s), /secondary array 'fas02' \(synchronous replication\) was lost during the job/);
  assert.equal(sources(lab, s.Id), [null]);
  assert.equal(lab.engine.storageSnapshots.list({ Array: 'fas01' }), [], 'the primary snapshot is cleaned up');
  assert.is(lab.engine.vms.getSnapshot('web01'), null);
  assert.is(lab.engine.vms.getSnapshot('db01'), null);
  await lab.close();
});

test('a proxy that sees only the secondary reads the secondary; failing over to the primary then fails with the reason', async () => {
  const lab = openBfssLab();
  lab.engine.arrays.add({ Name: 'fas02', Vendor: 'NetApp', Role: 'Secondary', Source: 'fas01', ReplicationMode: 'SnapshotTransfer' });
  lab.engine.proxies.add({ Name: 'px-sec', SanAccess: ['fas02'] });
  sanVm(lab, 'web01');
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true, SnapshotSource: 'Secondary', FailoverToPrimary: true });
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  const t = lab.sessions.tasks(s.Id)[0]!;
  assert.is(t.SnapshotSource, 'SecondaryStorage');
  assert.is(t.TransportMode, 'DirectSAN');
  assert.is(t.Proxy, 'px-sec');
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));

  lab.engine.arrays.set('fas02', { ExportLicense: false });
  const s2 = await lab.run('J');
  assert.is(s2.Result, 'Failed');
  assert.match(logText(s2), /cannot read the primary array's snapshot: no backup proxy has a direct SAN connection to storage array 'fas01'/);
  assert.is(lab.sessions.tasks(s2.Id)[0]!.SnapshotSource, null, 'neither secondary nor primary was read');
  assert.equal(kinds(lab, 'fas01'), ['Auxiliary'], 'the failed run left no temporary snapshot');
  await lab.close();
});

test('long-term snapshots on the secondary are kept under its retention (7), oldest removed first', async () => {
  const lab = secondaryLab('SnapshotTransfer', { vendor: 'Generic' });
  lab.jobs.set('J', { VMs: ['web01'] });
  const names: string[] = [];
  for (let i = 0; i < 8; i++) {
    lab.write('web01', 'disk1', i * 4096, Buffer.alloc(4096, i + 1));
    const s = await lab.run('J');
    assert.is(s.Result, 'Success', logText(s));
    names.push(lab.engine.storageSnapshots.list({ Array: 'fas02' }).at(-1)!.Name);
  }
  const kept = lab.engine.storageSnapshots.list({ Array: 'fas02' });
  assert.equal(kept.map((k) => k.Kind), Array(7).fill('LongTerm'));
  assert.equal(kept.map((k) => k.Name), names.slice(1));
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
