// Jobs: the Backup Manager and everything around a job run — job definitions, the resource
// scheduler that hands out proxy and repository task slots, transport mode selection, job and
// task sessions (persisted, streamed as events). It drives the infrastructure, the frozen-image
// source and the repository through the narrow interfaces in backup-ports.ts.

export { JobsApi, type JobsApiParts, type SessionHandle, type StartOptions, type StorageOptionChanges } from './jobs-api.ts';
export { SessionsApi } from './sessions-api.ts';
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
export { SessionStore, type SessionQuery } from './session-store.ts';
export { migrateJobTables, jobTablesVersion } from './job-tables.ts';
export type {
  LogLine,
  LogSeverity,
  SessionInfo,
  SessionResult,
  SessionState,
  SnapshotSource,
  TaskSessionInfo,
  TaskStatus,
} from './session-info.ts';
