// The sessions part of the engine's public API (`engine.sessions`): what Get-Session,
// Get-TaskSession and Wait-Session call. Sessions running in this process are returned as their
// live records (Progress moves); others come from the catalog, whichever process ran them.
// follow() gives a running session's handle either way (session-watch.ts for another process's).

import { EngineError } from '../engine-error.ts';
import type { JobsApi } from './jobs-api.ts';
import type { SessionInfo, TaskSessionInfo } from './session-info.ts';
import type { SessionQuery } from './session-store.ts';
import { watchSession, type WatchedSession } from './session-watch.ts';

export class SessionsApi {
  readonly #jobs: JobsApi;

  constructor(jobs: JobsApi) {
    this.#jobs = jobs;
  }

  /** Sessions oldest first; `last` gives only the newest; `job`, `id`, `after` (Id above) and `running` filter. */
  list(query: SessionQuery = {}): SessionInfo[] {
    return this.#jobs.sessions.list(query).map((s) => this.#jobs.live(s.Id)?.info ?? s);
  }

  /**
   * A version per session list(query) would return, oldest first; null for a session that is not
   * Stopped (its Duration runs on, so whatever was made of it is out of date at once). A reader
   * that keeps what it built of each session (the service's session list) rebuilds only those
   * whose version changed.
   */
  versions(query: SessionQuery = {}): { id: number; version: string | null }[] {
    return this.#jobs.sessions.versions(query).map((v) => ({ id: v.id, version: v.stopped && !this.#jobs.live(v.id) ? v.version : null }));
  }

  get(id: number): SessionInfo {
    const s = this.list({ id })[0];
    if (!s) throw EngineError.notFound('Session', String(id));
    return s;
  }

  /** The task sessions of a session, one per VM disk, in task order. */
  tasks(id: number): TaskSessionInfo[] {
    const live = this.#jobs.live(id);
    if (live) return live.tasks;
    this.get(id);
    return this.#jobs.sessions.tasks(id);
  }

  /**
   * A running session's records and events to follow until it ends: its live handle when this
   * process runs it, else one read from the catalog at a modest interval (done resolves when it
   * ends, or at stop() with the last state read). Null when it has ended or does not exist.
   */
  follow(id: number): WatchedSession | null {
    const live = this.#jobs.handleOf(id);
    if (live) return { ...live, stop: () => {}, fromCatalog: false };
    return watchSession(this.#jobs.sessions, id);
  }

  /**
   * Resolves with the session once it has ended, or with its current state when `timeoutMs`
   * passes first (State is then still Working). Works for sessions run by another process too (a
   * session whose process has died ends as crash recovery closes it). `followed`: a handle from
   * follow(id) the caller already has (and stops), rather than a second one.
   */
  async wait(id: number, timeoutMs?: number, followed?: WatchedSession | null): Promise<SessionInfo> {
    const f = followed === undefined ? this.follow(id) : followed;
    if (!f) return this.get(id);
    let timer: NodeJS.Timeout | undefined;
    const timeout = timeoutMs === undefined ? null : new Promise<SessionInfo>((resolve) => (timer = setTimeout(() => resolve(this.get(id)), Math.max(0, timeoutMs))));
    try {
      return await (timeout ? Promise.race([f.done, timeout]) : f.done);
    } finally {
      clearTimeout(timer);
      if (followed === undefined) f.stop();
    }
  }
}
