// The engine's long-running work that is not a backup job session (health checks, restores): each
// run is registered here so Engine.close() can stop it the way it stops job sessions — abort its
// signal with the engine-close cause — and wait until it has settled (its session saved, partial
// output removed) before the data movers and the catalog go away.

import { EngineError } from './engine-error.ts';
import { SessionStop, stopByEngineClose, stopByUser } from './jobs/session-stop.ts';

interface Operation {
  controller: AbortController;
  settled: Promise<unknown>;
}

export class EngineOperations {
  readonly #running = new Set<Operation>();
  #closing = false;

  /**
   * Runs `work` with a signal that aborts when the caller's `signal` does (a user's stop) or when
   * the engine closes (reason: a SessionStop with the engine-close cause). Refuses to start once
   * the engine is closing. `what` names the work in that refusal.
   */
  run<T>(what: string, signal: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new EngineError('VBRS_CLOSED', `The engine is closing; ${what} was not started.`));
    const controller = new AbortController();
    const fromCaller = () => controller.abort(signal?.reason instanceof SessionStop ? signal.reason : new SessionStop(stopByUser));
    if (signal?.aborted) fromCaller();
    else signal?.addEventListener('abort', fromCaller, { once: true });
    let result: Promise<T>;
    try {
      result = work(controller.signal);
    } catch (e) {
      result = Promise.reject(e);
    }
    const op: Operation = { controller, settled: result.catch(() => {}) };
    this.#running.add(op);
    void op.settled.then(() => {
      this.#running.delete(op);
      signal?.removeEventListener('abort', fromCaller);
    });
    return result;
  }

  /** True once the engine is closing: nothing new may start. */
  get closing(): boolean {
    return this.#closing;
  }

  /** How many operations are running. */
  get activeCount(): number {
    return this.#running.size;
  }

  /** Engine shutdown: nothing new starts; running operations are stopped and awaited. */
  async close(): Promise<void> {
    this.#closing = true;
    const running = [...this.#running];
    for (const op of running) if (!op.controller.signal.aborted) op.controller.abort(new SessionStop(stopByEngineClose));
    await Promise.all(running.map((op) => op.settled));
  }
}
