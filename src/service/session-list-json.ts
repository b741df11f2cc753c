// The body of `GET /sessions`: every session as api-json.ts shapes it, `{ "data": [ … ] }`. A list
// of 1,000 sessions is ~2.8 MB of JSON built from ~20,000 log lines, and rebuilding it on every
// request held the service to ~10 requests/s; an ended session seldom changes, so the JSON text of
// each Stopped one is kept with the engine's version of it (SessionsApi.versions: its row and its
// log) and only sessions that are new, changed or still running are read and shaped again.

import type { Engine } from '../engine/index.ts';
import type { SessionQuery } from '../engine/jobs/index.ts';
import { sessionJson } from './api-json.ts';

/** Past this many kept sessions the memory is dropped and refilled by the next list. */
const MAX_KEPT = 50_000;

export class SessionListJson {
  readonly #engine: Engine;
  readonly #kept = new Map<number, { version: string; json: string }>();

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** The list's JSON text, oldest first, exactly what `{ data: sessions.map(sessionJson) }` gives. */
  render(query: SessionQuery): string {
    const versions = this.#engine.sessions.versions(query);
    const stale = new Set(versions.filter((v) => v.version === null || this.#kept.get(v.id)?.version !== v.version));
    // Many to read: one list query; a few: each on its own (a poll while one job runs).
    const read = stale.size > 16 ? this.#engine.sessions.list(query) : [...stale].flatMap((v) => this.#engine.sessions.list({ id: v.id }));
    const fresh = new Map(read.map((s) => [s.Id, s]));
    if (this.#kept.size > MAX_KEPT) this.#kept.clear();
    const parts: string[] = [];
    for (const v of versions) {
      if (!stale.has(v)) {
        parts.push(this.#kept.get(v.id)!.json);
        continue;
      }
      const s = fresh.get(v.id);
      if (!s) continue; // gone between the two reads
      const json = JSON.stringify(sessionJson(s));
      // Kept under the version read before it: if it changed in between, the next list reads it again.
      if (v.version !== null) this.#kept.set(v.id, { version: v.version, json });
      parts.push(json);
    }
    return `{"data":[${parts.join(',')}]}`;
  }
}
