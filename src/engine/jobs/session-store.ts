// Persists job sessions, task sessions and their logs in the catalog, so `Get-Session` in a later
// process sees what an earlier one ran. Log lines are appended as they happen (a crash keeps the
// log so far); session and task rows are rewritten on each state change.

import { heldHere } from './held-here.ts';
import type { Catalog, Row } from '../catalog/index.ts';
import { EngineError } from '../engine-error.ts';
import { processAlive } from '../process-alive.ts';
import type { LogLine, SessionInfo, TaskSessionInfo } from './session-info.ts';

export interface SessionQuery {
  job?: string;
  id?: number;
  /** Only the newest session (of the job, if given). */
  last?: boolean;
  /** Only sessions with a greater Id (a watcher reading what is new since it last looked). */
  after?: number;
  /** Only sessions not yet Stopped. */
  running?: boolean;
  /** The newest N (after the other filters), still oldest first; 0 gives none. */
  newest?: number;
  /** Only sessions created at or after / before these times. */
  createdFrom?: Date;
  createdBefore?: Date;
  /** Only sessions with one of these results / states (any case). */
  results?: readonly string[];
  states?: readonly string[];
}

export class SessionStore {
  readonly #catalog: Catalog;
  readonly #abandonedListeners: (() => void)[] = [];

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  /**
   * Inserts a new session and returns its Id. With `exclusive`, refuses (VBRS_IN_USE) while another
   * session of the same job and kind is still running in a live process: the check and the insert
   * are one transaction, so two processes cannot both start the job and race on its backup chain.
   */
  create(info: Omit<SessionInfo, 'Id'>, exclusive = false): number {
    if (!exclusive) return this.#insert(info);
    return this.#catalog.tx(() => {
      this.closeAbandoned(new Date());
      const busy = this.#catalog.get(
        `SELECT id FROM job_sessions WHERE job_name = ? COLLATE NOCASE AND kind = ? AND state != 'Stopped' ORDER BY id DESC LIMIT 1`,
        info.JobName, info.Kind,
      );
      if (busy) {
        throw new EngineError('VBRS_IN_USE', `Job '${info.JobName}' is already running (session ${Number(busy.id)}).`, { kind: 'Job', name: info.JobName });
      }
      return this.#insert(info);
    });
  }

  #insert(info: Omit<SessionInfo, 'Id'>): number {
    const id = this.#catalog.run(
        `INSERT INTO job_sessions (job_name, kind, creation_time, end_time, duration, state, result, progress, read_bytes, transferred_bytes, retry_of, pid, start_trigger)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        info.JobName, info.Kind, info.CreationTime.getTime(), time(info.EndTime), info.Duration, info.State, info.Result, info.Progress, info.ReadBytes, info.TransferredBytes, info.RetryOf, process.pid, info.Trigger);
    if (info.State !== 'Stopped') heldHere.add(this.#catalog.file, 'session', id);
    return id;
  }

  save(info: SessionInfo): void {
    this.#catalog.run(`UPDATE job_sessions SET ${SESSION_STATE} WHERE id = ?`, ...sessionState(info), info.Id);
    if (info.State === 'Stopped') heldHere.delete(this.#catalog.file, 'session', info.Id);
  }

  /**
   * Saves a session that has ended and, in the same statement, claims its webhook post for this
   * process (`Posting` + pid, the ledger crash recovery uses: a claim whose process died is posted
   * again by the next start). The columns are named for recovery (schema step 7), which used them
   * first; they now hold the post of every session that has a webhook.
   */
  saveEndedPosting(info: SessionInfo): void {
    this.#catalog.run(
      `UPDATE job_sessions SET ${SESSION_STATE}, recovery_notification = 'Posting', recovery_notification_pid = ? WHERE id = ?`,
      ...sessionState(info), process.pid, info.Id);
    heldHere.delete(this.#catalog.file, 'session', info.Id);
    heldHere.add(this.#catalog.file, 'post', info.Id);
  }

  /** Records the outcome of a post this process claimed; a claim another process has taken since is left alone. */
  recordPosted(id: number, posted: boolean): void {
    this.#catalog.run(
        `UPDATE job_sessions SET recovery_notification = ? WHERE id = ? AND recovery_notification = 'Posting' AND recovery_notification_pid = ?`,
        posted ? 'Posted' : 'Failed', id, process.pid);
    heldHere.delete(this.#catalog.file, 'post', id);
  }

  /** The post's outcome line (at `seq` of the session's log) and its ledger state, in one transaction. */
  appendPostOutcome(id: number, seq: number, line: LogLine, posted: boolean): void {
    this.#catalog.tx(() => {
      this.appendLog(id, -1, seq, line);
      this.recordPosted(id, posted);
    });
  }

  saveTask(t: TaskSessionInfo): void {
    this.#catalog.run(
        `INSERT OR REPLACE INTO job_task_sessions (session_id, idx, vm, disk, status, proxy, transport_mode, snapshot_source, vm_snapshot_lifetime,
           read_bytes, transferred_bytes, speed, bottleneck, total_bytes, start_time, end_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        t.SessionId, t.Index, t.VM, t.Disk, t.Status, t.Proxy, t.TransportMode, t.SnapshotSource, t.VMSnapshotLifetime, t.ReadBytes, t.TransferredBytes, t.Speed, t.Bottleneck, t.TotalBytes, time(t.StartTime), time(t.EndTime));
  }

  /** Appends a log line of the session (taskIndex -1) or of one task session. */
  appendLog(sessionId: number, taskIndex: number, seq: number, line: LogLine): void {
    this.#catalog.run(
        `INSERT OR REPLACE INTO job_session_log (session_id, task_idx, seq, time, severity, text) VALUES (?, ?, ?, ?, ?, ?)`,
        sessionId, taskIndex, seq, line.Time.getTime(), line.Severity, line.Text);
  }

  /** Asks the process running a session to stop it (Stop-Job from another process). */
  requestStop(id: number): void {
    this.#catalog.run('UPDATE job_sessions SET stop_requested = 1 WHERE id = ?', id);
  }

  stopRequested(id: number): boolean {
    return Number(this.#catalog.get('SELECT stop_requested FROM job_sessions WHERE id = ?', id)?.stop_requested ?? 0) === 1;
  }

  /** Sessions oldest first. */
  list(query: SessionQuery = {}): SessionInfo[] {
    const { sql, args, newest } = this.#select(query);
    const found = this.#catalog.all(sql, ...args);
    // The logs of all of them in one query (not one per session: 1,000 sessions were 1,000 reads).
    const logs = new Map<number, LogLine[]>(found.map((r) => [Number(r.id), []]));
    if (found.length > 0) {
      const lines = this.#catalog.all(`SELECT session_id, time, severity, text FROM job_session_log WHERE task_idx = -1 AND session_id IN (SELECT id FROM (${sql})) ORDER BY session_id, seq`, ...args);
      for (const l of lines) logs.get(Number(l.session_id))?.push(logLine(l));
    }
    const rows = found.map((r) => this.#session(r, logs.get(Number(r.id))));
    return newest === undefined ? rows : rows.reverse();
  }

  /**
   * What list(query) would return, as one version string per session (oldest first): it changes
   * whenever anything of the session does (its row or its log), so a reader can keep what it made
   * of a session and rebuild only the changed ones. Reads no log line.
   */
  versions(query: SessionQuery = {}): { id: number; stopped: boolean; version: string }[] {
    const { sql, args } = this.#select(query);
    const rows = this.#catalog.all(
      `SELECT s.*, (SELECT count(*) || ':' || total(length(text)) FROM job_session_log l WHERE l.session_id = s.id AND l.task_idx = -1) AS log_version FROM (${sql}) s ORDER BY s.id`,
      ...args,
    );
    return rows.map((r) => ({ id: Number(r.id), stopped: r.state === 'Stopped', version: Object.values(r).join('|') }));
  }

  /** The SELECT of the sessions a query names (newest first when it picks the newest N). */
  #select(query: SessionQuery): { sql: string; args: (string | number)[]; newest: number | undefined } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.job !== undefined) {
      where.push('job_name = ? COLLATE NOCASE');
      args.push(query.job);
    }
    if (query.id !== undefined) {
      where.push('id = ?');
      args.push(query.id);
    }
    if (query.after !== undefined) {
      where.push('id > ?');
      args.push(query.after);
    }
    if (query.running) where.push(`state != 'Stopped'`);
    if (query.createdFrom !== undefined) {
      where.push('creation_time >= ?');
      args.push(query.createdFrom.getTime());
    }
    if (query.createdBefore !== undefined) {
      where.push('creation_time < ?');
      args.push(query.createdBefore.getTime());
    }
    for (const [column, values] of [['result', query.results], ['state', query.states]] as const) {
      if (values === undefined) continue;
      where.push(`${column} COLLATE NOCASE IN (${values.map(() => '?').join(', ') || 'NULL'})`);
      args.push(...values);
    }
    // The newest rows are picked in SQL, so `Get-Session -Last` reads (and loads the logs of) only those.
    const newest = query.last ? 1 : query.newest;
    const order = newest === undefined ? 'ORDER BY id ASC' : `ORDER BY id DESC LIMIT ${Math.max(0, Math.trunc(newest))}`;
    const sql = `SELECT * FROM job_sessions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order}`;
    return { sql, args, newest };
  }

  tasks(sessionId: number): TaskSessionInfo[] {
    const rows = this.#catalog.all(`SELECT * FROM job_task_sessions WHERE session_id = ? ORDER BY idx`, sessionId);
    return rows.map((r) => ({
      SessionId: Number(r.session_id),
      Index: Number(r.idx),
      VM: String(r.vm),
      Disk: String(r.disk),
      Status: r.status as TaskSessionInfo['Status'],
      Proxy: (r.proxy as string | null) ?? null,
      TransportMode: (r.transport_mode as TaskSessionInfo['TransportMode']) ?? null,
      SnapshotSource: (r.snapshot_source as TaskSessionInfo['SnapshotSource']) ?? null,
      VMSnapshotLifetime: r.vm_snapshot_lifetime === null ? null : Number(r.vm_snapshot_lifetime),
      ReadBytes: Number(r.read_bytes),
      TransferredBytes: Number(r.transferred_bytes),
      Speed: Number(r.speed),
      Bottleneck: (r.bottleneck as string | null) ?? null,
      TotalBytes: Number(r.total_bytes),
      StartTime: date(r.start_time),
      EndTime: date(r.end_time),
      Log: this.#log(sessionId, Number(r.idx)),
    }));
  }

  /**
   * Marks sessions left unfinished by a process that no longer runs as Stopped/Failed, with a log
   * line, so `Get-Session` never shows a session as Working forever; returns the sessions it closed.
   * `isAlive` defaults to asking the operating system whether the recorded process id still exists,
   * and, for this process's own pid, whether this process made the session (held-here.ts).
   */
  closeAbandoned(now: Date, isAlive?: (pid: number) => boolean): SessionInfo[] {
    // Under the own pid, a session is alive only if this process runs it (held-here.ts).
    const alive = isAlive ?? ((pid: number, id: number) => (pid === process.pid ? heldHere.has(this.#catalog.file, 'session', id) : processAlive(pid)));
    const dead = (r: Row) => r.pid === null || !alive(Number(r.pid), Number(r.id));
    const open = `SELECT * FROM job_sessions WHERE state != 'Stopped'`;
    // A cheap read first: this runs on every poll, and the write lock is only taken for real work.
    if (!this.#catalog.all(open).some(dead)) return [];
    // Re-read under the write lock, so two processes recovering at once close each session once.
    const closed = this.#catalog.tx(() => this.#catalog.all(open).filter(dead).map((r) => this.#close(r, now)));
    // Told on the next turn: this may run inside a caller's transaction that can still roll back.
    if (closed.length > 0) for (const listener of this.#abandonedListeners) setImmediate(listener);
    return closed;
  }

  /** Calls `listener` (on a later turn) whenever closeAbandoned has closed sessions. */
  onAbandonedClosed(listener: () => void): void {
    this.#abandonedListeners.push(listener);
  }

  #close(r: Row, now: Date): SessionInfo {
    const s = this.#session(r);
    s.State = 'Stopped';
    s.Result = 'Failed';
    s.EndTime = now;
    s.Duration = now.getTime() - s.CreationTime.getTime();
    this.save(s);
    // Due for its job's webhook, in the same transaction as the close (src/engine/recovery/recovery-notifications.ts).
    this.#catalog.run(`UPDATE job_sessions SET recovery_notification = 'Due' WHERE id = ?`, s.Id);
    const who = r.pid === null ? 'the process running it' : `the process running it (pid ${Number(r.pid)})`;
    this.addLog(s, { Time: now, Severity: 'Error', Text: `Session was interrupted: ${who} ended before it finished` });
    return s;
  }

  /** Appends a line to the end of a stored session's log (recovery notes on a session that ended).
   *  The position is taken in the statement itself, so a line another process appended since `s`
   *  was read is never overwritten. */
  addLog(s: SessionInfo, line: LogLine): void {
    this.#catalog.run(
      `INSERT INTO job_session_log (session_id, task_idx, seq, time, severity, text)
       SELECT ?, -1, coalesce(max(seq) + 1, 0), ?, ?, ? FROM job_session_log WHERE session_id = ? AND task_idx = -1`,
      s.Id, line.Time.getTime(), line.Severity, line.Text, s.Id);
    s.Log.push(line);
  }

  /** A session from its row; its log read now unless given. */
  #session(r: Row, log?: LogLine[]): SessionInfo {
    const id = Number(r.id);
    return {
      Id: id,
      JobName: String(r.job_name),
      Kind: String(r.kind),
      CreationTime: new Date(Number(r.creation_time)),
      EndTime: date(r.end_time),
      Duration: Number(r.duration),
      State: r.state as SessionInfo['State'],
      Result: r.result as SessionInfo['Result'],
      Progress: Number(r.progress),
      ReadBytes: Number(r.read_bytes),
      TransferredBytes: Number(r.transferred_bytes),
      RetryOf: r.retry_of === null ? null : Number(r.retry_of),
      Trigger: r.start_trigger as SessionInfo['Trigger'],
      Log: log ?? this.#log(id, -1),
    };
  }

  #log(sessionId: number, taskIndex: number): LogLine[] {
    const rows = this.#catalog.all(`SELECT time, severity, text FROM job_session_log WHERE session_id = ? AND task_idx = ? ORDER BY seq`, sessionId, taskIndex);
    return rows.map(logLine);
  }
}

function logLine(r: Row): LogLine {
  return { Time: new Date(Number(r.time)), Severity: r.severity as LogLine['Severity'], Text: String(r.text) };
}

/** The columns save() rewrites, with sessionState()'s values in the same order. */
const SESSION_STATE = 'end_time = ?, duration = ?, state = ?, result = ?, progress = ?, read_bytes = ?, transferred_bytes = ?';

function sessionState(info: SessionInfo): (number | string | null)[] {
  return [time(info.EndTime), info.Duration, info.State, info.Result, Math.round(info.Progress), info.ReadBytes, info.TransferredBytes];
}

function time(d: Date | null): number | null {
  return d === null ? null : d.getTime();
}
function date(v: unknown): Date | null {
  return v === null || v === undefined ? null : new Date(Number(v));
}
