// Runs a stepwise generator (work that stops after each chunk) either straight through or with the
// event loop turning between steps. One body of work, two drivers: the synchronous API and the
// async one cannot drift apart.

import { setImmediate as nextTurn } from 'node:timers/promises';

/** Runs every step now; `onStep` sees each step's value. */
export function runSteps<S, R>(steps: Generator<S, R>, onStep: (step: S) => void): R {
  try {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      onStep(r.value);
    }
  } finally {
    steps.return(undefined as R);
  }
}

/**
 * Runs the steps with a turn of the event loop between each, so timers, input and redraws run
 * meanwhile. When `signal` aborts, the generator is closed (its `finally` blocks release what it
 * holds) and `cancelled()` is thrown.
 */
export async function runStepsAsync<S, R>(
  steps: Generator<S, R>,
  onStep: (step: S) => void,
  signal: AbortSignal | undefined,
  cancelled: () => Error,
): Promise<R> {
  try {
    for (;;) {
      if (signal?.aborted) throw cancelled();
      const r = steps.next();
      if (r.done) return r.value;
      onStep(r.value);
      await nextTurn();
    }
  } finally {
    // A no-op once the generator has finished; otherwise it runs the generator's cleanup.
    steps.return(undefined as R);
  }
}
