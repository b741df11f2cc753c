// The thread behind large-stack-parse.ts: parses one script with the large stack it was started
// with, posts the AST (as JSON) or the ParseError's fields, and wakes the waiting caller.
import { workerData } from 'node:worker_threads';
import { ParseError } from './errors.ts';
import type { LargeStackAnswer, LargeStackRequest } from './large-stack-parse.ts';
import { parseScript, useLargeStack } from './parse-source.ts';
import { Source } from './source.ts';

const { text, name, done, port } = workerData as LargeStackRequest;
useLargeStack();
let answer: LargeStackAnswer;
try {
  answer = { ok: true, json: JSON.stringify(parseScript(new Source(text, name))) };
} catch (e) {
  if (e instanceof ParseError) {
    const { code, span, expected, found, incomplete, message } = e;
    answer = { ok: false, error: { code, span, expected, found, incomplete, message } };
  } else answer = { ok: false, crash: e instanceof Error ? e.message : String(e) };
}
port.postMessage(answer);
Atomics.store(done, 0, 1);
Atomics.notify(done, 0);
