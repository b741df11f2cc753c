// Removes what killed or crashed writers left in a repository: point folders that chain.json does
// not name (a backup or merge that never committed, including the `.tmp-*` folders older versions
// wrote), temporary files of writes that never finished (the backend's own, e.g. a folder's
// `.part-…` files, which list() never shows: a point killed at its first owner.json leaves nothing
// else) and stale owner records of committed points. A folder is removed only when its writer is
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
  // A chain whose folder holds only temporary files is not among them (they are never listed).
  if (filter.job !== undefined && filter.vm !== undefined && chains.length === 0) chains.push({ job: filter.job, vm: filter.vm, committed: false });
  for (const c of chains) {
    const mine = out.length;
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
    if (folders.size === 0) {
      await sweepUnfinishedWrites(repo, c, out.slice(mine), out);
      continue;
    }
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
    await sweepUnfinishedWrites(repo, c, out.slice(mine), out);
  }
  return out;
}

/**
 * The backend's temporary files in one chain's folder whose writer is gone, added to `out` per
 * folder (a point folder's name, or the file's own name beside chain.json); a folder the sweep
 * above already removed only grows its counts. Run last, so a folder is reported once.
 */
async function sweepUnfinishedWrites(repo: BackupRepository, c: { job: string; vm: string }, swept: SweptFolder[], out: SweptFolder[]): Promise<void> {
  const base = chainDir(c.job, c.vm);
  for (const o of await repo.backend.sweepTemporary(`${base}/`)) {
    const rest = o.key.slice(base.length + 1);
    const dir = rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : rest;
    const known = swept.find((f) => f.dir === dir);
    if (known) {
      known.objects++;
      known.bytes += o.size;
      continue;
    }
    const entry: SweptFolder = { job: c.job, vm: c.vm, dir, objects: 1, bytes: o.size, reason: 'a write its writer never finished (the writer is gone)' };
    swept.push(entry);
    out.push(entry);
  }
}
