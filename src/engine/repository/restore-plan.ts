// Which stored bytes make up a disk image at a restore point. The format's reader rule is "apply the
// chain's records oldest first"; this computes the same result without rewriting anything: every
// grain is owned by the newest record covering it, and each record contributes only the grains it
// still owns. Restore and retention merge both build on it.

import type { DataRecord, DiskIndex } from './repository-format.ts';
import { GRAIN_SIZE } from './repository-format.ts';

export interface LiveRecord {
  /** Position of the record's point in the chain given to planRestore (0 = base). */
  pointIndex: number;
  record: DataRecord;
  /** [from, to) byte ranges, relative to record.offset, that are written to the image. */
  slices: [number, number][];
}

export interface RestorePlan {
  size: number;
  records: LiveRecord[];
}

/** `indexes` are the disk's indexes from its base full (first) to the target point (last). */
export function planRestore(indexes: readonly DiskIndex[]): RestorePlan {
  const target = indexes[indexes.length - 1];
  if (!target) return { size: 0, records: [] };
  const size = target.size;
  const grains = Math.ceil(size / GRAIN_SIZE);
  const owner = new Int32Array(grains).fill(-1);
  const refs: { pointIndex: number; record: DiskIndex['records'][number] }[] = [];
  for (let p = indexes.length - 1; p >= 0; p--) {
    for (const record of indexes[p]!.records) {
      const ref = refs.length;
      refs.push({ pointIndex: p, record });
      const first = Math.floor(record.offset / GRAIN_SIZE);
      const end = Math.min(grains, Math.ceil((record.offset + record.length) / GRAIN_SIZE));
      for (let g = first; g < end; g++) if (owner[g] === -1) owner[g] = ref;
    }
  }
  const slices = new Map<number, [number, number][]>();
  for (let g = 0; g < grains; ) {
    const ref = owner[g]!;
    let h = g + 1;
    while (h < grains && owner[h] === ref) h++;
    if (ref >= 0 && refs[ref]!.record.kind === 'data') {
      const rec = refs[ref]!.record;
      const from = Math.max(g * GRAIN_SIZE, rec.offset) - rec.offset;
      const to = Math.min(h * GRAIN_SIZE, rec.offset + rec.length, size) - rec.offset;
      if (to > from) {
        const list = slices.get(ref) ?? [];
        list.push([from, to]);
        slices.set(ref, list);
      }
    }
    g = h;
  }
  const records: LiveRecord[] = [];
  for (const [ref, s] of slices) {
    const { pointIndex, record } = refs[ref]!;
    records.push({ pointIndex, record: record as DataRecord, slices: s });
  }
  records.sort((a, b) => a.pointIndex - b.pointIndex || a.record.at - b.record.at);
  return { size, records };
}
