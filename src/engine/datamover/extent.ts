// Byte extents of a disk image (changed-block lists from CBT, swap/pagefile and excluded areas) and
// the arithmetic the data movers need on them: normalise, round out to grains, cut at block edges.

export interface Extent {
  offset: number;
  length: number;
}

/** Sorted, merged, clipped to [0, size); empty extents dropped. */
export function normalizeExtents(extents: readonly Extent[], size: number): Extent[] {
  const list = extents
    .map((e) => ({ start: Math.max(0, e.offset), end: Math.min(size, e.offset + e.length) }))
    .filter((e) => e.end > e.start)
    .sort((a, b) => a.start - b.start);
  const out: Extent[] = [];
  let cur: { start: number; end: number } | null = null;
  for (const e of list) {
    if (cur && e.start <= cur.end) cur.end = Math.max(cur.end, e.end);
    else {
      if (cur) out.push({ offset: cur.start, length: cur.end - cur.start });
      cur = { ...e };
    }
  }
  if (cur) out.push({ offset: cur.start, length: cur.end - cur.start });
  return out;
}

/** Widens every extent to whole grains (the last grain may end at `size`), then re-merges. */
export function roundToGrains(extents: readonly Extent[], grain: number, size: number): Extent[] {
  return normalizeExtents(
    extents.map((e) => {
      const start = Math.floor(e.offset / grain) * grain;
      const end = Math.min(size, Math.ceil((e.offset + e.length) / grain) * grain);
      return { offset: start, length: end - start };
    }),
    size,
  );
}

/** Cuts extents so none crosses a multiple of `blockSize`. */
export function splitAtBlocks(extents: readonly Extent[], blockSize: number): Extent[] {
  const out: Extent[] = [];
  for (const e of extents) {
    let at = e.offset;
    const end = e.offset + e.length;
    while (at < end) {
      const stop = Math.min(end, (Math.floor(at / blockSize) + 1) * blockSize);
      out.push({ offset: at, length: stop - at });
      at = stop;
    }
  }
  return out;
}
