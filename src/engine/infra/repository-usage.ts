// What depends on a repository: the jobs that write to it and the restore points it holds. Asked
// before a repository is removed from the catalog, where losing either silently would hide
// points from Get-RestorePoint and break the jobs' next runs. The points are counted through the
// repository seam (the engine's opener, read only: a folder never written is not created), the
// jobs from the catalog.

import type { Catalog } from '../catalog/catalog.ts';
import type { BackupRepository } from '../repository/backup-repository.ts';

export interface RepositoryUsage {
  jobs: string[];
  points: number;
  /** Why the points could not be counted (an unreadable repository.json), or null. */
  unreadable: string | null;
}

/** The jobs whose settings name the repository (inside the caller's transaction). */
export function jobsUsing(catalog: Catalog, name: string): string[] {
  const hasJobs = catalog.get(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'`);
  if (!hasJobs) return [];
  return catalog.all(`SELECT name FROM jobs WHERE json_extract(settings, '$.Repository') = ? COLLATE NOCASE ORDER BY name`, name).map((r) => String(r.name));
}

/**
 * The committed points of every chain, from each chain.json. A damaged chain.json counts none
 * (its points cannot be listed anyway); a repository that cannot be opened is `unreadable`.
 */
export async function countPoints(open: () => Promise<BackupRepository | null>): Promise<Pick<RepositoryUsage, 'points' | 'unreadable'>> {
  let repo: BackupRepository | null;
  try {
    repo = await open();
  } catch (e) {
    // The engine's message is a sentence; here it goes inside another one.
    return { points: 0, unreadable: (e instanceof Error ? e.message : String(e)).replace(/\.$/, '') };
  }
  let points = 0;
  for (const c of repo ? await repo.chains().catch(() => []) : []) {
    points += await repo!.chain(c.job, c.vm).then((p) => p.length, () => 0);
  }
  return { points, unreadable: null };
}
