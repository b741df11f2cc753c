// Record encoding: zstd with its own frame checksum, raw when compression does not help, and a
// decode that never returns damaged bytes (tree hash always for raw records and for the health check).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeVerified, encodeRecord, hasFrameChecksum } from '../../../src/engine/repository/record-codec.ts';
import { treeHash } from '../../../src/engine/repository/grain-hash.ts';
import { randomBytes, textBytes } from '../datamover/fixtures/disk-image.ts';

test('text is stored as a checksummed zstd frame, random data as is', () => {
  const text = textBytes(1, 1 << 20);
  const t = encodeRecord(text, 1);
  assert.is(t.codec, 'zstd');
  assert.ok(t.bytes.length < text.length / 2);
  assert.ok(hasFrameChecksum(t.bytes));
  const rnd = randomBytes(2, 1 << 20);
  assert.is(encodeRecord(rnd, 1).codec, 'none');
  assert.is(encodeRecord(text, null).codec, 'none');
  const back = decodeVerified(t.codec, t.bytes, text.length, treeHash(text), 'fast');
  assert.ok(back.data?.equals(text));
});

test('a flipped byte is caught in both verify modes, for zstd and raw records', () => {
  const text = textBytes(3, 256 * 1024);
  const rnd = randomBytes(4, 256 * 1024);
  for (const [data, level] of [[text, 1], [rnd, 1]] as const) {
    const enc = encodeRecord(data, level);
    const bad = Buffer.from(enc.bytes);
    bad[Math.floor(bad.length / 2)]! ^= 0x20;
    for (const mode of ['tree', 'fast'] as const) {
      const r = decodeVerified(enc.codec, bad, data.length, treeHash(data), mode);
      assert.is(r.data, null, `${enc.codec} ${mode}`);
      assert.match(r.fault ?? '', /checksum|decoded/);
    }
  }
});

test('a wrong length or an index checksum that does not match is reported', () => {
  const text = textBytes(5, 128 * 1024);
  const enc = encodeRecord(text, 1);
  assert.match(decodeVerified(enc.codec, enc.bytes, text.length + 1, treeHash(text)).fault ?? '', /bytes instead of/);
  assert.is(decodeVerified(enc.codec, enc.bytes, text.length, 'f'.repeat(64), 'tree').fault, 'checksum mismatch');
});

test.run();
