// The narrow interfaces the Backup Manager drives, defined here by their user (STYLE.md): what it
// asks the infrastructure (VMs, proxies, repositories — the Broker Service's answers), how it gets a
// frozen image of a VM's disks (a VM snapshot today; a storage snapshot in src/engine/bfss later —
// this is the seam), and where the data goes (a restore point written by data movers). The engine
// wires real implementations in; tests may wire small in-memory ones.

import type { Extent } from '../infra/block-bitmap.ts';
import type { ImageDescriptor } from '../infra/image-view.ts';
import type { GuestOS } from '../guest/index.ts';
import type { TransportMode, TransportProxy, TransportSource } from './transport-mode.ts';
import type { SnapshotSource } from './session-info.ts';
import type { Compression, JobInfo } from './job-settings.ts';

export interface ManagedDisk {
  name: string;
  path: string;
  size: number;
  /** Guest swap / pagefile ranges the source data mover reads as zeros and never sends. */
  swapExtents: Extent[];
}

export interface ManagedVm {
  name: string;
  guestOS: GuestOS;
  host: string;
  datastore: string;
  toolsInstalled: boolean;
  networkReachable: boolean;
  credential: string | null;
  cbtEnabled: boolean;
  disks: ManagedDisk[];
  transport: TransportSource;
}

export interface ManagedProxy extends TransportProxy {
  maxTasks: number;
}

export interface ManagedRepository {
  name: string;
  path: string;
  maxTasks: number;
}

/** The Broker Service's view of the infrastructure, read fresh at each session. */
export interface BackupInfrastructure {
  vm(name: string): ManagedVm | null;
  proxies(): ManagedProxy[];
  repository(name: string): ManagedRepository | null;
  /** Why `mode` cannot be used right now from this proxy for this VM (e.g. the array is disconnected), or null. */
  transportFault(mode: TransportMode, proxy: ManagedProxy, vm: ManagedVm): string | null;
  /** The throttling limit in bytes per second between a proxy and a repository, or null. */
  throttle(proxy: string, repository: string): number | null;
  /** Extents changed since `changeId` (CBT), or null when CBT cannot answer (off, reset, unknown id). */
  changedExtents(vm: string, disk: string, changeId: string): Extent[] | null;
}

export type FrozenLog = (severity: 'Info' | 'Warning' | 'Error', text: string) => void;

export interface FrozenDisk {
  disk: string;
  image: ImageDescriptor;
  /** The CBT change id naming exactly the frozen state, or null without CBT. */
  changeId: string | null;
  /**
   * Where the frozen file holds data, for a task that reads the whole disk while `image` carries no
   * allocation map (the file system's own map: infra/data-regions.ts); null when it cannot be known.
   * Absent when there is nothing to ask. Asked only by tasks that need it: a CBT incremental does not.
   */
  dataRegions?: () => Promise<Extent[] | null>;
}

/** A VM's disks frozen at one point in time, until release(). */
export interface FrozenVm {
  readonly source: SnapshotSource;
  readonly disks: FrozenDisk[];
  /**
   * Set when the image can only be read one way (a storage snapshot mounted to the proxy is read
   * over the SAN); otherwise each disk task picks the proxy's best mode.
   */
  readonly transportMode?: TransportMode;
  /**
   * Set when the source finishes the frozen image after the guest is released (backup from storage
   * snapshots: the VM snapshot is the guest's consistent point, the storage snapshot follows). The
   * Backup Manager thaws the guest, then reads from the FrozenVm this returns; if it throws, it
   * releases this one.
   */
  complete?(log: FrozenLog): Promise<FrozenVm>;
  /** Lets go of the frozen image (VM snapshot commit); returns the measured lifetime, in ms. */
  release(log: FrozenLog): Promise<{ lifetimeMs: number }>;
}

/** What a frozen-image source knows about the run it serves. */
export interface FreezeContext {
  /** The job's settings (storage options: EnableStorageSnapshots, SnapshotSource, failovers). */
  job: JobInfo;
  sessionId: number;
  /** Name for the VM snapshot. */
  snapshotName: string;
  /** The backup proxy the scheduler assigned to the VM's first task (where a storage snapshot is mounted). */
  proxy: ManagedProxy;
  signal: AbortSignal;
}

/**
 * How the frozen image of a VM is obtained: the step backup from storage snapshots replaces. An
 * implementation may decide per VM (mixed jobs) and fall back to another source.
 */
export interface FrozenImageSource {
  /**
   * Optional: narrows or reorders the proxies the scheduler may give this VM's tasks (backup from
   * storage snapshots needs a proxy with SAN access to the array). Called before scheduling.
   */
  proxiesFor?(vm: ManagedVm, job: JobInfo, proxies: ManagedProxy[]): ManagedProxy[];
  freeze(vm: ManagedVm, context: FreezeContext, log: FrozenLog): Promise<FrozenVm>;
}

export interface TransferRequest {
  disk: string;
  image: ImageDescriptor;
  /** Extents to read (CBT); null to read everything and compare with the previous point's digests. */
  changed: Extent[] | null;
  /** Ranges to skip (swap): read as zeros, never sent. */
  skip: Extent[];
  proxy: string;
  mode: TransportMode;
  throttleBytesPerSecond: number | null;
  signal: AbortSignal;
  onProgress(p: { readBytes: number; transferredBytes: number; position: number }): void;
}

export interface TransferResult {
  readBytes: number;
  transferredBytes: number;
  /** 'Source' | 'Proxy' | 'Network' | 'Target', from the data movers' measured busy times. */
  bottleneck: string | null;
}

/** One restore point of one VM being written; nothing is visible until commit(). */
export interface PointSession {
  /** Change id recorded for each disk with the previous point of this chain, if there is one. */
  previousChangeId(disk: string): string | null;
  /** True when the chain has an earlier point this one can be an increment of, for this disk. */
  hasPrevious(disk: string): boolean;
  /** What this point re-sends of the disk because a health check marked it damaged (a log line), or null. */
  healing?(disk: string): string | null;
  transfer(request: TransferRequest): Promise<TransferResult>;
  /** Makes the point visible; returns its id and type. */
  commit(changeIds: Record<string, string | null>): Promise<{ id: string; type: 'Full' | 'Increment' }>;
  abort(): Promise<void>;
  /** What an interrupted earlier session had left unfinished in this chain and begin() removed. */
  readonly leftovers?: readonly string[];
}

export interface PointOptions {
  job: string;
  vm: string;
  repository: ManagedRepository;
  disks: ManagedDisk[];
  blockSize: number;
  compression: Compression;
  retainPoints: number;
  /** -FullBackup: ignore earlier points. */
  forceFull: boolean;
}

/** The repository side: begins restore points. */
export interface BackupTarget {
  begin(options: PointOptions): Promise<PointSession>;
  /**
   * Starts the data movers ahead of the first transfer (called as a VM's processing begins, so
   * their start-up overlaps guest processing and the snapshot instead of delaying the first block).
   */
  warmUp?(): void;
}
