// One bit per fixed-size disk block. CBT keeps one per change-id epoch and a VM snapshot's delta
// keeps one for the blocks it holds; both are stored as BLOBs in the catalog, so the byte layout is
// plain: bit (n % 8) of byte floor(n / 8) is block n.

export interface Extent {
  offset: number;
  length: number;
}

export class BlockBitmap {
  readonly blocks: number;
  readonly bytes: Uint8Array;

  constructor(blocks: number, bytes?: Uint8Array) {
    this.blocks = blocks;
    const need = Math.ceil(blocks / 8);
    this.bytes = new Uint8Array(need);
    if (bytes) this.bytes.set(bytes.subarray(0, need));
  }

  has(block: number): boolean {
    return (this.bytes[block >> 3]! & (1 << (block & 7))) !== 0;
  }

  set(block: number): void {
    if (block < 0 || block >= this.blocks) throw new RangeError(`block ${block} outside 0..${this.blocks - 1}`);
    this.bytes[block >> 3]! |= 1 << (block & 7);
  }

  setRange(first: number, last: number): void {
    for (let b = first; b <= last; b++) this.set(b);
  }

  or(other: BlockBitmap): void {
    for (let i = 0; i < this.bytes.length && i < other.bytes.length; i++) this.bytes[i]! |= other.bytes[i]!;
  }

  count(): number {
    let n = 0;
    for (let b = 0; b < this.blocks; b++) if (this.has(b)) n++;
    return n;
  }

  *setBlocks(): Generator<number> {
    for (let i = 0; i < this.bytes.length; i++) {
      const byte = this.bytes[i]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) yield i * 8 + bit;
    }
  }

  /** Byte extents of the set blocks, adjacent blocks merged, the last one clipped to `size`. */
  toExtents(blockSize: number, size: number): Extent[] {
    const out: Extent[] = [];
    for (const b of this.setBlocks()) {
      const offset = b * blockSize;
      const length = Math.min(blockSize, size - offset);
      const last = out[out.length - 1];
      if (last && last.offset + last.length === offset) last.length += length;
      else out.push({ offset, length });
    }
    return out;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}
