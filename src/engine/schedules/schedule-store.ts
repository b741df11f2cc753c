// Job schedules as rows of the catalog's `job_schedules` table (migration m005): one row per job,
// removed with the job. Only checked timings are written; reading turns a row back into one.

import type { Catalog, Row } from '../catalog/index.ts';
import type { Timing } from './schedule-timing.ts';

export interface StoredSchedule {
  job: string;
  timing: Timing;
  retryCount: number;
  retryWaitMs: number;
  window: string | null;
  setTime: Date;
}

export class ScheduleStore {
  readonly #catalog: Catalog;

  constructor(catalog: Catalog) {
    this.#catalog = catalog;
  }

  get(job: string): StoredSchedule | null {
    const row = this.#catalog.get('SELECT * FROM job_schedules WHERE job_name = ?', job);
    return row ? fromRow(row) : null;
  }

  /** Every schedule, by job name. */
  list(): StoredSchedule[] {
    return this.#catalog.all('SELECT * FROM job_schedules ORDER BY job_name').map(fromRow);
  }

  /** Schedules that run after `job`. */
  followers(job: string): StoredSchedule[] {
    return this.#catalog.all('SELECT * FROM job_schedules WHERE after_job = ? ORDER BY job_name', job).map(fromRow);
  }

  put(s: StoredSchedule): void {
    const t = s.timing;
    this.#catalog.run(
      `INSERT OR REPLACE INTO job_schedules (job_name, kind, at_minutes, days_of_week, day_of_month, period_ms, cron, after_job, retry_count, retry_wait_ms, backup_window, set_time)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      s.job,
      t.Kind,
      t.Kind === 'Daily' || t.Kind === 'Monthly' ? t.minutes : null,
      t.Kind === 'Daily' ? t.days.join(',') : null,
      t.Kind === 'Monthly' ? t.day : null,
      t.Kind === 'Periodically' ? t.periodMs : null,
      t.Kind === 'Cron' ? t.cron : null,
      t.Kind === 'AfterJob' ? t.afterJob : null,
      s.retryCount,
      s.retryWaitMs,
      s.window,
      s.setTime.getTime(),
    );
  }

  remove(job: string): boolean {
    const before = this.get(job);
    if (before) this.#catalog.run('DELETE FROM job_schedules WHERE job_name = ?', job);
    return before !== null;
  }
}

function fromRow(r: Row): StoredSchedule {
  return {
    job: String(r.job_name),
    timing: timingOf(r),
    retryCount: Number(r.retry_count),
    retryWaitMs: Number(r.retry_wait_ms),
    window: r.backup_window === null ? null : String(r.backup_window),
    setTime: new Date(Number(r.set_time)),
  };
}

function timingOf(r: Row): Timing {
  switch (String(r.kind)) {
    case 'Daily':
      return { Kind: 'Daily', minutes: Number(r.at_minutes), days: String(r.days_of_week).split(',').map(Number) };
    case 'Monthly':
      return { Kind: 'Monthly', day: Number(r.day_of_month), minutes: Number(r.at_minutes) };
    case 'Periodically':
      return { Kind: 'Periodically', periodMs: Number(r.period_ms) };
    case 'Cron':
      return { Kind: 'Cron', cron: String(r.cron) };
    default:
      return { Kind: 'AfterJob', afterJob: String(r.after_job) };
  }
}
