// Job notifications (Set-JobNotification): a webhook each session of a job is posted to when it
// ends — every session, or with OnFailureOnly only those whose Result is Failed — wherever the
// session ran (a shell, `vbrs service`): the engine is what sees every session end. The body is the
// session as `GET /api/v1/sessions/{id}` returns it (session-json.ts), `Content-Type:
// application/json`. Delivery never touches the session's result and never holds it up: it starts
// after the session has ended and been saved, each attempt has a short timeout, a failed attempt is
// retried once, and the outcome is one more line in the session's log (Info when posted, Warning
// when both attempts failed). engine.close() waits for deliveries under way. A session a killed
// process left behind is posted through post() by crash recovery once it has closed it
// (src/engine/recovery/recovery-notifications.ts). A session that ends normally is claimed in the
// same ledger: the statement that saves it as ended records `Posting` with this process's pid
// (LiveSession.finish, from webhookFor), and the outcome line records `Posted`/`Failed` in the
// same transaction, so a process killed during the post leaves the claim for the next start to
// post again, and the ordinary path costs no extra catalog write.

import type { Catalog } from '../catalog/index.ts';
import { EngineError } from '../engine-error.ts';
import type { LiveSession } from './live-session.ts';
import type { LogSeverity, SessionInfo } from './session-info.ts';
import { sessionJson } from './session-json.ts';

/** Records a delivery's outcome: one line in the session's log; `posted` when the webhook took it. */
export type DeliveryLog = (severity: LogSeverity, text: string, posted: boolean) => void;

export interface JobNotificationInfo {
  JobName: string;
  Webhook: string;
  /** Post only sessions whose Result is Failed (not Warning, not Success). */
  OnFailureOnly: boolean;
}

export interface NotificationChanges {
  Webhook: string;
  OnFailureOnly?: boolean;
}

export interface DeliveryOptions {
  /** One attempt's limit (default 10 s). */
  timeoutMs?: number;
  /** Wait before the one retry (default 1 s). */
  retryWaitMs?: number;
}

export class JobNotifications {
  readonly #catalog: Catalog;
  readonly #jobs: { find(name: string): { Name: string } | null };
  readonly #pending = new Set<Promise<boolean>>();
  readonly #timeoutMs: number;
  readonly #retryWaitMs: number;

  constructor(catalog: Catalog, jobs: { find(name: string): { Name: string } | null }, options: DeliveryOptions = {}) {
    this.#catalog = catalog;
    this.#jobs = jobs;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#retryWaitMs = options.retryWaitMs ?? 1_000;
  }

  get(job: string): JobNotificationInfo | null {
    const row = this.#catalog.get('SELECT * FROM job_notifications WHERE job_name = ?', job);
    return row ? { JobName: String(row.job_name), Webhook: String(row.webhook), OnFailureOnly: Number(row.on_failure_only) === 1 } : null;
  }

  set(job: string, changes: NotificationChanges): JobNotificationInfo {
    const found = this.#jobs.find(job);
    if (!found) throw new EngineError('VBRS_UNKNOWN_OBJECT', `Job '${job}' was not found.`, { kind: 'Job', name: job });
    const webhook = webhookUrl(changes.Webhook, found.Name);
    this.#catalog.run(
      `INSERT INTO job_notifications (job_name, webhook, on_failure_only, set_time) VALUES (?, ?, ?, ?)
       ON CONFLICT (job_name) DO UPDATE SET webhook = excluded.webhook, on_failure_only = excluded.on_failure_only, set_time = excluded.set_time`,
      found.Name,
      webhook,
      changes.OnFailureOnly ? 1 : 0,
      Date.now(),
    );
    return this.get(found.Name)!;
  }

  /** Removes the job's notification; false when it had none. */
  remove(job: string): boolean {
    if (!this.get(job)) return false;
    this.#catalog.run('DELETE FROM job_notifications WHERE job_name = ?', job);
    return true;
  }

  /** The notification as Get-Job shows it: the URL, and which sessions are posted. */
  describe(job: string): string | null {
    const n = this.get(job);
    return n ? `${n.Webhook} (${n.OnFailureOnly ? 'Failed sessions' : 'every session'})` : null;
  }

  /**
   * The webhook a session that has just ended is posted to: its job's, unless the notification
   * is OnFailureOnly and the session did not fail; null when none. Never throws.
   */
  webhookFor(info: SessionInfo): string | null {
    let n: JobNotificationInfo | null;
    try {
      n = this.get(info.JobName);
    } catch {
      return null; // the catalog is gone (closed under the run): the session could not be saved either
    }
    return !n || (n.OnFailureOnly && info.Result !== 'Failed') ? null : n.Webhook;
  }

  /** Posts the ended session to the webhook it was claimed for as it ended (LiveSession.webhook), in the background. */
  notify(session: LiveSession): void {
    if (session.webhook === null) return;
    void this.post(session.webhook, session.info, (severity, text, posted) => session.notificationOutcome(severity, text, posted));
  }

  /**
   * Posts an ended session to `url` in the background (settled() waits for it), with the retry
   * notify() uses; `log` gets the outcome line. Resolves true when the webhook took it.
   */
  post(url: string, info: SessionInfo, log: DeliveryLog): Promise<boolean> {
    const delivery = this.#deliver(url, info, log);
    this.#pending.add(delivery);
    // then(f, f), not finally(): a delivery that rejected must not leave a second, unhandled rejection.
    const forget = () => void this.#pending.delete(delivery);
    void delivery.then(forget, forget);
    return delivery;
  }

  /** Deliveries under way. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Resolves once every delivery under way has ended (posted, or logged as failed). */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  async #deliver(url: string, info: SessionInfo, log: DeliveryLog): Promise<boolean> {
    const body = JSON.stringify(sessionJson(info));
    let failure = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (attempt === 2) await new Promise((resolve) => setTimeout(resolve, this.#retryWaitMs));
      let status = 0;
      try {
        const res = await globalThis.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(this.#timeoutMs),
          redirect: 'follow',
        });
        await res.arrayBuffer().catch(() => undefined); // read it all, so the connection is released
        if (res.ok) status = res.status;
        else failure = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      } catch (e) {
        failure = deliveryError(e, this.#timeoutMs);
      }
      // Logged outside the try: a log that throws (catalog closed) must not count as a failed post and post again.
      if (status > 0) return logged(log, 'Info', `Notification posted to ${url} (HTTP ${status})`, true);
    }
    return logged(log, 'Warning', `Notification to ${url} failed: ${failure} (tried twice); the session's result is unchanged`, false);
  }
}

/** Records the outcome through `log` (which may throw: the catalog closed under the post) and returns it. */
function logged(log: DeliveryLog, severity: LogSeverity, text: string, posted: boolean): boolean {
  try {
    log(severity, text, posted);
  } catch {
    // The outcome is not recorded: a claim left Posting is posted again once this process has ended.
  }
  return posted;
}

/** A webhook must be an absolute http(s) URL: anything else is refused when it is set, not when a
 *  night's session ends. */
function webhookUrl(text: string, job: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new EngineError('VBRS_INVALID_ARGUMENT', `Webhook '${text}' for job '${job}' is not an http:// or https:// URL.`, { kind: 'Job', name: job });
  }
  return url.href;
}

function deliveryError(e: unknown, timeoutMs: number): string {
  if (e instanceof DOMException && (e.name === 'TimeoutError' || e.name === 'AbortError')) return `no response within ${timeoutMs / 1000} s`;
  const cause = (e as { cause?: { message?: string } }).cause;
  return (cause?.message ?? (e instanceof Error ? e.message : String(e))).split('\n')[0]!;
}
