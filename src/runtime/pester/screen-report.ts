// What a run writes to the host, line for line as Pester 5's WriteScreen plugin (Output.ps1):
// `Starting discovery in N files.`, failures with their path, message and position, `[+] FILE` for a
// file whose tests all passed (Normal), the tree with every test (Detailed), and the summary
// `Tests completed in …` / `Tests Passed: N, Failed: N, Skipped: N, Inconclusive: N, NotRun: N`.
import { VERSION } from '../../version.ts';
import { blockChain, blockPath, type TestBlock, type TestCase } from './test-tree.ts';
import { formatErrors, type FailedCode } from './failure-lines.ts';
import type { ErrorRecord } from '../error-record.ts';
import type { RunTotals } from './run-totals.ts';
import { SET_RESULT_IDS } from './set-it-result.ts';

export type Verbosity = 'None' | 'Normal' | 'Detailed';

/** Pester's Get-HumanTime: whole milliseconds under a second, else seconds to two places. */
export function humanTime(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${Math.round(ms / 10) / 100}s`;
}

export class ScreenReport {
  readonly #write: (line: string) => void;
  readonly #verbosity: Verbosity;
  readonly #written = new Set<TestBlock>();
  #pending: Promise<void> = Promise.resolve();

  /** `write` may return a promise (the host stream redirected into a pipeline, `6>&1`): lines are
   *  queued in order, and the runner flushes them before any test code writes anything itself. */
  constructor(verbosity: Verbosity, write: (line: string) => void | Promise<void>) {
    this.#verbosity = verbosity;
    this.#write = verbosity === 'None' ? () => {} : (line) => void (this.#pending = this.#pending.then(() => write(line)));
  }

  flush(): Promise<void> {
    return this.#pending;
  }

  get #detailed(): boolean {
    return this.#verbosity === 'Detailed';
  }

  start(): void {
    if (this.#detailed) this.#write(`Pester v5 (vbrs ${VERSION})`);
  }

  discoveryStart(files: number): void {
    this.#write('');
    this.#write(`Starting discovery in ${files} files.`);
  }

  discoveryFailed(file: string, errors: { rec: ErrorRecord; code: FailedCode | null }[]): void {
    this.#write(`[-] Discovery in ${file} failed with:`);
    for (const l of formatErrors(errors, '')) this.#write(l);
  }

  containerFailed(file: string, errors: { rec: ErrorRecord; code: FailedCode | null }[]): void {
    this.#write(`[-] ${file} failed with:`);
    for (const l of formatErrors(errors, '')) this.#write(l);
  }

  discoveryEnd(tests: number, ms: number, filters: { include: string[]; exclude: string[] }, toRun: number): void {
    this.#write(`Discovery found ${tests} tests in ${humanTime(ms)}.`);
    if (this.#detailed && (filters.include.length || filters.exclude.length)) {
      if (filters.exclude.length) this.#write(`Filter 'ExcludeTag' set to ('${filters.exclude.join("', '")}').`);
      if (filters.include.length) this.#write(`Filter 'Tag' set to ('${filters.include.join("', '")}').`);
      this.#write(`Filters selected ${toRun} tests to run.`);
    }
    this.#write('Running tests.');
  }

  containerStart(file: string): void {
    if (!this.#detailed) return;
    this.#write('');
    this.#write(`Running tests from '${file}'`);
  }

  containerEnd(file: string, passed: boolean, ran: boolean, ms: number, userMs: number): void {
    if (this.#verbosity !== 'Normal' || !passed || !ran) return;
    this.#write(`[+] ${file} ${humanTime(ms)} (${humanTime(userMs)}|${humanTime(ms - userMs)})`);
  }

  /** Detailed output names each block right before its first test runs, its parents first. */
  testStart(test: TestCase): void {
    if (!this.#detailed) return;
    for (const b of blockChain(test.block)) {
      if (this.#written.has(b)) continue;
      this.#written.add(b);
      const level = blockChain(b).length - 1;
      if (level === 0 && b.parent && b.parent.items.find((i) => i.kind !== 'Test') !== b) this.#write('');
      this.#write(`${' '.repeat(level)}${b.kind === 'Describe' ? 'Describing' : 'Context'} ${b.expandedName}`);
    }
  }

  testEnd(test: TestCase, errors: { rec: ErrorRecord; code: FailedCode | null }[]): void {
    const level = blockChain(test.block).length + 1;
    const margin = this.#detailed ? ' '.repeat(level) : '';
    const errorMargin = this.#detailed ? margin + ' ' : ' ';
    // A test ended by Set-ItResult says why after its name (Detailed), as Pester adds the record's text.
    const set = test.errors.length === 1 && test.errors[0]!.FullyQualifiedErrorId in SET_RESULT_IDS ? ` ${test.errors[0]!.message}` : '';
    const out = (this.#detailed ? test.expandedName : test.expandedPath) + (this.#detailed ? set : '');
    const time = `${humanTime(test.durationMs)} (${humanTime(test.userMs)}|${humanTime(test.durationMs - test.userMs)})`;
    if (test.result === 'Failed') {
      this.#write(`${margin}[-] ${out} ${time}`);
      for (const l of formatErrors(errors, errorMargin)) this.#write(l);
    } else if (this.#detailed && test.result === 'Passed') this.#write(`${margin}[+] ${out} ${time}`);
    else if (this.#detailed && test.result === 'Skipped') this.#write(`${margin}[!] ${out} ${time}`);
    else if (this.#detailed && test.result === 'Inconclusive') this.#write(`${margin}[?] ${out} ${time}`);
  }

  blockFailed(block: TestBlock, errors: { rec: ErrorRecord; code: FailedCode | null }[]): void {
    const level = this.#detailed ? blockChain(block).length : 0;
    this.#write(`[-] ${block.kind} ${blockPath(block)} failed`);
    for (const l of formatErrors(errors, ' '.repeat(level) + ' ')) this.#write(l);
  }

  end(t: RunTotals, ms: number): void {
    this.#write(`Tests completed in ${humanTime(ms)}`);
    this.#write(`Tests Passed: ${t.passed}, Failed: ${t.failed}, Skipped: ${t.skipped}, Inconclusive: ${t.inconclusive}, NotRun: ${t.notRun}`);
    if (t.failedBlocks.length) {
      this.#write(`BeforeAll \\ AfterAll failed: ${t.failedBlocks.length}`);
      this.#write(t.failedBlocks.map((b) => `  - ${blockPath(b)}`).join('\n'));
    }
    if (t.failedContainers.length) {
      this.#write(`Container failed: ${t.failedContainers.length}`);
      this.#write(t.failedContainers.map((c) => `  - ${c}`).join('\n'));
    }
    if (t.tests.some((x) => x.errors.some((e) => e.FullyQualifiedErrorId === 'PesterTestPending'))) {
      this.#write('**DEPRECATED**: The -Pending parameter of Set-ItResult is deprecated. The parameter will be removed in a future version of Pester.');
    }
  }
}
