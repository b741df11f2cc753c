// The counts of a run as Pester aggregates them: a test that should have run but did not (its
// block's BeforeAll failed) counts as failed; tests left out by the tag filters are NotRun.
import { blocksOf, testsOf, type TestBlock, type TestCase } from './test-tree.ts';

export interface Container {
  /** The test file's full path. */
  file: string;
  root: TestBlock;
  /** Discovery failed (a parse error, a throw outside any It): the file's tests never ran. */
  failed: boolean;
  durationMs: number;
  userMs: number;
}

export interface RunTotals {
  tests: TestCase[];
  passed: number;
  failed: number;
  skipped: number;
  inconclusive: number;
  notRun: number;
  failedBlocks: TestBlock[];
  failedContainers: string[];
}

/** Passed, Failed, Skipped or NotRun, as the result object and NUnit XML report it. */
export function finalResult(t: TestCase): TestCase['result'] {
  if (!t.shouldRun) return 'NotRun';
  if (t.skip) return 'Skipped';
  if (!t.executed) return 'Failed';
  return t.result;
}

export function runTotals(containers: Container[]): RunTotals {
  const tests = containers.flatMap((c) => testsOf(c.root));
  for (const t of tests) t.result = finalResult(t);
  const count = (r: TestCase['result']) => tests.filter((t) => t.result === r).length;
  return {
    tests,
    passed: count('Passed'),
    failed: count('Failed'),
    skipped: count('Skipped'),
    inconclusive: count('Inconclusive'),
    notRun: count('NotRun'),
    failedBlocks: containers.flatMap((c) => blocksOf(c.root)).filter((b) => !b.ownPassed),
    // A file's own BeforeAll / AfterAll (outside any Describe) failing fails the file, as in Pester.
    failedContainers: containers.filter((c) => c.failed || !c.root.ownPassed).map((c) => c.file),
  };
}

/** What `-CI` and `vbrs test` exit with: failed tests, blocks and files, at most 255. */
export function failureCount(t: RunTotals): number {
  return Math.min(255, t.failed + t.failedBlocks.length + t.failedContainers.length);
}
