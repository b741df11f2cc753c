// Start-HealthCheck's data path: re-reads every stored record of every restore point of a job (or
// of one chain), decodes it and compares its grain tree hash with the index, and names the point,
// disk and block of each mismatch. Shared copies (dedupe) are checked once. Every index is read
// before any data, so a caller learns how much each disk will read (a session's task totals) up front.

import type { BackupRepository } from '../repository/backup-repository.ts';
import type { RestorePoint } from '../repository/restore-point.ts';
import type { DataRecord } from '../repository/repository-format.ts';
import { dataFile } from '../repository/repository-format.ts';
import { EngineError } from '../engine-error.ts';
import { stoppedPhrase } from '../jobs/session-stop.ts';
import { DataMoverPool } from './data-mover-pool.ts';
import { groupIntoSpans, readSpan } from './stored-record-reader.ts';
import { SpanBuffers } from './span-buffers.ts';
import type { WorkerReply } from './worker-protocol.ts';
import { workerLost } from './worker-protocol.ts';
import { pausePoint } from '../test-pause-point.ts';

export interface HealthMismatch {
  pointId: string;
  vm: string;
  disk: string;
  /** Block number (offset / block size) and byte offset of the damaged record. */
  block: number;
  offset: number;
  reason: string;
}

export interface HealthCheckResult {
  points: number;
  records: number;
  checkedBytes: number;
  mismatches: HealthMismatch[];
  durationMs: number;
}

/** One disk of one restore point to check; `bytes` is what its stored records hold (read once each). */
export interface HealthCheckDisk {
  pointId: string;
  vm: string;
  disk: string;
  bytes: number;
}

/** What a running check reports, so a session can show tasks and bytes moving: first the plan
 *  (every point's disks, in checking order), then each span read, each disk and each point done. */
export type HealthCheckProgress =
  | { kind: 'health-plan'; disks: HealthCheckDisk[] }
  | { kind: 'health-span'; pointId: string; vm: string; disk: string; bytes: number; read: boolean }
  | { kind: 'health-disk'; pointId: string; vm: string; disk: string; mismatches: number }
  | { kind: 'health-point'; sessionId?: string; pointId: string; vm: string; mismatches: number };

export interface HealthCheckOptions {
  pool?: DataMoverPool;
  signal?: AbortSignal;
  vm?: string;
  sessionId?: string;
  onProgress?: (e: HealthCheckProgress) => void;
}

interface PlannedDisk {
  disk: string;
  blockSize: number;
  reqs: { record: DataRecord; writes: [number, number, number][] }[];
  /** The index could not be read: the disk is one mismatch and nothing of it is read. */
  failure: string | null;
}

export async function healthCheck(repo: BackupRepository, job: string, opts: HealthCheckOptions = {}): Promise<HealthCheckResult> {
  const pool = opts.pool ?? DataMoverPool.shared();
  const started = performance.now();
  const result: HealthCheckResult = { points: 0, records: 0, checkedBytes: 0, mismatches: [], durationMs: 0 };
  const buffers = new SpanBuffers(pool.size * 2);
  const points = await plan(repo, job, opts);
  opts.onProgress?.({
    kind: 'health-plan',
    disks: points.flatMap(({ point, disks }) => disks.map((d) => ({ pointId: point.id, vm: point.vm, disk: d.disk, bytes: d.reqs.reduce((n, r) => n + r.record.stored, 0) }))),
  });
  for (const { point, disks } of points) {
    result.points++;
    const before = result.mismatches.length;
    for (const d of disks) {
      if (opts.signal?.aborted) throw cancelled(job, opts.signal);
      const beforeDisk = result.mismatches.length;
      const at = { pointId: point.id, vm: point.vm, disk: d.disk };
      if (d.failure !== null) {
        result.mismatches.push({ ...at, block: -1, offset: -1, reason: d.failure });
        opts.onProgress?.({ kind: 'health-disk', ...at, mismatches: 1 });
        continue;
      }
      result.records += d.reqs.length;
      const inFlight: Promise<WorkerReply>[] = [];
      const settle = async () => {
        const reply = await inFlight.shift()!;
        if (!reply.ok) throw new EngineError('VBRS_IO', `Health check of restore point '${point.id}' failed: ${reply.message}`, { kind: 'RestorePoint', name: point.id });
        if (reply.op !== 'records') return;
        buffers.give(reply.spans);
        for (const f of reply.faults) result.mismatches.push({ ...at, block: Math.floor(f.offset / d.blockSize), offset: f.offset, reason: f.fault });
      };
      try {
        for (const span of groupIntoSpans(d.reqs)) {
          if (opts.signal?.aborted) throw cancelled(job, opts.signal);
          const spanBytes = span.reduce((n, r) => n + r.record.stored, 0);
          let read;
          try {
            read = await readSpan(repo.backend, dataFile(point.dir, d.disk), span, buffers);
          } catch (e) {
            for (const r of span) result.mismatches.push({ ...at, block: Math.floor(r.record.offset / d.blockSize), offset: r.record.offset, reason: (e as Error).message });
            opts.onProgress?.({ kind: 'health-span', ...at, bytes: spanBytes, read: false });
            continue;
          }
          result.checkedBytes += read.work.reduce((n, w) => n + w.bytes.length, 0);
          inFlight.push(pool.run({ op: 'records', outPath: null, verify: 'tree', records: read.work }, read.transfer).catch(workerLost));
          opts.onProgress?.({ kind: 'health-span', ...at, bytes: spanBytes, read: true });
          pausePoint('health-check');
          if (inFlight.length >= pool.size * 2) await settle();
        }
        while (inFlight.length > 0) await settle();
      } finally {
        await Promise.allSettled(inFlight);
      }
      opts.onProgress?.({ kind: 'health-disk', ...at, mismatches: result.mismatches.length - beforeDisk });
    }
    opts.onProgress?.({ kind: 'health-point', sessionId: opts.sessionId, pointId: point.id, vm: point.vm, mismatches: result.mismatches.length - before });
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/** Reads every index first, so the check knows how much it will read before it reads any of it
 *  (a session's tasks get their totals up front). One entry per point, in check order. */
async function plan(repo: BackupRepository, job: string, opts: HealthCheckOptions): Promise<{ point: RestorePoint; disks: PlannedDisk[] }[]> {
  const out: { point: RestorePoint; disks: PlannedDisk[] }[] = [];
  const chains = (await repo.chains(job)).filter((c) => opts.vm === undefined || c.vm === opts.vm);
  for (const c of chains) {
    for (const point of await repo.chain(c.job, c.vm)) {
      const disks: PlannedDisk[] = [];
      for (const d of point.disks) {
        if (opts.signal?.aborted) throw cancelled(job, opts.signal);
        let index;
        try {
          index = await repo.readIndex(point, d.name);
        } catch (e) {
          disks.push({ disk: d.name, blockSize: 0, reqs: [], failure: (e as Error).message });
          continue;
        }
        const unique = new Map<number, DataRecord>();
        for (const r of index.records) if (r.kind === 'data' && !unique.has(r.at)) unique.set(r.at, r);
        const reqs = [...unique.values()].sort((a, b) => a.at - b.at).map((record) => ({ record, writes: [] as [number, number, number][] }));
        disks.push({ disk: d.name, blockSize: index.blockSize, reqs, failure: null });
      }
      out.push({ point, disks });
    }
  }
  return out;
}

/** Checked before each disk and each span, so a stop (Ctrl+C, the engine closing) ends the check
 *  within one span's work, not after a whole disk. */
function cancelled(job: string, signal: AbortSignal): EngineError {
  return new EngineError('VBRS_CANCELLED', `Health check of job '${job}' was cancelled (${stoppedPhrase(signal)}).`, { kind: 'Job', name: job });
}
