// What depends on a repository: the jobs that write to it and the restore points it holds. Asked
// before a repository is removed from the catalog, where losing either silently would hide
// points from Get-RestorePoint and break the jobs' next runs. The points are counted from each
// chain's chain.json (<repository>/<job>/<vm>/chain.json, docs/repository-format.md), read only.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../catalog/catalog.ts';
import { unsealJson } from '../repository/sealed-json.ts';

export interface RepositoryUsage {
  jobs: string[];
  points: number;
}

export function repositoryUsage(catalog: Catalog, name: string, folder: string): RepositoryUsage {
  const hasJobs = catalog.get(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jobs'`);
  const jobs = hasJobs
    ? catalog.all(`SELECT name FROM jobs WHERE json_extract(settings, '$.Repository') = ? COLLATE NOCASE ORDER BY name`, name).map((r) => String(r.name))
    : [];
  return { jobs, points: countPoints(folder) };
}

function countPoints(folder: string): number {
  let n = 0;
  for (const job of entries(folder)) {
    for (const vm of entries(path.join(folder, job))) {
      try {
        const chain = unsealJson(fs.readFileSync(path.join(folder, job, vm, 'chain.json'))).value as { points?: unknown[] };
        n += Array.isArray(chain.points) ? chain.points.length : 0;
      } catch {
        // not a chain folder (repository.json's siblings, a damaged chain): nothing to count
      }
    }
  }
  return n;
}

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
