// A running job session: owns the SessionInfo and TaskSessionInfo records while the Backup Manager
// works, writes each log line to the catalog as it happens, keeps Progress / ReadBytes /
// TransferredBytes current, and streams every change as an event for `Start-Job -RunAsync`
// callers and the REPL.

import { EventEmitter } from 'node:events';
import type { SessionStore } from './session-store.ts';
import {
  sessionResult,
  type LogLine,
  type LogSeverity,
  type SessionInfo,
  type SessionResult,
  type SessionState,
  type SessionTrigger,
  type TaskSessionInfo,
  type TaskStatus,
} from './session-info.ts';

export type SessionEvent =
  | { sessionId: number; kind: 'session-started'; session: SessionInfo }
  | { sessionId: number; kind: 'session-state'; state: SessionState }
  | { sessionId: number; kind: 'log'; task: number | null; severity: LogSeverity; text: string; time: Date }
  | { sessionId: number; kind: 'task-waiting'; task: TaskSessionInfo; reason: string }
  | { sessionId: number; kind: 'task-scheduled'; task: TaskSessionInfo; proxy: string; repository: string }
  | { sessionId: number; kind: 'task-started'; task: TaskSessionInfo }
  | { sessionId: number; kind: 'task-progress'; task: TaskSessionInfo; readBytes: number; transferredBytes: number; speed: number; progress: number }
  | { sessionId: number; kind: 'task-finished'; task: TaskSessionInfo }
  | { sessionId: number; kind: 'session-finished'; session: SessionInfo };

const persistEveryMs = 250;

export class LiveSession {
  readonly info: SessionInfo;
  readonly tasks: TaskSessionInfo[] = [];
  readonly events = new EventEmitter<{ event: [SessionEvent] }>();
  readonly done: Promise<SessionInfo>;
  readonly #store: SessionStore;
  #resolveDone!: (s: SessionInfo) => void;
  #warned = false;
  #lastPersist = 0;
  #persistFailed = false;
  #chooseWebhook: ((info: SessionInfo) => string | null) | null = null;
  #webhook: string | null = null;

  /** `exclusive`: refuse to start while the job has a running session of this kind (any process). */
  constructor(store: SessionStore, jobName: string, kind: string, retryOf: number | null, exclusive = false, trigger: SessionTrigger = 'Manual') {
    this.#store = store;
    const base = {
      JobName: jobName,
      Kind: kind,
      CreationTime: new Date(),
      EndTime: null,
      Duration: 0,
      State: 'Starting' as const,
      Result: 'None' as const,
      Progress: 0,
      ReadBytes: 0,
      TransferredBytes: 0,
      RetryOf: retryOf,
      Trigger: trigger,
      Log: [],
    };
    this.info = { Id: store.create(base, exclusive), ...base };
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** Emits 'session-started'; called once listeners had a chance to subscribe. */
  announce(): void {
    this.#emit({ sessionId: this.info.Id, kind: 'session-started', session: this.info });
  }

  get id(): number {
    return this.info.Id;
  }

  log(severity: LogSeverity, text: string): void {
    if (severity === 'Warning') this.#warned = true;
    this.#logLine(severity, text, (st, seq, line) => st.appendLog(this.id, -1, seq, line));
  }

  /** The ended session's webhook post outcome: its log line and the claim's Posted/Failed, in one write. */
  notificationOutcome(severity: LogSeverity, text: string, posted: boolean): void {
    this.#logLine(severity, text, (st, seq, line) => st.appendPostOutcome(this.id, seq, line, posted));
  }

  #logLine(severity: LogSeverity, text: string, write: (store: SessionStore, seq: number, line: LogLine) => void): void {
    const line = { Time: new Date(), Severity: severity, Text: text };
    this.info.Log.push(line);
    this.#persist((st) => write(st, this.info.Log.length - 1, line));
    this.#emit({ sessionId: this.id, kind: 'log', task: null, severity, text, time: line.Time });
  }

  /**
   * Says how the session's webhook is chosen when it ends (JobsApi: its job's notification); the
   * choice is claimed in the statement that saves the session as ended (SessionStore.saveEndedPosting).
   */
  notifyWith(choose: (info: SessionInfo) => string | null): void {
    this.#chooseWebhook = choose;
  }

  /** The webhook the ended session is to be posted to, claimed as it ended; null when none. */
  get webhook(): string | null {
    return this.#webhook;
  }

  taskLog(task: TaskSessionInfo, severity: LogSeverity, text: string): void {
    const line = { Time: new Date(), Severity: severity, Text: text };
    task.Log.push(line);
    this.#persist((st) => st.appendLog(this.id, task.Index, task.Log.length - 1, line));
    this.#emit({ sessionId: this.id, kind: 'log', task: task.Index, severity, text, time: line.Time });
  }

  setState(state: SessionState): void {
    if (this.info.State === state) return;
    this.info.State = state;
    this.#touch(true);
    this.#emit({ sessionId: this.id, kind: 'session-state', state });
  }

  addTask(vm: string, disk: string, totalBytes: number): TaskSessionInfo {
    const task: TaskSessionInfo = {
      SessionId: this.id,
      Index: this.tasks.length,
      VM: vm,
      Disk: disk,
      Status: 'Pending',
      Proxy: null,
      TransportMode: null,
      SnapshotSource: null,
      VMSnapshotLifetime: null,
      ReadBytes: 0,
      TransferredBytes: 0,
      Speed: 0,
      Bottleneck: null,
      TotalBytes: totalBytes,
      StartTime: null,
      EndTime: null,
      Log: [],
    };
    this.tasks.push(task);
    this.#persist((st) => st.saveTask(task));
    return task;
  }

  /** The task waits for a proxy or repository slot (also a task log line). */
  taskWaiting(task: TaskSessionInfo, reason: string): void {
    this.taskLog(task, 'Info', `Waiting for infrastructure resources: ${reason}`);
    this.#emit({ sessionId: this.id, kind: 'task-waiting', task, reason });
  }

  /** The resource scheduler gave the task its slots (also a task log line). */
  taskScheduled(task: TaskSessionInfo, proxy: string, repository: string): void {
    this.taskLog(task, 'Info', `Resource scheduler assigned backup proxy '${proxy}' and repository '${repository}'`);
    this.#emit({ sessionId: this.id, kind: 'task-scheduled', task, proxy, repository });
  }

  startTask(task: TaskSessionInfo): void {
    task.Status = 'InProgress';
    task.StartTime = new Date();
    this.#persist((st) => st.saveTask(task));
    this.#emit({ sessionId: this.id, kind: 'task-started', task });
  }

  /** Records measured progress: bytes read from the source image and bytes written to the target. */
  taskProgress(task: TaskSessionInfo, readBytes: number, transferredBytes: number, positionBytes: number): void {
    task.ReadBytes = readBytes;
    task.TransferredBytes = transferredBytes;
    const elapsed = task.StartTime ? (Date.now() - task.StartTime.getTime()) / 1000 : 0;
    task.Speed = elapsed > 0 ? Math.round(readBytes / elapsed) : 0;
    this.#recount(task, positionBytes);
    const progress = task.TotalBytes > 0 ? Math.min(100, (positionBytes / task.TotalBytes) * 100) : 100;
    this.#emit({ sessionId: this.id, kind: 'task-progress', task, readBytes, transferredBytes, speed: task.Speed, progress });
    if (Date.now() - this.#lastPersist >= persistEveryMs) {
      this.#persist((st) => st.saveTask(task));
      this.#touch(true);
    }
  }

  finishTask(task: TaskSessionInfo, status: TaskStatus): void {
    task.Status = status;
    task.EndTime = new Date();
    if (task.StartTime) {
      const elapsed = (task.EndTime.getTime() - task.StartTime.getTime()) / 1000;
      task.Speed = elapsed > 0 ? Math.round(task.ReadBytes / elapsed) : task.ReadBytes;
    }
    this.#persist((st) => st.saveTask(task));
    this.#recount(status === 'Failed' ? null : task, task.TotalBytes);
    this.#touch(true);
    this.#emit({ sessionId: this.id, kind: 'task-finished', task });
  }

  /** Ends the session: Result from the tasks (unless forced), State Stopped, everything persisted. */
  finish(forced?: SessionResult): SessionInfo {
    for (const t of this.tasks) if (t.Status === 'Pending' || t.Status === 'InProgress') this.finishTask(t, 'Failed');
    // A session whose record could not be saved is not a success, whatever its tasks did.
    this.info.Result = this.#persistFailed ? 'Failed' : (forced ?? sessionResult(this.tasks, this.#warned));
    this.info.EndTime = new Date();
    this.info.State = 'Stopped';
    // Progress says how much of the work was done: all of it only when the session did it all;
    // a stopped or failed session keeps the share its tasks got through.
    this.#recount(null, 0);
    if (this.tasks.length === 0 || this.tasks.every((t) => t.Status === 'Success' || t.Status === 'Warning')) this.info.Progress = 100;
    this.#webhook = this.#chooseWebhook?.(this.info) ?? null;
    this.#touch(false);
    // One statement ends it and, when it has a webhook, claims the post (no extra write per session).
    this.#persist((st) => (this.#webhook === null ? st.save(this.info) : st.saveEndedPosting(this.info)));
    this.#emit({ sessionId: this.id, kind: 'session-finished', session: this.info });
    this.#resolveDone(this.info);
    return this.info;
  }

  readonly #positions = new Map<number, number>();

  #recount(task: TaskSessionInfo | null, positionBytes: number): void {
    if (task) this.#positions.set(task.Index, positionBytes);
    let read = 0;
    let transferred = 0;
    let done = 0;
    let total = 0;
    for (const t of this.tasks) {
      read += t.ReadBytes;
      transferred += t.TransferredBytes;
      total += t.TotalBytes;
      // A failed task counts what it got through, not its size: it did not do the rest.
      done += t.Status === 'Success' || t.Status === 'Warning' ? t.TotalBytes : (this.#positions.get(t.Index) ?? 0);
    }
    this.info.ReadBytes = read;
    this.info.TransferredBytes = transferred;
    this.info.Progress = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  }

  #touch(persist: boolean): void {
    const end = this.info.EndTime ?? new Date();
    this.info.Duration = end.getTime() - this.info.CreationTime.getTime();
    if (persist) {
      this.#lastPersist = Date.now();
      this.#persist((st) => st.save(this.info));
    }
  }

  /**
   * Writes through to the catalog. A failed write (catalog closed under a running session, disk
   * full) must not kill the run: the live records stay right, and the failure is reported once.
   */
  #persist(write: (store: SessionStore) => void): void {
    if (this.#persistFailed) return;
    try {
      write(this.#store);
    } catch (e) {
      this.#persistFailed = true;
      const text = `Session ${this.id} can no longer be saved to the catalog: ${e instanceof Error ? e.message : String(e)}`;
      this.info.Log.push({ Time: new Date(), Severity: 'Error', Text: text });
      this.#emit({ sessionId: this.id, kind: 'log', task: null, severity: 'Error', text, time: new Date() });
    }
  }

  #emit(e: SessionEvent): void {
    this.events.emit('event', e);
  }
}
