// Following a session another process runs (the service, another shell) through the catalog: the
// same SessionHandle a session of this process has — its record, its task sessions, its events —
// made by reading the catalog every few hundred milliseconds and turning what changed into the
// events LiveSession emits (log lines, task started / progress / finished, session finished), so
// whatever draws a live session's progress draws this one the same way. The running process saves
// its records every 250 ms (live-session.ts), so polling faster would show nothing new. A session
// whose process has died is closed by crash recovery's rule (SessionStore.closeAbandoned) on a
// poll, so a watch always ends.

import { EventEmitter } from 'node:events';
import { isEngineError } from '../engine-error.ts';
import type { SessionHandle } from './jobs-api.ts';
import type { SessionEvent } from './live-session.ts';
import type { SessionInfo, TaskSessionInfo, TaskStatus } from './session-info.ts';
import type { SessionStore } from './session-store.ts';

/** A handle that reads the catalog until the session ends or `stop()` is called (a caller that
 *  stops following before the end must call it). */
export interface WatchedSession extends SessionHandle {
  stop(): void;
  /** True when read from the catalog (another process runs it): this engine's events do not carry it. */
  readonly fromCatalog: boolean;
}

const DEFAULT_POLL_MS = 250;
/** Polls in a row that may fail (a busy catalog) before the watch gives up. */
const MAX_FAILED_POLLS = 40;

/** Watches session `id`; null when there is no such session or it has ended already. */
export function watchSession(store: SessionStore, id: number, pollMs = DEFAULT_POLL_MS): WatchedSession | null {
  store.closeAbandoned(new Date()); // a session whose process has died has ended
  const first = store.list({ id })[0];
  if (!first || first.State === 'Stopped') return null;
  const session: SessionInfo = first;
  const tasks: TaskSessionInfo[] = store.tasks(id);
  const events = new EventEmitter<{ event: [SessionEvent] }>();
  let resolveDone!: (s: SessionInfo) => void;
  const done = new Promise<SessionInfo>((resolve) => (resolveDone = resolve));
  const emit = (e: SessionEvent) => events.emit('event', e);

  let failures = 0;
  const poll = () => {
    let fresh: SessionInfo | undefined;
    let freshTasks: TaskSessionInfo[];
    try {
      store.closeAbandoned(new Date());
      fresh = store.list({ id })[0];
      freshTasks = store.tasks(id);
      failures = 0;
    } catch (e) {
      // The catalog closed (the engine closed): nothing more to read. A busy catalog (another
      // process holds the write lock) is read at the next poll; only one that keeps failing for
      // ~10 s ends the watch, so a wait neither returns a running session early nor hangs for ever.
      if (isEngineError(e, 'VBRS_CLOSED') || ++failures >= MAX_FAILED_POLLS) return stop();
      return;
    }
    if (!fresh) return stop(); // removed under the watch
    for (const l of fresh.Log.slice(session.Log.length)) emit({ sessionId: id, kind: 'log', task: null, severity: l.Severity, text: l.Text, time: l.Time });
    Object.assign(session, fresh);
    for (const t of freshTasks) taskChanged(t);
    if (session.State === 'Stopped') {
      emit({ sessionId: id, kind: 'session-finished', session });
      stop();
    }
  };

  /** Updates the kept task in place (readers hold `tasks`) and emits what its change means. */
  const taskChanged = (t: TaskSessionInfo) => {
    let kept = tasks.find((k) => k.Index === t.Index);
    const before: TaskStatus | null = kept ? kept.Status : null;
    const bytes = kept ? kept.ReadBytes + kept.TransferredBytes : -1;
    if (kept) Object.assign(kept, t);
    else tasks.push((kept = t));
    const ended = (s: TaskStatus | null) => s !== null && s !== 'Pending' && s !== 'InProgress';
    if (kept.Status !== 'Pending' && (before === null || before === 'Pending')) emit({ sessionId: id, kind: 'task-started', task: kept });
    if (ended(kept.Status) && !ended(before)) emit({ sessionId: id, kind: 'task-finished', task: kept });
    else if (kept.Status === 'InProgress' && kept.ReadBytes + kept.TransferredBytes !== bytes) {
      // The catalog keeps no position in the disk: the share of it read is the nearest measure.
      const progress = kept.TotalBytes > 0 ? Math.min(100, (kept.ReadBytes / kept.TotalBytes) * 100) : 0;
      emit({ sessionId: id, kind: 'task-progress', task: kept, readBytes: kept.ReadBytes, transferredBytes: kept.TransferredBytes, speed: kept.Speed, progress });
    }
  };

  // Not unref'd: a `vbrs -c 'Wait-Session 7'` has nothing else keeping it alive while it waits.
  const timer = setInterval(poll, pollMs);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    resolveDone(session);
  };
  return { id, session, tasks, events, done, stop, fromCatalog: true };
}
