// Schema step 5: job schedules (daily, monthly, periodically, cron, after another job, with the
// retry policy and backup window; src/engine/schedules) and what started each job session
// (`Trigger`: Manual, Api, Schedule, AfterJob or Retry). Sessions recorded before this step were all
// started from a shell, so they read as Manual.

import type { Migration } from './migration.ts';

export const m005Schedules: Migration = {
  version: 5,
  name: 'schedules',
  up(db) {
    db.exec(`
      CREATE TABLE job_schedules (
        job_name TEXT PRIMARY KEY COLLATE NOCASE REFERENCES jobs(name) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('Daily', 'Monthly', 'Periodically', 'Cron', 'AfterJob')),
        at_minutes INTEGER CHECK (at_minutes BETWEEN 0 AND 1439),
        days_of_week TEXT,
        day_of_month INTEGER CHECK (day_of_month BETWEEN 1 AND 31),
        period_ms INTEGER CHECK (period_ms >= 1000),
        cron TEXT,
        after_job TEXT COLLATE NOCASE REFERENCES jobs(name) ON DELETE RESTRICT,
        retry_count INTEGER NOT NULL CHECK (retry_count >= 0),
        retry_wait_ms INTEGER NOT NULL CHECK (retry_wait_ms >= 0),
        backup_window TEXT,
        set_time INTEGER NOT NULL
      );
      CREATE INDEX job_schedules_after ON job_schedules (after_job);
      ALTER TABLE job_sessions ADD COLUMN start_trigger TEXT NOT NULL DEFAULT 'Manual';
    `);
  },
};
