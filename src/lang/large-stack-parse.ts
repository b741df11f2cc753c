// Parses deeply nested input on a worker thread with a large stack, synchronously. Chevrotain's
// recursive descent uses about 40 JavaScript frames per bracket level, so Node's default stack
// overflows near 140 levels; scripts nested deeper than MAIN_THREAD_NESTING (and up to
// MAX_NESTING) are parsed here instead. The caller blocks on Atomics.wait until the worker posts
// its answer, which is read with receiveMessageOnPort; the AST travels as JSON because JSON.parse
// does not recurse on the receiving (small) stack.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { ScriptBlockAst } from './ast.ts';
import { ParseError, type ParseErrorInit } from './errors.ts';
import type { Source } from './source.ts';

const STACK_MB = 256;
const TIMEOUT_MS = 120_000;

export interface LargeStackRequest {
  text: string;
  name: string;
  done: Int32Array;
  port: import('node:worker_threads').MessagePort;
}

export type LargeStackAnswer =
  | { ok: true; json: string }
  | { ok: false; error: Omit<ParseErrorInit, 'source'> & { message: string } }
  | { ok: false; crash: string };

export function parseOnLargeStack(source: Source): ScriptBlockAst {
  const done = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./large-stack-worker.ts', import.meta.url), {
    workerData: { text: source.text, name: source.name, done, port: port2 } satisfies LargeStackRequest,
    transferList: [port2],
    resourceLimits: { stackSizeMb: STACK_MB },
  });
  try {
    Atomics.wait(done, 0, 0, TIMEOUT_MS);
    const answer = receiveMessageOnPort(port1)?.message as LargeStackAnswer | undefined;
    if (answer?.ok) return JSON.parse(answer.json) as ScriptBlockAst;
    if (answer && 'error' in answer) throw new ParseError({ ...answer.error, source });
    throw new Error(`the large-stack parser thread failed: ${answer?.crash ?? 'no answer'}`);
  } finally {
    port1.close();
    void worker.terminate();
  }
}
