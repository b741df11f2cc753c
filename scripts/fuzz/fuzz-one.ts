// Runs one fuzz input through the parser and, when it parses and is safe to run, the interpreter
// (a fresh in-process Shell), and says whether it found a bug: a crash is any exception other than
// the language's own errors — a non-ParseError out of parse(), anything thrown out of Shell.run, or
// an error record whose message is a JavaScript engine error leaking through (a TypeError turned
// into a RuntimeException). A script still running at the time budget is stopped the way Ctrl+C
// stops it; one that cannot be stopped is a hang, caught by the worker's watchdog (fuzz-runner.ts).

import { parse, ParseError } from '../../src/lang/index.ts';
import { createShell } from '../../src/runtime/shell.ts';

export interface Finding {
  kind: 'crash' | 'hang';
  input: string;
  detail: string;
  seed?: number;
  index?: number;
}

export type Outcome = 'parse-error' | 'ran' | 'not-run' | 'stopped' | Finding;

/** V8's own messages: seen in an error record, an internal error escaped as a language error.
 *  (Not JSON.parse's "Unexpected token": ConvertFrom-Json quotes it in its own error, as pwsh does.) */
const INTERNAL = /Cannot read properties of|Cannot set properties of|is not a function|is not iterable|is not a constructor|Cannot convert (?:undefined|null|a Symbol)|Invalid array length|Assertion failed|Cannot access '.*' before initialization|is not defined$|Cannot destructure/;

/** What a fuzz input may not run: anything that touches files, processes, the network or time. */
const UNSAFE = /item|content|file|path|remove|location|process|start-|stop-|new-|set-|clear-|rename|move|copy|tee|export|import|out-|invoke-|iex|\bicm\b|sleep|read-host|web|rest|>|&|\/|\\|::|\bcd\b|\bls\b|\brm\b|\bdel\b|\bni\b|\bsc\b|\bac\b|\bgc\b|\bmi\b|\bcp\b|\bmv\b|\bsal\b|alias|module|\$env|wait/i;

export async function fuzzOne(input: string, options: { cwd: string; budgetMs: number }): Promise<Outcome> {
  try {
    parse(input, 'fuzz.vbrs');
  } catch (e) {
    if (e instanceof ParseError) return 'parse-error';
    return { kind: 'crash', input, detail: `parse: ${describe(e)}` };
  }
  if (UNSAFE.test(input)) return 'not-run';
  const leaked: string[] = [];
  const shell = createShell({ cwd: options.cwd, width: 100, stdout: () => {}, stderr: () => {} });
  shell.on('errorRecord', (rec: { message: string }) => {
    if (INTERNAL.test(rec.message)) leaked.push(rec.message);
  });
  let stopped = false;
  const timer = setTimeout(() => {
    stopped = true;
    shell.stop();
  }, options.budgetMs);
  try {
    await shell.run(input, 'fuzz.vbrs');
  } catch (e) {
    return { kind: 'crash', input, detail: `run: ${describe(e)}` };
  } finally {
    clearTimeout(timer);
  }
  if (leaked.length) return { kind: 'crash', input, detail: `internal error as a record: ${leaked[0]}` };
  return stopped ? 'stopped' : 'ran';
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return String(e);
}
