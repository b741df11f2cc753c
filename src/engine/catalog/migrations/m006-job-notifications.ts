// Schema step 6: job notifications (Set-JobNotification): the webhook a job's sessions are posted to
// when they end, and whether only failed sessions are. A job has at most one; it goes with the job.

import type { Migration } from './migration.ts';

export const m006JobNotifications: Migration = {
  version: 6,
  name: 'job-notifications',
  up(db) {
    db.exec(`
      CREATE TABLE job_notifications (
        job_name TEXT PRIMARY KEY COLLATE NOCASE REFERENCES jobs(name) ON DELETE CASCADE,
        webhook TEXT NOT NULL,
        on_failure_only INTEGER NOT NULL CHECK (on_failure_only IN (0, 1)),
        set_time INTEGER NOT NULL
      );
    `);
  },
};
