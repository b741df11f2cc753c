// Storage arrays as the engine models them: primary and secondary arrays (snapshot transfer or
// synchronous replication), volumes/LUNs, and storage snapshots kept by copy-on-write over the
// datastore files, mountable to proxies and transferable to the secondary. The
// backup-from-storage-snapshots workflow lives elsewhere and uses this API.

export { StorageArrays, arrayFolder } from './storage-arrays.ts';
export type { StorageArray, StorageVolume, AddStorageArrayOptions, ArrayRole, ReplicationMode } from './storage-arrays.ts';
export { StorageSnapshots } from './storage-snapshots.ts';
export type { StorageSnapshot, StorageSnapshotKind, CreateStorageSnapshotOptions, SnapshotTransferResult } from './storage-snapshots.ts';
export { StorageCopyOnWrite } from './copy-on-write-guard.ts';
export { vendorProfile, VENDORS } from './vendor-profile.ts';
export type { StorageVendor, VendorProfile } from './vendor-profile.ts';
