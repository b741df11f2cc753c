// The job session and task session records, named as the shell's object contract names them
// (Get-Session, Get-TaskSession), so the cmdlet layer can hand them to scripts as they are. A live
// session mutates these objects in place; the catalog stores snapshots of them.

export type SessionState = 'Starting' | 'Working' | 'Stopping' | 'Stopped';
export type SessionResult = 'None' | 'Success' | 'Warning' | 'Failed';
export type LogSeverity = 'Info' | 'Warning' | 'Error';
export type TaskStatus = 'Pending' | 'InProgress' | 'Success' | 'Warning' | 'Failed';
export type SnapshotSource = 'VM' | 'PrimaryStorage' | 'SecondaryStorage';
/** What started a session: a shell (Manual), the REST API, a schedule, another job ending, or a retry. */
export type SessionTrigger = 'Manual' | 'Api' | 'Schedule' | 'AfterJob' | 'Retry';
export const sessionTriggers: readonly SessionTrigger[] = ['Manual', 'Api', 'Schedule', 'AfterJob', 'Retry'];

export interface LogLine {
  Time: Date;
  Severity: LogSeverity;
  Text: string;
}

export interface SessionInfo {
  Id: number;
  JobName: string;
  /** 'Backup' for job runs; other engine parts (health check) may record their own kinds. */
  Kind: string;
  CreationTime: Date;
  EndTime: Date | null;
  /** Milliseconds. */
  Duration: number;
  State: SessionState;
  Result: SessionResult;
  Progress: number;
  ReadBytes: number;
  TransferredBytes: number;
  /** Set for -RetryBackup sessions: the session whose failed VMs this one reprocesses. */
  RetryOf: number | null;
  Trigger: SessionTrigger;
  Log: LogLine[];
}

export interface TaskSessionInfo {
  SessionId: number;
  Index: number;
  VM: string;
  Disk: string;
  Status: TaskStatus;
  Proxy: string | null;
  TransportMode: 'DirectSAN' | 'HotAdd' | 'NBD' | null;
  SnapshotSource: SnapshotSource | null;
  /** Milliseconds from VM snapshot creation to the end of its commit, or null if none was taken. */
  VMSnapshotLifetime: number | null;
  ReadBytes: number;
  TransferredBytes: number;
  /** Bytes per second read from the source. */
  Speed: number;
  /** 'Source', 'Proxy', 'Network' or 'Target', once measured. */
  Bottleneck: string | null;
  /** Size of the disk: what Progress is measured against. */
  TotalBytes: number;
  StartTime: Date | null;
  EndTime: Date | null;
  Log: LogLine[];
}

/** Failed if any VM failed, else Warning if any task warned, else Success (docs/cmdlets.md). */
export function sessionResult(tasks: readonly TaskSessionInfo[], sessionWarned: boolean): SessionResult {
  if (tasks.some((t) => t.Status === 'Failed')) return 'Failed';
  if (sessionWarned || tasks.some((t) => t.Status === 'Warning')) return 'Warning';
  return 'Success';
}
