// What keeps the data movers' memory flat: each worker compresses every block with one reused
// context per level (ZstdEncoder) and decodes every zstd record with one reused context into one
// reused buffer (ZstdDecoder), and hands each span's read buffer back with its reply so the next
// read reuses it (SpanBuffers). Frames stay what zstdCompressSync makes; damaged data is refused.
// A backup batch is read into one buffer whose views are its records (a compressed block's frame
// written over its own data), and the target hands that buffer back for a later batch.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as zlib from 'node:zlib';
import { ZstdDecoder } from '../../../src/engine/repository/zstd-decoder.ts';
import { ZstdEncoder } from '../../../src/engine/repository/zstd-encoder.ts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeRecord, encodeRecord, encodeRecordInPlace, hasFrameChecksum } from '../../../src/engine/repository/record-codec.ts';
import { BATCH_BYTES } from '../../../src/engine/datamover/source-mover.ts';
import type { SourceTaskConfig } from '../../../src/engine/datamover/source-mover.ts';
import { GRAIN_SIZE } from '../../../src/engine/repository/repository-format.ts';
import { treeHash } from '../../../src/engine/repository/grain-hash.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { SpanBuffers } from '../../../src/engine/datamover/span-buffers.ts';
import { SPAN_BYTES } from '../../../src/engine/datamover/stored-record-reader.ts';
import { randomBytes, removeTempDirsAfter, tempDir, textBytes } from './fixtures/disk-image.ts';

removeTempDirsAfter(test);

const MiB = 1 << 20;

function frame(data: Buffer): Buffer {
  const r = encodeRecord(data, 3);
  assert.is(r.codec, 'zstd', 'the test data compresses');
  return Buffer.from(r.bytes);
}

test('ZstdDecoder: every record decodes into the same reused buffer', () => {
  const d = new ZstdDecoder();
  const blocks = [textBytes(1, MiB), textBytes(2, MiB), textBytes(3, 300_000)];
  const views = blocks.map((b) => {
    const out = d.decode(frame(b), b.length);
    assert.ok(out.equals(b), 'decoded bytes are the record');
    return out;
  });
  assert.ok(views.every((v) => v.buffer === views[0]!.buffer), 'no output buffer per record');
});

test('ZstdDecoder: damaged, truncated, longer and shorter frames are refused, and the next record still decodes', () => {
  const d = new ZstdDecoder();
  const data = textBytes(4, MiB);
  const good = frame(data);
  const flipped = Buffer.from(good);
  flipped[flipped.length - 2]! ^= 0x40;
  const cases: [string, Buffer, number, RegExp][] = [
    ['checksum', flipped, MiB, /checksum/],
    ['truncated', good.subarray(0, good.length - 4), MiB, /unexpected end of file/],
    ['cut mid-frame', good.subarray(0, good.length >> 1), MiB, /unexpected end of file/],
    ['longer', good, MiB - 1, /decodes to more than 1048575 bytes/],
    ['shorter', good, MiB + 10, /decodes to 1048576 bytes/],
    ['trailing data', Buffer.concat([good, Buffer.from('xyz')]), MiB, /./],
  ];
  for (const [name, bytes, length, message] of cases) {
    assert.throws(() => d.decode(bytes, length), message, name);
    assert.ok(d.decode(good, MiB).equals(data), `a good record decodes after the ${name} one`);
  }
});

test('ZstdDecoder agrees with zstdDecompressSync on frames without a checksum', () => {
  const data = textBytes(5, 200_000);
  const plain = zlib.zstdCompressSync(data);
  assert.ok(new ZstdDecoder().decode(plain, data.length).equals(zlib.zstdDecompressSync(plain)));
});

test('ZstdEncoder: frames like zstdCompressSync\'s, from one reused buffer; encodeRecord stores them at their exact size', () => {
  for (const level of [-5, 1, 3]) {
    const e = new ZstdEncoder(level);
    const params = { params: { [zlib.constants.ZSTD_c_compressionLevel]: level, [zlib.constants.ZSTD_c_checksumFlag]: 1 } };
    const buffers = new Set<ArrayBufferLike>();
    for (const b of [textBytes(7, MiB), textBytes(8, 100_000), Buffer.alloc(MiB, 3)]) {
      const f = e.frame(b);
      buffers.add(f.buffer);
      const one = zlib.zstdCompressSync(b, params);
      // Levels >= 1 give the very same bytes; the fastest levels may split blocks differently.
      if (level >= 1) assert.ok(f.equals(one), `level ${level}: byte-identical frame`);
      else assert.ok(f.length <= one.length * 1.01, `level ${level}: ${f.length} vs ${one.length} bytes`);
      assert.ok(hasFrameChecksum(f), 'the frame carries its content checksum');
      assert.ok(zlib.zstdDecompressSync(f).equals(b));
      const copy = Buffer.from(f);
      assert.ok(e.frame(b).equals(copy), 'the reused context makes the same frame again');
    }
    assert.is(buffers.size, 1, 'no output buffer per block');
  }
  const e = new ZstdEncoder(1);
  const text = textBytes(9, MiB);
  const r = encodeRecord(text, 1, e);
  assert.is(r.codec, 'zstd');
  assert.is(r.bytes.buffer.byteLength, r.bytes.length, 'a compressed record carries only its own bytes to the target');
  assert.ok(new ZstdDecoder().decode(r.bytes, MiB).equals(text));
  const noise = randomBytes(10, MiB);
  const raw = encodeRecord(noise, 1, e);
  assert.is(raw.codec, 'none', 'incompressible data is stored as is');
  assert.is(raw.bytes, noise);
  assert.is(encodeRecord(text, 1, e).codec, 'zstd', 'the encoder still works after an incompressible block');
});

test('a worker hands each span buffer back with its reply, and SpanBuffers reuses it', async () => {
  const pool = new DataMoverPool(1);
  try {
    const buffers = new SpanBuffers(2);
    const data = randomBytes(6, 64 * 1024);
    let expected = buffers.take(data.length);
    assert.is(expected.byteLength, SPAN_BYTES, 'buffers are span-sized so any span fits any buffer');
    buffers.give([expected]);
    for (let round = 0; round < 3; round++) {
      const span = buffers.take(data.length);
      assert.is(span, expected, `round ${round}: the buffer handed back is the one reused`);
      new Uint8Array(span).set(data);
      const reply = await pool.run(
        { op: 'records', outPath: null, verify: 'tree', records: [{ offset: 0, length: data.length, codec: 'none', checksum: treeHash(data), bytes: new Uint8Array(span, 0, data.length), writes: [] }] },
        [span],
      );
      assert.is(span.byteLength, 0, 'the buffer went to the worker');
      if (!reply.ok || reply.op !== 'records') return assert.unreachable(JSON.stringify(reply));
      assert.equal(reply.faults, []);
      assert.is(reply.spans.length, 1);
      assert.ok(Buffer.from(reply.spans[0]!, 0, data.length).equals(data), 'the same memory came back');
      buffers.give(reply.spans);
      expected = reply.spans[0]!;
    }
  } finally {
    await pool.close();
  }
});

test('SpanBuffers keeps at most its window of idle buffers and drops detached ones', () => {
  const buffers = new SpanBuffers(1);
  const a = buffers.take(10);
  const b = buffers.take(10);
  assert.is.not(a, b);
  buffers.give([a, b]);
  assert.is(buffers.take(10), a);
  assert.is.not(buffers.take(10), b, 'the surplus buffer was not kept');
  const detached = new ArrayBuffer(8);
  structuredClone(detached, { transfer: [detached] });
  buffers.give([detached]);
  assert.ok(buffers.take(4).byteLength >= SPAN_BYTES, 'a detached buffer is never handed out');
});

test('encodeRecordInPlace writes the frame over the data it compresses, and leaves what it does not compress alone', () => {
  const e = new ZstdEncoder(1);
  const text = textBytes(11, MiB);
  const work = Buffer.from(text);
  const r = encodeRecordInPlace(work, 1, e);
  assert.is(r.codec, 'zstd');
  assert.is(r.bytes.buffer, work.buffer, 'the frame lives in the data\'s own buffer');
  assert.is(r.bytes.byteOffset, work.byteOffset);
  assert.ok(r.bytes.length < text.length);
  assert.ok(Buffer.from(r.bytes).equals(Buffer.from(encodeRecord(text, 1).bytes)), 'the same frame encodeRecord makes');
  assert.ok(decodeRecord('zstd', r.bytes, MiB).equals(text));
  const noise = randomBytes(12, MiB);
  const kept = Buffer.from(noise);
  const raw = encodeRecordInPlace(kept, 1, e);
  assert.is(raw.codec, 'none');
  assert.is(raw.bytes, kept);
  assert.ok(kept.equals(noise), 'incompressible data is not touched');
  assert.throws(() => encodeRecordInPlace(Buffer.from(text), 3, e), /level 1, not 3/);
});

/** One source request for `items` of the image at `file`, through the pool. */
function sourceRequest(taskId: string, file: string, size: number, items: { offset: number; length: number }[], spare?: ArrayBuffer) {
  const config: SourceTaskConfig = { mode: 'full', size, zstdLevel: 1, skipExtents: [], allocated: null, previousDigests: null, digests: new SharedArrayBuffer((size / GRAIN_SIZE) * 32) };
  return { msg: { op: 'source' as const, taskId, setup: { image: { kind: 'raw' as const, path: file, size }, config }, items, ...(spare ? { spare } : {}) }, transfer: spare ? [spare] : [] };
}

test('a source batch comes back as views of one batch buffer, which a later request hands back', async () => {
  const pool = new DataMoverPool(1);
  const file = path.join(tempDir(), 'disk.img');
  // Text (compressed), noise (stored as is), zeros (no bytes) and text again.
  const blocks = [textBytes(13, MiB), randomBytes(14, MiB), Buffer.alloc(MiB), textBytes(15, MiB)];
  fs.writeFileSync(file, Buffer.concat(blocks));
  try {
    const items = blocks.map((_, i) => ({ offset: i * MiB, length: MiB }));
    const first = sourceRequest('one', file, 4 * MiB, items);
    const reply = await pool.run(first.msg, first.transfer);
    if (!reply.ok || reply.op !== 'source') return assert.unreachable(JSON.stringify(reply));
    const data = reply.records.filter((r) => r.kind === 'data');
    assert.equal(data.map((r) => r.codec), ['zstd', 'none', 'zstd']);
    const buffers = new Set(data.map((r) => r.bytes!.buffer));
    assert.is(buffers.size, 1, 'one buffer for the whole batch');
    const batch = [...buffers][0] as ArrayBuffer;
    assert.ok(batch.byteLength >= BATCH_BYTES);
    // Each record decodes to its block: the frames did not overwrite their neighbours.
    for (const r of data) assert.ok(decodeRecord(r.codec!, r.bytes!, MiB).equals(blocks[r.offset / MiB]!), `block at ${r.offset}`);
    // Handed back with the next request (another task: this one already sent block 3), the buffer
    // goes to the worker and the batch read into it is still right.
    const again = sourceRequest('two', file, 4 * MiB, items.slice(3), batch);
    const second = await pool.run(again.msg, again.transfer);
    assert.is(batch.byteLength, 0, 'the spare was transferred to the worker');
    if (!second.ok || second.op !== 'source') return assert.unreachable(JSON.stringify(second));
    assert.is(second.records.length, 1);
    assert.ok(decodeRecord('zstd', second.records[0]!.bytes!, MiB).equals(blocks[3]!));
    assert.is(second.records[0]!.bytes!.buffer.byteLength, BATCH_BYTES, 'read into the handed-back buffer');
  } finally {
    await pool.close();
  }
});

test.run();
