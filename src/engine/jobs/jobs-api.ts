// The jobs part of the engine's public API (`engine.jobs`): job definitions, starting and stopping
// job sessions. Starting returns at once with a live session handle; the Backup Manager runs the
// session in the background and its events stream to the handle and to `jobs.events`.

import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { EngineError } from '../engine-error.ts';
import type { Catalog } from '../catalog/index.ts';
import { BackupManager, type BackupManagerParts } from './backup-manager.ts';
import { JobStore, type HookResolver, type JobReferences } from './job-store.ts';
import type { GuestProcessingChanges, JobChanges, JobInfo, NewJob } from './job-settings.ts';
import { LiveSession, type SessionEvent } from './live-session.ts';
import { ResourceScheduler } from './resource-scheduler.ts';
import type { SessionInfo, TaskSessionInfo } from './session-info.ts';
import { SessionStore } from './session-store.ts';
import { SessionStop, stopByEngineClose, stopByUser, type StopCause } from './session-stop.ts';
import type { SessionTrigger } from './session-info.ts';
import { JobSchedules } from '../schedules/index.ts';
import { JobNotifications } from './job-notifications.ts';

export interface StartOptions {
  /** -FullBackup: read every disk whole, ignoring earlier points. */
  full?: boolean;
  /** -RetryBackup: reprocess only the VMs that failed in the job's last session. */
  retry?: boolean;
  /** What started the run, recorded on the session (default Manual: a shell). */
  trigger?: SessionTrigger;
}

/** A job as the API returns it: its settings, then its schedule as text and its next due time, and
 *  its notification webhook (Set-JobNotification) as text. */
export type ScheduledJob = JobInfo & { Schedule: string | null; NextRun: Date | null; Notification: string | null };

/** A started session: live records that change as it runs, its events, and its end. */
export interface SessionHandle {
  readonly id: number;
  readonly session: SessionInfo;
  readonly tasks: TaskSessionInfo[];
  readonly events: EventEmitter<{ event: [SessionEvent] }>;
  readonly done: Promise<SessionInfo>;
}

export interface StorageOptionChanges {
  EnableStorageSnapshots?: boolean;
  SnapshotSource?: 'Primary' | 'Secondary';
  FailoverToPrimary?: boolean;
  FailoverToStandardBackup?: boolean;
}

export interface JobsApiParts extends Omit<BackupManagerParts, 'scheduler'> {
  catalog: Catalog;
  references: JobReferences;
  /** Shared with other session kinds that take task slots; one is made when not given. */
  scheduler?: ResourceScheduler;
}

const stopPollMs = 200;

interface Running {
  session: LiveSession;
  controller: AbortController;
}

/** A session of a job run by another part of the engine (a health check): live() and stop()
 *  reach it until it ends. `stop` aborts its run; the run logs the request itself. */
interface Adopted {
  session: LiveSession;
  stop: (cause: StopCause) => void;
}

export class JobsApi {
  readonly events = new EventEmitter<{ event: [SessionEvent] }>();
  readonly scheduler: ResourceScheduler;
  readonly sessions: SessionStore;
  /** Job schedules (also reached as `engine.schedules`). */
  readonly schedules: JobSchedules;
  /** Webhooks each job's ended sessions are posted to (Set-JobNotification). */
  readonly notifications: JobNotifications;
  readonly #store: JobStore;
  readonly #manager: BackupManager;
  readonly #running = new Map<string, Running>();
  readonly #adopted = new Map<number, Adopted>();
  #closing = false;

  constructor(parts: JobsApiParts) {
    this.scheduler = parts.scheduler ?? new ResourceScheduler();
    this.#store = new JobStore(parts.catalog, parts.references);
    this.sessions = new SessionStore(parts.catalog);
    this.schedules = new JobSchedules(parts.catalog, { find: (name) => this.#store.find(name) });
    this.notifications = new JobNotifications(parts.catalog, { find: (name) => this.#store.find(name) });
    this.sessions.closeAbandoned(new Date());
    this.#manager = new BackupManager({
      infrastructure: parts.infrastructure,
      scheduler: this.scheduler,
      frozenImages: parts.frozenImages,
      target: parts.target,
    });
  }

  add(job: NewJob): ScheduledJob {
    return this.#view(this.#store.add(job));
  }
  get(name: string): ScheduledJob {
    return this.#view(this.#store.get(name));
  }
  find(name: string): ScheduledJob | null {
    const job = this.#store.find(name);
    return job ? this.#view(job) : null;
  }
  /** All jobs, or those matching a wildcard pattern, by name. */
  list(pattern?: string): ScheduledJob[] {
    const now = new Date();
    return this.#store.list(pattern).map((j) => this.#view(j, now));
  }
  set(name: string, changes: JobChanges): ScheduledJob {
    return this.#view(this.#store.set(name, changes));
  }
  enable(name: string): ScheduledJob {
    return this.#view(this.#store.enable(name));
  }
  disable(name: string): ScheduledJob {
    return this.#view(this.#store.disable(name));
  }
  setGuestProcessing(name: string, changes: GuestProcessingChanges): ScheduledJob {
    return this.#view(this.#store.setGuestProcessing(name, changes));
  }
  setStorageOptions(name: string, changes: StorageOptionChanges): ScheduledJob {
    return this.#view(this.#store.set(name, changes));
  }
  #view(job: JobInfo, now = new Date()): ScheduledJob {
    const schedule = this.schedules.get(job.Name, now);
    return { ...job, Schedule: schedule?.Schedule ?? null, NextRun: schedule?.NextRun ?? null, Notification: this.notifications.describe(job.Name) };
  }
  /** Lets the shell rebuild script-block hooks stored by an earlier process. */
  setHookResolver(resolver: HookResolver | null): void {
    this.#store.setHookResolver(resolver);
  }

  remove(name: string): void {
    const job = this.#store.get(name);
    const running = this.#running.get(job.Name.toLowerCase());
    const busy = running?.session ?? this.#adoptedOf(job.Name)[0]?.session;
    if (busy) {
      throw new EngineError('VBRS_IN_USE', `Job '${job.Name}' is running (session ${busy.id}); stop it first.`, { kind: 'Job', name: job.Name });
    }
    this.schedules.checkRemovable(job.Name);
    // The job's own schedule goes with it (ON DELETE CASCADE).
    this.#store.remove(job.Name);
  }

  /** The running session of a job in this process, if any. */
  running(name: string): SessionHandle | null {
    const r = this.#running.get(name.toLowerCase());
    return r ? handle(r.session) : null;
  }

  start(name: string, options: StartOptions = {}): SessionHandle {
    const job = this.#store.get(name);
    if (!job.Enabled) throw new EngineError('VBRS_JOB_DISABLED', `Job '${job.Name}' is disabled; enable it first.`, { kind: 'Job', name: job.Name });
    const key = job.Name.toLowerCase();
    if (this.#closing) throw new EngineError('VBRS_CLOSED', `The engine is closing; job '${job.Name}' was not started.`, { kind: 'Job', name: job.Name });
    const busy = this.#running.get(key);
    if (busy) throw new EngineError('VBRS_IN_USE', `Job '${job.Name}' is already running (session ${busy.session.id}).`, { kind: 'Job', name: job.Name });

    let vms = job.VMs;
    let retryOf: number | null = null;
    if (options.retry) {
      // The last backup session of the job (health checks are sessions of the job too).
      const last = this.sessions.list({ job: job.Name }).filter((s) => s.Kind === 'Backup').at(-1);
      retryOf = last?.Id ?? null;
      const failed = last ? [...new Set(this.sessions.tasks(last.Id).filter((t) => t.Status === 'Failed').map((t) => t.VM))] : [];
      vms = job.VMs.filter((vm) => failed.some((f) => f.toLowerCase() === vm.toLowerCase()));
    }
    const session = new LiveSession(this.sessions, job.Name, 'Backup', retryOf, true, options.trigger ?? 'Manual');
    session.notifyWith((info) => this.notifications.webhookFor(info));
    session.events.on('event', (e) => this.events.emit('event', e));
    const controller = new AbortController();
    this.#running.set(key, { session, controller });
    const run = async () => {
      if (options.retry && vms.length === 0) {
        session.log('Info', retryOf === null ? `Job '${job.Name}' has no earlier session: nothing to retry` : `No VM failed in session ${retryOf}: nothing to retry`);
        return;
      }
      if (options.retry) session.log('Info', `Retry of session ${retryOf}: reprocessing failed VM(s) ${vms.join(', ')}`);
      await this.#manager.run(job, session, {
        full: options.full ?? false,
        vms,
        signal: controller.signal,
        hooks: { preFreeze: this.#store.hook(job, 'PreFreezeScript'), postThaw: this.#store.hook(job, 'PostThawScript') },
      });
    };
    // Stop-Job from another process sets a flag in the catalog; the running process polls it.
    const watch = setInterval(() => {
      try {
        if (!controller.signal.aborted && this.sessions.stopRequested(session.id)) void this.stop(job.Name);
      } catch {
        // The catalog is unreachable (closed under the run); the session reports that itself.
      }
    }, stopPollMs);
    watch.unref();
    // Deferred one tick so the caller can subscribe to events before the first step is logged.
    setImmediate(() => {
      session.announce();
      run()
        .catch((e) => session.log('Error', `Job failed: ${e instanceof Error ? e.message : String(e)}`))
        .finally(() => {
          clearInterval(watch);
          this.#running.delete(key);
          session.finish(controller.signal.aborted ? 'Failed' : undefined);
          this.notifications.notify(session);
        });
    });
    return handle(session);
  }

  /**
   * Stops the job's running session — in this process, or through the catalog in the process that
   * runs it — waits for it to end cleanly and returns it; null when the job is not running.
   */
  async stop(name: string, cause: StopCause = stopByUser): Promise<SessionInfo | null> {
    const job = this.#store.get(name);
    const r = this.#running.get(job.Name.toLowerCase());
    const others = this.#adoptedOf(job.Name);
    if (!r && others.length === 0) return this.#stopElsewhere(job.Name);
    for (const o of others) o.stop(cause);
    // The backup session when there is one, else the first other session stopped.
    const ended = await Promise.all([...(r ? [this.#stopRunning(r, cause)] : []), ...others.map((o) => o.session.done)]);
    return ended[0]!;
  }

  /**
   * Makes a session of a job that the Backup Manager does not run (a health check) reachable like
   * a job session until it ends: live() returns its record (Get-Session shows it moving) and
   * stop() of its job calls `stop` with the cause.
   */
  adopt(session: LiveSession, stop: (cause: StopCause) => void): void {
    this.#adopted.set(session.id, { session, stop });
    session.notifyWith((info) => this.notifications.webhookFor(info));
    void session.done.then(() => {
      this.#adopted.delete(session.id);
      this.notifications.notify(session);
    });
  }

  #adoptedOf(jobName: string): Adopted[] {
    const key = jobName.toLowerCase();
    return [...this.#adopted.values()].filter((o) => o.session.info.JobName.toLowerCase() === key);
  }

  #stopRunning(r: Running, cause: StopCause): Promise<SessionInfo> {
    if (!r.controller.signal.aborted) {
      r.session.log('Warning', cause.request);
      r.session.setState('Stopping');
      r.controller.abort(new SessionStop(cause));
    }
    return r.session.done;
  }

  async #stopElsewhere(jobName: string): Promise<SessionInfo | null> {
    this.sessions.closeAbandoned(new Date());
    const active = this.sessions.list({ job: jobName }).filter((s) => s.State !== 'Stopped' && (s.Kind === 'Backup' || s.Kind === 'HealthCheck'));
    if (active.length === 0) return null;
    for (const s of active) this.sessions.requestStop(s.Id);
    for (;;) {
      await sleep(stopPollMs);
      this.sessions.closeAbandoned(new Date());
      const now = active.map((s) => this.sessions.list({ id: s.Id })[0]!);
      if (now.every((s) => s.State === 'Stopped')) return now.at(-1)!;
    }
  }

  /** The handle of a session running in this process (its live records and events), if any:
   *  what Wait-Session follows to draw the session's progress. */
  handleOf(id: number): SessionHandle | null {
    const live = this.live(id);
    return live ? handle(live) : null;
  }

  /** The live record of a session running in this process, if any. */
  live(id: number): LiveSession | null {
    for (const r of this.#running.values()) if (r.session.id === id) return r.session;
    return this.#adopted.get(id)?.session ?? null;
  }

  /** Stops every session running in this process and waits until they have ended. */
  async stopAll(): Promise<void> {
    const others = [...this.#adopted.values()];
    for (const o of others) o.stop(stopByUser);
    await Promise.all([...[...this.#running.values()].map((r) => this.#stopRunning(r, stopByUser)), ...others.map((o) => o.session.done)]);
  }

  /** How many sessions run in this process. */
  get activeCount(): number {
    return this.#running.size;
  }

  /**
   * Engine shutdown: no new session starts, running ones are stopped (their logs say the engine
   * closed) and the promise resolves once every one has ended and been saved.
   */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all([...this.#running.values()].map((r) => this.#stopRunning(r, stopByEngineClose)));
    // a session that just ended is posted before the catalog closes (its log gets the outcome)
    await this.notifications.settled();
  }
}

function handle(session: LiveSession): SessionHandle {
  return { id: session.id, session: session.info, tasks: session.tasks, events: session.events, done: session.done };
}
