// The sessions part of the engine's public API (`engine.sessions`): what Get-Session,
// Get-TaskSession and Wait-Session call. Sessions running in this process are returned as their
// live records (Progress moves); others come from the catalog, whichever process ran them.

import { setTimeout as sleep } from 'node:timers/promises';
import { EngineError } from '../engine-error.ts';
import type { JobsApi } from './jobs-api.ts';
import type { SessionInfo, TaskSessionInfo } from './session-info.ts';
import type { SessionQuery } from './session-store.ts';

const pollMs = 100;

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
   * Resolves with the session once it has ended, or with its current state when `timeoutMs`
   * passes first (State is then still Working). Works for sessions run by another process too.
   */
  async wait(id: number, timeoutMs?: number): Promise<SessionInfo> {
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    const live = this.#jobs.live(id);
    if (live) {
      if (deadline === Infinity) return live.done;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<SessionInfo>((resolve) => (timer = setTimeout(() => resolve(live.info), Math.max(0, deadline - Date.now()))));
      return Promise.race([live.done, timeout]).finally(() => clearTimeout(timer));
    }
    for (;;) {
      const s = this.get(id);
      if (s.State === 'Stopped' || Date.now() >= deadline) return s;
      await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
    }
  }
}
