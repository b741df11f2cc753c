// The service's scheduler: starts jobs when their schedules in the catalog make them due, after
// another job's session ends, and again (failed VMs only) when a run it started fails; keeps runs
// inside their backup windows. The rules are DESIGN.md's ("The service") and docs/scheduling.md's:
//   - due times come from the engine (engine.schedules.nextRun), computed from now when the
//     scheduler starts or a schedule changes, so runs missed while no service ran are not caught up;
//   - a job due while it is running (here or in a shell) is skipped with a log line, never run twice;
//   - a run it started that ends Failed is retried RetryCount times, RetryWait apart, as -RetryBackup
//     sessions with Trigger Retry; after-job followers start once the job's last attempt has ended;
//   - a run does not start outside the job's backup window, and one it started inside a window is
//     stopped when that window closes.
// It never waits on a session: a hook or job that hangs holds only its own session.

import { EventEmitter } from 'node:events';
import { isEngineError, stopByBackupWindow, describePeriod, type Engine, type SessionInfo, type SessionTrigger, type JobScheduleInfo } from '../engine/index.ts';
import { SessionWatch } from './session-watch.ts';

export interface SchedulerOptions {
  /** The clock due times are compared with (tests inject one). */
  now?: () => Date;
  /** The longest wait between two reads of the schedules, in ms (default 200); a run due sooner
   *  wakes the scheduler at its due time. */
  tickMs?: number;
}

export interface ServiceStartOptions {
  trigger: 'Api';
  fullBackup?: boolean;
}

interface Plan {
  /** What the plan was computed from: a change of schedule recomputes the due time. */
  signature: string;
  due: Date | null;
}

interface Run {
  job: string;
  sessionId: number;
  /** 0 for the first run, n for the n-th retry. */
  attempt: number;
  /** When the backup window the run started in closes; null without a window. */
  windowEnd: Date | null;
  stoppedByWindow: boolean;
}

interface PendingRetry {
  job: string;
  at: Date;
  attempt: number;
  of: number;
}

const DEFAULT_TICK_MS = 200;

export class Scheduler extends EventEmitter<{ log: [string] }> {
  readonly #engine: Engine;
  readonly #now: () => Date;
  readonly #tickMs: number;
  readonly #plans = new Map<string, Plan>();
  readonly #runs = new Map<number, Run>();
  readonly #retries = new Map<string, PendingRetry>();
  /** Sessions this scheduler started, until the watch reports their end (their followers start from #ended). */
  readonly #mine = new Set<number>();
  #watch: SessionWatch | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  constructor(engine: Engine, options: SchedulerOptions = {}) {
    super();
    this.#engine = engine;
    this.#now = options.now ?? (() => new Date());
    this.#tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  }

  /** Begins timing runs from the catalog's schedules (re-read on every tick). */
  start(): void {
    if (this.#timer || this.#stopped) return;
    this.#watch = new SessionWatch(this.#engine);
    this.#pass();
  }

  /**
   * Starts a run the service was asked for (the REST API): resolves with the session as soon as it
   * exists; rejects with the engine's error (unknown job, disabled, already running). A failed run
   * is retried per the job's schedule.
   */
  async startJob(name: string, opts: ServiceStartOptions): Promise<SessionInfo> {
    const job = this.#engine.jobs.get(name);
    return this.#launch(job.Name, opts.trigger, { full: opts.fullBackup ?? false, attempt: 0 });
  }

  /** Stops scheduling and drops pending retries; running sessions go on (the caller closes the engine). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#retries.clear();
  }

  /** A tick, then a timer for the next: at the earliest due time or retry, at most tickMs away,
   *  so a run starts close to its due time without reading the catalog more often. */
  #pass(): void {
    this.#timer = null;
    this.tick();
    if (this.#stopped) return;
    const now = this.#now().getTime();
    let next = now + this.#tickMs;
    for (const p of this.#plans.values()) if (p.due) next = Math.min(next, p.due.getTime());
    for (const r of this.#retries.values()) next = Math.min(next, r.at.getTime());
    this.#timer = setTimeout(() => this.#pass(), Math.max(0, next - now));
  }

  /** One pass: what the timer runs; public so tests with an injected clock can step it. */
  tick(): void {
    if (this.#stopped) return;
    const now = this.#now();
    let schedules: JobScheduleInfo[];
    try {
      schedules = this.#engine.schedules.list(now);
    } catch (e) {
      if (isEngineError(e, 'VBRS_CLOSED')) {
        // The engine was closed under a running scheduler: nothing more can start.
        this.#log('the engine was closed; scheduling stopped');
        void this.stop();
      } else {
        this.#log(`schedules could not be read: ${message(e)}`);
      }
      return;
    }
    this.#plan(schedules, now);
    for (const [key, plan] of this.#plans) {
      if (plan.due === null || now < plan.due) continue;
      const s = schedules.find((x) => x.JobName.toLowerCase() === key)!;
      // The next due time counts from now: a tick that came late does not fire twice.
      plan.due = this.#engine.schedules.nextRun(s.JobName, now);
      this.#fire(s.JobName, 'Schedule', 0);
    }
    for (const [key, r] of this.#retries) {
      if (now < r.at) continue;
      this.#retries.delete(key);
      this.#fire(r.job, 'Retry', r.attempt, r.of);
    }
    this.#closeWindows(now);
    this.#followEnded();
  }

  #plan(schedules: JobScheduleInfo[], now: Date): void {
    const keys = new Set<string>();
    for (const s of schedules) {
      const key = s.JobName.toLowerCase();
      keys.add(key);
      // NextRun is null for disabled jobs, so enabling one counts as a change.
      const signature = JSON.stringify([s.Kind, s.Schedule, s.BackupWindow, s.NextRun === null]);
      if (this.#plans.get(key)?.signature === signature) continue;
      this.#plans.set(key, { signature, due: s.NextRun });
      if (s.NextRun) this.#log(`${s.JobName}: ${s.Schedule}${s.BackupWindow ? ` within ${s.BackupWindow}` : ''}; next run ${s.NextRun.toISOString()}`);
    }
    for (const key of [...this.#plans.keys()]) if (!keys.has(key)) this.#plans.delete(key);
  }

  /** Starts a run the scheduler decided on; any refusal is a log line, never a throw. */
  #fire(job: string, trigger: SessionTrigger, attempt: number, of?: number): void {
    const what = trigger === 'Retry' ? `retry ${attempt} of ${of}` : trigger === 'AfterJob' ? 'after-job run' : 'scheduled run';
    const window = this.#engine.schedules.window(job);
    const now = this.#now();
    let started = false;
    if (window && !window.openAt(now)) {
      this.#log(`${job}: ${what} not started: outside its backup window ${window.text}`);
    } else {
      try {
        this.#launch(job, trigger, { full: false, attempt, retry: trigger === 'Retry' });
        started = true;
      } catch (e) {
        if (isEngineError(e, 'VBRS_IN_USE')) this.#log(`${job}: ${what} skipped: ${message(e)}`);
        else this.#log(`${job}: ${what} not started: ${message(e)}`);
      }
    }
    // Followers waited for this retry; with no retry coming, the job's last attempt is over.
    if (!started && trigger === 'Retry') this.#startFollowers(job);
  }

  #launch(job: string, trigger: SessionTrigger, o: { full: boolean; attempt: number; retry?: boolean }): SessionInfo {
    const handle = this.#engine.jobs.start(job, { full: o.full, retry: o.retry ?? false, trigger });
    const open = this.#engine.schedules.window(job)?.openAt(this.#now()) ?? null;
    const run: Run = { job, sessionId: handle.id, attempt: o.attempt, windowEnd: open?.end ?? null, stoppedByWindow: false };
    this.#runs.set(handle.id, run);
    this.#mine.add(handle.id);
    this.#log(`${job}: ${trigger === 'Retry' ? `retry ${o.attempt}` : trigger === 'AfterJob' ? 'after-job run' : trigger === 'Api' ? 'run requested over the API' : 'scheduled run'} started (session ${handle.id})`);
    void handle.done.then((s) => this.#ended(run, s));
    return handle.session;
  }

  #ended(run: Run, s: SessionInfo): void {
    this.#runs.delete(run.sessionId);
    if (this.#stopped) return;
    this.#log(`${run.job}: session ${s.Id} ended ${s.Result}`);
    if (s.Result === 'Failed' && !run.stoppedByWindow) {
      const policy = this.#engine.schedules.get(run.job);
      const of = policy?.RetryCount ?? 0;
      if (run.attempt < of) {
        const wait = policy!.RetryWait;
        this.#retries.set(run.job.toLowerCase(), { job: run.job, at: new Date(this.#now().getTime() + wait), attempt: run.attempt + 1, of });
        this.#log(`${run.job}: retry ${run.attempt + 1} of ${of} in ${describePeriod(wait)}, failed VMs only`);
        return;
      }
    }
    this.#startFollowers(run.job);
  }

  /** After-job runs for sessions that ended in other processes (the scheduler's own end in #ended). */
  #followEnded(): void {
    if (!this.#watch) return;
    let ended: SessionInfo[];
    try {
      ended = this.#watch.ended();
    } catch (e) {
      this.#log(`sessions could not be read: ${message(e)}`);
      return;
    }
    for (const s of ended) if (!this.#mine.delete(s.Id)) this.#startFollowers(s.JobName);
  }

  #startFollowers(job: string): void {
    for (const f of this.#engine.schedules.followers(job)) {
      if (this.#engine.jobs.find(f)?.Enabled === false) {
        this.#log(`${f}: after-job run not started: the job is disabled`);
        continue;
      }
      this.#log(`${f}: ${job} ended; starting it`);
      this.#fire(f, 'AfterJob', 0);
    }
  }

  /** Stops runs it started whose backup window has closed. */
  #closeWindows(now: Date): void {
    for (const run of this.#runs.values()) {
      if (run.windowEnd === null || run.stoppedByWindow || now < run.windowEnd) continue;
      run.stoppedByWindow = true;
      this.#log(`${run.job}: backup window closed; stopping session ${run.sessionId}`);
      void this.#engine.jobs.stop(run.job, stopByBackupWindow).catch((e) => this.#log(`${run.job}: could not stop session ${run.sessionId}: ${message(e)}`));
    }
  }

  #log(line: string): void {
    this.emit('log', line);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
