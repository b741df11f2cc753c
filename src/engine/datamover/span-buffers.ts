// The read buffers of a restore or health check, recycled. A span is read on the main thread and
// its buffer transferred to a worker; left to the worker's garbage collector, each 8 MiB buffer
// stayed allocated until the worker's next collection, which its tiny heap seldom needs (~100 MB
// of spans were waiting during a 2 GiB restore). The worker hands each buffer back with its reply
// and the next read reuses it, so a run holds about its in-flight window of buffers, no more.

import { SPAN_BYTES } from './stored-record-reader.ts';

export class SpanBuffers {
  readonly #free: ArrayBuffer[] = [];
  readonly #keep: number;

  /** `keep`: how many idle buffers to hold for reuse (the caller's in-flight window). */
  constructor(keep: number) {
    this.#keep = keep;
  }

  /** A buffer of at least `size` bytes: a returned one when it fits, else a new one. */
  take(size: number): ArrayBuffer {
    const i = this.#free.findIndex((b) => b.byteLength >= size);
    if (i >= 0) return this.#free.splice(i, 1)[0]!;
    return new ArrayBuffer(Math.max(size, SPAN_BYTES));
  }

  /** Buffers a worker handed back; detached or surplus ones are dropped. */
  give(buffers: readonly ArrayBuffer[]): void {
    for (const b of buffers) if (b.byteLength > 0 && this.#free.length < this.#keep) this.#free.push(b);
  }
}
