// Schema step 7: the ledger of notifications for sessions crash recovery closed. A session a killed
// process left Working is closed as Failed by the next process, which marks it `Due` in the same
// transaction; the process that posts it first claims it (`Posting`, with its pid), then records the
// outcome (`Posted` or `Failed`, or `None` when the job has no webhook). A claim whose process has
// ended before recording the outcome is posted again by the next process (src/engine/recovery/
// recovery-notifications.ts). Sessions recorded before this step read NULL: never posted.
// The names say "recovery" because recovery used the columns first; a session that ends normally
// with a webhook is now claimed here too (`Posting` as it ends), so they hold every session's post.
// They are released schema, so they keep their names.

import type { Migration } from './migration.ts';

export const m007RecoveryNotifications: Migration = {
  version: 7,
  name: 'recovery-notifications',
  up(db) {
    db.exec(`
      ALTER TABLE job_sessions ADD COLUMN recovery_notification TEXT
        CHECK (recovery_notification IN ('Due', 'Posting', 'Posted', 'Failed', 'None'));
      ALTER TABLE job_sessions ADD COLUMN recovery_notification_pid INTEGER;
      CREATE INDEX job_sessions_recovery_notification ON job_sessions (recovery_notification) WHERE recovery_notification IN ('Due', 'Posting');
    `);
  },
};
