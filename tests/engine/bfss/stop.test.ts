// Stop-Job while a VM is read from a storage snapshot: the session ends Failed, the storage snapshot
// is unmounted and deleted, no VM snapshot is left open and no partial restore point is kept. The
// same when the engine closes while the array is still transferring the job's snapshot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { KiB, openBfssLab, sanVm } from './fixtures/bfss-lab.ts';
import { Engine } from '../../../src/engine/engine.ts';

test('Stop-Job during a throttled read from the storage snapshot cleans everything up', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'big', 'san01', [12288 * KiB]);
  lab.engine.vms.disk('big', 'disk1').write(0, Buffer.alloc(12288 * KiB, 7));
  lab.engine.throttling.add({ Name: 'slow', Source: '*', Target: 'repo01', Limit: 4096 * KiB });
  lab.jobs.add({ Name: 'J', VMs: ['big'], Repository: 'repo01', Compression: 'None' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const h = lab.jobs.start('J');
  await new Promise<void>((resolve) => h.events.on('event', (e) => e.kind === 'task-progress' && e.progress < 100 && resolve()));
  assert.is(lab.engine.storageSnapshots.list().length, 1, 'the storage snapshot is mounted while reading');
  const s = await lab.jobs.stop('J');
  assert.is(s!.Result, 'Failed');
  assert.equal(lab.engine.storageSnapshots.list(), []);
  assert.is(lab.sessions.tasks(h.id)[0]!.SnapshotSource, 'PrimaryStorage', 'the stopped task had started reading the storage snapshot');
  assert.is(lab.engine.vms.getSnapshot('big'), null);
  const repo = await lab.repository.repository(lab.home + '/repo');
  assert.equal(await repo.chain('J', 'big'), []);
  await lab.close();
});

test('Engine.close() while a Nimble-like array transfers the job\'s snapshot: the job stops and close() waits for the transfer to end', async () => {
  const lab = openBfssLab({ vendor: 'Nimble' });
  const e = lab.engine;
  e.arrays.add({ Name: 'fas02', Vendor: 'Nimble', Role: 'Secondary', Source: 'fas01', ReplicationMode: 'SnapshotTransfer' });
  e.proxies.add({ Name: 'px-san', SanAccess: ['fas01', 'fas02'] });
  sanVm(lab, 'big', 'san01', [16384 * KiB]);
  e.vms.disk('big', 'disk1').write(0, Buffer.alloc(16384 * KiB, 9));
  e.jobs.add({ Name: 'J', VMs: ['big'], Repository: 'repo01' });
  e.jobs.setStorageOptions('J', { EnableStorageSnapshots: true, SnapshotSource: 'Secondary' });
  const h = e.jobs.start('J');
  let closing: Promise<void> | null = null;
  e.events.on('event', (ev) => {
    if (ev.kind === 'storage-snapshot-transfer-started' && !closing) setImmediate(() => (closing = e.close()));
  });
  await h.done;
  while (!closing) await new Promise((r) => setImmediate(r));
  await closing;
  assert.is(e.storageSnapshots.transfersInFlight, 0, 'close() returned only after the transfer ended');
  assert.equal([h.session.State, h.session.Result], ['Stopped', 'Failed']);
  assert.ok(h.session.Log.some((l) => l.Text === 'Stop requested: the engine is closing'));
  assert.ok(e.storageSnapshots.transfersInFlight === 0 && lab.events.some((ev) => ev.kind === 'storage-snapshot-transfer-failed' || ev.kind === 'storage-snapshot-transferred'), 'the transfer ended one way or the other');

  const again = Engine.open({ home: lab.home });
  assert.equal(again.storageSnapshots.list({ Kind: 'Temporary' }), [], 'no temporary snapshot left on either array');
  assert.is(again.vms.getSnapshot('big'), null);
  assert.is(again.sessions.get(h.id).Result, 'Failed');
  await again.close();
});

test('Engine.close() right after a Nimble-like array snapshot is created waits for the array\'s transfer, which completes', async () => {
  const lab = openBfssLab({ vendor: 'Nimble' });
  const e = lab.engine;
  e.arrays.add({ Name: 'fas02', Vendor: 'Nimble', Role: 'Secondary', Source: 'fas01', ReplicationMode: 'SnapshotTransfer' });
  sanVm(lab, 'big', 'san01', [16384 * KiB]);
  e.storageSnapshots.create({ Array: 'fas01', Volume: 'vol1', Name: 'manual' });
  assert.is(e.storageSnapshots.transfersInFlight, 1);
  await e.close();
  assert.is(e.storageSnapshots.transfersInFlight, 0);
  const again = Engine.open({ home: lab.home });
  assert.equal(again.storageSnapshots.list({ Array: 'fas02' }).map((x) => `${x.Name}:${x.Kind}`), ['manual:LongTerm'], 'the transfer finished before the catalog closed');
  await again.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
