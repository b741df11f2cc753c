// The narrow view of the engine that backup from storage snapshots needs, defined here by its user
// (STYLE.md): inventory facts (where a VM's disks live, which proxies see which arrays), VM
// snapshots, storage arrays and their snapshots, and the live task list of a running session (so one
// storage snapshot can serve every VM of the job on a volume). The Engine facade fits this shape.

import type { EventEmitter } from 'node:events';
import type { ImageDescriptor } from '../infra/image-view.ts';
import type { SnapshotCommitResult, VmSnapshot } from '../infra/vm-snapshot.ts';
import type { SessionEvent } from '../jobs/live-session.ts';
import type { TaskSessionInfo } from '../jobs/session-info.ts';
import type { StorageArray } from '../storage/storage-arrays.ts';
import type { SnapshotTransferResult, StorageSnapshot, StorageSnapshotKind } from '../storage/storage-snapshots.ts';

export interface BfssVms {
  get(name: string): { Name: string; Datastore: string; Disks: { Name: string; Size: number; Path: string }[] };
  createSnapshot(vm: string, name: string): VmSnapshot;
  removeSnapshot(vm: string): SnapshotCommitResult;
  getSnapshot(vm: string): VmSnapshot | null;
}

export interface BfssStorageSnapshots {
  create(opts: { Array: string; Volume: string; Name?: string; Kind?: StorageSnapshotKind }): StorageSnapshot;
  list(filter?: { Array?: string; Volume?: string; Name?: string; Kind?: StorageSnapshotKind }): StorageSnapshot[];
  transferAsync(array: string, name: string, opts?: { Target?: string; Retain?: number }): Promise<SnapshotTransferResult>;
  /** The transfer a Nimble-like array started itself when it created the snapshot, or null. */
  startedTransfer(array: string, name: string, target: string): Promise<SnapshotTransferResult> | null;
  mount(array: string, name: string, proxy: string): StorageSnapshot;
  unmount(array: string, name: string): StorageSnapshot;
  remove(array: string, name: string): void;
  diskImage(array: string, name: string, vm: string, disk: string): ImageDescriptor;
}

/** A running session's live task records and event stream (the Backup Manager adds every task before any VM freezes). */
export interface SessionView {
  tasks: readonly TaskSessionInfo[];
  events: EventEmitter<{ event: [SessionEvent] }>;
}

export interface BfssInventory {
  vms: BfssVms;
  datastores: { get(name: string): { Name: string; Volume: string | null; Array: string | null; Path: string } };
  arrays: { get(name: string): StorageArray };
  proxies: { list(): { Name: string; SanAccess: string[] }[] };
  storageSnapshots: BfssStorageSnapshots;
}
