// Changed block tracking. Each disk has a CBT history id (a uuid) and an epoch counter; a change id
// is `uuid/seq` and names the state that contains every epoch below `seq`. Every VM snapshot closes
// the current epoch, so "changed since X" for a snapshot is the OR of the epoch bitmaps from X's
// seq up to the snapshot's. A reset (by request, by re-enabling CBT, or because the file changed
// outside vbrs) starts a new uuid: older change ids are refused with VBRS_CBT_RESET and the next
// incremental must fall back to a digest compare.

import * as fs from 'node:fs';
import type { Catalog } from '../catalog/catalog.ts';
import { EngineError } from '../engine-error.ts';
import { BlockBitmap } from './block-bitmap.ts';
import type { Extent } from './block-bitmap.ts';
import { DISK_BLOCK_SIZE, changeIdOf, detectExternalChange, loadDiskState, parseChangeId } from './disk-state.ts';
import type { DiskState } from './disk-state.ts';
import { fileStamp } from './sparse-file.ts';

function fileStampOrNull(path: string): string | null {
  return fs.existsSync(path) ? fileStamp(path) : null;
}

function label(state: DiskState): string {
  return `${state.vmName}/${state.name}`;
}

/** The change id of what a reader of the disk sees now: the open snapshot's, else the live state. */
export function currentChangeId(catalog: Catalog, diskId: number): string {
  const state = loadDiskState(catalog, diskId);
  detectExternalChange(catalog, state);
  return state.delta ? state.delta.changeId : changeIdOf(state.cbtUuid, state.cbtSeq + 1);
}

/**
 * Every allocated extent of the image a backup reads (with a snapshot open the base file is the
 * frozen image; without one it is the whole disk). From the allocation bitmap when vbrs knows it
 * (a superset: blocks written into an open delta are included), else by scanning the file.
 */
export function allocatedExtentsOf(catalog: Catalog, state: DiskState): Extent[] {
  detectExternalChange(catalog, state);
  if (state.allocated) return state.allocated.toExtents(DISK_BLOCK_SIZE, state.size);
  const scanned = scanNonZero(state.path, state.size);
  // With no snapshot open the base file is the whole disk, so the scan becomes the allocation
  // bitmap that later writes keep up to date (with a delta open, writes already in it were not
  // recorded, so the scan of the frozen base cannot stand for the disk).
  if (!state.delta) {
    const map = new BlockBitmap(state.blocks);
    for (const x of scanned) map.setRange(x.offset / DISK_BLOCK_SIZE, Math.ceil((x.offset + x.length) / DISK_BLOCK_SIZE) - 1);
    catalog.tx(() => {
      // Kept only if nothing wrote the disk while it was scanned (every vbrs write moves the stamp).
      const now = loadDiskState(catalog, state.id);
      if (now.allocated === null && now.delta === null && now.cbtStamp === state.cbtStamp && fileStampOrNull(state.path) === state.cbtStamp) {
        catalog.run('UPDATE disks SET alloc_map = ? WHERE id = ?', map.toBuffer(), state.id);
      }
    });
  }
  return scanned;
}

/** Non-zero blocks of a file, as extents. */
function scanNonZero(file: string, size: number): Extent[] {
  const map = new BlockBitmap(Math.ceil(size / DISK_BLOCK_SIZE));
  const buf = Buffer.alloc(16 * DISK_BLOCK_SIZE);
  const zero = Buffer.alloc(DISK_BLOCK_SIZE);
  const fd = fs.openSync(file, 'r');
  try {
    for (let pos = 0; pos < size; pos += buf.length) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      for (let off = 0; off < n; off += DISK_BLOCK_SIZE) {
        const end = Math.min(off + DISK_BLOCK_SIZE, n);
        // memcmp against zeros: a multi-GiB sparse disk is scanned at memory speed
        if (buf.compare(zero, 0, end - off, off, end) !== 0) map.set((pos + off) / DISK_BLOCK_SIZE);
      }
      if (n === 0) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  return map.toExtents(DISK_BLOCK_SIZE, size);
}

/**
 * Extents changed since `since` in the image a backup reads: the open VM snapshot's frozen image if
 * there is one, else the live disk. `since = '*'` returns every allocated extent.
 */
export function changedExtents(catalog: Catalog, diskId: number, since: string): Extent[] {
  const state = loadDiskState(catalog, diskId);
  if (!state.cbtEnabled) {
    throw new EngineError('VBRS_CBT_DISABLED', `Disk '${label(state)}': changed block tracking is disabled for VM '${state.vmName}'.`, { kind: 'Disk', name: label(state) });
  }
  const reset = detectExternalChange(catalog, state);
  if (since === '*') return allocatedExtentsOf(catalog, state);
  const parsed = parseChangeId(since);
  if (!parsed) throw new EngineError('VBRS_INVALID_ARGUMENT', `Disk '${label(state)}': '${since}' is not a change id.`, { kind: 'Disk', name: label(state) });
  if (reset || parsed.uuid !== state.cbtUuid) {
    throw new EngineError('VBRS_CBT_RESET', `Disk '${label(state)}': changed block tracking was reset since change id '${since}'; a full scan is needed.`, { kind: 'Disk', name: label(state) });
  }
  const upTo = state.delta ? parseChangeId(state.delta.changeId)!.seq : state.cbtSeq + 1;
  if (parsed.seq > upTo) {
    throw new EngineError('VBRS_INVALID_ARGUMENT', `Disk '${label(state)}': change id '${since}' is newer than the disk's state.`, { kind: 'Disk', name: label(state) });
  }
  const union = new BlockBitmap(state.blocks);
  for (const row of catalog.all('SELECT bitmap FROM cbt_epochs WHERE disk_id = ? AND cbt_uuid = ? AND seq >= ? AND seq < ?', state.id, state.cbtUuid, parsed.seq, upTo)) {
    union.or(new BlockBitmap(state.blocks, row.bitmap as Uint8Array));
  }
  return union.toExtents(DISK_BLOCK_SIZE, state.size);
}
