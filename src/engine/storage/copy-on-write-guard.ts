// Copy-on-write for storage snapshots, plugged into the single disk write path as its FileGuard.
// Before vbrs overwrites blocks of a file that a live storage snapshot captured, the old bytes of
// each block not yet preserved are stored in that snapshot's preserved-blocks store (layout in
// infra/image-view.ts). Before vbrs deletes such a file, the snapshot takes a hard link to it, so
// the view keeps reading the last bytes the file had (nothing writes to a deleted path again).
// Runs inside the write's catalog transaction, so writers in different processes take turns.
// Writes made by anything other than vbrs bypass this, as they would bypass a real array's
// snapshot engine only if they went around the array; CBT still notices them.

import * as fs from 'node:fs';
import type { Catalog } from '../catalog/catalog.ts';
import { DISK_BLOCK_SIZE } from '../infra/disk-state.ts';
import type { FileGuard } from '../infra/file-guard.ts';
import { loadPreservedIndex } from '../infra/image-view.ts';

export interface PreservedStore {
  data: string;
  index: string;
  base: string;
}

/** File names of the store whose prefix the catalog records (`store` column). */
export function storeFiles(prefix: string): PreservedStore {
  return { data: `${prefix}.data`, index: `${prefix}.index`, base: `${prefix}.base` };
}

function readBlock(fd: number, block: number, limit: number): Buffer {
  const buf = Buffer.alloc(DISK_BLOCK_SIZE);
  const start = block * DISK_BLOCK_SIZE;
  const want = Math.max(0, Math.min(DISK_BLOCK_SIZE, limit - start));
  let got = 0;
  while (got < want) {
    const n = fs.readSync(fd, buf, got, want - got, start + got);
    if (n === 0) break;
    got += n;
  }
  return buf;
}

/** Preserves blocks [first, last] of `live` into one snapshot's store, skipping those already there. */
export function preserveBlocks(live: string, store: PreservedStore, snapshotSize: number, first: number, last: number): number {
  const lastInSnapshot = Math.ceil(snapshotSize / DISK_BLOCK_SIZE) - 1;
  const end = Math.min(last, lastInSnapshot);
  if (first > end) return 0;
  const index = loadPreservedIndex(store.index, DISK_BLOCK_SIZE);
  let entries = fs.existsSync(store.index) ? Math.floor(fs.statSync(store.index).size / 8) : 0;
  let preserved = 0;
  const liveFd = fs.openSync(live, 'r');
  const dataFd = fs.openSync(store.data, fs.existsSync(store.data) ? 'r+' : 'w+');
  const indexFd = fs.openSync(store.index, 'a');
  try {
    for (let b = first; b <= end; b++) {
      if (index.has(b)) continue;
      // Data goes at the slot the next index entry names, then the entry: a crash between the two
      // leaves a stray block that the next preservation overwrites, never a misaligned index.
      fs.writeSync(dataFd, readBlock(liveFd, b, snapshotSize), 0, DISK_BLOCK_SIZE, entries * DISK_BLOCK_SIZE);
      const entry = Buffer.alloc(8);
      entry.writeBigUInt64LE(BigInt(b));
      fs.writeSync(indexFd, entry);
      index.set(b, entries * DISK_BLOCK_SIZE);
      entries++;
      preserved++;
    }
  } finally {
    fs.closeSync(liveFd);
    fs.closeSync(dataFd);
    fs.closeSync(indexFd);
  }
  return preserved;
}

export class StorageCopyOnWrite implements FileGuard {
  private readonly catalog: Catalog;

  constructor(catalog: Catalog) {
    this.catalog = catalog;
  }

  private captures(path: string) {
    // base_path = path means the snapshot still reads this live file (not yet detached by a delete).
    return this.catalog.all('SELECT snapshot_id, size, store FROM storage_snapshot_files WHERE path = ? AND base_path = path', path);
  }

  beforeWrite(path: string, offset: number, length: number): void {
    if (length <= 0) return;
    const rows = this.captures(path);
    if (rows.length === 0) return;
    const first = Math.floor(offset / DISK_BLOCK_SIZE);
    const last = Math.floor((offset + length - 1) / DISK_BLOCK_SIZE);
    for (const r of rows) preserveBlocks(path, storeFiles(String(r.store)), Number(r.size), first, last);
  }

  beforeDelete(path: string): void {
    for (const r of this.captures(path)) {
      const store = storeFiles(String(r.store));
      fs.rmSync(store.base, { force: true });
      try {
        fs.linkSync(path, store.base);
      } catch {
        fs.copyFileSync(path, store.base);
      }
      this.catalog.run('UPDATE storage_snapshot_files SET base_path = ? WHERE snapshot_id = ? AND path = ?', store.base, Number(r.snapshot_id), path);
    }
  }
}
