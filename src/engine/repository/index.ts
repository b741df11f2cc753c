// The backup repository: restore point chains on disk in the documented format
// (docs/repository-format.md) — per-block checksums, compression, atomic commit, retention with
// merge. It stores and describes data; the data movers (../datamover) move it.
//
//   const repo = await BackupRepository.open('/backups/repo01');       // or a MemoryBackend
//   const w = await repo.beginPoint({ job, vm, type: 'Increment', disks, blockSize, compression });
//   … runDiskTransfer(…, w.disk('disk0')) …
//   const point = await w.commit();          // or w.abort(): nothing becomes visible
//   await applyRetention(repo, job, vm, 14);  // drops / merges the oldest points

export { BackupRepository } from './backup-repository.ts';
export type { BeginPointOptions } from './backup-repository.ts';
export { PointWriter, DiskWriter } from './point-writer.ts';
export type { RestorePoint } from './restore-point.ts';
export type { RepositoryBackend, ObjectWriter, ObjectInfo } from './repository-backend.ts';
export { backendError } from './repository-backend.ts';
export { FsBackend } from './fs-backend.ts';
export { MemoryBackend } from './memory-backend.ts';
export type { MemoryBackendFaults } from './memory-backend.ts';
export { COMPRESSION_LEVELS, zstdLevel } from './compression-level.ts';
export type { CompressionLevel } from './compression-level.ts';
export { GRAIN_SIZE, FORMAT_VERSION } from './repository-format.ts';
export type { BlockRecord, DataRecord, ZeroRecord, DiskIndex, ChainFile, PointEntry, PointDisk, PointType } from './repository-format.ts';
export { applyRetention } from './apply-retention.ts';
export type { RetentionResult } from './apply-retention.ts';
export { planRestore } from './restore-plan.ts';
export type { RestorePlan, LiveRecord } from './restore-plan.ts';
export { openRepository, RepositoryOpener } from './open-repository.ts';
export type { RepositoryAddress, RepositoryKind } from './open-repository.ts';
export type { SweptFolder } from './sweep-temporary.ts';
export type { SweepOptions } from './sweep-temporary.ts';
