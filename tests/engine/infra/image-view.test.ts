// openImage is the seam data movers read through: raw files and storage-snapshot overlays must give
// back exactly the bytes they describe, holes and tails as zeros.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openImage } from '../../../src/engine/infra/image-view.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vbrs-image-'));

test('raw image reads file bytes, holes and the past-size tail as zeros', () => {
  const p = path.join(dir, 'raw.img');
  const fd = fs.openSync(p, 'w');
  fs.ftruncateSync(fd, 1 << 20);
  fs.writeSync(fd, Buffer.from('hello'), 0, 5, 4096);
  fs.closeSync(fd);
  const img = openImage({ kind: 'raw', path: p, size: 1 << 20 });
  assert.is(img.size, 1 << 20);
  assert.equal(img.readSync(4096, 5).toString(), 'hello');
  assert.ok(img.readSync(0, 4096).every((b) => b === 0));
  const tail = img.readSync((1 << 20) - 2, 6);
  assert.equal([...tail], [0, 0, 0, 0, 0, 0]);
  const into = Buffer.alloc(16, 0xff);
  const got = img.readSync(4096, 5, into);
  assert.is(got.buffer, into.buffer);
  assert.equal(into.subarray(0, 5).toString(), 'hello');
  img.close();
});

test('overlay reads preserved blocks where present, live file elsewhere, clipped to snapshot size', () => {
  const bs = 8;
  const base = path.join(dir, 'live.img');
  fs.writeFileSync(base, Buffer.from('AAAAAAAABBBBBBBBCCCCCCCCDDDD')); // live file, grown since the snapshot
  const data = path.join(dir, 'p.data');
  const index = path.join(dir, 'p.index');
  // blocks 1 and 0 were overwritten after the snapshot; block 1 appears twice, the first copy wins
  fs.writeFileSync(data, Buffer.from('bbbbbbbbaaaaaaaaXXXXXXXX'));
  const idx = Buffer.alloc(24);
  idx.writeBigUInt64LE(1n, 0);
  idx.writeBigUInt64LE(0n, 8);
  idx.writeBigUInt64LE(1n, 16);
  fs.writeFileSync(index, idx);
  const img = openImage({ kind: 'overlay', size: 20, basePath: base, blockSize: bs, preservedData: data, preservedIndex: index });
  assert.is(img.readSync(0, 20).toString(), 'aaaaaaaabbbbbbbbCCCC');
  assert.is(img.readSync(6, 4).toString(), 'aabb');
  assert.equal([...img.readSync(18, 4)], [67, 67, 0, 0]);
  img.close();
});

test('overlay with no preserved store reads the live file', () => {
  const base = path.join(dir, 'live2.img');
  fs.writeFileSync(base, 'abcdefgh');
  const img = openImage({ kind: 'overlay', size: 8, basePath: base, blockSize: 4, preservedData: path.join(dir, 'none.data'), preservedIndex: path.join(dir, 'none.index') });
  assert.is(img.readSync(0, 8).toString(), 'abcdefgh');
  img.close();
});

test('a bad descriptor is one clear error; a missing file keeps its errno code for the data mover', () => {
  assert.throws(() => openImage({ kind: 'raw', path: path.join(dir, 'missing.img'), size: 10 }), (e: Error & { code?: string }) => e.code === 'ENOENT' && !e.message.includes('\n'));
  assert.throws(() => openImage({ kind: 'raw', path: path.join(dir, 'raw.img'), size: -1 }), /not a byte count/);
  assert.throws(() => openImage({ kind: 'qcow2' } as never), /unknown descriptor kind/);
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));
test.run();
