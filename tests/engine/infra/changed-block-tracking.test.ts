// CBT: "changed since X" is exactly the blocks written since X, across several snapshots; "*" is
// every allocated block; a reset, a disabled VM, or a change made to the file outside vbrs makes
// old change ids unusable so the next incremental cannot miss anything.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { DISK_BLOCK_SIZE } from '../../../src/engine/infra/disk-state.ts';
import type { Extent } from '../../../src/engine/infra/block-bitmap.ts';
import { pattern, tempEngine } from './fixtures/temp-engine.ts';

const MiB = 1 << 20;
const BS = DISK_BLOCK_SIZE;
const t = tempEngine();
const e = t.engine;
e.hosts.add({ Name: 'esx01' });
e.datastores.add({ Name: 'ds01', Host: 'esx01' });
e.vms.add({ Name: 'db01', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [16 * MiB, 4 * MiB] });

const blocksOf = (ext: Extent[]) => ext.flatMap((x) => Array.from({ length: Math.ceil(x.length / BS) }, (_, i) => x.offset / BS + i));
const disk = () => e.vms.disk('db01', 'disk1');
const expectCode = (code: string, fn: () => unknown) => {
  try { fn(); assert.unreachable(`expected ${code}`); } catch (err) { assert.ok(isEngineError(err, code), `${code}: ${(err as Error).message}`); }
};

test('"*" returns the allocated blocks', () => {
  assert.equal(e.vms.changedExtents('db01', 'disk1', '*'), []);
  disk().write(BS * 3, pattern(1, BS * 2));
  disk().write(BS * 10 + 5, pattern(2, 1));
  assert.equal(blocksOf(e.vms.changedExtents('db01', 'disk1', '*')), [3, 4, 10]);
  assert.equal(e.vms.changedExtents('db01', 'disk1', '*')[0], { offset: 3 * BS, length: 2 * BS });
});

test('changed extents across several snapshots are exactly the blocks written in between', () => {
  const first = e.vms.createSnapshot('db01', 'b1');
  const s1 = first.Disks[0]!.ChangeId;
  const s1disk2 = first.Disks[1]!.ChangeId;
  e.vms.removeSnapshot('db01');
  disk().write(BS * 20, pattern(3, 10)); // epoch after s1
  disk().write(BS * 21 - 1, pattern(4, 2)); // straddles blocks 20 and 21
  const s2 = e.vms.createSnapshot('db01', 'b2').Disks[0]!.ChangeId;
  disk().write(BS * 40, pattern(5, 100)); // into the delta, after s2: not in the s2 image
  assert.equal(blocksOf(e.vms.changedExtents('db01', 'disk1', s1)), [20, 21], 'since s1 up to the open snapshot s2');
  assert.equal(e.vms.changedExtents('db01', 'disk1', s2), [], 'nothing between s2 and itself');
  e.vms.removeSnapshot('db01');
  disk().write(BS * 60, pattern(6, BS));
  const s3 = e.vms.createSnapshot('db01', 'b3').Disks[0]!.ChangeId;
  assert.equal(blocksOf(e.vms.changedExtents('db01', 'disk1', s2)), [40, 60]);
  assert.equal(blocksOf(e.vms.changedExtents('db01', 'disk1', s1)), [20, 21, 40, 60]);
  e.vms.removeSnapshot('db01');
  assert.equal(blocksOf(e.vms.changedExtents('db01', 'disk1', s3)), [], 'live view since s3');
  // the other disk saw no writes
  assert.equal(e.vms.changedExtents('db01', 'disk2', s1disk2), []);
});

test('a change made to the file by something other than vbrs resets CBT', () => {
  const id = e.vms.createSnapshot('db01', 'b4').Disks[0]!.ChangeId;
  e.vms.removeSnapshot('db01');
  // File timestamps are coarse (a few ms); let the clock move on so the outside write gets a new mtime.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
  const fd = fs.openSync(e.vms.get('db01').Disks[0]!.Path, 'r+');
  fs.writeSync(fd, Buffer.from('outside'), 0, 7, 7 * MiB);
  fs.closeSync(fd);
  expectCode('VBRS_CBT_RESET', () => e.vms.changedExtents('db01', 'disk1', id));
  // a fresh history starts: new change ids work again
  const fresh = e.vms.createSnapshot('db01', 'b5').Disks[0]!.ChangeId;
  assert.is.not(fresh.split('/')[0], id.split('/')[0]);
  e.vms.removeSnapshot('db01');
  disk().write(BS * 2, pattern(7, 1));
  assert.equal(blocksOf(e.vms.changedExtents('db01', 'disk1', fresh)), [2]);
});

test('reset and disabled CBT refuse old change ids', () => {
  const id = e.vms.currentChangeId('db01', 'disk1');
  e.vms.resetCbt('db01');
  expectCode('VBRS_CBT_RESET', () => e.vms.changedExtents('db01', 'disk1', id));
  e.vms.set('db01', { Cbt: false });
  expectCode('VBRS_CBT_DISABLED', () => e.vms.changedExtents('db01', 'disk1', '*'));
  const beforeEnable = e.vms.currentChangeId('db01', 'disk1');
  e.vms.set('db01', { Cbt: true });
  expectCode('VBRS_CBT_RESET', () => e.vms.changedExtents('db01', 'disk1', beforeEnable));
  expectCode('VBRS_INVALID_ARGUMENT', () => e.vms.changedExtents('db01', 'disk1', 'garbage'));
});

test('allocated extents come from the allocation bitmap, from a scan for attached or externally changed files', () => {
  e.vms.add({ Name: 'alloc', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [8 * MiB] });
  assert.equal(e.vms.allocatedExtents('alloc', 'disk1'), []);
  e.vms.disk('alloc', 'disk1').write(BS * 5, Buffer.alloc(10)); // zeros written by the guest still count as allocated
  e.vms.disk('alloc', 'disk1').write(BS * 9, pattern(8, BS + 1));
  assert.equal(blocksOf(e.vms.allocatedExtents('alloc', 'disk1')), [5, 9, 10]);
  // the VM snapshot's image carries the hint, so a data mover can skip the holes
  const hint = e.vms.createSnapshot('alloc', 'hint').Disks[0]!.Image.allocated;
  e.vms.removeSnapshot('alloc');
  assert.equal(blocksOf(hint!), [5, 9, 10]);
  // an image attached in place is scanned: exactly its non-zero blocks
  const image = `${t.home}/attached.img`;
  const buf = Buffer.alloc(2 * MiB);
  buf.fill(1, 3 * BS, 3 * BS + 10);
  buf.fill(2, 2 * MiB - 1);
  fs.writeFileSync(image, buf);
  e.vms.add({ Name: 'att', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskPath: [image] });
  assert.equal(blocksOf(e.vms.allocatedExtents('att', 'disk1')), [3, 31]);
  e.vms.disk('att', 'disk1').write(BS * 20, pattern(9, 1));
  assert.equal(blocksOf(e.vms.allocatedExtents('att', 'disk1')), [3, 20, 31], 'the scan became the bitmap writes keep up to date');
  // a write from outside vbrs makes the bitmap unknown: the next answer comes from a new scan
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
  const fd = fs.openSync(image, 'r+');
  fs.writeSync(fd, Buffer.from('x'), 0, 1, 25 * BS);
  fs.closeSync(fd);
  assert.equal(blocksOf(e.vms.allocatedExtents('att', 'disk1')), [3, 20, 25, 31]);
  assert.equal(blocksOf(e.vms.changedExtents('att', 'disk1', '*')), [3, 20, 25, 31]);
});

test.after(() => t.dispose());
test.run();
