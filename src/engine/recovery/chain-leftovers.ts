// Unfinished restore points of one chain: what a backup or a retention merge killed before its
// commit leaves in the chain's folder — a point folder written but never published in chain.json
// (or an older version's `.tmp-*` folder), an old point folder a merge replaced but had not yet
// removed, an older version's `chain.json.tmp`. None of it is visible to readers (only chain.json
// publishes a point); this removes it through the repository's sweep. Called by a backup of the job
// before it writes, when the job's claim in the catalog guarantees no other live process is
// writing the chain.

import type { BackupRepository } from '../repository/index.ts';

/** Removes the chain's leftovers; returns the names removed (empty when there were none). */
export async function sweepChainLeftovers(repo: BackupRepository, job: string, vm: string): Promise<string[]> {
  return repo.withChainLock(job, vm, async () => (await repo.sweepTemporary({ job, vm, claimed: true })).map((s) => s.dir));
}
