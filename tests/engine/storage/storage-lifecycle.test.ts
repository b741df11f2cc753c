// Storage snapshots over the life of the files they capture: a VM deleted after the snapshot stays
// readable through it; Nimble-like arrays start a transfer on create that runs on in the background;
// a view opened before the live file changes keeps the snapshot's bytes; the secondary keeps only `Retain`
// LongTerm snapshots; a Generic array keeps no auxiliary snapshot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { openImage } from '../../../src/engine/infra/image-view.ts';
import type { ImageDescriptor } from '../../../src/engine/infra/image-view.ts';
import { pattern, tempEngine } from '../infra/fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;
const readAll = (d: ImageDescriptor) => { const i = openImage(d); try { return i.readSync(0, i.size); } finally { i.close(); } };

e.hosts.add({ Name: 'esx01' });
e.arrays.add({ Name: 'nim1', Vendor: 'Nimble' });
e.arrays.addVolume({ Array: 'nim1', Name: 'lun' });
e.arrays.add({ Name: 'nim2', Vendor: 'Nimble', Source: 'nim1', ReplicationMode: 'SnapshotTransfer' });
e.arrays.add({ Name: 'gen1', Vendor: 'Generic' });
e.arrays.addVolume({ Array: 'gen1', Name: 'v' });
e.arrays.add({ Name: 'gen2', Vendor: 'Generic', Source: 'gen1' });
e.datastores.add({ Name: 'dsn', Host: 'esx01', Volume: 'nim1/lun' });
e.datastores.add({ Name: 'dsg', Host: 'esx01', Volume: 'gen1/v' });

test('a VM removed after the snapshot is still readable through it', () => {
  e.vms.add({ Name: 'gone', Host: 'esx01', Datastore: 'dsg', GuestOS: 'Linux', DiskSize: [2 * MiB] });
  e.vms.disk('gone', 'disk1').write(0, pattern(1, 2 * MiB));
  const path = e.vms.get('gone').Disks[0]!.Path;
  const content = fs.readFileSync(path);
  e.storageSnapshots.create({ Array: 'gen1', Volume: 'v', Name: 'before-delete' });
  e.vms.disk('gone', 'disk1').write(MiB, pattern(2, 1000));
  e.vms.remove('gone');
  assert.not.ok(fs.existsSync(path));
  assert.ok(readAll(e.storageSnapshots.fileImage('gen1', 'before-delete', path)).equals(content));
});

test('Nimble-like arrays start the transfer as soon as a snapshot is created, and it runs on after create() returns', async () => {
  e.vms.add({ Name: 'n1', Host: 'esx01', Datastore: 'dsn', GuestOS: 'Windows', DiskSize: [2 * MiB] });
  e.vms.disk('n1', 'disk1').write(4096, pattern(3, 300_000));
  const image = fs.readFileSync(e.vms.get('n1').Disks[0]!.Path);
  e.storageSnapshots.create({ Array: 'nim1', Volume: 'lun', Name: 'auto' });
  assert.equal(e.storageSnapshots.list({ Array: 'nim2', Name: 'auto' }), [], 'not copied yet when create() returns');
  assert.is(e.storageSnapshots.transfersInFlight, 1);
  // Written after the snapshot, while the array transfers it: the copy is the snapshot's image.
  e.vms.disk('n1', 'disk1').write(0, pattern(4, MiB));
  const started = e.storageSnapshots.startedTransfer('nim1', 'auto', 'nim2');
  assert.ok(started, 'the array started a transfer to its secondary');
  const r = await started;
  assert.is(r.Target.Kind, 'LongTerm');
  assert.ok(readAll(e.storageSnapshots.diskImage('nim2', 'auto', 'n1', 'disk1')).equals(image));
  assert.is(e.storageSnapshots.list({ Array: 'nim1', Kind: 'Auxiliary' }).length, 1);
  assert.is(e.storageSnapshots.startedTransfer('nim1', 'auto', 'gen2'), null, 'none to an array that is not its secondary');
  // asking again (as a backup job does) finds the transfer done and copies nothing
  const again = e.storageSnapshots.transfer('nim1', 'auto');
  assert.equal([again.TransferredBytes, again.Target.Name, again.Auxiliary?.Kind], [0, 'auto', 'Auxiliary']);
});

test('a transfer whose source snapshot is deleted meanwhile ends with an error and leaves no long-term snapshot', async () => {
  e.vms.add({ Name: 'n2', Host: 'esx01', Datastore: 'dsn', GuestOS: 'Windows', DiskSize: [2 * MiB] });
  e.storageSnapshots.create({ Array: 'nim1', Volume: 'lun', Name: 'short-lived' });
  const started = e.storageSnapshots.startedTransfer('nim1', 'short-lived', 'nim2')!;
  e.storageSnapshots.remove('nim1', 'short-lived');
  assert.is(e.storageSnapshots.startedTransfer('nim1', 'short-lived', 'nim2'), null, 'forgotten with its snapshot');
  const error = await started.then(() => null, (x: unknown) => x as Error);
  assert.match(String(error?.message), /^StorageSnapshot 'nim1\/short-lived' was deleted while it was being transferred to 'nim2'\.$/);
  assert.equal(e.storageSnapshots.list({ Array: 'nim2', Name: 'short-lived' }), []);
  await e.storageSnapshots.settled();
  assert.is(e.storageSnapshots.transfersInFlight, 0);
});

test('a snapshot view opened before the live file is written still reads the snapshot (copy-on-write lands after the open)', () => {
  e.vms.add({ Name: 'g0', Host: 'esx01', Datastore: 'dsg', GuestOS: 'Linux', DiskSize: [2 * MiB] });
  e.vms.disk('g0', 'disk1').write(0, pattern(5, 2 * MiB));
  const path = e.vms.get('g0').Disks[0]!.Path;
  const content = fs.readFileSync(path);
  e.storageSnapshots.create({ Array: 'gen1', Volume: 'v', Name: 'open-view' });
  const view = openImage(e.storageSnapshots.fileImage('gen1', 'open-view', path));
  try {
    assert.ok(view.readSync(0, MiB).equals(content.subarray(0, MiB)));
    e.vms.disk('g0', 'disk1').write(0, pattern(6, 2 * MiB));
    assert.ok(view.readSync(0, 2 * MiB).equals(content), 'blocks preserved after the view was opened are read from the snapshot');
  } finally {
    view.close();
  }
  e.storageSnapshots.remove('gen1', 'open-view');
});

test('the secondary keeps only Retain LongTerm snapshots; Generic arrays keep no auxiliary', () => {
  e.vms.add({ Name: 'g1', Host: 'esx01', Datastore: 'dsg', GuestOS: 'Linux', DiskSize: [MiB] });
  for (let i = 0; i < 4; i++) {
    e.vms.disk('g1', 'disk1').write(0, pattern(10 + i, 65536));
    e.storageSnapshots.create({ Array: 'gen1', Volume: 'v', Name: `p${i}` });
    const r = e.storageSnapshots.transfer('gen1', `p${i}`, { Retain: 2 });
    assert.is(r.Auxiliary, null);
    e.storageSnapshots.remove('gen1', `p${i}`);
  }
  assert.equal(e.storageSnapshots.list({ Array: 'gen2' }).map((s) => s.Name), ['p2', 'p3']);
  assert.ok(readAll(e.storageSnapshots.diskImage('gen2', 'p2', 'g1', 'disk1')).subarray(0, 65536).equals(pattern(12, 65536)));
  assert.ok(readAll(e.storageSnapshots.diskImage('gen2', 'p3', 'g1', 'disk1')).subarray(0, 65536).equals(pattern(13, 65536)));
  assert.equal(e.storageSnapshots.list({ Array: 'gen1' }).map((s) => s.Name), ['before-delete']);
});

test('a VM with disks on two datastores: the storage snapshot captures only the disk on its volume', () => {
  e.datastores.add({ Name: 'local', Host: 'esx01' });
  e.vms.add({ Name: 'mixed', Host: 'esx01', Datastore: 'local', GuestOS: 'Windows', DiskSize: [MiB] });
  const added = e.vms.addDisk('mixed', { Size: 2 * MiB, Datastore: 'dsg' });
  assert.equal([added.Name, added.Datastore, added.Size], ['disk2', 'dsg', 2 * MiB]);
  assert.ok(added.Path.startsWith(e.datastores.get('dsg').Path));
  assert.equal(e.vms.get('mixed').Disks.map((d) => d.Datastore), ['local', 'dsg']);
  assert.ok(e.datastores.get('dsg').VMs.includes('mixed'));
  const s = e.storageSnapshots.create({ Array: 'gen1', Volume: 'v', Name: 'mixed-snap' });
  assert.ok(s.Files.includes(added.Path));
  assert.not.ok(s.Files.includes(e.vms.get('mixed').Disks[0]!.Path));
  try { e.datastores.remove('dsg'); assert.unreachable(); } catch (err) { assert.match((err as Error).message, /mixed/); }
  e.vms.createSnapshot('mixed', 'open');
  try { e.vms.addDisk('mixed', { Size: MiB }); assert.unreachable(); } catch (err) { assert.is((err as { code?: string }).code, 'VBRS_SNAPSHOT_EXISTS'); }
  e.vms.removeSnapshot('mixed');
  e.storageSnapshots.remove('gen1', 'mixed-snap');
});

test.after(() => t.dispose());
test.run();
