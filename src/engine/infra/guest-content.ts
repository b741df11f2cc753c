// Realistic guest data for workloads and lab disks: text-like extents (compress well), random
// extents (do not compress), repeated-pattern extents (dedupe) and zero extents (skipped), so
// compression, dedupe and zero-block filtering all have real work to do.

import { SeededRandom } from './seeded-random.ts';

export type ContentKind = 'text' | 'random' | 'repeated' | 'zero';

const WORDS = ('backup restore point repository proxy snapshot volume datastore host job session task ' +
  'incremental full block change tracking vm disk guest windows linux transaction log table index ' +
  'select insert update commit checkpoint page buffer cache request response user order invoice').split(' ');

export function guestContent(kind: ContentKind, length: number, rng: SeededRandom): Buffer {
  const buf = Buffer.alloc(length);
  if (kind === 'zero') return buf;
  if (kind === 'random') return rng.fill(buf);
  if (kind === 'repeated') {
    const unit = rng.fill(Buffer.alloc(4096));
    for (let i = 0; i < length; i += unit.length) unit.copy(buf, i, 0, Math.min(unit.length, length - i));
    return buf;
  }
  let pos = 0;
  let line = 0;
  while (pos < length) {
    let text = `${String(++line).padStart(6, '0')} ${new Date(1_700_000_000_000 + rng.below(1e9)).toISOString()} `;
    const n = 5 + rng.below(12);
    for (let w = 0; w < n; w++) text += WORDS[rng.below(WORDS.length)] + ' ';
    text += `id=${rng.nextU32().toString(16)}\n`;
    pos += buf.write(text, pos, 'latin1');
  }
  return buf;
}

/** Picks a content kind with realistic weights (text-heavy, some random, some repeated). */
export function pickContentKind(rng: SeededRandom): Exclude<ContentKind, 'zero'> {
  const x = rng.next();
  return x < 0.5 ? 'text' : x < 0.8 ? 'random' : 'repeated';
}
