// The schedules part of the engine's public API (`engine.schedules`): what Set-, Get- and
// Remove-JobSchedule call, what Get-Job's `Schedule` and `NextRun` read, and what the service's
// scheduler asks for due times, retry policies and backup windows. Next-run times are computed here
// (not in the service) so a shell shows them without a service running. Every change is checked
// first and written in one transaction, so a bad one leaves the catalog as it was.

import { EngineError } from '../engine-error.ts';
import type { Catalog } from '../catalog/index.ts';
import { BackupWindow } from './backup-window.ts';
import { formatClockTime } from './clock-time.ts';
import { ScheduleStore, type StoredSchedule } from './schedule-store.ts';
import { checkTiming, describeTiming, nextDue, timingDays, type ScheduleKind, type ScheduleTiming } from './schedule-timing.ts';
import type { WeekDay } from './week-days.ts';

/** Veeam's defaults for retrying a failed run: 3 times, 10 minutes apart. */
export const DEFAULT_RETRY_COUNT = 3;
export const DEFAULT_RETRY_WAIT_MS = 10 * 60_000;
const MAX_RETRY_COUNT = 100;
/** How many due times NextRun skips looking for one inside the backup window. */
const WINDOW_SEARCH_STEPS = 5000;

export interface ScheduleChanges {
  /** Required when the job has no schedule yet; kept when not given. */
  Timing?: ScheduleTiming;
  RetryCount?: number;
  /** Milliseconds. */
  RetryWait?: number;
  /** 'Mon-Fri 20:00-06:00'; null removes the window. */
  BackupWindow?: string | null;
}

export interface JobScheduleInfo {
  JobName: string;
  Kind: ScheduleKind;
  /** The timing as text, as Get-Job shows it. */
  Schedule: string;
  /** Daily and Monthly: 'HH:MM'. */
  At: string | null;
  DaysOfWeek: WeekDay[];
  DayOfMonth: number | null;
  /** Periodically: milliseconds. */
  Period: number | null;
  Cron: string | null;
  AfterJob: string | null;
  RetryCount: number;
  /** Milliseconds. */
  RetryWait: number;
  BackupWindow: string | null;
  /** The next time the schedule makes the job due (inside its window); null for after-job
   *  schedules, disabled jobs, and timings that never fall inside the window. */
  NextRun: Date | null;
}

/** What the schedules need to know about jobs. */
export interface ScheduledJobs {
  find(name: string): { Name: string; Enabled: boolean } | null;
}

export class JobSchedules {
  readonly #catalog: Catalog;
  readonly #store: ScheduleStore;
  readonly #jobs: ScheduledJobs;

  constructor(catalog: Catalog, jobs: ScheduledJobs) {
    this.#catalog = catalog;
    this.#store = new ScheduleStore(catalog);
    this.#jobs = jobs;
  }

  /** Sets or changes a job's schedule; returns it. `now` anchors periodic timings. */
  set(jobName: string, changes: ScheduleChanges, now: Date = new Date()): JobScheduleInfo {
    return this.#catalog.tx(() => {
      const job = this.#job(jobName);
      const before = this.#store.get(job.Name);
      const bad = (reason: string) => EngineError.invalid('Job', job.Name, reason);
      if (!changes.Timing && !before) {
        throw bad('it has no schedule yet; give one of -Daily, -Monthly, -Periodically, -Cron or -AfterJob.');
      }
      const timing = changes.Timing ? checkTiming(changes.Timing, job.Name) : before!.timing;
      if (timing.Kind === 'AfterJob') {
        const other = this.#jobs.find(timing.afterJob);
        if (!other) throw EngineError.notFound('Job', timing.afterJob);
        timing.afterJob = other.Name;
        this.#checkChain(job.Name, other.Name);
      }
      const retryCount = changes.RetryCount ?? before?.retryCount ?? DEFAULT_RETRY_COUNT;
      if (!Number.isInteger(retryCount) || retryCount < 0 || retryCount > MAX_RETRY_COUNT) {
        throw bad(`RetryCount must be a whole number from 0 to ${MAX_RETRY_COUNT}, not ${retryCount}.`);
      }
      const retryWaitMs = changes.RetryWait ?? before?.retryWaitMs ?? DEFAULT_RETRY_WAIT_MS;
      if (!Number.isFinite(retryWaitMs) || retryWaitMs < 0) throw bad(`RetryWait must be a duration of zero or more, not ${retryWaitMs} ms.`);
      const windowText = changes.BackupWindow === undefined ? (before?.window ?? null) : changes.BackupWindow;
      const window = windowText === null ? null : BackupWindow.parse(windowText, job.Name);
      const stored: StoredSchedule = {
        job: job.Name,
        timing,
        retryCount,
        retryWaitMs: Math.round(retryWaitMs),
        window: window?.text ?? null,
        // A new timing starts counting periods now; a retry or window change keeps the rhythm.
        setTime: changes.Timing || !before ? now : before.setTime,
      };
      if (timing.Kind !== 'AfterJob' && window && nextRunOf(stored, now) === null) {
        throw bad(`the schedule '${describeTiming(timing)}' never falls inside the backup window '${window.text}'.`);
      }
      this.#store.put(stored);
      return this.#info(stored, now, job.Enabled);
    });
  }

  /** The job's schedule, or null when it has none (the job must exist). */
  get(jobName: string, now: Date = new Date()): JobScheduleInfo | null {
    const job = this.#job(jobName);
    const s = this.#store.get(job.Name);
    return s ? this.#info(s, now, job.Enabled) : null;
  }

  /** Every schedule, by job name. */
  list(now: Date = new Date()): JobScheduleInfo[] {
    return this.#store.list().map((s) => this.#info(s, now, this.#jobs.find(s.job)?.Enabled ?? false));
  }

  /** Removes the job's schedule; false when it had none. */
  remove(jobName: string): boolean {
    const job = this.#job(jobName);
    return this.#store.remove(job.Name);
  }

  /** The first time after `after` the job's schedule makes it due, inside its window; null as for NextRun. */
  nextRun(jobName: string, after: Date = new Date()): Date | null {
    const job = this.#jobs.find(jobName);
    const s = job ? this.#store.get(job.Name) : null;
    return s && job!.Enabled ? nextRunOf(s, after) : null;
  }

  /** Jobs scheduled to run after `jobName` ends. */
  followers(jobName: string): string[] {
    return this.#store.followers(jobName).map((s) => s.job);
  }

  /** The job's backup window, or null when it may run at any time. */
  window(jobName: string): BackupWindow | null {
    const s = this.#store.get(jobName);
    return s?.window ? BackupWindow.parse(s.window, s.job) : null;
  }

  /** Refuses (VBRS_IN_USE) to let a job go while other jobs are scheduled to run after it. */
  checkRemovable(jobName: string): void {
    const followers = this.followers(jobName);
    if (followers.length) {
      throw new EngineError('VBRS_IN_USE', `Job '${jobName}' cannot be removed: ${followers.map((f) => `'${f}'`).join(', ')} ${followers.length === 1 ? 'is' : 'are'} scheduled to run after it.`, { kind: 'Job', name: jobName });
    }
  }

  #job(name: string): { Name: string; Enabled: boolean } {
    const job = this.#jobs.find(name);
    if (!job) throw EngineError.notFound('Job', name);
    return job;
  }

  /** Refuses an after-job link that would close a loop (A after B after A). */
  #checkChain(job: string, after: string): void {
    const chain = [job, after];
    for (let at = after; ; ) {
      const next = this.#store.get(at);
      if (!next || next.timing.Kind !== 'AfterJob') return;
      at = next.timing.afterJob;
      chain.push(at);
      if (at.toLowerCase() === job.toLowerCase()) {
        throw EngineError.invalid('Job', job, `it cannot run after '${after}': that makes a loop (${chain.join(' → ')}).`);
      }
      if (chain.length > 1000) return;
    }
  }

  #info(s: StoredSchedule, now: Date, enabled: boolean): JobScheduleInfo {
    const t = s.timing;
    return {
      JobName: s.job,
      Kind: t.Kind,
      Schedule: describeTiming(t),
      At: t.Kind === 'Daily' || t.Kind === 'Monthly' ? formatClockTime(t.minutes) : null,
      DaysOfWeek: timingDays(t),
      DayOfMonth: t.Kind === 'Monthly' ? t.day : null,
      Period: t.Kind === 'Periodically' ? t.periodMs : null,
      Cron: t.Kind === 'Cron' ? t.cron : null,
      AfterJob: t.Kind === 'AfterJob' ? t.afterJob : null,
      RetryCount: s.retryCount,
      RetryWait: s.retryWaitMs,
      BackupWindow: s.window,
      NextRun: enabled ? nextRunOf(s, now) : null,
    };
  }
}

/** The first due time after `after` that falls inside the schedule's window (if it has one). */
export function nextRunOf(s: StoredSchedule, after: Date): Date | null {
  const window = s.window ? BackupWindow.parse(s.window, s.job) : null;
  let from = after;
  for (let step = 0; step < WINDOW_SEARCH_STEPS; step++) {
    const due = nextDue(s.timing, from, s.setTime);
    if (due === null || !window || window.openAt(due)) return due;
    // Skip to just before the window next opens rather than stepping through every closed period.
    const opens = window.nextOpening(due);
    from = new Date(Math.max(due.getTime(), opens.getTime() - 1));
  }
  return null;
}
