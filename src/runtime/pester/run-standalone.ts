// A `Describe` run outside Invoke-Pester — a test file run as a plain script (`vbrs a.Tests.vbrs`),
// as `./a.Tests.ps1` is in PowerShell: the block is discovered into a root of its own and run at
// once with the Normal report, as Pester does for a directly invoked file.
import { performance } from 'node:perf_hooks';
import type { Interpreter } from '../interpreter/interpreter.ts';
import type { ExecContext } from '../interpreter/exec-context.ts';
import { withOpenBlock } from './discovery-state.ts';
import { newBlock, type TestBlock } from './test-tree.ts';
import { ScreenReport } from './screen-report.ts';
import { TestRunner } from './test-runner.ts';

export async function runStandalone(interp: Interpreter, exec: ExecContext, write: (line: string) => void | Promise<void>, discover: (root: TestBlock) => Promise<void>): Promise<void> {
  const file = exec.source.name;
  const report = new ScreenReport('Normal', write);
  const runner = new TestRunner(interp, exec, report);
  const startedAt = new Date();
  const t0 = performance.now();
  report.discoveryStart(1);
  const root = newBlock('Root', file, null, file, 0);
  await withOpenBlock(interp.session, root, () => discover(root));
  await runner.runDiscovered([{ file, root, failed: false, durationMs: 0, userMs: 0 }], { include: [], exclude: [] }, t0, startedAt);
}
