// VM snapshots: creating one freezes every disk's base file and sends further writes to a
// copy-on-write delta file of real bytes; it also closes the disk's CBT epoch, so the snapshot's
// change id names exactly the frozen state. Removing it commits (merges) the delta into the base
// with real I/O, block by block through the same write path, so its measured cost grows with the
// delta size — the problem backup from storage snapshots exists to shorten.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../catalog/catalog.ts';
import { EngineError } from '../engine-error.ts';
import type { EngineEvents } from '../engine-events.ts';
import { BlockBitmap } from './block-bitmap.ts';
import { DISK_BLOCK_SIZE, changeIdOf, detectExternalChange, loadDiskState, recordStamp } from './disk-state.ts';
import type { FileGuard } from './file-guard.ts';
import type { ImageDescriptor } from './image-view.ts';
import { createSparseFile } from './sparse-file.ts';
import { pwriteFully } from './virtual-disk.ts';

export interface VmSnapshotDisk {
  Disk: string;
  ChangeId: string;
  DeltaPath: string;
  /** The frozen image of the disk at snapshot time (its base file). */
  Image: ImageDescriptor;
}

export interface VmSnapshot {
  VM: string;
  Name: string;
  CreationTime: Date;
  Disks: VmSnapshotDisk[];
}

export interface SnapshotCommitResult {
  VM: string;
  Snapshot: string;
  DeltaBytes: number;
  /** Measured wall time of the merge, in milliseconds. */
  CommitDurationMs: number;
  Disks: { Disk: string; DeltaBytes: number }[];
}

function vmRow(catalog: Catalog, vmName: string) {
  const vm = catalog.get('SELECT v.id, v.name, d.folder FROM vms v JOIN datastores d ON d.id = v.datastore_id WHERE v.name = ?', vmName);
  if (!vm) throw EngineError.notFound('VM', vmName);
  return { id: Number(vm.id), name: String(vm.name), folder: String(vm.folder) };
}

export function getVmSnapshot(catalog: Catalog, vmName: string): VmSnapshot | null {
  const vm = vmRow(catalog, vmName);
  const snap = catalog.get('SELECT id, name, created_at FROM vm_snapshots WHERE vm_id = ?', vm.id);
  if (!snap) return null;
  const disks = catalog.all(
    `SELECT d.id, d.name, d.size, d.path, s.change_id, s.delta_path FROM snapshot_deltas s JOIN disks d ON d.id = s.disk_id
      WHERE s.snapshot_id = ? ORDER BY d.id`,
    Number(snap.id),
  );
  const image = (d: (typeof disks)[number]): ImageDescriptor => {
    const desc: ImageDescriptor = { kind: 'raw', path: String(d.path), size: Number(d.size) };
    // The allocation bitmap (a superset of the frozen image's data) lets readers skip holes.
    const allocated = loadDiskState(catalog, Number(d.id)).allocated;
    if (allocated) desc.allocated = allocated.toExtents(DISK_BLOCK_SIZE, Number(d.size));
    return desc;
  };
  return {
    VM: vm.name,
    Name: String(snap.name),
    CreationTime: new Date(Number(snap.created_at)),
    Disks: disks.map((d) => ({
      Disk: String(d.name),
      ChangeId: String(d.change_id),
      DeltaPath: String(d.delta_path),
      Image: image(d),
    })),
  };
}

export function createVmSnapshot(catalog: Catalog, vmName: string, name: string, events?: EngineEvents): VmSnapshot {
  const vm = vmRow(catalog, vmName);
  const created: string[] = [];
  try {
    catalog.tx(() => {
      const existing = catalog.get('SELECT name FROM vm_snapshots WHERE vm_id = ?', vm.id);
      if (existing) {
        throw new EngineError('VBRS_SNAPSHOT_EXISTS', `VM '${vm.name}' already has snapshot '${existing.name}'; remove it first.`, { kind: 'VM', name: vm.name });
      }
      const now = Date.now();
      const snapId = catalog.run('INSERT INTO vm_snapshots (vm_id, name, created_at) VALUES (?, ?, ?)', vm.id, name, now);
      for (const d of catalog.all('SELECT id FROM disks WHERE vm_id = ? ORDER BY id', vm.id)) {
        const state = loadDiskState(catalog, Number(d.id));
        detectExternalChange(catalog, state);
        const seq = state.cbtSeq + 1;
        catalog.run('UPDATE disks SET cbt_seq = ? WHERE id = ?', seq, state.id);
        const deltaPath = path.join(vm.folder, vm.name, `${state.name}-${snapId}-delta.img`);
        createSparseFile(deltaPath, state.size);
        created.push(deltaPath);
        catalog.run(
          'INSERT INTO snapshot_deltas (snapshot_id, disk_id, delta_path, change_id, block_map) VALUES (?, ?, ?, ?, ?)',
          snapId, state.id, deltaPath, changeIdOf(state.cbtUuid, seq), new BlockBitmap(state.blocks).toBuffer(),
        );
      }
    });
  } catch (e) {
    for (const p of created) fs.rmSync(p, { force: true });
    if (e instanceof EngineError) throw e;
    throw new EngineError('VBRS_IO', `VM '${vm.name}': cannot create snapshot '${name}' (${(e as Error).message}).`, { kind: 'VM', name: vm.name, cause: e });
  }
  events?.emitEvent({ kind: 'vm-snapshot-created', vm: vm.name, snapshot: name });
  return getVmSnapshot(catalog, vm.name)!;
}

/** Copies each delta block into the base (real I/O, adjacent blocks in runs), then fsyncs. */
function mergeDelta(state: ReturnType<typeof loadDiskState>, guard: FileGuard): number {
  const delta = state.delta!;
  const extents = delta.map.toExtents(DISK_BLOCK_SIZE, state.size);
  if (extents.length === 0) return 0;
  const src = fs.openSync(delta.path, 'r');
  const dst = fs.openSync(state.path, 'r+');
  const chunk = Buffer.alloc(16 * DISK_BLOCK_SIZE);
  let bytes = 0;
  try {
    for (const ext of extents) {
      for (let pos = ext.offset; pos < ext.offset + ext.length; pos += chunk.length) {
        const n = Math.min(chunk.length, ext.offset + ext.length - pos);
        const buf = chunk.subarray(0, n);
        let got = 0;
        while (got < n) {
          const r = fs.readSync(src, buf, got, n - got, pos + got);
          if (r === 0) { buf.fill(0, got); break; }
          got += r;
        }
        guard.beforeWrite(state.path, pos, n);
        pwriteFully(dst, buf, pos);
        bytes += n;
      }
    }
    fs.fsyncSync(dst);
  } finally {
    fs.closeSync(src);
    fs.closeSync(dst);
  }
  return bytes;
}

export function removeVmSnapshot(catalog: Catalog, vmName: string, guard: FileGuard, events?: EngineEvents): SnapshotCommitResult {
  const vm = vmRow(catalog, vmName);
  const snap = catalog.get('SELECT id, name FROM vm_snapshots WHERE vm_id = ?', vm.id);
  if (!snap) throw new EngineError('VBRS_NO_SNAPSHOT', `VM '${vm.name}' has no snapshot to remove.`, { kind: 'VM', name: vm.name });
  const snapId = Number(snap.id);
  events?.emitEvent({ kind: 'vm-snapshot-commit-started', vm: vm.name, snapshot: String(snap.name) });
  const started = process.hrtime.bigint();
  const disks: { Disk: string; DeltaBytes: number }[] = [];
  const deltas: string[] = [];
  catalog.tx(() => {
    for (const d of catalog.all('SELECT disk_id FROM snapshot_deltas WHERE snapshot_id = ? ORDER BY disk_id', snapId)) {
      const state = loadDiskState(catalog, Number(d.disk_id));
      detectExternalChange(catalog, state);
      let bytes: number;
      try {
        bytes = mergeDelta(state, guard);
      } catch (e) {
        throw new EngineError('VBRS_IO', `VM '${vm.name}': commit of disk '${state.name}' failed (${(e as Error).message}).`, { kind: 'VM', name: vm.name, cause: e });
      }
      // The CBT bits were set when the delta was written; only the base file's stamp moves.
      recordStamp(catalog, state);
      disks.push({ Disk: state.name, DeltaBytes: bytes });
      deltas.push(state.delta!.path);
      events?.emitEvent({ kind: 'vm-snapshot-commit-progress', vm: vm.name, disk: state.name, bytes });
    }
    catalog.run('DELETE FROM vm_snapshots WHERE id = ?', snapId);
  });
  for (const p of deltas) {
    guard.beforeDelete(p);
    fs.rmSync(p, { force: true });
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const result: SnapshotCommitResult = {
    VM: vm.name,
    Snapshot: String(snap.name),
    DeltaBytes: disks.reduce((a, d) => a + d.DeltaBytes, 0),
    CommitDurationMs: ms,
    Disks: disks,
  };
  events?.emitEvent({ kind: 'vm-snapshot-committed', vm: vm.name, snapshot: result.Snapshot, deltaBytes: result.DeltaBytes, durationMs: ms });
  return result;
}
