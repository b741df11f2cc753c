// Removes what killed or crashed writers left in a repository: point folders that chain.json does
// not name (a backup or merge that never committed, including the `.tmp-*` folders older versions
// wrote) and stale owner records of committed points. A folder is removed only when its writer is
// gone (point-owner.ts), and only if chain.json still does not name it when the sweep gets to it,
// so a writer in another process committing at the same moment keeps its point.

import type { BackupRepository } from './backup-repository.ts';
import type { ObjectInfo } from './repository-backend.ts';
import { chainDir, ownerFile } from './repository-format.ts';
import { orphanReason, parseOwner } from './point-owner.ts';

export interface SweptFolder {
  job: string;
  vm: string;
  /** The folder's name inside the chain's folder. */
  dir: string;
  objects: number;
  bytes: number;
  reason: string;
}

/** Folder names vbrs gives points (`<UTC stamp>-<hex>`), merged points (`…-m<hex>`) and older versions' `.tmp-*`. */
const POINT_DIR = /^(?:\.tmp-.*|\d{8}T\d{9}Z-[0-9a-f]{4}(?:-m[0-9a-f]{1,4})?)$/;
/** A whole-file write an older vbrs left half-done. */
const OLD_CHAIN_TMP = 'chain.json.tmp';

export interface SweepOptions {
  job?: string;
  vm?: string;
  /**
   * The caller holds the job's claim in the catalog (a backup of the job is starting), so no live
   * process can be writing these chains: every unfinished folder goes, whatever its owner record.
   */
  claimed?: boolean;
}

export async function sweepTemporary(repo: BackupRepository, filter: SweepOptions = {}, now = new Date()): Promise<SweptFolder[]> {
  const out: SweptFolder[] = [];
  const chains = (await repo.chainFolders(filter.job)).filter((c) => filter.vm === undefined || c.vm === filter.vm);
  for (const c of chains) {
    const base = chainDir(c.job, c.vm);
    const folders = new Map<string, ObjectInfo[]>();
    for (const o of await repo.backend.list(`${base}/`)) {
      const rest = o.key.slice(base.length + 1);
      const slash = rest.indexOf('/');
      // Only what vbrs names: a file or folder it does not know is never touched.
      const dir = slash < 0 ? rest : rest.slice(0, slash);
      if (slash < 0 ? dir !== OLD_CHAIN_TMP : !POINT_DIR.test(dir)) continue;
      folders.set(dir, [...(folders.get(dir) ?? []), o]);
    }
    if (folders.size === 0) continue;
    const named = async () => new Set((await repo.readChainFile(c.job, c.vm)).points.map((p) => p.dir));
    let committed = await named();
    for (const [dir, objects] of folders) {
      const ownerKey = ownerFile(`${base}/${dir}`);
      const owner = objects.some((o) => o.key === ownerKey) ? parseOwner(await repo.backend.get(ownerKey).catch(() => null)) : null;
      const lastWrite = new Date(Math.max(...objects.map((o) => o.modified.getTime())));
      const reason = filter.claimed ? "the job's claim is held by this backup, so its writer is gone" : orphanReason(owner, lastWrite, now);
      if (reason === null) continue;
      if (committed.has(dir)) {
        // A committed point whose writer died between the commit and removing its owner record.
        if (owner) await repo.backend.delete(ownerKey);
        continue;
      }
      committed = await named();
      if (committed.has(dir)) continue;
      for (const o of objects) await repo.backend.delete(o.key);
      out.push({ job: c.job, vm: c.vm, dir, objects: objects.length, bytes: objects.reduce((n, o) => n + o.size, 0), reason });
    }
  }
  return out;
}
