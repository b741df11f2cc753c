// What `GET /api/v1/events` streams: every session and task event of the sessions this process
// runs (from the engine), plus the sessions other processes on the same data folder run (a shell's
// Start-Job), which this process sees only in the shared catalog: those are polled and reported as
// session-started, session-state and session-finished events of the same shape.

import type { Engine } from '../engine/index.ts';
import type { SessionEvent, SessionInfo } from '../engine/jobs/index.ts';
import { apiJson, sessionJson, taskSessionJson, type Json } from './api-json.ts';

export type FeedListener = (event: { [key: string]: Json }) => void;

const pollMs = 500;

export class SessionEventFeed {
  readonly #engine: Engine;
  readonly #listeners = new Set<FeedListener>();
  /** Sessions whose events came from the engine of this process. */
  readonly #own = new Set<number>();
  /** Sessions of other processes seen not yet Stopped, with the state last reported. */
  readonly #foreign = new Map<number, SessionInfo['State']>();
  #lastId = 0;
  #timer: NodeJS.Timeout | null = null;
  readonly #onEngineEvent = (e: SessionEvent) => {
    this.#own.add(e.sessionId);
    this.#send(engineEventJson(e));
  };

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** Starts following sessions; returns the function that stops this listener. */
  subscribe(fn: FeedListener): () => void {
    if (this.#listeners.size === 0) this.#start();
    this.#listeners.add(fn);
    return () => {
      this.#listeners.delete(fn);
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  #start(): void {
    this.#engine.jobs.events.on('event', this.#onEngineEvent);
    this.#lastId = this.#engine.sessions.list({ last: true })[0]?.Id ?? 0;
    this.#timer = setInterval(() => this.#poll(), pollMs);
    this.#timer.unref();
  }

  #stop(): void {
    this.#engine.jobs.events.off('event', this.#onEngineEvent);
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#foreign.clear();
  }

  /** Looks in the catalog for sessions another process started or moved on. */
  #poll(): void {
    try {
      const sessions = this.#engine.sessions;
      const newest = sessions.list({ last: true })[0]?.Id ?? 0;
      for (let id = this.#lastId + 1; id <= newest; id++) {
        if (this.#own.has(id) || this.#engine.jobs.live(id)) continue;
        const s = sessions.list({ id })[0];
        if (!s) continue;
        this.#send({ sessionId: id, kind: 'session-started', session: sessionJson(s) });
        this.#foreign.set(id, 'Starting');
        this.#report(s);
      }
      this.#lastId = Math.max(this.#lastId, newest);
      for (const id of [...this.#foreign.keys()]) {
        const s = sessions.list({ id })[0];
        if (s) this.#report(s);
        else this.#foreign.delete(id);
      }
    } catch {
      // The catalog is closing under the poll (service shutdown): nothing more to report.
    }
  }

  #report(s: SessionInfo): void {
    if (this.#foreign.get(s.Id) !== s.State) {
      this.#foreign.set(s.Id, s.State);
      this.#send({ sessionId: s.Id, kind: 'session-state', state: s.State });
    }
    if (s.State === 'Stopped') {
      this.#foreign.delete(s.Id);
      this.#send({ sessionId: s.Id, kind: 'session-finished', session: sessionJson(s) });
    }
  }

  #send(event: { [key: string]: Json }): void {
    for (const fn of this.#listeners) fn(event);
  }
}

/** An engine session event as JSON: its records shaped as the API shapes them. */
export function engineEventJson(e: SessionEvent): { [key: string]: Json } {
  const { task, session, ...rest } = e as SessionEvent & { task?: unknown; session?: unknown };
  const out = apiJson(rest);
  if (typeof task === 'number' || task === null) out.task = task;
  else if (task) out.task = taskSessionJson(task as Parameters<typeof taskSessionJson>[0]);
  if (session) out.session = sessionJson(session as SessionInfo);
  return out;
}
