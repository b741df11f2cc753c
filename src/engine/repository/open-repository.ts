// The one way the engine opens a repository's contents from its catalog record: the record's kind
// picks the backend (today only 'Folder', a local folder; an object store adds a kind here), and
// RepositoryOpener keeps one open BackupRepository per location, so jobs, restores, health checks
// and Get-RestorePoint in one engine share it (and its in-process chain locks).

import { BackupRepository } from './backup-repository.ts';
import type { RepositoryBackend } from './repository-backend.ts';
import { FsBackend } from './fs-backend.ts';
import { EngineError } from '../engine-error.ts';

export type RepositoryKind = 'Folder';

/** What a catalog record says about where a repository lives. */
export interface RepositoryAddress {
  /** 'Folder' when not given (every repository the catalog has held so far). */
  Kind?: RepositoryKind;
  Path: string;
}

const backends: Record<RepositoryKind, (a: RepositoryAddress) => RepositoryBackend> = {
  Folder: (a) => new FsBackend(a.Path),
};

function backendFor(a: RepositoryAddress): RepositoryBackend {
  const kind = a.Kind ?? 'Folder';
  const make = Object.hasOwn(backends, kind) ? backends[kind] : undefined;
  if (!make) throw new EngineError('VBRS_INVALID_ARGUMENT', `Repository at '${a.Path}' has an unknown kind '${String(kind)}'.`, { kind: 'Repository', name: a.Path });
  return make(a);
}

/** Opens (creating when needed) the repository a record describes. */
export function openRepository(record: RepositoryAddress): Promise<BackupRepository> {
  return Promise.resolve().then(() => BackupRepository.open(backendFor(record)));
}

/** One open repository per kind and location; a failed open is forgotten so the next call retries. */
export class RepositoryOpener {
  readonly #open = new Map<string, Promise<BackupRepository>>();
  readonly #opener: (record: RepositoryAddress) => Promise<BackupRepository>;

  constructor(opener: (record: RepositoryAddress) => Promise<BackupRepository> = openRepository) {
    this.#opener = opener;
  }

  open(record: RepositoryAddress): Promise<BackupRepository> {
    const key = keyOf(record);
    let r = this.#open.get(key);
    if (!r) {
      r = this.#opener(record);
      r.catch(() => this.#open.delete(key));
      this.#open.set(key, r);
    }
    return r;
  }

  /** The repository if it is open or was ever written; never creates one (BackupRepository.openExisting). */
  async openExisting(record: RepositoryAddress): Promise<BackupRepository | null> {
    const open = this.#open.get(keyOf(record));
    if (open) return open;
    return BackupRepository.openExisting(backendFor(record));
  }
}

function keyOf(record: RepositoryAddress): string {
  return `${record.Kind ?? 'Folder'}\u0000${record.Path}`;
}
