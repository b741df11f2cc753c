// Job sessions and task sessions as scripts see them. They read through to the engine's record, so
// a session returned by `Start-Job -RunAsync` shows its Progress and State moving while the job
// runs in this process (a stored session from another process is a snapshot of the catalog).
// Times are DateTime, Duration and VMSnapshotLifetime TimeSpan, sizes bytes.
import type { LogLine, SessionInfo, TaskSessionInfo } from '../engine/jobs/index.ts';
import { PSDateTime } from '../runtime/values/date-time.ts';
import { TimeSpan } from '../runtime/values/time-span.ts';
import { tagType } from './shell-object.ts';

export interface ShellLogLine {
  Time: PSDateTime;
  Severity: string;
  Text: string;
}

/** A log line: Time, Severity and Text; as text it reads `[Severity] Text`. */
export function logLine(line: LogLine): ShellLogLine {
  const out = tagType({ Time: PSDateTime.fromDate(line.Time), Severity: line.Severity, Text: line.Text }, 'Vbrs.LogLine');
  Object.defineProperty(out, 'ToString', { value: () => `[${line.Severity}] ${line.Text}`, enumerable: false });
  return out;
}

function date(d: Date | null): PSDateTime | null {
  return d ? PSDateTime.fromDate(d) : null;
}

export class SessionObject {
  readonly #info: SessionInfo;

  constructor(info: SessionInfo) {
    this.#info = info;
  }

  get psTypeName(): string {
    return 'Vbrs.Session';
  }
  /** The engine record (live while the session runs in this process); `_` keeps it off the
   *  property list scripts see. */
  get _info(): SessionInfo {
    return this.#info;
  }

  get Id(): number {
    return this.#info.Id;
  }
  /** Every object has a Name: a session is named after its job, as in the product. */
  get Name(): string {
    return this.#info.JobName;
  }
  get JobName(): string {
    return this.#info.JobName;
  }
  get Kind(): string {
    return this.#info.Kind;
  }
  get CreationTime(): PSDateTime {
    return PSDateTime.fromDate(this.#info.CreationTime);
  }
  get EndTime(): PSDateTime | null {
    return date(this.#info.EndTime);
  }
  get Duration(): TimeSpan {
    const i = this.#info;
    const ms = i.State === 'Stopped' ? i.Duration : Date.now() - i.CreationTime.getTime();
    return TimeSpan.fromMilliseconds(ms);
  }
  get State(): string {
    return this.#info.State;
  }
  get Result(): string {
    return this.#info.Result;
  }
  get Progress(): number {
    return this.#info.Progress;
  }
  get ReadBytes(): number {
    return this.#info.ReadBytes;
  }
  get TransferredBytes(): number {
    return this.#info.TransferredBytes;
  }
  get RetryOf(): number | null {
    return this.#info.RetryOf;
  }
  /** What started it: Manual (a shell), Api, Schedule, AfterJob or Retry. */
  get Trigger(): string {
    return this.#info.Trigger;
  }
  get Log(): ShellLogLine[] {
    return this.#info.Log.map(logLine);
  }

  ToString(): string {
    return `${this.#info.JobName} #${this.#info.Id}`;
  }
}

export class TaskSessionObject {
  readonly #task: TaskSessionInfo;

  constructor(task: TaskSessionInfo) {
    this.#task = task;
  }

  get psTypeName(): string {
    return 'Vbrs.TaskSession';
  }

  get SessionId(): number {
    return this.#task.SessionId;
  }
  /** Every object has a Name: a task is named after the VM it processes. */
  get Name(): string {
    return this.#task.VM;
  }
  get VM(): string {
    return this.#task.VM;
  }
  get Disk(): string {
    return this.#task.Disk;
  }
  get Status(): string {
    return this.#task.Status;
  }
  get Proxy(): string | null {
    return this.#task.Proxy;
  }
  get TransportMode(): string | null {
    return this.#task.TransportMode;
  }
  get SnapshotSource(): string | null {
    return this.#task.SnapshotSource;
  }
  get VMSnapshotLifetime(): TimeSpan | null {
    const ms = this.#task.VMSnapshotLifetime;
    return ms === null ? null : TimeSpan.fromMilliseconds(ms);
  }
  get ReadBytes(): number {
    return this.#task.ReadBytes;
  }
  get TransferredBytes(): number {
    return this.#task.TransferredBytes;
  }
  /** Bytes per second read from the source. */
  get Speed(): number {
    return this.#task.Speed;
  }
  get Bottleneck(): string | null {
    return this.#task.Bottleneck;
  }
  get TotalBytes(): number {
    return this.#task.TotalBytes;
  }
  get StartTime(): PSDateTime | null {
    return date(this.#task.StartTime);
  }
  get EndTime(): PSDateTime | null {
    return date(this.#task.EndTime);
  }
  get Log(): ShellLogLine[] {
    return this.#task.Log.map(logLine);
  }

  ToString(): string {
    return `${this.#task.VM}/${this.#task.Disk}`;
  }
}
