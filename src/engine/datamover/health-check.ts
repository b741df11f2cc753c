// Start-HealthCheck's data path: re-reads every stored record of every restore point of a job (or
// of one chain), decodes it and compares its grain tree hash with the index, and names the point,
// disk and block of each mismatch. Shared copies (dedupe) are checked once.

import type { BackupRepository } from '../repository/backup-repository.ts';
import type { DataRecord } from '../repository/repository-format.ts';
import { dataFile } from '../repository/repository-format.ts';
import { EngineError } from '../engine-error.ts';
import { stoppedPhrase } from '../jobs/session-stop.ts';
import { DataMoverPool } from './data-mover-pool.ts';
import { groupIntoSpans, readSpan } from './stored-record-reader.ts';
import { SpanBuffers } from './span-buffers.ts';
import type { WorkerReply } from './worker-protocol.ts';
import { workerLost } from './worker-protocol.ts';

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

export interface HealthCheckOptions {
  pool?: DataMoverPool;
  signal?: AbortSignal;
  vm?: string;
  sessionId?: string;
  onProgress?: (e: { kind: 'health-point'; sessionId?: string; pointId: string; vm: string; mismatches: number }) => void;
}

export async function healthCheck(repo: BackupRepository, job: string, opts: HealthCheckOptions = {}): Promise<HealthCheckResult> {
  const pool = opts.pool ?? DataMoverPool.shared();
  const started = performance.now();
  const result: HealthCheckResult = { points: 0, records: 0, checkedBytes: 0, mismatches: [], durationMs: 0 };
  const buffers = new SpanBuffers(pool.size * 2);
  const chains = (await repo.chains(job)).filter((c) => opts.vm === undefined || c.vm === opts.vm);
  for (const c of chains) {
    for (const point of await repo.chain(c.job, c.vm)) {
      result.points++;
      const before = result.mismatches.length;
      for (const d of point.disks) {
        if (opts.signal?.aborted) throw cancelled(job, opts.signal);
        let index;
        try {
          index = await repo.readIndex(point, d.name);
        } catch (e) {
          result.mismatches.push({ pointId: point.id, vm: point.vm, disk: d.name, block: -1, offset: -1, reason: (e as Error).message });
          continue;
        }
        const unique = new Map<number, DataRecord>();
        for (const r of index.records) if (r.kind === 'data' && !unique.has(r.at)) unique.set(r.at, r);
        const reqs = [...unique.values()].sort((a, b) => a.at - b.at).map((record) => ({ record, writes: [] as [number, number, number][] }));
        result.records += reqs.length;
        const inFlight: Promise<WorkerReply>[] = [];
        const settle = async () => {
          const reply = await inFlight.shift()!;
          if (!reply.ok) throw new EngineError('VBRS_IO', `Health check of restore point '${point.id}' failed: ${reply.message}`, { kind: 'RestorePoint', name: point.id });
          if (reply.op !== 'records') return;
          buffers.give(reply.spans);
          for (const f of reply.faults)
            result.mismatches.push({ pointId: point.id, vm: point.vm, disk: d.name, block: Math.floor(f.offset / index.blockSize), offset: f.offset, reason: f.fault });
        };
        try {
          for (const span of groupIntoSpans(reqs)) {
            if (opts.signal?.aborted) throw cancelled(job, opts.signal);
            let read;
            try {
              read = await readSpan(repo.backend, dataFile(point.dir, d.name), span, buffers);
            } catch (e) {
              for (const r of span)
                result.mismatches.push({ pointId: point.id, vm: point.vm, disk: d.name, block: Math.floor(r.record.offset / index.blockSize), offset: r.record.offset, reason: (e as Error).message });
              continue;
            }
            result.checkedBytes += read.work.reduce((n, w) => n + w.bytes.length, 0);
            inFlight.push(pool.run({ op: 'records', outPath: null, verify: 'tree', records: read.work }, read.transfer).catch(workerLost));
            if (inFlight.length >= pool.size * 2) await settle();
          }
          while (inFlight.length > 0) await settle();
        } finally {
          await Promise.allSettled(inFlight);
        }
      }
      opts.onProgress?.({ kind: 'health-point', sessionId: opts.sessionId, pointId: point.id, vm: point.vm, mismatches: result.mismatches.length - before });
    }
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

/** Checked before each disk and each span, so a stop (Ctrl+C, the engine closing) ends the check
 *  within one span's work, not after a whole disk. */
function cancelled(job: string, signal: AbortSignal): EngineError {
  return new EngineError('VBRS_CANCELLED', `Health check of job '${job}' was cancelled (${stoppedPhrase(signal)}).`, { kind: 'Job', name: job });
}
