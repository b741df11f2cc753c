// Every restore point the catalog's repositories hold, oldest first, with the repository holding
// each: what Get-RestorePoint and the REST API's /restorePoints list. Each repository is opened once
// per engine by Engine.openRepository (its chain files are read again on every listing, so new
// points show).

import type { Engine } from './engine.ts';
import type { RestorePoint } from './repository/restore-point.ts';

export interface ListedRestorePoint {
  point: RestorePoint;
  /** The catalog name of the repository that holds it. */
  repository: string;
}

/** Every restore point (optionally of one job and/or VM, names as in the catalog), oldest first. */
export async function listRestorePoints(engine: Engine, filter: { job?: string; vm?: string } = {}): Promise<ListedRestorePoint[]> {
  const all: ListedRestorePoint[] = [];
  const repos = filter.job ? [engine.repositories.get(engine.jobs.get(filter.job).Repository)] : engine.repositories.list();
  for (const r of repos) {
    const repo = await engine.openRepository(r.Name);
    for (const c of await repo.chains(filter.job)) {
      if (filter.vm && c.vm.toLowerCase() !== filter.vm.toLowerCase()) continue;
      for (const point of await repo.chain(c.job, c.vm)) all.push({ point, repository: r.Name });
    }
  }
  all.sort((a, b) => a.point.creationTime.getTime() - b.point.creationTime.getTime() || a.point.id.localeCompare(b.point.id));
  return all;
}
