// The source data mover's work on one block: read it from the frozen image, blank the skipped areas
// (swap, pagefile, excluded), hash every grain, decide what changed, and compress what must be sent.
// Pure and synchronous so it runs unchanged inside a worker thread or in a test.

import type { ImageReader } from '../infra/image-view.ts';
import { GRAIN_SIZE } from '../repository/repository-format.ts';
import { grainDigests, isZero, treeHashOfDigests, zeroGrainDigest } from '../repository/grain-hash.ts';
import { encodeRecord, encodeRecordInPlace } from '../repository/record-codec.ts';
import type { ZstdEncoder } from '../repository/zstd-encoder.ts';
import type { RecordCodec } from '../repository/repository-format.ts';
import type { Extent } from './extent.ts';

export type SourceMode = 'full' | 'extents' | 'digest';

export interface SourceTaskConfig {
  mode: SourceMode;
  size: number;
  zstdLevel: number | null;
  /** Sorted, merged extents read as zeros (swap/pagefile/excluded). */
  skipExtents: Extent[];
  /** Sorted, merged ranges that may hold data (the image's allocation hint); null when unknown. */
  allocated: Extent[] | null;
  /** Grain digests of the previous point (32 bytes per grain); null in full mode. */
  previousDigests: SharedArrayBuffer | null;
  /** Where the new point's grain digests are written, 32 bytes per grain. */
  digests: SharedArrayBuffer;
}

/** One unit of source work: a range inside one block, and for CBT the grain-aligned runs to read. */
export interface SourceItem {
  offset: number;
  length: number;
  /** Only in 'extents' mode: the changed runs (absolute, grain-aligned) inside [offset, offset+length). */
  runs?: Extent[];
}

export interface MovedRecord {
  offset: number;
  length: number;
  kind: 'data' | 'zero';
  codec?: RecordCodec;
  checksum?: string;
  /** Encoded bytes; null when this task already sent the same content (the target shares it). */
  bytes?: Uint8Array | null;
}

export interface SourceStats {
  readMs: number;
  cpuMs: number;
  readBytes: number;
  zeroBytes: number;
  skippedBytes: number;
  unchangedBytes: number;
  /** Bytes not read because the allocation hint says they are holes. */
  holeBytes: number;
}

export function emptySourceStats(): SourceStats {
  return { readMs: 0, cpuMs: 0, readBytes: 0, zeroBytes: 0, skippedBytes: 0, unchangedBytes: 0, holeBytes: 0 };
}

let zeros = Buffer.alloc(0);

/** Shared zeros for holes: nothing keeps a reference (zero blocks produce no data records). */
function zeroBuffer(length: number): Buffer {
  if (zeros.length < length) zeros = Buffer.alloc(length);
  return zeros.subarray(0, length);
}

/** Does [offset, offset+length) meet any of the sorted, merged extents? (binary search) */
export function intersects(extents: readonly Extent[], offset: number, length: number): boolean {
  let lo = 0;
  let hi = extents.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = extents[mid]!;
    if (e.offset + e.length <= offset) lo = mid + 1;
    else hi = mid;
  }
  const e = extents[lo];
  return e !== undefined && e.offset < offset + length;
}

/** Per-task state kept by one source mover between items. */
export interface SourceTaskState {
  image: ImageReader;
  config: SourceTaskConfig;
  /** Checksums this mover already sent in this task: repeats are sent as references. */
  sent: Set<string>;
  /** The worker's compressor at the task's level (one context reused for every block). */
  encoder?: ZstdEncoder;
}

/** Raw bytes per worker request (a batch): big enough to amortise messaging, small enough to bound memory. */
export const BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Where one request's runs are read, back to back. The records' bytes are views of it: a block
 * stored as is is its own bytes there, and a compressed block's frame is written over its data (a
 * frame is kept only when shorter). So a batch sends the target one buffer, whatever its records,
 * and the target hands it back for a later batch: no block-sized allocation per stored block (page
 * faults and garbage on both threads) and one transfer per batch instead of one per record.
 */
export class BatchBuffer {
  readonly buf: Buffer;
  used = 0;

  constructor(buf: Buffer) {
    this.buf = buf;
  }

  /** The next `length` bytes of the buffer. */
  take(length: number): Buffer {
    if (this.used + length > this.buf.length) throw new RangeError(`batch buffer of ${this.buf.length} bytes cannot hold ${this.used + length}`);
    const view = this.buf.subarray(this.used, this.used + length);
    this.used += length;
    return view;
  }

  /** True when a record's bytes are a view of this buffer (so sending the record sends it). */
  holds(bytes: Uint8Array): boolean {
    return bytes.buffer === this.buf.buffer;
  }
}

/** Bytes of image a request's items read (its batch buffer's least size). */
export function itemBytes(items: readonly SourceItem[], mode: SourceMode): number {
  let n = 0;
  for (const it of items) n += mode === 'extents' ? (it.runs ?? []).reduce((m, r) => m + r.length, 0) : it.length;
  return n;
}

export function processItem(task: SourceTaskState, item: SourceItem, stats: SourceStats, out: MovedRecord[], batch: BatchBuffer): void {
  const { config } = task;
  const runs = config.mode === 'extents' ? (item.runs ?? []) : [{ offset: item.offset, length: item.length }];
  for (const run of runs) {
    let t = performance.now();
    if (config.allocated && !intersects(config.allocated, run.offset, run.length)) {
      // A hole by the image's own allocation map: zeros without a read.
      stats.holeBytes += run.length;
      processRun(task, zeroBuffer(run.length), run.offset, stats, out, batch);
      stats.cpuMs += performance.now() - t;
      continue;
    }
    const buf = task.image.readSync(run.offset, run.length, batch.take(run.length));
    stats.readMs += performance.now() - t;
    stats.readBytes += run.length;
    t = performance.now();
    stats.skippedBytes += blankSkipped(buf, run.offset, config.skipExtents);
    processRun(task, buf, run.offset, stats, out, batch);
    stats.cpuMs += performance.now() - t;
  }
}

function processRun(task: SourceTaskState, buf: Buffer, offset: number, stats: SourceStats, out: MovedRecord[], batch: BatchBuffer): void {
  const { config } = task;
  const firstGrain = offset / GRAIN_SIZE;
  const grains = Math.ceil(buf.length / GRAIN_SIZE);
  const table = new Uint8Array(config.digests, firstGrain * 32, grains * 32);
  if (config.mode === 'full') {
    if (isZero(buf)) {
      for (let i = 0; i < grains; i++) table.set(zeroGrainDigest(Math.min(GRAIN_SIZE, buf.length - i * GRAIN_SIZE)), i * 32);
      stats.zeroBytes += buf.length;
      return;
    }
    grainDigests(buf, table);
    emitData(task, buf, offset, table, out, batch);
    return;
  }
  grainDigests(buf, table);
  const prev = config.previousDigests ? new Uint8Array(config.previousDigests) : new Uint8Array(0);
  let i = 0;
  while (i < grains) {
    if (!grainChanged(prev, table, firstGrain + i, i)) {
      stats.unchangedBytes += Math.min(GRAIN_SIZE, buf.length - i * GRAIN_SIZE);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < grains && grainChanged(prev, table, firstGrain + j, j)) j++;
    const start = i * GRAIN_SIZE;
    const slice = buf.subarray(start, Math.min(j * GRAIN_SIZE, buf.length));
    const digests = table.subarray(i * 32, j * 32);
    if (isZero(slice)) {
      out.push({ offset: offset + start, length: slice.length, kind: 'zero' });
      stats.zeroBytes += slice.length;
    } else emitData(task, slice, offset + start, digests, out, batch);
    i = j;
  }
}

function grainChanged(prev: Uint8Array, table: Uint8Array, absGrain: number, relGrain: number): boolean {
  const p = absGrain * 32;
  if (p + 32 > prev.length) return true;
  const r = relGrain * 32;
  for (let k = 0; k < 32; k++) if (prev[p + k] !== table[r + k]) return true;
  return false;
}

function emitData(task: SourceTaskState, data: Buffer, offset: number, digests: Uint8Array, out: MovedRecord[], batch: BatchBuffer): void {
  const checksum = treeHashOfDigests(digests);
  if (task.sent.has(checksum)) {
    out.push({ offset, length: data.length, kind: 'data', checksum, bytes: null });
    return;
  }
  task.sent.add(checksum);
  const { zstdLevel } = task.config;
  // In place when the bytes are the batch buffer's (always, for data read from the image).
  const enc = batch.holds(data) && zstdLevel !== null && task.encoder ? encodeRecordInPlace(data, zstdLevel, task.encoder) : encodeRecord(data, zstdLevel, task.encoder);
  out.push({ offset, length: data.length, kind: 'data', codec: enc.codec, checksum, bytes: enc.bytes });
}

/** Zeroes the parts of `buf` (which holds image bytes from `offset`) inside skip extents. */
export function blankSkipped(buf: Buffer, offset: number, skip: readonly Extent[]): number {
  let n = 0;
  const end = offset + buf.length;
  for (const e of skip) {
    if (e.offset >= end) break;
    const s = Math.max(e.offset, offset);
    const t = Math.min(e.offset + e.length, end);
    if (t > s) {
      buf.fill(0, s - offset, t - offset);
      n += t - s;
    }
  }
  return n;
}
