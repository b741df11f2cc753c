// Every restore point the catalog's repositories hold, oldest first, with the repository holding
// each: what Get-RestorePoint and the REST API's /restorePoints list. Each repository is opened once
// per engine (its chain files are read again on every listing, so new points show).

import type { Engine } from './engine.ts';
import type { BackupRepository } from './repository/backup-repository.ts';
import type { RestorePoint } from './repository/restore-point.ts';

export interface ListedRestorePoint {
  point: RestorePoint;
  /** The catalog name of the repository that holds it. */
  repository: string;
}

const opened = new WeakMap<Engine, Map<string, Promise<BackupRepository>>>();

/** The repository at a catalog repository's path, opened once per engine. */
export function openRepository(engine: Engine, name: string): Promise<BackupRepository> {
  const r = engine.repositories.get(name);
  let cache = opened.get(engine);
  if (!cache) opened.set(engine, (cache = new Map()));
  let repo = cache.get(r.Path);
  if (!repo) {
    // Loaded on first use: the shell registers Get-RestorePoint at start-up, long before it runs.
    repo = import('./repository/backup-repository.ts').then((m) => m.BackupRepository.open(r.Path));
    repo.catch(() => cache.delete(r.Path));
    cache.set(r.Path, repo);
  }
  return repo;
}

/** Every restore point (optionally of one job and/or VM, names as in the catalog), oldest first. */
export async function listRestorePoints(engine: Engine, filter: { job?: string; vm?: string } = {}): Promise<ListedRestorePoint[]> {
  const all: ListedRestorePoint[] = [];
  const repos = filter.job ? [engine.repositories.get(engine.jobs.get(filter.job).Repository)] : engine.repositories.list();
  for (const r of repos) {
    const repo = await openRepository(engine, r.Name);
    for (const c of await repo.chains(filter.job)) {
      if (filter.vm && c.vm.toLowerCase() !== filter.vm.toLowerCase()) continue;
      for (const point of await repo.chain(c.job, c.vm)) all.push({ point, repository: r.Name });
    }
  }
  all.sort((a, b) => a.point.creationTime.getTime() - b.point.creationTime.getTime() || a.point.id.localeCompare(b.point.id));
  return all;
}
