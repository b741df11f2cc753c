// Network traffic throttling: a token bucket in bytes per second. One bucket is shared by every
// task a throttling rule covers, so parallel data movers split the allowed rate between them.
// The bucket holds at most a quarter second of tokens, so a burst after an idle spell stays small.

import { EngineError } from '../engine-error.ts';

export class TokenBucket {
  readonly bytesPerSec: number;
  private tokens: number;
  private last: number;
  private readonly capacity: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(bytesPerSec: number) {
    if (!(bytesPerSec > 0) || !Number.isFinite(bytesPerSec))
      throw new EngineError('VBRS_INVALID_ARGUMENT', `Throttling limit ${bytesPerSec} is not a positive number of bytes per second.`, { kind: 'ThrottlingRule' });
    this.bytesPerSec = bytesPerSec;
    this.capacity = bytesPerSec / 4;
    this.tokens = this.capacity;
    this.last = performance.now();
  }

  /**
   * Waits until `bytes` may be sent; returns the milliseconds spent waiting. Takers are served in
   * order; a request larger than the bucket is let through by going into debt, then paid back.
   */
  take(bytes: number, signal?: AbortSignal): Promise<number> {
    const run = this.tail.then(() => this.wait(bytes, signal));
    this.tail = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private async wait(bytes: number, signal?: AbortSignal): Promise<number> {
    const start = performance.now();
    this.refill();
    if (this.tokens < 0 || this.tokens < Math.min(bytes, this.capacity)) {
      const need = Math.min(bytes, this.capacity) - this.tokens;
      await sleepMs((need / this.bytesPerSec) * 1000, signal);
      this.refill();
    }
    this.tokens -= bytes;
    return performance.now() - start;
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.bytesPerSec);
    this.last = now;
  }
}

function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
