// VM snapshots: while one is open the base file is frozen and the guest sees its writes through the
// delta; committing gives exactly the image that writing without a snapshot would have given, and
// reports the delta size it merged with a measured duration.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { openImage } from '../../../src/engine/infra/image-view.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { pattern, tempEngine } from './fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;
e.hosts.add({ Name: 'esx01' });
e.datastores.add({ Name: 'ds01', Host: 'esx01' });
e.vms.add({ Name: 'snap', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [8 * MiB] });
e.vms.add({ Name: 'plain', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [8 * MiB] });

// the same writes, some unaligned and straddling blocks, in two phases
const before = [[0, 100_000], [3 * MiB + 17, 200_000]] as const;
const during = [[50_000, 70_000], [5 * MiB - 3, 131_072 + 9], [8 * MiB - 10, 10]] as const;
const write = (vm: string, list: readonly (readonly [number, number])[], seed: number) =>
  list.forEach(([off, len], i) => e.vms.disk(vm, 'disk1').write(off, pattern(seed + i, len)));

test('disk files are sparse raw files of the requested size', () => {
  const vm = e.vms.get('snap');
  assert.is(vm.Disks.length, 1);
  assert.is(fs.statSync(vm.Disks[0]!.Path).size, 8 * MiB);
  assert.ok(fs.statSync(vm.Disks[0]!.Path).blocks * 512 < MiB, 'sparse');
});

test('the snapshot image stays frozen while the guest keeps writing; guest reads see the writes', () => {
  write('snap', before, 1);
  write('plain', before, 1);
  const frozen = fs.readFileSync(e.vms.get('snap').Disks[0]!.Path);
  const snap = e.vms.createSnapshot('snap', 'backup');
  assert.is(e.vms.get('snap').Snapshot, 'backup');
  write('snap', during, 100);
  write('plain', during, 100);
  const img = openImage(snap.Disks[0]!.Image);
  assert.ok(img.readSync(0, 8 * MiB).equals(frozen), 'snapshot image is the image at snapshot time');
  img.close();
  assert.ok(fs.readFileSync(e.vms.get('snap').Disks[0]!.Path).equals(frozen), 'base file untouched');
  const guest = e.vms.disk('snap', 'disk1').read(0, 8 * MiB);
  const plain = e.vms.disk('plain', 'disk1').read(0, 8 * MiB);
  assert.ok(guest.equals(plain), 'guest view = base + delta');
  assert.ok(fs.statSync(snap.Disks[0]!.DeltaPath).isFile());
});

test('a second snapshot is refused while one is open', () => {
  try { e.vms.createSnapshot('snap', 'again'); assert.unreachable(); } catch (err) { assert.ok(isEngineError(err, 'VBRS_SNAPSHOT_EXISTS')); }
});

test('commit merges the delta: same bytes as writing without a snapshot, delta file gone, time measured', () => {
  const delta = e.vms.getSnapshot('snap')!.Disks[0]!.DeltaPath;
  const r = e.vms.removeSnapshot('snap');
  // 70_000 at 50_000 touches blocks 0-1; 131_081 at 5 MiB-3 touches blocks 79-82; the tail touches block 127
  assert.is(r.DeltaBytes, (2 + 4 + 1) * 65536);
  assert.ok(r.CommitDurationMs > 0);
  assert.ok(!fs.existsSync(delta));
  assert.is(e.vms.get('snap').Snapshot, null);
  assert.ok(fs.readFileSync(e.vms.get('snap').Disks[0]!.Path).equals(fs.readFileSync(e.vms.get('plain').Disks[0]!.Path)));
  try { e.vms.removeSnapshot('snap'); assert.unreachable(); } catch (err) { assert.ok(isEngineError(err, 'VBRS_NO_SNAPSHOT')); }
});

test('commit cost grows with the delta size', () => {
  const small = (() => { e.vms.createSnapshot('plain', 's'); e.vms.disk('plain', 'disk1').write(0, pattern(5, 65536)); return e.vms.removeSnapshot('plain'); })();
  const big = (() => { e.vms.createSnapshot('plain', 'b'); e.vms.disk('plain', 'disk1').write(0, pattern(6, 8 * MiB)); return e.vms.removeSnapshot('plain'); })();
  assert.is(small.DeltaBytes, 65536);
  assert.is(big.DeltaBytes, 8 * MiB);
});

test('a second engine on the same data dir sees the open snapshot and writes into its delta', async () => {
  e.vms.createSnapshot('snap', 'shared');
  const { Engine } = await import('../../../src/engine/engine.ts');
  const other = Engine.open({ home: t.home });
  assert.is(other.vms.get('snap').Snapshot, 'shared');
  const base = fs.readFileSync(e.vms.get('snap').Disks[0]!.Path);
  other.vms.disk('snap', 'disk1').write(MiB, pattern(9, 4096));
  assert.ok(fs.readFileSync(e.vms.get('snap').Disks[0]!.Path).equals(base));
  assert.ok(e.vms.disk('snap', 'disk1').read(MiB, 4096).equals(pattern(9, 4096)));
  await other.close();
  e.vms.removeSnapshot('snap');
  assert.ok(fs.readFileSync(e.vms.get('snap').Disks[0]!.Path).subarray(MiB, MiB + 4096).equals(pattern(9, 4096)));
});

test('out-of-range writes are refused with a clear error and change nothing', () => {
  try { e.vms.disk('snap', 'disk1').write(8 * MiB - 1, Buffer.alloc(2)); assert.unreachable(); } catch (err) {
    assert.ok(isEngineError(err, 'VBRS_INVALID_ARGUMENT'));
    assert.match((err as Error).message, /snap\/disk1/);
  }
});

test.after(() => t.dispose());
test.run();
