// The fuzz worker thread: runs inputs [from, to) of a seed through fuzzOne, writing the index it is
// on into shared memory before each (the runner's watchdog reads it to spot a hang) and posting
// each finding and, at the end, its counts. PATH is emptied first, so no input can start a program.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzInput, goldenCorpus } from './fuzz-inputs.ts';
import { fuzzOne } from './fuzz-one.ts';

export interface WorkerTask {
  root: string;
  seed: number;
  from: number;
  to: number;
  budgetMs: number;
  /** [0] the index being run, [1] 1 once the worker has loaded and started its inputs. */
  progress: SharedArrayBuffer;
}

process.env.PATH = '';
const task = workerData as WorkerTask;
const progress = new Int32Array(task.progress);
const corpus = goldenCorpus(task.root);
const cwd = mkdtempSync(join(tmpdir(), 'vbrs-fuzz-'));
const counts: Record<string, number> = { 'parse-error': 0, ran: 0, 'not-run': 0, stopped: 0, crash: 0 };
// A warm-up run first: the interpreter loads in pieces on its first script, slowly on a busy machine.
await fuzzOne('1 + 1', { cwd, budgetMs: task.budgetMs });
Atomics.store(progress, 1, 1);
for (let i = task.from; i < task.to; i++) {
  Atomics.store(progress, 0, i);
  const input = fuzzInput(corpus, task.seed, i);
  const out = await fuzzOne(input, { cwd, budgetMs: task.budgetMs });
  if (typeof out === 'string') counts[out]!++;
  else {
    counts.crash!++;
    parentPort!.postMessage({ finding: { ...out, seed: task.seed, index: i } });
  }
}
rmSync(cwd, { recursive: true, force: true });
parentPort!.postMessage({ done: counts });
