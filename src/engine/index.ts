// The vbrs backup engine as a library: open an `Engine` and use its typed sub-APIs; progress comes
// as events on `engine.events`; failures are `EngineError`s with a stable code. Imports nothing from
// the language, runtime, cmdlets or REPL.

export { Engine } from './engine.ts';
export type { EngineOptions } from './engine.ts';
export { EngineError, isEngineError } from './engine-error.ts';
export type { EngineErrorCode, EngineObjectKind } from './engine-error.ts';
export { EngineEvents } from './engine-events.ts';
export type { EngineEvent } from './engine-events.ts';
export { Catalog, dataHome } from './catalog/index.ts';
export * from './infra/index.ts';
export * from './storage/index.ts';
export * from './lab/index.ts';
export * from './schedules/index.ts';
export { stopByBackupWindow, stopByUser, sessionTriggers } from './jobs/index.ts';
export { apiJson, camelCase, logJson, sessionJson, timeSpanText, type Json, type JobNotificationInfo } from './jobs/index.ts';
export type { JobInfo, ScheduledJob, SessionHandle, SessionInfo, SessionTrigger, StartOptions, StopCause, TaskSessionInfo } from './jobs/index.ts';
