// A Pester 5 run: discovery first (each file runs as a script; Describe bodies run, It and the
// setup blocks are only collected), then the run with Pester's scoping — a scope per file, per block
// (BeforeAll / AfterAll run in it, so what they define is seen by the block's tests) and per test
// (BeforeEach, the body and AfterEach share it, with the -TestCases keys as variables). Code that
// ran at discovery is not there at run time: the run starts from fresh scopes under the caller's.
import { performance } from 'node:perf_hooks';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import type { Interpreter } from '../interpreter/interpreter.ts';
import type { ExecContext } from '../interpreter/exec-context.ts';
import { Scope } from '../interpreter/scope.ts';
import { createScriptStage, invokeScriptBlock } from '../interpreter/script-command.ts';
import { loadScriptFile } from '../interpreter/pipeline.ts';
import { toErrorRecord } from '../interpreter/error-handling.ts';
import { isControlFlow } from '../interpreter/control-flow.ts';
import { scriptParams } from '../interpreter/param-defs.ts';
import type { ArgItem } from '../binder.ts';
import { PSHashtable } from '../values/hashtable.ts';
import type { ErrorRecord } from '../error-record.ts';
import type { ScriptBlockValue } from '../script-block.ts';
import { withOpenBlock, withoutOpenBlock } from './discovery-state.ts';
import { blockChain, blockPath, blocksOf, isTest, newBlock, selectedByTags, testsOf, type TestBlock, type TestCase } from './test-tree.ts';
import { expandName, setData } from './test-data.ts';
import { guarded } from './guarded.ts';
import { SET_RESULT_IDS } from './set-it-result.ts';
import type { ScreenReport } from './screen-report.ts';
import { runTotals, type Container, type RunTotals } from './run-totals.ts';
import type { FailedCode } from './failure-lines.ts';

export interface RunOptions {
  include: string[];
  exclude: string[];
}

export interface RunOutcome {
  containers: Container[];
  totals: RunTotals;
  durationMs: number;
  startedAt: Date;
}

type Failure = { rec: ErrorRecord; code: FailedCode | null };

export class TestRunner {
  readonly #interp: Interpreter;
  readonly #exec: ExecContext;
  readonly #report: ScreenReport;
  /** Errors with the code they escaped from, for the `at <ScriptBlock>` line. */
  readonly #failures = new Map<object, Failure[]>();
  #userMs = 0;

  constructor(interp: Interpreter, exec: ExecContext, report: ScreenReport) {
    this.#interp = interp;
    this.#exec = exec;
    this.#report = report;
  }

  failuresOf(item: object): Failure[] {
    return this.#failures.get(item) ?? [];
  }

  #fail(item: TestBlock | TestCase, e: unknown, code: ScriptBlockValue | null): void {
    const rec = toErrorRecord(e, code?.source ?? null, code?.ast.span ?? null);
    item.errors.push(rec);
    const list = this.#failures.get(item) ?? [];
    list.push({ rec, code: code ? { source: code.source, span: code.ast.span } : null });
    this.#failures.set(item, list);
  }

  /** Runs user code in `scope` (dot-sourced, as Pester runs setups and bodies), guarded like a try.
   *  A test body with a param() block also gets its -TestCases entry as named arguments, as Pester
   *  splats it (`param($a, $b)` in PowerShell's own tests). */
  async #user(sb: ScriptBlockValue, scope: Scope, out: (v: unknown) => void = () => {}, data: unknown = null): Promise<void> {
    await this.#report.flush();
    const t0 = performance.now();
    const interp = this.#interp;
    const ctx = { ...this.#exec, scope };
    const run = async (): Promise<void> => {
      if (!sb.ast.paramBlock || !(data instanceof PSHashtable)) {
        await invokeScriptBlock(interp, sb, ctx, { args: [], dotSource: true, out });
        return;
      }
      const names = new Set(scriptParams(sb.ast).params.map((p) => p.name.toLowerCase()));
      const args: ArgItem[] = data.entries().filter(([k]) => names.has(String(k).toLowerCase())).map(([k, v]) => ({ kind: 'param', name: String(k), value: v, hasValue: true, text: `-${String(k)}` }));
      const stage = createScriptStage(interp, sb, ctx, out, args, { name: '', dotSource: true, scopeKind: 'block', span: sb.ast.span, hasUpstream: false });
      await stage.begin();
      await stage.processNoInput();
      await stage.end();
    };
    try {
      await guarded(interp, () => withoutOpenBlock(interp.session, run));
    } finally {
      this.#userMs += performance.now() - t0;
    }
  }

  /** Runs `fn`; an error it raises is recorded on `item` (control flow such as `exit` goes on up). */
  async #attempt(item: TestBlock | TestCase, code: ScriptBlockValue, fn: () => Promise<void>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (e) {
      // `exit` and a stopped run (Ctrl-C) end the whole run, not just this test.
      if (isControlFlow(e) || this.#interp.session.abort.signal.aborted) throw e;
      this.#fail(item, e, code);
      return false;
    }
  }

  async discover(file: string): Promise<Container> {
    const root = newBlock('Root', file, null, file, 0);
    const container: Container = { file, root, failed: false, durationMs: 0, userMs: 0 };
    const interp = this.#interp;
    let sb: ScriptBlockValue | null = null;
    try {
      await this.#report.flush();
      sb = loadScriptFile(interp, file);
      const script = sb;
      await guarded(interp, () =>
        withOpenBlock(interp.session, root, async () => {
          const stage = createScriptStage(interp, script, this.#exec, () => {}, [], { name: file, dotSource: false, scopeKind: 'script', span: { start: 0, end: 0 }, hasUpstream: false, catchExit: true });
          await stage.begin();
          await stage.processNoInput();
          await stage.end();
        }),
      );
    } catch (e) {
      if (isControlFlow(e)) throw e;
      container.failed = true;
      this.#fail(root, e, sb);
      root.ownPassed = true; // the file failed, not a block: counted once, as a failed container
      this.#report.discoveryFailed(file, this.failuresOf(root));
    }
    return container;
  }

  /** Discovers every file, applies the tag filters, runs what is selected. */
  async run(files: string[], options: RunOptions): Promise<RunOutcome> {
    const startedAt = new Date();
    const t0 = performance.now();
    this.#report.start();
    this.#report.discoveryStart(files.length);
    const containers: Container[] = [];
    for (const f of files) containers.push(await this.discover(f));
    return this.runDiscovered(containers, options, t0, startedAt);
  }

  /** The run phase for containers already discovered (`t0`: when discovery started). */
  async runDiscovered(containers: Container[], options: RunOptions, t0: number, startedAt: Date): Promise<RunOutcome> {
    const tests = containers.flatMap((c) => testsOf(c.root));
    for (const t of tests) t.shouldRun = selectedByTags(t, options.include, options.exclude);
    this.#report.discoveryEnd(tests.length, performance.now() - t0, options, tests.filter((t) => t.shouldRun).length);
    for (const c of containers) if (!c.failed) await this.#runContainer(c);
    const totals = runTotals(containers);
    const durationMs = performance.now() - t0;
    this.#report.end(totals, durationMs);
    await this.#report.flush();
    return { containers, totals, durationMs, startedAt };
  }

  async #runContainer(c: Container): Promise<void> {
    this.#report.containerStart(c.file);
    const t0 = performance.now();
    const user0 = this.#userMs;
    const scope = new Scope(this.#exec.scope, 'script');
    scope.setLocal('PSScriptRoot', dirname(c.file));
    scope.setLocal('PSCommandPath', c.file);
    // One TestDrive per file, as Pester has it; each block removes what it added (see #runBlock).
    const drive = mkdtempSync(join(tmpdir(), 'vbrs-testdrive-'));
    scope.setLocal('TestDrive', drive);
    try {
      await this.#runBlock(c.root, scope, drive);
    } finally {
      rmSync(drive, { recursive: true, force: true });
    }
    c.durationMs = performance.now() - t0;
    c.userMs = this.#userMs - user0;
    if (!c.root.ownPassed) {
      this.#report.containerFailed(c.file, this.failuresOf(c.root));
    }
    const tests = testsOf(c.root);
    const passed = c.root.ownPassed && blocksOf(c.root).every((b) => b.ownPassed) && tests.every((t) => !t.shouldRun || t.skip || (t.executed && t.result !== 'Failed'));
    this.#report.containerEnd(c.file, passed, tests.some((t) => t.executed), c.durationMs, c.userMs);
  }

  async #runBlock(block: TestBlock, parentScope: Scope, drive: string): Promise<void> {
    const selected = testsOf(block).filter((t) => t.shouldRun);
    if (selected.length === 0) return;
    const t0 = performance.now();
    const scope = block.kind === 'Root' ? parentScope : new Scope(parentScope, 'block');
    setData(scope, block.data);
    block.executed = true;
    const before = new Set(listTree(drive));
    // A block whose selected tests are all skipped runs no setup at all.
    const anyToRun = selected.some((t) => !t.skip);
    let setupOk = true;
    if (anyToRun) for (const sb of block.beforeAll) if (setupOk) setupOk = await this.#attempt(block, sb, () => this.#user(sb, scope));
    if (setupOk) {
      for (const item of block.items) {
        if (isTest(item)) await this.#runTest(item, scope);
        else await this.#runBlock(item, scope, drive);
      }
    } else {
      // The tests could not run: they count as failed, and each is given the block's path.
      for (const t of testsOf(block)) t.expandedPath = `${blockPath(t.block)}.${t.name}`;
    }
    if (anyToRun) for (const sb of block.afterAll) await this.#attempt(block, sb, () => this.#user(sb, scope));
    if (block.errors.length) block.ownPassed = false;
    if (block.kind !== 'Root') for (const p of listTree(drive).reverse()) if (!before.has(p)) rmSync(p, { recursive: true, force: true });
    block.durationMs = performance.now() - t0;
    if (!block.ownPassed && block.kind !== 'Root') this.#report.blockFailed(block, this.failuresOf(block));
  }

  async #runTest(test: TestCase, blockScope: Scope): Promise<void> {
    test.expandedPath = `${blockPath(test.block)}.${test.name}`;
    if (!test.shouldRun) return;
    // Pester names the blocks (Detailed) before it looks at -Skip, so a skipped test has its header too.
    this.#report.testStart(test);
    if (test.skip) {
      test.result = 'Skipped';
      this.#report.testEnd(test, []);
      return;
    }
    const t0 = performance.now();
    const user0 = this.#userMs;
    const scope = new Scope(blockScope, 'block');
    setData(scope, test.data);
    const chain = blockChain(test.block);
    const root = chain.length ? chain[0]!.parent : test.block;
    const blocks = [...(root ? [root] : []), ...chain];
    let ok = true;
    for (const b of blocks) for (const sb of b.beforeEach) if (ok) ok = await this.#attempt(test, sb, () => this.#user(sb, scope));
    if (ok) {
      test.expandedName = await expandName(this.#interp, test.name, { ...this.#exec, scope });
      test.expandedPath = `${blockPath(test.block)}.${test.expandedName}`;
      await this.#attempt(test, test.body, () => this.#user(test.body, scope, (v) => void test.output.push(v), test.data));
    }
    for (const b of [...blocks].reverse()) for (const sb of b.afterEach) await this.#attempt(test, sb, () => this.#user(sb, scope));
    test.executed = true;
    const set = test.errors.length === 1 ? SET_RESULT_IDS[test.errors[0]!.FullyQualifiedErrorId] : undefined;
    test.result = set ?? (test.errors.length ? 'Failed' : 'Passed');
    test.durationMs = performance.now() - t0;
    test.userMs = this.#userMs - user0;
    this.#report.testEnd(test, this.failuresOf(test));
  }
}

/** Every path under `dir`, parents before children. */
function listTree(dir: string): string[] {
  const out: string[] = [];
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      out.push(p);
      if (e.isDirectory()) out.push(...listTree(p));
    }
  } catch {
    // The folder went away (a test removed it): nothing to list.
  }
  return out;
}
