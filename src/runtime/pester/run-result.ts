// The object `Invoke-Pester -PassThru` returns, with the properties of Pester 5's [Pester.Run],
// [Pester.Container], [Pester.Block] and [Pester.Test] that scripts read: counts, `Tests`,
// `Failed`, each test's `Result`, `ExpandedPath`, `ErrorRecord` …
import { PSDateTime } from '../values/date-time.ts';
import { TimeSpan } from '../values/time-span.ts';
import { isTest, type TestBlock, type TestCase } from './test-tree.ts';
import type { RunOutcome } from './test-runner.ts';
import { failureCount } from './run-totals.ts';

const MARK: Record<string, string> = { Passed: '[+]', Failed: '[-]', Skipped: '[!]', Inconclusive: '[?]', NotRun: '[ ]' };

/** One of Pester's result objects: its properties as fields; as text `[+] name`, as Pester's
 *  ToStringConverter shows them (so lists like `$r.Tests` read `{[+] adds, [-] fails}`). */
export class PesterObject {
  declare readonly psTypeName: string;
  [key: string]: unknown;

  constructor(typeName: string, entries: [string, unknown][]) {
    Object.defineProperty(this, 'psTypeName', { value: typeName, enumerable: false });
    for (const [k, v] of entries) this[k] = v;
  }

  ToString(): string {
    const name = this.psTypeName === 'Pester.Run' ? 'Pester' : String(this.ExpandedName ?? this.Name);
    return `${MARK[String(this.Result)] ?? '[ERR]'} ${name}`;
  }

  toString(): string {
    return this.ToString();
  }
}

function typed(typeName: string, entries: [string, unknown][]): PesterObject {
  return new PesterObject(typeName, entries);
}

function pathOf(block: TestBlock | null): string[] {
  const names: string[] = [];
  for (let b = block; b && b.kind !== 'Root'; b = b.parent) names.unshift(b.name);
  return names;
}

function testObject(t: TestCase, block: PesterObject): PesterObject {
  return typed('Pester.Test', [
    ['Name', t.name],
    ['Path', [...pathOf(t.block), t.name]],
    ['Data', t.data],
    ['ExpandedName', t.expandedName],
    ['ExpandedPath', t.expandedPath],
    ['Result', t.result],
    ['ErrorRecord', [...t.errors]],
    ['StandardOutput', t.output.length ? [...t.output] : null],
    ['Duration', TimeSpan.fromMilliseconds(t.durationMs)],
    ['ItemType', 'Test'],
    ['ScriptBlock', t.body],
    ['Tag', t.tags.length ? [...t.tags] : null],
    ['Skip', t.skip],
    ['Block', block],
    ['StartLine', t.startLine],
    ['ShouldRun', t.shouldRun],
    ['Executed', t.executed],
    ['Passed', t.result === 'Passed'],
    ['Skipped', t.result === 'Skipped'],
    ['UserDuration', TimeSpan.fromMilliseconds(t.userMs)],
    ['FrameworkDuration', TimeSpan.fromMilliseconds(Math.max(0, t.durationMs - t.userMs))],
  ]);
}

function blockObject(b: TestBlock, tests: PesterObject[]): PesterObject {
  const o = typed('Pester.Block', [
    ['Name', b.name],
    ['Path', pathOf(b)],
    ['ExpandedName', b.expandedName],
    ['Tag', b.tags.length ? [...b.tags] : null],
    ['Skip', b.skip],
    ['ErrorRecord', [...b.errors]],
    ['Duration', TimeSpan.fromMilliseconds(b.durationMs)],
    ['ItemType', b.kind === 'Root' ? 'Block' : b.kind],
    ['StartLine', b.startLine],
    ['OwnPassed', b.ownPassed],
    ['Executed', b.executed],
  ]);
  const blocks: PesterObject[] = [];
  const own: PesterObject[] = [];
  for (const item of b.items) {
    if (isTest(item)) {
      const t = testObject(item, o);
      own.push(t);
      tests.push(t);
    } else blocks.push(blockObject(item, tests));
  }
  const passed = b.ownPassed && own.every((t) => t.Result !== 'Failed') && blocks.every((x) => x.Passed === true);
  o.Blocks = blocks;
  o.Tests = own;
  o.Passed = passed;
  o.Result = !b.executed ? 'NotRun' : passed ? 'Passed' : 'Failed';
  return o;
}

export function runResult(outcome: RunOutcome): PesterObject {
  const tests: PesterObject[] = [];
  const containers = outcome.containers.map((c) => {
    const root = blockObject(c.root, tests);
    return typed('Pester.Container', [
      ['Name', c.file],
      ['Item', c.file],
      ['Type', 'File'],
      ['Result', c.failed || root.Passed !== true ? 'Failed' : 'Passed'],
      ['Blocks', root.Blocks],
      ['Duration', TimeSpan.fromMilliseconds(c.durationMs)],
      ['Passed', !c.failed && root.Passed === true],
      ['ErrorRecord', [...c.root.errors]],
    ]);
  });
  const t = outcome.totals;
  const byResult = (r: string) => tests.filter((x) => x.Result === r);
  const failed = failureCount(t) > 0;
  return typed('Pester.Run', [
    ['Containers', containers],
    ['Result', failed ? 'Failed' : 'Passed'],
    ['FailedCount', t.failed],
    ['FailedBlocksCount', t.failedBlocks.length],
    ['FailedContainersCount', t.failedContainers.length],
    ['PassedCount', t.passed],
    ['SkippedCount', t.skipped],
    ['InconclusiveCount', t.inconclusive],
    ['NotRunCount', t.notRun],
    ['TotalCount', t.tests.length],
    ['Duration', TimeSpan.fromMilliseconds(outcome.durationMs)],
    ['Executed', true],
    ['ExecutedAt', PSDateTime.fromDate(outcome.startedAt)],
    ['Version', '5.9.0'],
    ['Passed', byResult('Passed')],
    ['Failed', byResult('Failed')],
    ['Skipped', byResult('Skipped')],
    ['Inconclusive', byResult('Inconclusive')],
    ['NotRun', byResult('NotRun')],
    ['Tests', tests],
    ['FailedBlocks', t.failedBlocks.map((b) => b.name)],
    ['FailedContainers', containers.filter((c) => t.failedContainers.includes(String(c.Name)))],
  ]);
}
