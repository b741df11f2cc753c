// Start-HealthCheck's data path: verifies everything a job's restore points are stored in —
// repository.json and each chain.json (their hash lines), every index (its hash in chain.json, its
// shape, that its records cover the data file exactly), every digests file (hash and length), each
// data file's size — then re-reads every stored record, decodes it and compares its grain tree hash
// with the index. Each problem names the point, the disk, the file and, for records, the block.
// Shared copies (dedupe) are checked once. Every index is read before any data, so a caller learns
// how much each disk will read (a session's task totals) up front.

import type { BackupRepository } from '../repository/backup-repository.ts';
import type { RestorePoint } from '../repository/restore-point.ts';
import type { DataRecord, DiskIndex } from '../repository/repository-format.ts';
import { dataCoverageFault, storedRecords } from '../repository/check-disk-index.ts';
import { DamagedFileError } from '../repository/damaged-file-error.ts';
import { dataFile } from '../repository/repository-format.ts';
import { EngineError } from '../engine-error.ts';
import { stoppedPhrase } from '../jobs/session-stop.ts';
import { DataMoverPool } from './data-mover-pool.ts';
import { groupIntoSpans, readSpan } from './stored-record-reader.ts';
import { SpanBuffers } from './span-buffers.ts';
import type { WorkerReply } from './worker-protocol.ts';
import { workerLost } from './worker-protocol.ts';
import { pausePoint } from '../test-pause-point.ts';

/** Which stored file a problem is in. */
export type HealthFile = 'repository.json' | 'chain.json' | 'index' | 'digests' | 'data';

export interface HealthMismatch {
  /** '' for a problem of the repository or of a whole chain. */
  pointId: string;
  vm: string;
  disk: string;
  file: HealthFile;
  /** Block number (offset / block size) and byte offset of the damaged record; -1 for a whole file. */
  block: number;
  offset: number;
  reason: string;
}

export interface HealthCheckResult {
  points: number;
  records: number;
  checkedBytes: number;
  mismatches: HealthMismatch[];
  /** The block size of each checked point's disk (key `pointId\u0000disk`), to mark damaged blocks. */
  blockSizes: Map<string, number>;
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
  /** File-level problems of the disk; when its index is one of them nothing of it is read. */
  failures: { file: HealthFile; reason: string }[];
}

export async function healthCheck(repo: BackupRepository, job: string, opts: HealthCheckOptions = {}): Promise<HealthCheckResult> {
  const pool = opts.pool ?? DataMoverPool.shared();
  // The workers start while the chain and its indexes are read, not at the first record.
  void pool.warm();
  const started = performance.now();
  const result: HealthCheckResult = { points: 0, records: 0, checkedBytes: 0, mismatches: [], blockSizes: new Map(), durationMs: 0 };
  const buffers = new SpanBuffers(pool.size * 2);
  const manifest = await repo.manifestProblem();
  if (manifest !== null) result.mismatches.push({ pointId: '', vm: '', disk: '', file: 'repository.json', block: -1, offset: -1, reason: manifest });
  const points = await plan(repo, job, opts, result.mismatches);
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
      result.blockSizes.set(`${point.id}\u0000${d.disk}`, d.blockSize || (point.disks.find((x) => x.name === d.disk)?.blockSize ?? 0));
      for (const f of d.failures) result.mismatches.push({ ...at, file: f.file, block: -1, offset: -1, reason: f.reason });
      if (d.failures.some((f) => f.file === 'index')) {
        opts.onProgress?.({ kind: 'health-disk', ...at, mismatches: d.failures.length });
        continue;
      }
      result.records += d.reqs.length;
      const inFlight: Promise<WorkerReply>[] = [];
      const settle = async () => {
        const reply = await inFlight.shift()!;
        if (!reply.ok) throw new EngineError('VBRS_IO', `Health check of restore point '${point.id}' failed: ${reply.message}`, { kind: 'RestorePoint', name: point.id });
        if (reply.op !== 'records') return;
        buffers.give(reply.spans);
        for (const f of reply.faults) result.mismatches.push({ ...at, file: 'data', block: Math.floor(f.offset / d.blockSize), offset: f.offset, reason: f.fault });
      };
      try {
        for (const span of groupIntoSpans(d.reqs)) {
          if (opts.signal?.aborted) throw cancelled(job, opts.signal);
          const spanBytes = span.reduce((n, r) => n + r.record.stored, 0);
          let read;
          try {
            read = await readSpan(repo.backend, dataFile(point.dir, d.disk), span, buffers);
          } catch (e) {
            for (const r of span) result.mismatches.push({ ...at, file: 'data', block: Math.floor(r.record.offset / d.blockSize), offset: r.record.offset, reason: (e as Error).message });
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

/** Reads and verifies every chain, index and digests file first, so the check knows how much it
 *  will read before it reads any data (a session's tasks get their totals up front). One entry per
 *  point, in check order; a chain that cannot be read is a problem of its own in `problems`. */
async function plan(repo: BackupRepository, job: string, opts: HealthCheckOptions, problems: HealthMismatch[]): Promise<{ point: RestorePoint; disks: PlannedDisk[] }[]> {
  const out: { point: RestorePoint; disks: PlannedDisk[] }[] = [];
  const chains = (await repo.chains(job)).filter((c) => opts.vm === undefined || c.vm === opts.vm);
  for (const c of chains) {
    let points: RestorePoint[];
    try {
      points = await repo.chain(c.job, c.vm);
    } catch (e) {
      problems.push({ pointId: '', vm: c.vm, disk: '', file: 'chain.json', block: -1, offset: -1, reason: (e as Error).message });
      continue;
    }
    for (const point of points) {
      const disks: PlannedDisk[] = [];
      for (const d of point.disks) {
        if (opts.signal?.aborted) throw cancelled(job, opts.signal);
        const failures: PlannedDisk['failures'] = [];
        const note = async (file: HealthFile, check: () => Promise<unknown>) => {
          try {
            const problem = await check();
            if (typeof problem === 'string') failures.push({ file, reason: problem });
          } catch (e) {
            failures.push({ file, reason: e instanceof DamagedFileError ? e.reason : (e as Error).message });
          }
        };
        let index: DiskIndex | null = null;
        await note('index', async () => {
          index = await repo.readIndex(point, d.name);
          return dataCoverageFault(index, d.storedBytes);
        });
        await note('digests', () => repo.readDigests(point, d.name));
        await note('data', () => repo.dataFileProblem(point, d.name));
        const ix = index as DiskIndex | null;
        const reqs = ix ? storedRecords(ix).map((record) => ({ record, writes: [] as [number, number, number][] })) : [];
        disks.push({ disk: d.name, blockSize: ix?.blockSize ?? 0, reqs, failures });
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
