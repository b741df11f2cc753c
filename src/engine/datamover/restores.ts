// Restores as the engine runs them (`engine.restores`): restorePointToFiles on the engine's own data
// movers, registered with the engine so Engine.close() stops a restore in progress and waits until
// it has removed what it wrote. The seeds say nothing of restores across a shutdown; stopping (not
// finishing) is our choice, as for job sessions, and a stopped restore keeps no image, so nothing
// partial passes for a finished restore.

import type { BackupRepository } from '../repository/backup-repository.ts';
import type { RestorePoint } from '../repository/restore-point.ts';
import type { EngineOperations } from '../engine-operations.ts';
import type { DataMoverPool } from './data-mover-pool.ts';
import { restorePointToFiles, type RestoreEvent, type RestoreResult } from './restore-point-to-files.ts';

export interface RestoreStartOptions {
  /** The caller's stop (Ctrl+C): the restore ends with VBRS_CANCELLED and keeps no image. */
  signal?: AbortSignal;
  onProgress?: (e: RestoreEvent) => void;
}

export class Restores {
  readonly #operations: EngineOperations;
  readonly #pool: DataMoverPool;

  constructor(operations: EngineOperations, pool: DataMoverPool) {
    this.#operations = operations;
    this.#pool = pool;
  }

  /** Writes every disk of `point` as `<outDir>/<VM>/<disk>.img`; all of them, or none on failure. */
  restore(repo: BackupRepository, point: RestorePoint, outDir: string, options: RestoreStartOptions = {}): Promise<RestoreResult> {
    return this.#operations.run(`the restore of restore point '${point.id}'`, options.signal, (signal) =>
      restorePointToFiles(repo, point, outDir, { signal, pool: this.#pool, ...(options.onProgress ? { onProgress: options.onProgress } : {}) }),
    );
  }
}
