// What keeps the data movers' memory flat: each worker compresses every block with one reused
// context per level (ZstdEncoder) and decodes every zstd record with one reused context into one
// reused buffer (ZstdDecoder), and hands each span's read buffer back with its reply so the next
// read reuses it (SpanBuffers). Frames stay what zstdCompressSync makes; damaged data is refused.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as zlib from 'node:zlib';
import { ZstdDecoder } from '../../../src/engine/repository/zstd-decoder.ts';
import { ZstdEncoder } from '../../../src/engine/repository/zstd-encoder.ts';
import { encodeRecord, hasFrameChecksum } from '../../../src/engine/repository/record-codec.ts';
import { treeHash } from '../../../src/engine/repository/grain-hash.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { SpanBuffers } from '../../../src/engine/datamover/span-buffers.ts';
import { SPAN_BYTES } from '../../../src/engine/datamover/stored-record-reader.ts';
import { randomBytes, textBytes } from './fixtures/disk-image.ts';

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

test.run();
