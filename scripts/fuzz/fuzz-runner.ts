// Drives the fuzz worker over a range of inputs with a watchdog: if the worker stays on one input
// longer than the budget plus a grace period (the script could not be stopped, or the thread is
// stuck in a synchronous loop), that input is a hang; the worker is ended and a new one carries on
// from the next input. Used by `npm run fuzz` (run.ts) and the fixed-seed slice in the suite.

import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { fuzzInput, goldenCorpus } from './fuzz-inputs.ts';
import type { Finding } from './fuzz-one.ts';

export interface FuzzOptions {
  root: string;
  seed: number;
  /** Inputs [from, from + count) of the seed's stream (from defaults to 0). */
  from?: number;
  count: number;
  /** A script still running after this is stopped as Ctrl+C would (2 s). */
  budgetMs?: number;
  /** More than this past the budget on one input is a hang. */
  graceMs?: number;
  onFinding?: (f: Finding) => void;
  onProgress?: (done: number) => void;
}

export interface FuzzReport {
  inputs: number;
  counts: Record<string, number>;
  findings: Finding[];
  durationMs: number;
}

const workerFile = fileURLToPath(new URL('./fuzz-worker.ts', import.meta.url));

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const budgetMs = o.budgetMs ?? 2000;
  const graceMs = o.graceMs ?? 10_000;
  const started = Date.now();
  const counts: Record<string, number> = { 'parse-error': 0, ran: 0, 'not-run': 0, stopped: 0, crash: 0, hang: 0 };
  const findings: Finding[] = [];
  const found = (f: Finding) => {
    findings.push(f);
    o.onFinding?.(f);
  };
  const end = (o.from ?? 0) + o.count;
  let from = o.from ?? 0;
  while (from < end) {
    const progress = new SharedArrayBuffer(8);
    const at = new Int32Array(progress);
    Atomics.store(at, 0, from);
    const worker = new Worker(workerFile, { workerData: { root: o.root, seed: o.seed, from, to: end, budgetMs, progress }, stdout: true, stderr: true });
    worker.stdout.resume();
    worker.stderr.resume();
    const next = await new Promise<number>((resolve, reject) => {
      let last = from;
      let since = Date.now();
      const watch = setInterval(() => {
        // A worker still loading its modules (slow on a busy machine) is not hanging on an input.
        if (Atomics.load(at, 1) === 0) {
          since = Date.now();
          return;
        }
        const i = Atomics.load(at, 0);
        if (i !== last) {
          last = i;
          since = Date.now();
          o.onProgress?.(i);
          return;
        }
        if (Date.now() - since > budgetMs + graceMs) {
          clearInterval(watch);
          found({ kind: 'hang', input: fuzzInput(goldenCorpus(o.root), o.seed, i), detail: `still running ${budgetMs + graceMs} ms after it started, though stopped at ${budgetMs} ms`, seed: o.seed, index: i });
          counts.hang!++;
          void worker.terminate().then(() => resolve(i + 1));
        }
      }, 250);
      worker.on('message', (m: { finding?: Finding; done?: Record<string, number> }) => {
        if (m.finding) found(m.finding);
        if (m.done) {
          clearInterval(watch);
          for (const [k, v] of Object.entries(m.done)) counts[k] = (counts[k] ?? 0) + v;
          resolve(end);
        }
      });
      worker.on('error', (e) => {
        clearInterval(watch);
        const i = Atomics.load(at, 0);
        found({ kind: 'crash', input: fuzzInput(goldenCorpus(o.root), o.seed, i), detail: `the worker died: ${e instanceof Error ? e.stack : String(e)}`, seed: o.seed, index: i });
        counts.crash!++;
        resolve(i + 1);
      });
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`fuzz worker exited with status ${code}`));
      });
    }).catch(() => Atomics.load(at, 0) + 1);
    // Counts of a worker that was ended are lost with it; the inputs it finished count as run.
    from = next;
  }
  return { inputs: o.count, counts, findings, durationMs: Date.now() - started };
}
