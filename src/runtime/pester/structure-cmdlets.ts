// Pester's structure: `Describe` / `Context` (blocks, their bodies run at discovery), `It` (tests,
// one per `-TestCases` entry), `BeforeAll` / `AfterAll` / `BeforeEach` / `AfterEach` (kept on the
// block for the run) and `BeforeDiscovery` (run at once). Each adds to the block discovery has open;
// one run with none open (a test file run as a plain script) runs the whole file through the
// runner, as Pester does when a .Tests.ps1 file is invoked directly.
import type { CmdletContext, CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { Scope } from '../interpreter/scope.ts';
import { invokeScriptBlock } from '../interpreter/script-command.ts';
import { coreOf } from '../core-cmdlets/core-access.ts';
import { toStringValue } from '../values/convert.ts';
import { currentBlock, withOpenBlock } from './discovery-state.ts';
import { newBlock, type TestBlock, type TestCase } from './test-tree.ts';
import { expandName, setData } from './test-data.ts';
import { runFileInteractively } from './run-file-interactively.ts';

function here(ctx: CmdletContext): { file: string; line: number } {
  const { exec, span } = coreOf(ctx);
  return { file: exec.source.name, line: span ? exec.source.lineCol(span.start).line : 0 };
}

/** The block being discovered; outside a run the file is run through Invoke-Pester instead. */
async function openBlock(ctx: CmdletContext): Promise<TestBlock> {
  const { interp, exec } = coreOf(ctx);
  return currentBlock(interp.session) ?? runFileInteractively(interp, exec, (line) => ctx.writeHost(line));
}

/** The entries of -TestCases / -ForEach: null when the parameter was not given. */
function dataEntries(params: Record<string, unknown>): unknown[] | null {
  if (!('ForEach' in params)) return null;
  const v = params.ForEach;
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function blockCmdlet(kind: 'Describe' | 'Context'): CmdletDef {
  return {
    name: kind,
    parameters: [
      { name: 'Name', type: 'string', position: 0, mandatory: true },
      { name: 'Fixture', type: 'scriptblock', position: 1 },
      { name: 'Tag', type: 'string[]', aliases: ['Tags'] },
      { name: 'Skip', type: 'switch' },
      { name: 'ForEach', type: 'object[]' },
    ],
    help: {
      synopsis: kind === 'Describe' ? 'Groups tests (Pester 5): its body runs at discovery; BeforeAll and It inside it run when the tests run.' : 'Groups tests inside a Describe (Pester 5).',
      examples: [{ code: `${kind} 'Get-Job' { It 'lists jobs' { 1 | Should -Be 1 } }`, needs: 'interactive' }],
    },
    create(params, ctx) {
      return {
        async end() {
          const { interp, exec } = coreOf(ctx);
          const session = interp.session;
          const fixture = params.Fixture;
          const name = toStringValue(params.Name);
          if (!(fixture instanceof ScriptBlockValue)) throw new PSException(`No script block is provided for ${kind} '${name}'. Did you put the opening curly brace on the next line?`, 'System.ArgumentException');
          const discoverInto = async (parent: TestBlock): Promise<void> => {
            const { file, line } = here(ctx);
            for (const data of dataEntries(params) ?? [null]) {
              const block = newBlock(kind, name, parent, file, line);
              block.tags = ((params.Tag as unknown[] | undefined) ?? []).map((t) => toStringValue(t));
              block.skip = params.Skip === true || parent.skip;
              block.data = data;
              parent.items.push(block);
              const scope = new Scope(exec.scope, 'block');
              setData(scope, data);
              const sub = { ...exec, scope };
              block.expandedName = await expandName(interp, name, sub);
              await withOpenBlock(session, block, () => invokeScriptBlock(interp, fixture, sub, { args: [], dotSource: true, out: () => {} }));
            }
          };
          const parent = currentBlock(session);
          if (parent) await discoverInto(parent);
          else await runFileInteractively(interp, exec, (line) => ctx.writeHost(line));
        },
      };
    },
  };
}

export const describeCmdlet = blockCmdlet('Describe');
export const contextCmdlet = blockCmdlet('Context');

export const itCmdlet: CmdletDef = {
  name: 'It',
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true },
    { name: 'Test', type: 'scriptblock', position: 1 },
    { name: 'ForEach', type: 'object[]', aliases: ['TestCases'] },
    { name: 'Tag', type: 'string[]', aliases: ['Tags'] },
    { name: 'Pending', type: 'switch' },
    { name: 'Skip', type: 'switch' },
  ],
  help: {
    synopsis: 'A test (Pester 5): its body runs when the tests run; a failed Should or any error fails it. -TestCases makes one test per hashtable.',
    examples: [{ code: "It 'adds <a> and <b>' -TestCases @{ a = 1; b = 2 } { $a + $b | Should -Be 3 }", needs: 'interactive' }],
  },
  create(params, ctx) {
    return {
      async end() {
        const block = await openBlock(ctx);
        const name = toStringValue(params.Name);
        const body = params.Test;
        if (!(body instanceof ScriptBlockValue)) {
          throw new PSException(name.includes('\n') ? 'Test name has multiple lines and no test scriptblock is provided. Did you provide the test name?' : 'No test scriptblock is provided. Did you put the opening curly brace on the next line?', 'System.ArgumentException');
        }
        const { line } = here(ctx);
        const entries = dataEntries(params) ?? [null];
        for (const data of entries) {
          const test: TestCase = {
            kind: 'Test', name, expandedName: name, expandedPath: '', block, body, data,
            tags: ((params.Tag as unknown[] | undefined) ?? []).map((t) => toStringValue(t)),
            skip: params.Skip === true || params.Pending === true || block.skip,
            startLine: line, shouldRun: true, executed: false, result: 'NotRun', errors: [], output: [], durationMs: 0, userMs: 0,
          };
          block.items.push(test);
        }
      },
    };
  },
};

function setupCmdlet(name: string, slot: 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach', synopsis: string): CmdletDef {
  return {
    name,
    parameters: [{ name: 'Scriptblock', type: 'scriptblock', position: 0, mandatory: true }],
    help: { synopsis, examples: [{ code: `${name} { $script:x = 1 }`, needs: 'interactive' }] },
    create(params, ctx) {
      return {
        async end() {
          (await openBlock(ctx))[slot].push(params.Scriptblock as ScriptBlockValue);
        },
      };
    },
  };
}

export const beforeAllCmdlet = setupCmdlet('BeforeAll', 'beforeAll', 'Runs once before the tests of its block, in the block\'s scope: what it defines is visible in every It of the block.');
export const afterAllCmdlet = setupCmdlet('AfterAll', 'afterAll', 'Runs once after the tests of its block, even when they failed.');
export const beforeEachCmdlet = setupCmdlet('BeforeEach', 'beforeEach', 'Runs before each test of its block and the blocks inside it, in the test\'s scope.');
export const afterEachCmdlet = setupCmdlet('AfterEach', 'afterEach', 'Runs after each test of its block and the blocks inside it, even when the test failed.');

export const beforeDiscoveryCmdlet: CmdletDef = {
  name: 'BeforeDiscovery',
  parameters: [{ name: 'ScriptBlock', type: 'scriptblock', position: 0, mandatory: true }],
  help: { synopsis: 'Runs at once, during discovery, in the current scope: where -TestCases data is prepared.', examples: [{ code: 'BeforeDiscovery { $cases = @(@{ n = 1 }) }', needs: 'interactive' }] },
  create(params, ctx) {
    return {
      async end() {
        const { interp, exec } = coreOf(ctx);
        await invokeScriptBlock(interp, params.ScriptBlock as ScriptBlockValue, exec, { args: [], dotSource: true, out: () => {} });
      },
    };
  },
};
