// One backup task's data path: the source movers (in the worker pool) read, filter, hash and
// compress the frozen image; the target mover (here) throttles and appends the records in order to
// the point's data file through a DiskWriter. Stage times are measured on both sides to name the
// bottleneck. Cancel with the AbortSignal: the promise rejects with VBRS_CANCELLED and the caller
// aborts the PointWriter, so no partial restore point ever becomes visible.

import type { ImageDescriptor } from '../infra/image-view.ts';
import type { DiskWriter } from '../repository/point-writer.ts';
import { GRAIN_SIZE } from '../repository/repository-format.ts';
import { zstdLevel } from '../repository/compression-level.ts';
import { EngineError } from '../engine-error.ts';
import { DataMoverPool } from './data-mover-pool.ts';
import type { Extent } from './extent.ts';
import { normalizeExtents, roundToGrains, splitAtBlocks } from './extent.ts';
import type { SourceItem, SourceStats, SourceTaskConfig, MovedRecord } from './source-mover.ts';
import { BATCH_BYTES, emptySourceStats } from './source-mover.ts';
import { workerLost } from './worker-protocol.ts';
import type { WorkerReply } from './worker-protocol.ts';
import { TokenBucket } from './token-bucket.ts';
import type { TransferStats } from './transfer-stats.ts';
import { bottleneckOf, busyPercent } from './transfer-stats.ts';

export type TransferMode = { kind: 'full' } | { kind: 'extents'; extents: Extent[] } | { kind: 'digest' };

export interface DiskTransferOptions {
  image: ImageDescriptor;
  /** Falls back to 'full' when the disk has no previous point. */
  mode: TransferMode;
  /** Read as zeros and never sent: swap, pagefile, excluded files. */
  skipExtents?: Extent[];
  /** A throttling rule's bucket (share one between the tasks it covers), or a private limit. */
  throttle?: TokenBucket | number;
  signal?: AbortSignal;
  pool?: DataMoverPool;
  sessionId?: string;
}

export type TransferEvent =
  | { kind: 'task-started'; sessionId?: string; disk: string; mode: TransferStats['mode']; totalBytes: number }
  | {
      kind: 'task-progress';
      sessionId?: string;
      disk: string;
      processedBytes: number;
      totalBytes: number;
      readBytes: number;
      transferredBytes: number;
      /** Processed bytes per second since the start. */
      speed: number;
    }
  | { kind: 'task-finished'; sessionId?: string; disk: string; stats: TransferStats };

const PROGRESS_EVERY_MS = 200;
const WINDOW_PER_WORKER = 8;
/** Batch buffers kept to hand back: one per request sent, one per reply written, so few are needed. */
const KEEP_SPARES = 2;
let taskCounter = 0;

export async function runDiskTransfer(
  opts: DiskTransferOptions,
  disk: DiskWriter,
  onProgress?: (e: TransferEvent) => void,
): Promise<TransferStats> {
  const pool = opts.pool ?? DataMoverPool.shared();
  const size = opts.image.size;
  if (size !== disk.size)
    throw EngineError.invalid('Disk', disk.name, `image is ${size} bytes but the restore point expects ${disk.size}.`);
  const blockSize = disk.blockSize;
  const mode: TransferStats['mode'] = opts.mode.kind !== 'full' && disk.previousDigests === null ? 'full' : opts.mode.kind;
  const grains = Math.ceil(size / GRAIN_SIZE);
  const digests = new SharedArrayBuffer(grains * 32);
  let previous: SharedArrayBuffer | null = null;
  if (mode !== 'full' && disk.previousDigests) {
    previous = new SharedArrayBuffer(disk.previousDigests.length);
    new Uint8Array(previous).set(disk.previousDigests);
    new Uint8Array(digests).set(disk.previousDigests.subarray(0, Math.min(disk.previousDigests.length, digests.byteLength)));
  }
  const config: SourceTaskConfig = {
    mode,
    size,
    zstdLevel: zstdLevel(disk.compression),
    skipExtents: normalizeExtents(opts.skipExtents ?? [], size),
    allocated: opts.image.allocated ? normalizeExtents(opts.image.allocated, size) : null,
    previousDigests: previous,
    digests,
  };
  const batches = planBatches(mode, opts.mode, size, blockSize, disk.previousDigests);
  const totalBytes = batches.reduce((n, b) => n + b.bytes, 0);
  const bucket = typeof opts.throttle === 'number' ? new TokenBucket(opts.throttle) : opts.throttle;
  const taskId = `t${process.pid}-${++taskCounter}`;
  const started = performance.now();
  const src = emptySourceStats();
  let transferred = 0;
  let dataBytes = 0;
  let deduped = 0;
  let records = 0;
  let processed = 0;
  let targetMs = 0;
  let networkMs = 0;
  let lastProgress = 0;
  /** A `task-progress` event as of `now` (speed over the whole transfer so far). */
  const progressAt = (now: number) => ({
    kind: 'task-progress' as const,
    sessionId: opts.sessionId,
    disk: disk.name,
    processedBytes: processed,
    totalBytes,
    readBytes: src.readBytes,
    transferredBytes: transferred,
    speed: Math.round(processed / Math.max((now - started) / 1000, 1e-3)),
  });
  disk.full = mode === 'full';
  onProgress?.({ kind: 'task-started', sessionId: opts.sessionId, disk: disk.name, mode, totalBytes });

  const cancelled = () =>
    new EngineError('VBRS_CANCELLED', `Transfer of disk '${disk.name}' was cancelled.`, { kind: 'Disk', name: disk.name });
  const inFlight = new Map<number, Promise<WorkerReply>>();
  // Batches in flight (sent, or answered and waiting for the target): replies are consumed in
  // order, and a zero batch costs a tenth of a text one, so a short window left a worker idle
  // behind a slow neighbour. 8 per worker (64 MiB of image for 2) kept both busy: a 2 GiB full
  // went from 4.48, 4.35, 3.00 s (2 per worker, one request per worker at a time) to 3.32, 3.43,
  // 2.70 s (8 per worker, the pool's DEPTH 2), alternated, at load 5.
  const window = pool.size * WINDOW_PER_WORKER;
  let next = 0;
  // Batch buffers whose records are written: each goes back to a worker with a later request.
  const spares: ArrayBuffer[] = [];
  const dispatch = () => {
    while (next < batches.length && inFlight.size < window && !opts.signal?.aborted) {
      const b = batches[next]!;
      const spare = spares.pop();
      const msg = { op: 'source' as const, taskId, setup: { image: opts.image, config }, items: b.items, ...(spare ? { spare } : {}) };
      inFlight.set(next, pool.run(msg, spare ? [spare] : []).catch(workerLost));
      next++;
    }
  };

  const write = async (recs: MovedRecord[]) => {
    for (const r of recs) {
      records++;
      if (r.kind === 'zero') {
        disk.addZero(r.offset, r.length);
        continue;
      }
      dataBytes += r.length;
      const bytes = r.bytes ?? null;
      if (bytes && bucket) networkMs += await bucket.take(bytes.length, opts.signal);
      const t = performance.now();
      const n = await disk.addData(r.offset, r.length, r.codec ?? 'none', r.checksum!, bytes);
      targetMs += performance.now() - t;
      if (n === 0) deduped += r.length;
      transferred += n;
    }
  };

  try {
    dispatch();
    for (let i = 0; i < batches.length; i++) {
      if (opts.signal?.aborted) throw cancelled();
      if (!inFlight.has(i)) dispatch();
      const reply = await inFlight.get(i)!;
      inFlight.delete(i);
      dispatch();
      if (!reply.ok) throw sourceError(disk.name, reply);
      if (reply.op !== 'source') throw new Error(`unexpected reply '${reply.op}' from a data mover`);
      addStats(src, reply.stats);
      try {
        await write(reply.records);
      } catch (e) {
        if (opts.signal?.aborted) throw cancelled();
        throw e;
      }
      // Written (the appender copied the bytes out before resolving): reusable.
      for (const r of reply.records) {
        const b = r.bytes?.buffer;
        if (b instanceof ArrayBuffer && b.byteLength >= BATCH_BYTES && !spares.includes(b) && spares.length < KEEP_SPARES) spares.push(b);
      }
      processed += batches[i]!.bytes;
      const now = performance.now();
      if (onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        onProgress(progressAt(now));
      }
    }
  } finally {
    await Promise.allSettled(inFlight.values());
    await pool.broadcast({ op: 'close', taskId }).catch(() => {});
  }
  if (opts.signal?.aborted) throw cancelled();

  disk.digests = Buffer.from(new Uint8Array(digests));
  const durationMs = performance.now() - started;
  const lanes = Math.min(pool.size, batches.length);
  const busy = {
    source: busyPercent(src.readMs, durationMs, lanes),
    proxy: busyPercent(src.cpuMs, durationMs, lanes),
    network: busyPercent(networkMs, durationMs, 1),
    target: busyPercent(targetMs, durationMs, 1),
  };
  const stats: TransferStats = {
    mode,
    readBytes: src.readBytes,
    transferredBytes: transferred,
    dataBytes,
    skippedZeroBytes: src.zeroBytes,
    unreadHoleBytes: src.holeBytes,
    skippedExcludedBytes: src.skippedBytes,
    unchangedBytes: src.unchangedBytes,
    dedupedBytes: deduped,
    records,
    durationMs: Math.round(durationMs),
    busy,
    bottleneck: bottleneckOf(busy),
  };
  onProgress?.(progressAt(started + durationMs));
  onProgress?.({ kind: 'task-finished', sessionId: opts.sessionId, disk: disk.name, stats });
  return stats;
}

interface Batch {
  items: SourceItem[];
  bytes: number;
}

function planBatches(
  mode: TransferStats['mode'],
  requested: TransferMode,
  size: number,
  blockSize: number,
  previousDigests: Buffer | null,
): Batch[] {
  const items: SourceItem[] = [];
  if (mode === 'extents' && requested.kind === 'extents') {
    // Grains the previous point never saw (the disk grew) must be read as changed.
    const knownBytes = Math.min(size, ((previousDigests?.length ?? 0) / 32) * GRAIN_SIZE);
    const wanted = [...requested.extents, { offset: knownBytes, length: size - knownBytes }];
    for (const ex of splitAtBlocks(roundToGrains(wanted, GRAIN_SIZE, size), blockSize)) {
      const blockStart = Math.floor(ex.offset / blockSize) * blockSize;
      const last = items[items.length - 1];
      if (last && last.offset === blockStart) {
        last.runs!.push(ex);
        last.length = Math.min(size, blockStart + blockSize) - blockStart;
      } else items.push({ offset: blockStart, length: Math.min(size, blockStart + blockSize) - blockStart, runs: [ex] });
    }
  } else {
    for (let at = 0; at < size; at += blockSize) items.push({ offset: at, length: Math.min(blockSize, size - at) });
  }
  const batches: Batch[] = [];
  let cur: Batch = { items: [], bytes: 0 };
  for (const it of items) {
    const bytes = it.runs ? it.runs.reduce((n, r) => n + r.length, 0) : it.length;
    if (cur.items.length > 0 && cur.bytes + bytes > BATCH_BYTES) {
      batches.push(cur);
      cur = { items: [], bytes: 0 };
    }
    cur.items.push(it);
    cur.bytes += bytes;
  }
  if (cur.items.length > 0) batches.push(cur);
  return batches;
}

function addStats(into: SourceStats, s: SourceStats): void {
  into.readMs += s.readMs;
  into.cpuMs += s.cpuMs;
  into.readBytes += s.readBytes;
  into.zeroBytes += s.zeroBytes;
  into.skippedBytes += s.skippedBytes;
  into.unchangedBytes += s.unchangedBytes;
  into.holeBytes += s.holeBytes;
}

function sourceError(disk: string, reply: { message: string; code?: string }): EngineError {
  const code = reply.code === 'ENOENT' ? 'VBRS_UNKNOWN_OBJECT' : 'VBRS_IO';
  return new EngineError(code, `Disk '${disk}': the source data mover failed: ${reply.message}`, { kind: 'Disk', name: disk });
}
