// Storage snapshots: the view of a disk is the image at snapshot time even after the live disk is
// written and a VM snapshot commit merged into it; transfer really copies the differing blocks to
// the secondary; mount rules (SAN access, export licence, connection) and vendor behaviour hold.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { openImage } from '../../../src/engine/infra/image-view.ts';
import type { ImageDescriptor } from '../../../src/engine/infra/image-view.ts';
import { pattern, tempEngine } from '../infra/fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;
const readAll = (d: ImageDescriptor) => { const i = openImage(d); try { return i.readSync(0, i.size); } finally { i.close(); } };
const expectCode = (code: string, fn: () => unknown, message?: RegExp) => {
  try { fn(); assert.unreachable(`expected ${code}`); } catch (err) {
    assert.ok(isEngineError(err, code), `${code}: ${(err as Error).message}`);
    if (message) assert.match((err as Error).message, message);
  }
};

e.hosts.add({ Name: 'esx01' });
e.arrays.add({ Name: 'fas01', Vendor: 'NetApp' });
e.arrays.addVolume({ Array: 'fas01', Name: 'vol1' });
e.arrays.add({ Name: 'fas02', Vendor: 'NetApp', Role: 'Secondary', Source: 'fas01', ReplicationMode: 'SnapshotTransfer' });
e.arrays.add({ Name: 'nim01', Vendor: 'nimble' });
e.arrays.addVolume({ Array: 'nim01', Name: 'lun1' });
e.arrays.add({ Name: 'nim02', Vendor: 'Nimble', Source: 'nim01', ReplicationMode: 'SyncReplication' });
e.datastores.add({ Name: 'san01', Host: 'esx01', Volume: 'fas01/vol1' });
e.datastores.add({ Name: 'san02', Host: 'esx01', Volume: 'nim01/lun1' });
e.vms.add({ Name: 'sql01', Host: 'esx01', Datastore: 'san01', GuestOS: 'Windows', DiskSize: [8 * MiB] });
e.vms.add({ Name: 'lnx01', Host: 'esx01', Datastore: 'san02', GuestOS: 'Linux', DiskSize: [4 * MiB] });
const disk = () => e.vms.disk('sql01', 'disk1');
disk().write(0, pattern(1, 3 * MiB));

test('arrays: secondaries mirror their source volumes; datastores cannot live on a secondary', () => {
  assert.equal(e.arrays.get('fas02').Volumes, ['vol1']);
  e.arrays.addVolume({ Array: 'fas01', Name: 'vol2' });
  assert.equal(e.arrays.get('fas02').Volumes, ['vol1', 'vol2']);
  assert.is(e.arrays.get('nim01').Vendor, 'Nimble');
  assert.is(e.arrays.get('fas01').ExportLicense, true);
  assert.is(e.datastores.get('san01').Volume, 'fas01/vol1');
  expectCode('VBRS_INVALID_ARGUMENT', () => e.datastores.add({ Name: 'bad', Host: 'esx01', Volume: 'fas02/vol1' }), /secondary/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.arrays.add({ Name: 'x', Vendor: 'Acme' }), /Vendor/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.arrays.add({ Name: 'x', Vendor: 'NetApp', Role: 'Secondary' }), /Source/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.arrays.addVolume({ Array: 'fas02', Name: 'v' }), /secondary/);
  expectCode('VBRS_IN_USE', () => e.arrays.remove('fas01'));
  e.arrays.removeVolume('fas01', 'vol2');
  assert.equal(e.arrays.get('fas02').Volumes, ['vol1']);
});

test('the snapshot view stays the image at snapshot time through live writes and a VM snapshot commit', () => {
  const vmSnap = e.vms.createSnapshot('sql01', 'job');
  disk().write(MiB, pattern(2, MiB)); // lands in the VM snapshot delta
  const frozen = readAll(vmSnap.Disks[0]!.Image);
  const snap = e.storageSnapshots.create({ Array: 'fas01', Volume: 'vol1', Name: 'snap1' });
  assert.is(snap.Kind, 'Temporary');
  assert.equal(snap.Files.length, 2, 'base disk and open delta');
  // commit merges the delta into the base, then the guest keeps writing to the live disk
  e.vms.removeSnapshot('sql01');
  disk().write(5 * MiB + 123, pattern(3, 2 * MiB));
  disk().write(0, pattern(4, 100));
  const view = readAll(e.storageSnapshots.diskImage('fas01', 'snap1', 'sql01', 'disk1'));
  assert.ok(view.equals(frozen), 'view = frozen VM-snapshot image');
  // the hint covers every non-zero block of the view
  const hint = e.storageSnapshots.diskImage('fas01', 'snap1', 'sql01', 'disk1').allocated!;
  for (let b = 0; b < view.length / 65536; b++) {
    const nonZero = view.subarray(b * 65536, (b + 1) * 65536).some((x) => x !== 0);
    if (nonZero) assert.ok(hint.some((x) => x.offset <= b * 65536 && b * 65536 < x.offset + x.length), `block ${b} in hint`);
  }
  assert.not.ok(view.equals(fs.readFileSync(e.vms.get('sql01').Disks[0]!.Path)), 'live disk moved on');
  // the deleted delta is still readable through the snapshot
  const delta = readAll(e.storageSnapshots.fileImage('fas01', 'snap1', vmSnap.Disks[0]!.DeltaPath));
  assert.ok(delta.subarray(MiB, 2 * MiB).equals(pattern(2, MiB)));
});

test('mount needs SAN access, a connected array and (NetApp) the export licence', () => {
  e.proxies.add({ Name: 'px-san', SanAccess: ['fas01', 'fas02'] });
  e.proxies.add({ Name: 'px-lan' });
  expectCode('VBRS_PROXY_UNAVAILABLE', () => e.storageSnapshots.mount('fas01', 'snap1', 'px-lan'), /px-lan/);
  e.arrays.set('fas01', { ExportLicense: false });
  expectCode('VBRS_NO_EXPORT_LICENSE', () => e.storageSnapshots.mount('fas01', 'snap1', 'px-san'));
  e.arrays.set('fas01', { ExportLicense: true });
  e.arrays.disconnect('fas01');
  expectCode('VBRS_ARRAY_DISCONNECTED', () => e.storageSnapshots.mount('fas01', 'snap1', 'px-san'), /fas01/);
  expectCode('VBRS_ARRAY_DISCONNECTED', () => e.storageSnapshots.create({ Array: 'fas01', Volume: 'vol1' }));
  assert.is(e.proxies.transportFor('px-san', 'sql01').Mode, 'NBD', 'no Direct SAN to a disconnected array');
  e.arrays.connect('fas01');
  assert.is(e.proxies.transportFor('px-san', 'sql01').Mode, 'DirectSAN');
  assert.is(e.storageSnapshots.mount('fas01', 'snap1', 'px-san').MountedTo, 'px-san');
  expectCode('VBRS_IN_USE', () => e.storageSnapshots.remove('fas01', 'snap1'));
  assert.is(e.storageSnapshots.unmount('fas01', 'snap1').MountedTo, null);
});

test('transfer copies only differing blocks to the secondary and keeps a NetApp auxiliary snapshot', () => {
  const expected = readAll(e.storageSnapshots.diskImage('fas01', 'snap1', 'sql01', 'disk1'));
  const r = e.storageSnapshots.transfer('fas01', 'snap1');
  assert.is(r.Target.Array, 'fas02');
  assert.is(r.Target.Kind, 'LongTerm');
  assert.is(r.Target.SourceSnapshot, 'fas01/snap1');
  assert.ok(r.TransferredBytes > 0 && r.TransferredBytes < r.ScannedBytes, 'zero blocks were not copied');
  assert.ok(readAll(e.storageSnapshots.diskImage('fas02', 'snap1', 'sql01', 'disk1')).equals(expected));
  assert.is(r.Auxiliary?.Kind, 'Auxiliary');
  // the primary snapshot goes; the auxiliary and the secondary copy keep the image
  e.storageSnapshots.remove('fas01', 'snap1');
  assert.ok(readAll(e.storageSnapshots.diskImage('fas01', r.Auxiliary!.Name, 'sql01', 'disk1')).equals(expected));
  // a second transfer copies only what changed since, and the first LongTerm keeps its image
  disk().write(7 * MiB, pattern(5, 65536));
  e.storageSnapshots.create({ Array: 'fas01', Volume: 'vol1', Name: 'snap2' });
  const r2 = e.storageSnapshots.transfer('fas01', 'snap2');
  assert.ok(r2.TransferredBytes >= 65536 && r2.TransferredBytes <= 5 * MiB, `${r2.TransferredBytes}`);
  assert.ok(readAll(e.storageSnapshots.diskImage('fas02', 'snap1', 'sql01', 'disk1')).equals(expected), 'older LongTerm unchanged');
  assert.ok(readAll(e.storageSnapshots.diskImage('fas02', 'snap2', 'sql01', 'disk1')).equals(fs.readFileSync(e.vms.get('sql01').Disks[0]!.Path)));
  assert.equal(e.storageSnapshots.list({ Array: 'fas01', Kind: 'Auxiliary' }).map((s) => s.Name), ['snap2-aux'], 'chain keeps exactly one auxiliary');
});

test('sync replication: a secondary snapshot images the primary volume; Nimble needs no licence', () => {
  e.vms.disk('lnx01', 'disk1').write(0, pattern(6, MiB));
  const before = fs.readFileSync(e.vms.get('lnx01').Disks[0]!.Path);
  const s = e.storageSnapshots.create({ Array: 'nim02', Volume: 'lun1', Name: 'sync1' });
  e.vms.disk('lnx01', 'disk1').write(0, pattern(7, MiB));
  assert.ok(readAll(e.storageSnapshots.diskImage('nim02', s.Name, 'lnx01', 'disk1')).equals(before));
  e.arrays.set('nim02', { ExportLicense: false });
  e.proxies.set('px-san', { SanAccess: ['fas01', 'fas02', 'nim02'] });
  assert.is(e.storageSnapshots.mount('nim02', 'sync1', 'px-san').MountedTo, 'px-san');
  assert.equal(e.storageSnapshots.list({ Array: 'nim*' }).map((x) => x.Name), ['sync1']);
});

test.after(() => t.dispose());
test.run();
