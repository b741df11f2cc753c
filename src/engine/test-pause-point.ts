// TEST-ONLY seam for the kill -9 drill (tests/engine/recovery/kill-drill.test.ts): with
// VBRS_TEST_PAUSE_AT=<phase> in its environment, a vbrs process stops dead the first time it reaches
// that phase — it writes "<phase> <pid>" to the file named by VBRS_TEST_PAUSE_FILE and blocks its
// main thread — so the test can SIGKILL it at exactly that moment on every run, not at a moment
// chosen by a timer. Without the variable each call is one environment lookup. Never set it
// outside tests.

import { writeFileSync } from 'node:fs';

/** `atomic-write:<file name>`: a put of an object named so, its temporary file written, not yet
 *  renamed into place (what a crash in the middle of an atomic write leaves). */
export type PausePhase = 'session-started' | 'data-moving' | 'point-commit' | 'retention-merge' | 'health-check' | `atomic-write:${string}`;

/** How long a paused process waits for its kill before it gives up and exits (status 70). */
const PAUSE_MS = 120_000;

export function pausePoint(phase: PausePhase): void {
  if (process.env.VBRS_TEST_PAUSE_AT !== phase) return;
  const file = process.env.VBRS_TEST_PAUSE_FILE;
  if (file) writeFileSync(file, `${phase} ${process.pid}\n`);
  // Blocks the event loop itself: nothing of the engine moves on until the signal arrives.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
  process.exit(70);
}
