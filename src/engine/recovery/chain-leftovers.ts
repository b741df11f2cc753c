// Unfinished restore points of one chain: what a backup or a retention merge killed before its
// commit leaves in the chain's folder — a `.tmp-*` folder being written, a point folder renamed into
// place but never published in chain.json, an old point folder a merge replaced but had not yet
// removed, a `chain.json.tmp` of an interrupted atomic write. None of it is visible to readers (only
// chain.json publishes a point); this removes it. Called by a backup of the job before it writes,
// when the job's claim in the catalog guarantees no other live process is writing the chain.

import type { BackupRepository } from '../repository/index.ts';
import { chainDir } from '../repository/repository-format.ts';

/** Folder names vbrs gives points (`<UTC stamp>-<hex>`) and merged points (`…-m<hex>`). */
const POINT_DIR = /^\d{8}T\d{9}Z-[0-9a-f]{4}(?:-m[0-9a-f]{1,4})?$/;

/** Removes the chain's leftovers; returns the names removed (empty when there were none). */
export async function sweepChainLeftovers(repo: BackupRepository, job: string, vm: string): Promise<string[]> {
  return repo.withChainLock(job, vm, async () => {
    const base = chainDir(job, vm);
    const names = await repo.backend.list(base);
    if (names.length === 0) return [];
    const published = new Set((await repo.readChainFile(job, vm)).points.map((p) => p.dir));
    // Anything else in the folder (a file another version of vbrs keeps there) is never touched.
    const leftovers = names.filter((n) => n.startsWith('.tmp-') || n === 'chain.json.tmp' || (POINT_DIR.test(n) && !published.has(n)));
    for (const n of leftovers) await repo.backend.remove(`${base}/${n}`);
    return leftovers;
  });
}
