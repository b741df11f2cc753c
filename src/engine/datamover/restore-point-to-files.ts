// Start-Restore's data path: writes each disk of a restore point as a raw image
// `<outDir>/<VM>/<disk>.img`, byte-identical to the disk at the time of the point. Every file it
// reads is verified first (chain.json, each index against its hash and shape, the point's digests)
// and workers decode and verify every record before writing it. Images are written under a
// temporary name and renamed only when every disk passed, so a damaged point (VBRS_CORRUPT_BLOCK,
// VBRS_REPOSITORY_DAMAGED) or a kill never leaves a wrong image under the name of a finished one.
// A stopped restore (Ctrl+C, Engine.close()) ends within one span and likewise keeps no image.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { BackupRepository } from '../repository/backup-repository.ts';
import type { RestorePoint } from '../repository/restore-point.ts';
import { dataFile } from '../repository/repository-format.ts';
import { planRestore } from '../repository/restore-plan.ts';
import { EngineError } from '../engine-error.ts';
import { stoppedPhrase } from '../jobs/session-stop.ts';
import { DataMoverPool } from './data-mover-pool.ts';
import { groupIntoSpans, readSpan } from './stored-record-reader.ts';
import type { SpanRequest } from './stored-record-reader.ts';
import { SpanBuffers } from './span-buffers.ts';
import type { WorkerReply } from './worker-protocol.ts';
import { workerLost } from './worker-protocol.ts';
import { writeFailure } from '../infra/write-failure.ts';
import { makeFolders, removeFolders } from '../infra/make-folders.ts';

export interface RestoreOptions {
  pool?: DataMoverPool;
  signal?: AbortSignal;
  sessionId?: string;
  onProgress?: (e: RestoreEvent) => void;
}

export type RestoreEvent =
  | { kind: 'restore-started'; sessionId?: string; point: string; vm: string }
  /** `file` is the image being written: its temporary name until the restore has finished. */
  | { kind: 'restore-disk'; sessionId?: string; point: string; disk: string; file: string; writtenBytes: number; totalBytes: number }
  | { kind: 'restore-finished'; sessionId?: string; point: string; files: string[]; durationMs: number };

export interface RestoreResult {
  files: string[];
  /** Image bytes produced (disk sizes), and the data bytes actually decoded and written. */
  imageBytes: number;
  writtenBytes: number;
  durationMs: number;
  /** Where the time went: reading the repository (main thread), decoding+verifying and writing (workers, summed). */
  timing: RestoreTiming;
}

export interface RestoreTiming {
  readMs: number;
  decodeMs: number;
  writeMs: number;
}

/** A file name for a disk: its name with path separators made harmless. */
export function imageFileName(disk: string): string {
  return `${disk.replace(/[/\\]/g, '_').replace(/^\.+/, '_')}.img`;
}

export async function restorePointToFiles(
  repo: BackupRepository,
  point: RestorePoint,
  outDir: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const pool = opts.pool ?? DataMoverPool.shared();
  const started = performance.now();
  // The workers start while the chain and its indexes are read, not at the first record.
  void pool.warm();
  const vmDir = path.resolve(outDir, imageFileName(point.vm).slice(0, -4));
  let made: string[];
  try {
    made = await makeFolders(vmDir);
  } catch (e) {
    throw new EngineError('VBRS_IO', `Cannot create restore folder '${vmDir}': ${writeFailure(vmDir, e).reason}.`, { kind: 'RestorePoint', name: point.id, cause: e });
  }
  opts.onProgress?.({ kind: 'restore-started', sessionId: opts.sessionId, point: point.id, vm: point.vm });
  const files: string[] = [];
  let imageBytes = 0;
  let writtenBytes = 0;
  const timing: RestoreTiming = { readMs: 0, decodeMs: 0, writeMs: 0 };
  const partial = (file: string) => `${file}.vbrs-partial`;
  try {
    for (const disk of point.disks) {
      const file = path.join(vmDir, imageFileName(disk.name));
      files.push(file);
      writtenBytes += await restoreDisk(repo, point, disk.name, partial(file), pool, opts, timing, file);
      imageBytes += disk.size;
    }
    for (const f of files) await fsp.rename(partial(f), f);
  } catch (e) {
    // A restore delivers every disk of the point or none: images finished earlier in this run go
    // too, so a stopped or failed restore never leaves a folder that looks like a finished one.
    for (const f of files) await fsp.rm(partial(f), { force: true }).catch(() => {});
    await removeFolders(made);
    if (e instanceof EngineError) throw e;
    throw new EngineError('VBRS_IO', `Cannot write restored images in '${vmDir}': ${(e as Error).message}`, { kind: 'RestorePoint', name: point.id });
  }
  const durationMs = Math.round(performance.now() - started);
  opts.onProgress?.({ kind: 'restore-finished', sessionId: opts.sessionId, point: point.id, files, durationMs });
  return { files, imageBytes, writtenBytes, durationMs, timing: roundTiming(timing) };
}

async function restoreDisk(
  repo: BackupRepository,
  point: RestorePoint,
  disk: string,
  file: string,
  pool: DataMoverPool,
  opts: RestoreOptions,
  timing: RestoreTiming,
  shownAs: string,
): Promise<number> {
  const chain = await repo.diskChain(point, disk);
  const indexes = await Promise.all(chain.map((p) => repo.readIndex(p, disk)));
  // Not needed for the image, but a restore refuses what a health check would fail.
  await repo.readDigests(point, disk);
  const plan = planRestore(indexes);
  try {
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, plan.size);
    fs.closeSync(fd);
  } catch (e) {
    throw new EngineError('VBRS_IO', `Cannot write restored image '${shownAs}': ${writeFailure(file, e).reason}.`, { kind: 'Disk', name: disk, cause: e });
  }
  const jobs: { file: string; span: ReturnType<typeof groupIntoSpans>[number] }[] = [];
  for (let p = 0; p < chain.length; p++) {
    // Records sharing stored bytes (dedupe) are decoded once and written to each place.
    const byAt = new Map<number, SpanRequest>();
    for (const r of plan.records) {
      if (r.pointIndex !== p) continue;
      const req = byAt.get(r.record.at) ?? { record: r.record, writes: [] };
      for (const [from, to] of r.slices) req.writes.push([from, to, r.record.offset + from]);
      byAt.set(r.record.at, req);
    }
    const reqs = [...byAt.values()];
    for (const span of groupIntoSpans(reqs)) jobs.push({ file: dataFile(chain[p]!.dir, disk), span });
  }
  const total = plan.records.reduce((n, r) => n + r.slices.reduce((m, [a, b]) => m + b - a, 0), 0);
  let written = 0;
  const window = pool.size * 2;
  const buffers = new SpanBuffers(window);
  const inFlight: Promise<{ reply: WorkerReply; bytes: number }>[] = [];
  const faults: { offset: number; fault: string }[] = [];
  const settle = async () => {
    const { reply, bytes } = await inFlight.shift()!;
    if (!reply.ok) throw new EngineError('VBRS_IO', `Restore of disk '${disk}' failed: ${reply.message}`, { kind: 'Disk', name: disk });
    if (reply.op === 'records') {
      buffers.give(reply.spans);
      faults.push(...reply.faults);
      timing.decodeMs += reply.decodeMs;
      timing.writeMs += reply.writeMs;
    }
    written += bytes;
    opts.onProgress?.({ kind: 'restore-disk', sessionId: opts.sessionId, point: point.id, disk, file, writtenBytes: written, totalBytes: total });
  };
  try {
    for (const job of jobs) {
      if (opts.signal?.aborted) throw new EngineError('VBRS_CANCELLED', `Restore of restore point '${point.id}' was cancelled (${stoppedPhrase(opts.signal)}); no image was kept.`, { kind: 'RestorePoint', name: point.id });
      if (faults.length > 0) break;
      const t = performance.now();
      const { work, transfer } = await readSpan(repo.backend, job.file, job.span, buffers);
      timing.readMs += performance.now() - t;
      const bytes = work.reduce((n, w) => n + w.writes.reduce((m, [a, b]) => m + b - a, 0), 0);
      inFlight.push(pool.run({ op: 'records', outPath: file, verify: 'fast', records: work }, transfer).catch(workerLost).then((reply) => ({ reply, bytes })));
      if (inFlight.length >= window) await settle();
    }
    while (inFlight.length > 0) await settle();
  } finally {
    await Promise.allSettled(inFlight);
  }
  if (faults.length > 0) {
    const blockSize = indexes[indexes.length - 1]!.blockSize;
    const f = faults.sort((a, b) => a.offset - b.offset)[0]!;
    const owner = plan.records.find((r) => r.record.offset === f.offset);
    const damaged = owner ? chain[owner.pointIndex]!.id : point.id;
    throw new EngineError(
      'VBRS_CORRUPT_BLOCK',
      `Restore point '${damaged}' of VM '${point.vm}': disk '${disk}' block ${Math.floor(f.offset / blockSize)} (offset ${f.offset}) is damaged (${f.fault}); the restore was stopped and no image was kept.`,
      { kind: 'RestorePoint', name: damaged },
    );
  }
  return written;
}

function roundTiming(t: RestoreTiming): RestoreTiming {
  return { readMs: Math.round(t.readMs), decodeMs: Math.round(t.decodeMs), writeMs: Math.round(t.writeMs) };
}
