// Posting the sessions crash recovery closed to their job's webhook (Set-JobNotification), once
// each. A session a killed process left Working ends without the process that ran it, so nobody
// would post it: the process that closes it marks it `Due` in the catalog in the same transaction
// (SessionStore.closeAbandoned), and this step — run when an engine opens its data folder and after
// any later close of abandoned sessions — posts what is due. The catalog is the ledger, as for the
// rest of recovery: a process claims a session under the write lock (`Posting`, with its pid), so
// two processes recovering at once post it once; it records the outcome (`Posted`, `Failed`) when
// the post ends, and `None` when the job has no webhook. A claim whose process has ended with no
// outcome recorded (killed during the post) is posted again by the next process, with a log line
// saying so: the receiver may see that session twice, never zero times. A failed post is logged as
// a normal session's is and not tried again; nothing here stops recovery or the engine's start.
// A session that ended normally is in the same ledger from the statement that saved it as ended
// (`Posting` with its process's pid, SessionStore.saveEndedPosting): if that process was killed
// during its post, this step posts it again the same way.

import type { Catalog, Row } from '../catalog/index.ts';
import type { JobNotifications } from '../jobs/job-notifications.ts';
import type { SessionStore } from '../jobs/session-store.ts';
import { processAlive } from '../process-alive.ts';
import { heldHere } from '../jobs/held-here.ts';

export interface RecoveryNotificationParts {
  catalog: Catalog;
  sessions: SessionStore;
  notifications: JobNotifications;
}

interface Claim {
  id: number;
  url: string;
  /** The process that claimed it before and ended with no outcome recorded, if any. */
  deadPoster: number | null;
}

const DUE = `SELECT id, job_name, result, recovery_notification AS state, recovery_notification_pid AS pid
  FROM job_sessions WHERE recovery_notification IN ('Due', 'Posting') ORDER BY id`;

/**
 * Claims the recovered sessions that are due (or whose poster died) and posts them in the
 * background (`notifications.settled()` waits for them); returns the ids it started posting.
 * Never throws: a catalog that is busy or closed leaves them due for the next process.
 */
export function postRecoveredSessions(parts: RecoveryNotificationParts): number[] {
  const { catalog, sessions, notifications } = parts;
  let claims: Claim[];
  try {
    // A cheap read first: this runs at every engine start, and the write lock is only taken for real work.
    const claimable = (r: Row) => r.state === 'Due' || !posterAlive(catalog.file, r);
    if (!catalog.all(DUE).some(claimable)) return [];
    claims = catalog.tx(() => catalog.all(DUE).filter(claimable).flatMap((r) => claim(parts, r)));
  } catch {
    return [];
  }
  for (const c of claims) {
    void (async () => {
      try {
        const info = sessions.list({ id: c.id })[0];
        if (!info) return;
        if (c.deadPoster !== null) {
          sessions.addLog(info, {
            Time: new Date(),
            Severity: 'Info',
            Text: `Recovery: the process posting this session's notification (pid ${c.deadPoster}) ended before it recorded the outcome; posting it again`,
          });
        }
        const posted = await notifications.post(c.url, info, (severity, text) => sessions.addLog(info, { Time: new Date(), Severity: severity, Text: text }));
        sessions.recordPosted(c.id, posted);
      } catch {
        // The catalog closed under the post: the claim stays ours, and is posted again once this process has ended.
      }
    })();
  }
  return claims.map((c) => c.id);
}

/** Whether the process that claimed a post still runs: under the own pid, only if this process claimed it (held-here.ts). */
function posterAlive(catalogFile: string, r: Row): boolean {
  if (r.pid === null) return false;
  const pid = Number(r.pid);
  return pid === process.pid ? heldHere.has(catalogFile, 'post', Number(r.id)) : processAlive(pid);
}

/** Under the write lock: takes the session, or records that its job has no webhook to post to. */
function claim(parts: RecoveryNotificationParts, r: Row): Claim[] {
  const id = Number(r.id);
  const n = parts.notifications.get(String(r.job_name));
  // A notification changed since to OnFailureOnly no longer wants a session that did not fail.
  if (!n || (n.OnFailureOnly && r.result !== 'Failed')) {
    parts.catalog.run(`UPDATE job_sessions SET recovery_notification = 'None', recovery_notification_pid = NULL WHERE id = ?`, id);
    return [];
  }
  parts.catalog.run(`UPDATE job_sessions SET recovery_notification = 'Posting', recovery_notification_pid = ? WHERE id = ?`, process.pid, id);
  heldHere.add(parts.catalog.file, 'post', id);
  return [{ id, url: n.Webhook, deadPoster: r.state === 'Posting' && r.pid !== null ? Number(r.pid) : null }];
}
