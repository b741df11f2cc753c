// The one write path to a virtual disk, and the guest's read view of it. Every vbrs write (guest
// workload, snapshot commit) goes through here, so it is where the three things that must see every
// write happen: an open VM snapshot redirects the write to its delta file, CBT marks the blocks,
// and the FileGuard lets live storage snapshots preserve the old bytes first.
// State is read from the catalog inside the write's transaction; one write is one transaction.

import * as fs from 'node:fs';
import type { Catalog } from '../catalog/catalog.ts';
import { EngineError } from '../engine-error.ts';
import { DISK_BLOCK_SIZE, detectExternalChange, loadDiskState, recordWrite } from './disk-state.ts';
import type { DiskState } from './disk-state.ts';
import type { FileGuard } from './file-guard.ts';
import { readFully } from './image-view.ts';

function ioError(state: DiskState, e: unknown): EngineError {
  return new EngineError('VBRS_IO', `Disk '${state.vmName}/${state.name}': ${(e as Error).message}`, { kind: 'Disk', name: `${state.vmName}/${state.name}`, cause: e });
}

export function pwriteFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done, position + done);
}

export class VirtualDisk {
  readonly blockSize = DISK_BLOCK_SIZE;
  private readonly catalog: Catalog;
  private readonly diskId: number;
  private readonly guard: FileGuard;

  constructor(catalog: Catalog, diskId: number, guard: FileGuard) {
    this.catalog = catalog;
    this.diskId = diskId;
    this.guard = guard;
  }

  get size(): number {
    return loadDiskState(this.catalog, this.diskId).size;
  }

  private check(state: DiskState, offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > state.size) {
      throw new EngineError('VBRS_INVALID_ARGUMENT', `Disk '${state.vmName}/${state.name}': range ${offset}+${length} is outside its ${state.size} bytes.`, { kind: 'Disk', name: `${state.vmName}/${state.name}` });
    }
  }

  /** What the guest sees now: delta blocks over the base while a VM snapshot is open. */
  read(offset: number, length: number): Buffer {
    const state = loadDiskState(this.catalog, this.diskId);
    this.check(state, offset, length);
    const out = Buffer.alloc(length);
    try {
      const base = fs.openSync(state.path, 'r');
      const delta = state.delta ? fs.openSync(state.delta.path, 'r') : -1;
      try {
        let pos = offset;
        const end = offset + length;
        while (pos < end) {
          const block = Math.floor(pos / DISK_BLOCK_SIZE);
          const n = Math.min((block + 1) * DISK_BLOCK_SIZE, end) - pos;
          const fd = state.delta && state.delta.map.has(block) ? delta : base;
          readFully(fd, out, pos - offset, n, pos);
          pos += n;
        }
      } finally {
        fs.closeSync(base);
        if (delta >= 0) fs.closeSync(delta);
      }
    } catch (e) {
      throw e instanceof EngineError ? e : ioError(state, e);
    }
    return out;
  }

  /** Writes guest data at `offset` through the snapshot delta, CBT and storage-snapshot COW. */
  write(offset: number, data: Buffer): void {
    if (data.length === 0) return;
    this.catalog.tx(() => {
      const state = loadDiskState(this.catalog, this.diskId);
      this.check(state, offset, data.length);
      detectExternalChange(this.catalog, state);
      const first = Math.floor(offset / DISK_BLOCK_SIZE);
      const last = Math.floor((offset + data.length - 1) / DISK_BLOCK_SIZE);
      try {
        if (state.delta) this.writeDelta(state, offset, data, first, last);
        else this.writeFile(state.path, offset, data);
      } catch (e) {
        throw e instanceof EngineError ? e : ioError(state, e);
      }
      recordWrite(this.catalog, state, first, last);
    });
  }

  private writeFile(path: string, offset: number, data: Buffer): void {
    this.guard.beforeWrite(path, offset, data.length);
    const fd = fs.openSync(path, 'r+');
    try {
      pwriteFully(fd, data, offset);
    } finally {
      fs.closeSync(fd);
    }
  }

  private writeDelta(state: DiskState, offset: number, data: Buffer, first: number, last: number): void {
    const delta = state.delta!;
    // A block enters the delta whole: a partly covered block not yet in the delta starts as a copy
    // of its base bytes, so delta blocks always read back completely.
    for (const b of first === last ? [first] : [first, last]) {
      if (delta.map.has(b)) continue;
      const start = b * DISK_BLOCK_SIZE;
      const len = Math.min(DISK_BLOCK_SIZE, state.size - start);
      if (offset <= start && offset + data.length >= start + len) continue;
      const fd = fs.openSync(state.path, 'r');
      const buf = Buffer.alloc(len);
      try { readFully(fd, buf, 0, len, start); } finally { fs.closeSync(fd); }
      this.writeFile(delta.path, start, buf);
    }
    this.writeFile(delta.path, offset, data);
    delta.map.setRange(first, last);
    this.catalog.run('UPDATE snapshot_deltas SET block_map = ? WHERE snapshot_id = ? AND disk_id = ?', delta.map.toBuffer(), delta.snapshotId, state.id);
  }
}
