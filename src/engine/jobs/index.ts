// Jobs: the Backup Manager and everything around a job run — job definitions, the resource
// scheduler that hands out proxy and repository task slots, transport mode selection, job and
// task sessions (persisted in the catalog, streamed as events). It drives the infrastructure, the
// frozen-image source and the repository through the narrow interfaces in backup-ports.ts.
//
// Per VM, the Backup Manager runs these steps, each a log line in this order (the user guide's
// backup workflow; docs/cmdlets.md has what scripts see of it):
//   1. tasks ask the ResourceScheduler for a proxy slot and a repository slot (one task per disk)
//   2. data movers connect, throttling rules are set; the Broker answers VM/host/datastore facts
//   3. guest processing: channel (network / VIX / SSH), pre-freeze hook, application quiescing
//   4. FrozenImageSource.freeze()  ← the seam: a VM snapshot today (VmSnapshotSource); backup from
//      storage snapshots (src/engine/bfss) supplies its own source via createJobs({ frozenImages }),
//      deciding per VM from FreezeContext.job (EnableStorageSnapshots, SnapshotSource, failovers)
//      and delegating to VmSnapshotSource for VMs it cannot take; FrozenVm.source becomes the
//      task sessions' SnapshotSource
//   5. guest released: applications thawed, post-thaw hook (also when step 4 failed)
//   6. each disk task (disk-task.ts): transport mode with failover, CBT extents or digest scan,
//      PointSession.transfer() through the data movers
//   7. FrozenVm.release() (VM snapshot commit; VMSnapshotLifetime), then the restore point is
//      committed — or discarded if any disk failed or the job was stopped.

export { JobsApi, type JobsApiParts, type ScheduledJob, type SessionHandle, type StartOptions, type StorageOptionChanges } from './jobs-api.ts';
export { SessionsApi } from './sessions-api.ts';
export { watchSession, type WatchedSession } from './session-watch.ts';
export { BackupManager, type BackupManagerParts, type BackupRunOptions } from './backup-manager.ts';
export type {
  BackupInfrastructure,
  BackupTarget,
  FreezeContext,
  FrozenDisk,
  FrozenImageSource,
  FrozenLog,
  FrozenVm,
  ManagedDisk,
  ManagedProxy,
  ManagedRepository,
  ManagedVm,
  PointOptions,
  PointSession,
  TransferRequest,
  TransferResult,
} from './backup-ports.ts';
export { ResourceScheduler, type SlotCandidate, type SlotHolder, type SlotLease, type SlotRequest } from './resource-scheduler.ts';
export { transportModes, transportRank, canUse, type TransportMode, type TransportProxy, type TransportSource, type ProxyTransportSetting } from './transport-mode.ts';
export { JobStore, type JobReferences, type HookResolver, type HookSlot } from './job-store.ts';
export {
  blockSizes,
  compressionLevels,
  type Compression,
  type GuestProcessingChanges,
  type GuestProcessingInfo,
  type JobChanges,
  type JobInfo,
  type NewJob,
  type StoredHook,
} from './job-settings.ts';
export { LiveSession, type SessionEvent } from './live-session.ts';
export { SessionStop, stopByBackupWindow, stopByEngineClose, stopByUser, stopCause, stoppedError, stoppedPhrase, type StopCause } from './session-stop.ts';
export { HealthChecks, type HealthChecksParts, type HealthCheckStartOptions } from './health-checks.ts';
export { SessionStore, type SessionQuery } from './session-store.ts';
export { apiJson, camelCase, logJson, sessionJson, timeSpanText, type Json } from './session-json.ts';
export { JobNotifications, type JobNotificationInfo, type NotificationChanges } from './job-notifications.ts';
export type {
  LogLine,
  LogSeverity,
  SessionInfo,
  SessionResult,
  SessionState,
  SessionTrigger,
  SnapshotSource,
  TaskSessionInfo,
  TaskStatus,
} from './session-info.ts';
export { sessionTriggers } from './session-info.ts';
export { VmSnapshotSource, backupSnapshotName, type VmSnapshotter } from './vm-snapshot-source.ts';
export { RepositoryTarget, type RepositoryTargetOptions } from './repository-target.ts';
export { EngineInfrastructure, type Inventory, type InventoryVm } from './engine-infrastructure.ts';
export { createJobs, type JobsEngineParts, type JobsWiringOptions } from './engine-jobs.ts';
export { ChangeIdStore } from './change-id-store.ts';
export { runDiskTask, transportLabel, type DiskTaskContext } from './disk-task.ts';
