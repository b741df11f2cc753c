// The real BackupTarget: restore points in a BackupRepository folder, written by the data movers
// (worker threads) through runDiskTransfer. An increment reads either the CBT extents or, without
// them, the whole image and lets the source movers compare grain digests with the previous point.
// Throttling rules share one token bucket per proxy→repository pair, as the guide describes.

import { EngineError } from '../engine-error.ts';
import { RepositoryOpener, type BackupRepository, type RestorePoint } from '../repository/index.ts';
import { DataMoverPool, runDiskTransfer, TokenBucket, type TransferMode } from '../datamover/index.ts';
import type { BackupTarget, ManagedRepository, PointOptions, PointSession, TransferRequest, TransferResult } from './backup-ports.ts';
import type { ChangeIdStore } from './change-id-store.ts';
import { sweepChainLeftovers } from '../recovery/chain-leftovers.ts';
import { pausePoint } from '../test-pause-point.ts';

export interface RepositoryTargetOptions {
  changeIds: ChangeIdStore;
  /** Worker pool for the source data movers; the shared pool when not given. */
  pool?: DataMoverPool;
  /**
   * Opens a job's repository (the engine passes its shared RepositoryOpener; tests pass one over an
   * in-memory backend with faults). By default each is opened once through openRepository(record).
   */
  openRepository?: (repository: ManagedRepository) => Promise<BackupRepository>;
  /** Applies the job's retention after each committed point (the repository part provides it). */
  retention?: (repo: BackupRepository, job: string, vm: string, retainPoints: number) => Promise<unknown>;
}

export class RepositoryTarget implements BackupTarget {
  readonly #opts: RepositoryTargetOptions;
  readonly #opener = new RepositoryOpener();
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(options: RepositoryTargetOptions) {
    this.#opts = options;
  }

  /** A job's repository, opened (a string is a folder's path: tests reach the repository a job wrote). */
  repository(r: ManagedRepository | string): Promise<BackupRepository> {
    const managed = typeof r === 'string' ? { name: r, path: r, maxTasks: 1 } : r;
    return this.#opts.openRepository ? this.#opts.openRepository(managed) : this.#opener.open({ Path: managed.path });
  }

  warmUp(): void {
    const pool = this.#opts.pool ?? DataMoverPool.shared();
    void pool.warm();
  }

  async begin(o: PointOptions): Promise<PointSession> {
    const repo = await this.repository(o.repository);
    // This session holds the job's claim, so whatever unfinished is in the chain is a dead one's.
    const leftovers = await sweepChainLeftovers(repo, o.job, o.vm);
    const chain = await repo.chain(o.job, o.vm);
    const previousOf = (disk: string): RestorePoint | undefined =>
      o.forceFull ? undefined : [...chain].reverse().find((p) => p.disks.some((d) => d.name === disk));
    const writer = await repo.beginPoint({
      job: o.job,
      vm: o.vm,
      type: o.forceFull || chain.length === 0 ? 'Full' : 'Increment',
      disks: o.disks.map((d) => ({ name: d.name, size: d.size })),
      blockSize: o.blockSize,
      compression: o.compression,
    });
    const changeIds = this.#opts.changeIds;
    const repoKey = o.repository.path;
    let settled = false;
    return {
      leftovers,
      hasPrevious: (disk) => writer.disk(disk).previousDigests !== null,
      healing: (disk) => {
        const heal = writer.disk(disk).heal;
        if (!heal) return null;
        const where = [...new Set(heal.marks.map((m) => (m.block < 0 ? `restore point ${m.pointId} ${m.file} file` : `restore point ${m.pointId} block ${m.block}`)))].join(', ');
        return heal.full
          ? `Damage found by a health check (${where}): sending disk '${disk}' in full to heal the chain`
          : `Re-sending ${heal.extents.length} damaged block(s) of disk '${disk}' found by a health check (${where}) to heal the chain`;
      },
      previousChangeId: (disk) => {
        const prev = previousOf(disk);
        return prev ? changeIds.get(repoKey, o.job, o.vm, prev.id, disk) : null;
      },
      transfer: async (r: TransferRequest): Promise<TransferResult> => {
        const disk = writer.disk(r.disk);
        // Blocks a health check marked damaged are read again whatever CBT says (see DiskHeal).
        const changed = r.changed && disk.heal ? [...r.changed, ...disk.heal.extents].sort((a, b) => a.offset - b.offset) : r.changed;
        const mode: TransferMode = disk.previousDigests === null ? { kind: 'full' } : changed ? { kind: 'extents', extents: changed } : { kind: 'digest' };
        const stats = await runDiskTransfer(
          {
            image: r.image,
            mode,
            ...(r.skip.length ? { skipExtents: r.skip } : {}),
            ...(r.throttleBytesPerSecond !== null ? { throttle: this.#bucket(r.proxy, o.repository.name, r.throttleBytesPerSecond) } : {}),
            signal: r.signal,
            ...(this.#opts.pool ? { pool: this.#opts.pool } : {}),
          },
          disk,
          (e) => {
            if (e.kind === 'task-progress' && e.transferredBytes > 0) pausePoint('data-moving');
            if (e.kind === 'task-progress') r.onProgress({ readBytes: e.readBytes, transferredBytes: e.transferredBytes, position: (e.processedBytes / Math.max(1, e.totalBytes)) * disk.size });
          },
        );
        return { readBytes: stats.readBytes, transferredBytes: stats.transferredBytes, bottleneck: stats.bottleneck };
      },
      commit: async (ids) => {
        if (settled) throw new EngineError('VBRS_INVALID_ARGUMENT', `Restore point of VM '${o.vm}' is already finished.`, { kind: 'RestorePoint' });
        settled = true;
        const point = await writer.commit();
        changeIds.set(repoKey, o.job, o.vm, point.id, ids);
        if (this.#opts.retention) await this.#opts.retention(repo, o.job, o.vm, o.retainPoints);
        return { id: point.id, type: point.type };
      },
      abort: async () => {
        settled = true;
        await writer.abort();
      },
    };
  }

  #bucket(proxy: string, repository: string, limit: number): TokenBucket {
    const key = `${proxy.toLowerCase()}\u0000${repository.toLowerCase()}\u0000${limit}`;
    let b = this.#buckets.get(key);
    if (!b) this.#buckets.set(key, (b = new TokenBucket(limit)));
    return b;
  }
}
