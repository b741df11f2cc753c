// How a data mover reads a frozen point-in-time image of one virtual disk without the catalog.
// Data movers run in worker_threads, so the description of an image is plain structured-cloneable
// data (an ImageDescriptor) and opening it needs nothing but node:fs.
//
// Two forms:
//  - `raw`: the image is a plain file. A VM disk's base file while a VM snapshot is open is frozen
//    (writes go to the delta), so the VM-snapshot image of a disk is just its base file.
//  - `overlay`: a storage snapshot's view of one file. The live file keeps changing; before any vbrs
//    write overwrites a block of a file on a snapshotted volume, the old bytes of that block are
//    appended to the snapshot's preserved-blocks store. The view reads a preserved block where there
//    is one, else the live (base) file. Layout of the store (documented so it can be read by hand):
//      preservedData   blocks of exactly `blockSize` bytes, appended in preservation order
//                      (the tail block of a file is zero-padded to a full block);
//      preservedIndex  one little-endian uint64 per preserved block: the block number in the file;
//                      entry i describes the bytes at offset i * blockSize of preservedData.
//                      A block is appended at most once; if it ever appears twice the first wins,
//                      because the first copy is the one taken closest to snapshot time.
//    `size` is the file's size when the snapshot was taken; bytes at or past it read as zeros.
//    Both store files may be missing (nothing was preserved yet).

import * as fs from 'node:fs';
import { EngineError } from '../engine-error.ts';

export type ImageDescriptor =
  | { kind: 'raw'; path: string; size: number; allocated?: ImageExtent[] }
  | {
      kind: 'overlay';
      size: number;
      basePath: string;
      blockSize: number;
      preservedData: string;
      preservedIndex: string;
      allocated?: ImageExtent[];
    };

/**
 * A byte range of an image. When a descriptor carries `allocated`, every byte outside those ranges
 * is a hole that reads as zeros, so a reader may skip it without reading (a superset: ranges inside
 * may still hold zeros). Absent means unknown.
 */
export interface ImageExtent {
  offset: number;
  length: number;
}

export interface ImageReader {
  readonly size: number;
  /** Reads exactly `length` bytes at `offset` (holes and bytes past `size` read as zeros). */
  readSync(offset: number, length: number, into?: Buffer): Buffer;
  close(): void;
}

export function openImage(desc: ImageDescriptor): ImageReader {
  const where = desc.kind === 'overlay' ? desc.basePath : (desc as { path?: string }).path ?? '?';
  if (desc.kind !== 'raw' && desc.kind !== 'overlay') {
    throw new EngineError('VBRS_INVALID_ARGUMENT', `Image '${where}': unknown descriptor kind '${(desc as { kind: string }).kind}'.`, { kind: 'Image', name: where });
  }
  if (!Number.isSafeInteger(desc.size) || desc.size < 0) {
    throw new EngineError('VBRS_INVALID_ARGUMENT', `Image '${where}': size ${String(desc.size)} is not a byte count.`, { kind: 'Image', name: where });
  }
  // File-system failures surface as node's own errors (code ENOENT, EACCES …): data movers map
  // those codes to engine errors with the disk's name, which this function does not know.
  return desc.kind === 'raw' ? new RawImage(desc.path, desc.size) : new OverlayImage(desc);
}

/** Reads `length` bytes of `fd` at `position` into `buf` at `at`, zero-filling what the file lacks
 *  (a sparse disk may be shorter than its size). Shared with the live disk's read path. */
export function readFully(fd: number, buf: Buffer, at: number, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, at + done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  if (done < length) buf.fill(0, at + done, at + length);
}

function target(length: number, into?: Buffer): Buffer {
  if (!into) return Buffer.alloc(length);
  if (into.length < length) throw new RangeError(`buffer of ${into.length} bytes cannot hold ${length}`);
  return into.subarray(0, length);
}

class RawImage implements ImageReader {
  readonly size: number;
  private fd: number;

  constructor(path: string, size: number) {
    this.size = size;
    this.fd = fs.openSync(path, 'r');
  }

  readSync(offset: number, length: number, into?: Buffer): Buffer {
    const out = target(length, into);
    const inside = Math.max(0, Math.min(length, this.size - offset));
    readFully(this.fd, out, 0, inside, offset);
    if (inside < length) out.fill(0, inside);
    return out;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}

/** Loads a preserved-blocks index: block number → byte offset in the data file. */
export function loadPreservedIndex(indexPath: string, blockSize: number): Map<number, number> {
  const map = new Map<number, number>();
  let raw: Buffer;
  try {
    raw = fs.readFileSync(indexPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return map;
    throw e;
  }
  const entries = Math.floor(raw.length / 8);
  for (let i = 0; i < entries; i++) {
    const block = Number(raw.readBigUInt64LE(i * 8));
    if (!map.has(block)) map.set(block, i * blockSize);
  }
  return map;
}

class OverlayImage implements ImageReader {
  readonly size: number;
  private readonly blockSize: number;
  private readonly indexPath: string;
  private readonly dataPath: string;
  private preserved: Map<number, number>;
  /** Size of the index file when `preserved` was loaded. */
  private indexBytes: number;
  private baseFd: number;
  private dataFd: number;

  constructor(desc: Extract<ImageDescriptor, { kind: 'overlay' }>) {
    this.size = desc.size;
    this.blockSize = desc.blockSize;
    this.indexPath = desc.preservedIndex;
    this.dataPath = desc.preservedData;
    this.indexBytes = this.indexSize();
    this.preserved = loadPreservedIndex(desc.preservedIndex, desc.blockSize);
    this.baseFd = fs.openSync(desc.basePath, 'r');
    this.dataFd = -1;
  }

  /**
   * The live file may be written while this view is open (a VM snapshot commit, a guest, while a
   * transfer or a data mover reads the snapshot). A writer preserves a block before overwriting it,
   * so a block read from the live file is the snapshot's unless its preservation landed meanwhile:
   * after each read the index is checked, and if it grew the read is done again with it.
   */
  readSync(offset: number, length: number, into?: Buffer): Buffer {
    const out = target(length, into);
    do this.readOnce(out, offset, length);
    while (this.reloadIfGrown());
    return out;
  }

  private readOnce(out: Buffer, offset: number, length: number): void {
    const end = Math.min(offset + length, this.size);
    let pos = offset;
    while (pos < end) {
      const block = Math.floor(pos / this.blockSize);
      const inBlock = pos - block * this.blockSize;
      const n = Math.min(this.blockSize - inBlock, end - pos);
      const at = this.preserved.get(block);
      if (at === undefined) readFully(this.baseFd, out, pos - offset, n, pos);
      else {
        if (this.dataFd < 0) this.dataFd = fs.openSync(this.dataPath, 'r');
        readFully(this.dataFd, out, pos - offset, n, at + inBlock);
      }
      pos += n;
    }
    if (end - offset < length) out.fill(0, Math.max(0, end - offset));
  }

  private indexSize(): number {
    return fs.statSync(this.indexPath, { throwIfNoEntry: false })?.size ?? 0;
  }

  private reloadIfGrown(): boolean {
    const now = this.indexSize();
    if (now === this.indexBytes) return false;
    this.indexBytes = now;
    this.preserved = loadPreservedIndex(this.indexPath, this.blockSize);
    return true;
  }

  close(): void {
    if (this.baseFd >= 0) fs.closeSync(this.baseFd);
    if (this.dataFd >= 0) fs.closeSync(this.dataFd);
    this.baseFd = this.dataFd = -1;
  }
}
