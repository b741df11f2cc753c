// The data movers (the product's Transport Services): the data path of backup, restore and health
// check. Source movers run in a pool of worker threads (one per core) reading a frozen image
// (ImageDescriptor from ../infra/image-view.ts) in job block size, skipping zero and excluded
// blocks, comparing grain digests, and compressing; the target mover appends records to a restore
// point through the repository's DiskWriter. Stage busy times name the bottleneck.
//
//   const stats = await runDiskTransfer({ image, mode: { kind: 'extents', extents }, throttle, signal },
//                                       pointWriter.disk('disk0'), (event) => …);
//   const { files } = await restorePointToFiles(repo, point, './out');
//   const { mismatches } = await healthCheck(repo, 'Nightly');

export { runDiskTransfer } from './disk-transfer.ts';
export type { DiskTransferOptions, TransferMode, TransferEvent } from './disk-transfer.ts';
export type { TransferStats, StageBusy, Bottleneck } from './transfer-stats.ts';
export { restorePointToFiles, imageFileName } from './restore-point-to-files.ts';
export type { RestoreOptions, RestoreResult, RestoreEvent, RestoreTiming } from './restore-point-to-files.ts';
export { healthCheck } from './health-check.ts';
export type { HealthCheckResult, HealthMismatch, HealthCheckOptions } from './health-check.ts';
export { DataMoverPool } from './data-mover-pool.ts';
export { Restores, type RestoreStartOptions } from './restores.ts';
export { TokenBucket } from './token-bucket.ts';
export type { Extent } from './extent.ts';
