// The tree a Pester run works on: discovery builds it (a root block per test file, a block per
// `Describe` / `Context`, a test per `It` and per `-TestCases` entry), the run fills in each test's
// result and timings, and the report, the result object and the NUnit XML read it.
import type { ErrorRecord } from '../error-record.ts';
import type { ScriptBlockValue } from '../script-block.ts';
import { wildcardMatch } from '../../engine/infra/wildcard.ts';

export type TestResult = 'Passed' | 'Failed' | 'Skipped' | 'Inconclusive' | 'NotRun';

export interface TestBlock {
  /** `Describe`, `Context`, or `Root` for the file itself. */
  kind: 'Describe' | 'Context' | 'Root';
  name: string;
  /** The name with `<key>` templates expanded from the block's `-ForEach` data. */
  expandedName: string;
  parent: TestBlock | null;
  /** Children in the order they were written: blocks and tests interleaved. */
  items: (TestBlock | TestCase)[];
  tags: string[];
  skip: boolean;
  /** One `-ForEach` entry of the block (its keys become variables in the block). */
  data: unknown;
  file: string;
  startLine: number;
  beforeAll: ScriptBlockValue[];
  afterAll: ScriptBlockValue[];
  beforeEach: ScriptBlockValue[];
  afterEach: ScriptBlockValue[];
  /** A BeforeAll / AfterAll failed: its tests count as failed, the block is listed in the summary. */
  errors: ErrorRecord[];
  ownPassed: boolean;
  executed: boolean;
  durationMs: number;
}

export interface TestCase {
  kind: 'Test';
  name: string;
  expandedName: string;
  expandedPath: string;
  block: TestBlock;
  body: ScriptBlockValue;
  /** The `-TestCases` entry this test runs with (a hashtable whose keys become variables), else null. */
  data: unknown;
  tags: string[];
  skip: boolean;
  startLine: number;
  /** Selected by -TagFilter / -ExcludeTagFilter. */
  shouldRun: boolean;
  executed: boolean;
  result: TestResult;
  errors: ErrorRecord[];
  /** Pipeline output the test body wrote (Pester keeps it as StandardOutput). */
  output: unknown[];
  durationMs: number;
  userMs: number;
}

export function newBlock(kind: TestBlock['kind'], name: string, parent: TestBlock | null, file: string, startLine: number): TestBlock {
  return {
    kind, name, expandedName: name, parent, items: [], tags: [], skip: false, data: null, file, startLine,
    beforeAll: [], afterAll: [], beforeEach: [], afterEach: [], errors: [], ownPassed: true, executed: false, durationMs: 0,
  };
}

export function isTest(item: TestBlock | TestCase): item is TestCase {
  return item.kind === 'Test';
}

/** The blocks from the outermost (below the file's root) down to `block`. */
export function blockChain(block: TestBlock): TestBlock[] {
  const chain: TestBlock[] = [];
  for (let b: TestBlock | null = block; b && b.kind !== 'Root'; b = b.parent) chain.unshift(b);
  return chain;
}

/** `Describe.Context` of a block, with expanded names, as Pester's ExpandedPath joins them. */
export function blockPath(block: TestBlock): string {
  return blockChain(block).map((b) => b.expandedName).join('.');
}

/** Every test under `block`, depth first in written order. */
export function testsOf(block: TestBlock): TestCase[] {
  return block.items.flatMap((i) => (isTest(i) ? [i] : testsOf(i)));
}

/** Every block under `block` (not itself), depth first. */
export function blocksOf(block: TestBlock): TestBlock[] {
  return block.items.flatMap((i) => (isTest(i) ? [] : [i, ...blocksOf(i)]));
}

/** A test's own tags and those of every block around it. */
export function effectiveTags(test: TestCase): string[] {
  const tags = [...test.tags];
  for (let b: TestBlock | null = test.block; b; b = b.parent) tags.push(...b.tags);
  return tags;
}

/** Pester's tag filter: with -TagFilter a test runs when one of its tags matches one of the filters
 *  (wildcards, any case); a match with -ExcludeTagFilter keeps it out whatever else matched. */
export function selectedByTags(test: TestCase, include: string[], exclude: string[]): boolean {
  const tags = effectiveTags(test);
  const any = (filters: string[]) => filters.some((f) => tags.some((t) => wildcardMatch(t, f)));
  if (exclude.length && any(exclude)) return false;
  return include.length === 0 || any(include);
}
