// Realistic guest data for workloads and lab disks: text-like extents (compress well), random
// extents (do not compress), repeated-pattern extents (dedupe) and zero extents (skipped), so
// compression, dedupe and zero-block filtering all have real work to do.

import { SeededRandom } from './seeded-random.ts';

export type ContentKind = 'text' | 'random' | 'repeated' | 'zero';

const WORDS = ('backup restore point repository proxy snapshot volume datastore host job session task ' +
  'incremental full block change tracking vm disk guest windows linux transaction log table index ' +
  'select insert update commit checkpoint page buffer cache request response user order invoice').split(' ');

const WORD_BYTES = WORDS.map((w) => Buffer.from(` ${w}`, 'latin1'));
const LEVEL_BYTES = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'].map((l) => Buffer.from(` ${l}`, 'latin1'));
const DIGITS = Array.from({ length: 10000 }, (_, i) => Buffer.from(String(i).padStart(4, '0'), 'latin1'));
const ID = Buffer.from(' id=', 'latin1');
const HEX = Buffer.from('0123456789abcdef', 'latin1');

export function guestContent(kind: ContentKind, length: number, rng: SeededRandom): Buffer {
  const buf = Buffer.alloc(length);
  if (kind === 'zero') return buf;
  if (kind === 'random') return rng.fill(buf);
  if (kind === 'repeated') {
    const unit = rng.fill(Buffer.alloc(4096));
    for (let i = 0; i < length; i += unit.length) unit.copy(buf, i, 0, Math.min(unit.length, length - i));
    return buf;
  }
  // Log-like lines built from a word list; a line costs a few small string operations, so a MiB of
  // text is generated in a few milliseconds.
  // Log-like lines assembled byte by byte from pre-encoded words (no string building: a MiB of
  // text costs a few milliseconds).
  let pos = 0;
  let line = rng.below(100000);
  const put = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length && pos < length; i++) buf[pos++] = bytes[i]!;
  };
  while (pos < length) {
    line++;
    put(DIGITS[line % 10000]!);
    put(LEVEL_BYTES[rng.below(LEVEL_BYTES.length)]!);
    const n = 5 + rng.below(10);
    for (let w = 0; w < n; w++) put(WORD_BYTES[rng.below(WORD_BYTES.length)]!);
    put(ID);
    const id = rng.nextU32();
    for (let k = 28; k >= 0 && pos < length; k -= 4) buf[pos++] = HEX[(id >>> k) & 15]!;
    if (pos < length) buf[pos++] = 10;
  }
  return buf;
}

/** Picks a content kind with realistic weights (text-heavy, some random, some repeated). */
export function pickContentKind(rng: SeededRandom): Exclude<ContentKind, 'zero'> {
  const x = rng.next();
  return x < 0.5 ? 'text' : x < 0.8 ? 'random' : 'repeated';
}
