// Notices job sessions that end, whichever process ran them: the scheduler starts after-job runs
// from these ends, and a shell's `Start-Job` in another process counts as much as the service's own
// runs. It reads only what is new since it last looked (sessions by Id) plus the few it saw running.

import type { Engine, SessionInfo } from '../engine/index.ts';

export class SessionWatch {
  readonly #engine: Engine;
  /** The highest session Id read so far. */
  #seen: number;
  /** Sessions seen running, by Id, until they end. */
  readonly #running = new Set<number>();

  constructor(engine: Engine) {
    this.#engine = engine;
    // Sessions that ended before the service started are history, not events.
    const last = engine.sessions.list({ last: true })[0];
    this.#seen = last?.Id ?? 0;
    for (const s of engine.sessions.list({ running: true })) this.#running.add(s.Id);
  }

  /** Backup sessions that ended since the last call, oldest first. */
  ended(): SessionInfo[] {
    const out: SessionInfo[] = [];
    for (const s of this.#engine.sessions.list({ after: this.#seen })) {
      this.#seen = Math.max(this.#seen, s.Id);
      if (s.State === 'Stopped') out.push(s);
      else this.#running.add(s.Id);
    }
    for (const id of [...this.#running]) {
      const s = this.#engine.sessions.list({ id })[0];
      if (!s || s.State === 'Stopped') {
        this.#running.delete(id);
        if (s) out.push(s);
      }
    }
    return out.filter((s) => s.Kind === 'Backup').sort((a, b) => a.Id - b.Id);
  }
}
