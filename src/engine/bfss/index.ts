// Backup from storage snapshots (docs/storage-snapshots.md: primary arrays, secondary arrays, the VM
// snapshot lifetime contrast): a frozen-image source for the Backup Manager that freezes VMs on array volumes
// with one temporary storage snapshot per volume (VM snapshots live only until it exists), reads them
// from the snapshot mounted to a SAN proxy — on the primary, or on a secondary reached by snapshot
// transfer or synchronous replication — and processes everything else the regular way (mixed jobs,
// FailoverToPrimary, FailoverToStandardBackup). The job fields it reads are EnableStorageSnapshots,
// SnapshotSource, FailoverToPrimary and FailoverToStandardBackup (JobInfo, set with
// JobsApi.setStorageOptions).

export { StorageSnapshotSource, type StorageSnapshotSourceParts } from './storage-snapshot-source.ts';
export { storageSnapshotWiring, type StorageSnapshotWiring } from './storage-snapshot-wiring.ts';
export { storagePlacement, type StoragePlacement } from './storage-placement.ts';
export { SessionCoordinator, type VolumeGroup } from './session-coordinator.ts';
export { VolumeSnapshotRun, type MountedSnapshot, type RunLine, type VolumeSnapshotPlan } from './volume-snapshot-run.ts';
export type { BfssInventory, BfssStorageSnapshots, BfssVms, SessionView } from './bfss-ports.ts';
