// A primary with two secondary arrays (fas02 then fas03, both fed by snapshot transfer): when the
// first has no usable snapshot for the volume — unreachable from the start, or the transfer to it
// fails mid-job — the job reads the next secondary before it considers failing over to the primary,
// and the log names the secondary that was used.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { logText, openBfssLab, sanVm, type BfssLab } from './fixtures/bfss-lab.ts';

function twoSecondaries(opts: { failover?: boolean; vendor?: string } = {}): BfssLab {
  const lab = openBfssLab(opts.vendor ? { vendor: opts.vendor } : {});
  for (const name of ['fas02', 'fas03']) {
    lab.engine.arrays.add({ Name: name, Vendor: opts.vendor ?? 'NetApp', Role: 'Secondary', Source: 'fas01', ReplicationMode: 'SnapshotTransfer' });
  }
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01', 'fas02', 'fas03'] });
  sanVm(lab, 'web01');
  sanVm(lab, 'db01');
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true, SnapshotSource: 'Secondary', FailoverToPrimary: opts.failover ?? false });
  return lab;
}

const sources = (lab: BfssLab, id: number) => [...new Set(lab.sessions.tasks(id).map((t) => t.SnapshotSource))];
const mountedOn = (lab: BfssLab) => lab.events.filter((e) => e.kind === 'storage-snapshot-mounted').map((e) => e.array);
const kinds = (lab: BfssLab, array: string) => lab.engine.storageSnapshots.list({ Array: array }).map((s) => s.Kind);

test('the first secondary unreachable at the start: the second is read, no failover to the primary needed', async () => {
  const lab = twoSecondaries();
  lab.engine.arrays.disconnect('fas02');
  const s = await lab.run('J');
  assert.is(s.Result, 'Warning', logText(s));
  assert.equal(sources(lab, s.Id), ['SecondaryStorage']);
  assert.equal(mountedOn(lab), ['fas03']);
  const log = lab.taskLog(s.Id, 'web01').join('\n');
  assert.match(log, /secondary array 'fas02' is not connected; trying the next secondary array 'fas03'/);
  assert.match(log, /Secondary array 'fas03' is linked by snapshot transfer/);
  assert.match(log, /Step 6\/8: storage snapshot '.*' mounted to proxy 'px-san' from the secondary array 'fas03'/);
  assert.not.match(logText(s), /failing over to the primary/);
  assert.equal(kinds(lab, 'fas03'), ['LongTerm']);
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  assert.equal(await lab.restoredHashes('J', 'db01'), lab.hashes('db01'));
  await lab.close();
});

test('the transfer to the first secondary fails mid-job: the snapshot goes to the second and is read there', async () => {
  const lab = twoSecondaries();
  lab.engine.events.on('event', (e) => e.kind === 'storage-snapshot-created' && e.array === 'fas01' && lab.engine.arrays.disconnect('fas02'));
  const s = await lab.run('J');
  assert.is(s.Result, 'Warning', logText(s));
  assert.equal(sources(lab, s.Id), ['SecondaryStorage']);
  assert.equal(mountedOn(lab), ['fas03']);
  const log = lab.taskLog(s.Id, 'db01').join('\n');
  assert.match(log, /the transfer of snapshot '.*' to secondary array 'fas02' failed: StorageArray 'fas02' is disconnected; trying the next secondary array 'fas03'/);
  assert.match(log, /Snapshot '.*' transferred to secondary array 'fas03'/);
  assert.match(logText(s), /Transferred snapshot '.*' read from and kept on secondary array 'fas03' as a long-term snapshot/);
  assert.equal(kinds(lab, 'fas01'), ['Auxiliary'], 'the temporary snapshot is gone from the primary');
  assert.equal(kinds(lab, 'fas03'), ['LongTerm']);
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  await lab.close();
});

test('a secondary refusing the mount (no export licence) gives way to the next one', async () => {
  const lab = twoSecondaries();
  // Licence lost after the start: the transfer to fas02 works, the mount there is refused.
  lab.engine.events.on('event', (e) => e.kind === 'storage-snapshot-transferred' && e.target === 'fas02' && lab.engine.arrays.set('fas02', { ExportLicense: false }));
  const s = await lab.run('J');
  assert.is(s.Result, 'Warning', logText(s));
  assert.equal(mountedOn(lab), ['fas03']);
  assert.match(logText(s), /cannot be mounted from secondary array 'fas02': .*no volume export licence.*; trying the next secondary array 'fas03'/);
  assert.equal(await lab.restoredHashes('J', 'db01'), lab.hashes('db01'));
  await lab.close();
});

for (const failover of [true, false]) {
  test(`no secondary usable ${failover ? 'with' : 'without'} FailoverToPrimary: the reasons for both are given`, async () => {
    const lab = twoSecondaries({ failover });
    lab.engine.arrays.disconnect('fas02');
    lab.engine.arrays.set('fas03', { ExportLicense: false });
    const s = await lab.run('J');
    const both = "secondary array 'fas02' is not connected; secondary array 'fas03' has no volume export licence";
    if (failover) {
      assert.is(s.Result, 'Warning', logText(s));
      assert.equal(sources(lab, s.Id), ['PrimaryStorage']);
      assert.ok(logText(s).includes(`Warning: VM 'web01': ${both}: failing over to the primary array's snapshot (FailoverToPrimary)`), logText(s));
      assert.equal(mountedOn(lab), ['fas01']);
    } else {
      assert.is(s.Result, 'Failed');
      assert.ok(logText(s).includes(`${both}, and failover to the primary storage is off (FailoverToPrimary)`), logText(s));
      assert.equal(sources(lab, s.Id), [null]);
    }
    assert.equal(lab.engine.storageSnapshots.list({ Kind: 'Temporary' }), []);
    await lab.close();
  });
}

test('Nimble-like primary: transferred to every secondary on creation; the first lacking it is passed over', async () => {
  const lab = twoSecondaries({ vendor: 'Nimble' });
  // fas02 drops just as the job's snapshot is created, so the array's own transfer reaches only
  // fas03; it is back before the snapshot is mounted, but has no copy of it.
  lab.engine.events.on('event', (e) => {
    if (e.kind === 'storage-snapshot-created' && e.array === 'fas01') lab.engine.arrays.disconnect('fas02');
    if (e.kind === 'storage-snapshot-transferred' && e.target === 'fas03') lab.engine.arrays.connect('fas02');
  });
  const s = await lab.run('J');
  assert.is(s.Result, 'Warning', logText(s));
  assert.equal(mountedOn(lab), ['fas03'], logText(s));
  assert.match(logText(s), /the transfer of snapshot '.*' to secondary array 'fas02' failed: StorageArray 'fas02' is disconnected; trying the next secondary array 'fas03'/);
  assert.not.ok(lab.events.some((e) => e.kind === 'storage-snapshot-transferred' && e.target === 'fas02'), 'vbrs does not transfer again where the array\'s own transfer failed');
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
