// What the write path, VM snapshots and CBT need to know about one virtual disk, read from the
// catalog each time (the catalog is the truth, so a second process sees an open snapshot and the CBT
// state), plus the CBT bookkeeping every write performs.

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import type { Catalog } from '../catalog/catalog.ts';
import { EngineError } from '../engine-error.ts';
import { BlockBitmap } from './block-bitmap.ts';
import { fileStamp } from './sparse-file.ts';

/** The fixed block size of disk I/O bookkeeping: CBT, snapshot deltas and storage-snapshot COW. */
export const DISK_BLOCK_SIZE = 64 * 1024;

export interface DeltaState {
  snapshotId: number;
  path: string;
  changeId: string;
  map: BlockBitmap;
}

export interface DiskState {
  id: number;
  name: string;
  vmId: number;
  vmName: string;
  size: number;
  blocks: number;
  path: string;
  cbtEnabled: boolean;
  cbtUuid: string;
  cbtSeq: number;
  cbtStamp: string | null;
  /** Blocks vbrs ever wrote (a superset of the non-zero blocks), or null when unknown. */
  allocated: BlockBitmap | null;
  delta: DeltaState | null;
}

export function blockCount(size: number): number {
  return Math.ceil(size / DISK_BLOCK_SIZE);
}

export function loadDiskState(catalog: Catalog, diskId: number): DiskState {
  const row = catalog.get(
    `SELECT d.id, d.name, d.vm_id, v.name AS vm_name, d.size, d.path, v.cbt, d.cbt_uuid, d.cbt_seq, d.cbt_stat, d.alloc_map
       FROM disks d JOIN vms v ON v.id = d.vm_id WHERE d.id = ?`,
    diskId,
  );
  if (!row) throw new EngineError('VBRS_UNKNOWN_OBJECT', `Disk #${diskId} was not found.`, { kind: 'Disk', name: String(diskId) });
  const size = Number(row.size);
  const blocks = blockCount(size);
  const d = catalog.get('SELECT snapshot_id, delta_path, change_id, block_map FROM snapshot_deltas WHERE disk_id = ?', diskId);
  return {
    id: diskId,
    name: String(row.name),
    vmId: Number(row.vm_id),
    vmName: String(row.vm_name),
    size,
    blocks,
    path: String(row.path),
    cbtEnabled: Number(row.cbt) === 1,
    cbtUuid: String(row.cbt_uuid),
    cbtSeq: Number(row.cbt_seq),
    cbtStamp: row.cbt_stat === null ? null : String(row.cbt_stat),
    allocated: row.alloc_map === null ? null : new BlockBitmap(blocks, row.alloc_map as Uint8Array),
    delta: d
      ? {
          snapshotId: Number(d.snapshot_id),
          path: String(d.delta_path),
          changeId: String(d.change_id),
          map: new BlockBitmap(blocks, d.block_map as Uint8Array),
        }
      : null,
  };
}

/** Starts a new CBT history: every change id handed out before is no longer valid. */
export function resetCbt(catalog: Catalog, diskId: number): string {
  const uuid = randomUUID();
  catalog.tx(() => {
    catalog.run('DELETE FROM cbt_epochs WHERE disk_id = ?', diskId);
    const path = String(catalog.get('SELECT path FROM disks WHERE id = ?', diskId)!.path);
    catalog.run('UPDATE disks SET cbt_uuid = ?, cbt_seq = 1, cbt_stat = ? WHERE id = ?', uuid, stampOrNull(path), diskId);
  });
  return uuid;
}

function stampOrNull(path: string): string | null {
  return fs.existsSync(path) ? fileStamp(path) : null;
}

/**
 * If the base file's size or mtime differ from what vbrs recorded after its own last write, something
 * else changed the file: CBT can no longer say what changed, so it is reset. Returns true on reset.
 */
export function detectExternalChange(catalog: Catalog, state: DiskState): boolean {
  const now = stampOrNull(state.path);
  if (state.cbtStamp === null || now === state.cbtStamp) return false;
  const uuid = resetCbt(catalog, state.id);
  // Whatever changed the file may have filled holes: allocation is unknown until a scan.
  catalog.run('UPDATE disks SET alloc_map = NULL WHERE id = ?', state.id);
  state.allocated = null;
  state.cbtUuid = uuid;
  state.cbtSeq = 1;
  state.cbtStamp = now;
  return true;
}

/** Marks blocks written in the current epoch and as allocated, and records the base file's stamp. */
export function recordWrite(catalog: Catalog, state: DiskState, first: number, last: number): void {
  if (state.allocated) {
    state.allocated.setRange(first, last);
    catalog.run('UPDATE disks SET alloc_map = ? WHERE id = ?', state.allocated.toBuffer(), state.id);
  }
  if (state.cbtEnabled) {
    const row = catalog.get('SELECT bitmap FROM cbt_epochs WHERE disk_id = ? AND cbt_uuid = ? AND seq = ?', state.id, state.cbtUuid, state.cbtSeq);
    const map = new BlockBitmap(state.blocks, row ? (row.bitmap as Uint8Array) : undefined);
    map.setRange(first, last);
    catalog.run(
      'INSERT OR REPLACE INTO cbt_epochs (disk_id, cbt_uuid, seq, bitmap) VALUES (?, ?, ?, ?)',
      state.id, state.cbtUuid, state.cbtSeq, map.toBuffer(),
    );
  }
  recordStamp(catalog, state);
}

/** Records the base file's stamp after vbrs itself changed it. */
export function recordStamp(catalog: Catalog, state: DiskState): void {
  state.cbtStamp = stampOrNull(state.path);
  catalog.run('UPDATE disks SET cbt_stat = ? WHERE id = ?', state.cbtStamp, state.id);
}

export function changeIdOf(uuid: string, seq: number): string {
  return `${uuid}/${seq}`;
}

export function parseChangeId(changeId: string): { uuid: string; seq: number } | null {
  const m = /^([0-9a-f-]+)\/(\d+)$/i.exec(changeId);
  return m ? { uuid: m[1]!, seq: Number(m[2]) } : null;
}
