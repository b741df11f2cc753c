// The embedding API and the cmdlet contract as a domain cmdlet sees it: Shell.invoke/run, events,
// ShouldProcess/-WhatIf, writeError under -ErrorAction, -ErrorVariable/-OutVariable, pipeline binding
// by property name, engine error codes mapped to catchable exception types, StopUpstream, file
// redirection.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createShell } from '../../../src/runtime/shell.ts';
import type { CmdletDef } from '../../../src/runtime/cmdlet.ts';
import { ErrorRecord } from '../../../src/runtime/error-record.ts';

const home = mkdtempSync(join(tmpdir(), 'vbrs-shell-'));
process.env.VBRS_HOME = home;

class EngineError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const removed: string[] = [];
let produced = 0;

const testCmdlets: CmdletDef[] = [
  {
    name: 'Remove-Widget',
    parameters: [{ name: 'Name', type: 'string', position: 0, mandatory: true, valueFromPipelineByPropertyName: true }],
    supportsShouldProcess: true,
    help: { synopsis: 'Removes a widget.', examples: [{ code: 'Remove-Widget w1 -WhatIf' }] },
    create(params, ctx) {
      return {
        async process() {
          const name = String(params.Name);
          if (await ctx.shouldProcess(name, 'Remove widget')) removed.push(name);
        },
      };
    },
  },
  {
    name: 'Get-Widget',
    parameters: [{ name: 'Name', type: 'string[]', position: 0 }],
    help: { synopsis: 'Gets widgets; unknown names are non-terminating errors.', examples: [{ code: 'Get-Widget a' }] },
    create(params, ctx) {
      return {
        async process() {
          for (const n of (params.Name as string[]) ?? []) {
            if (n.startsWith('x')) await ctx.writeError(`Widget '${n}' was not found.`);
            else await ctx.emit(n.toUpperCase());
          }
        },
      };
    },
  },
  {
    name: 'Start-Broken',
    parameters: [],
    help: { synopsis: 'Fails like the engine does.', examples: [{ code: 'try { Start-Broken } catch { }' }] },
    create() {
      return {
        async process() {
          throw new EngineError('VBRS_PROXY_NOT_FOUND', "Proxy 'px9' does not exist.");
        },
      };
    },
  },
  {
    name: 'Get-Forever',
    parameters: [],
    help: { synopsis: 'Counts up until the pipeline stops it.', examples: [{ code: 'Get-Forever | Select-Object -First 3' }] },
    create(_params, ctx) {
      return {
        async process() {
          for (let i = 1; ; i++) {
            produced = i;
            await ctx.emit(i);
          }
        },
      };
    },
  },
  {
    name: 'Wait-Signal',
    parameters: [],
    help: { synopsis: 'Waits until the run is stopped.', examples: [{ code: 'Wait-Signal', needs: 'interactive' }] },
    create(_params, ctx) {
      return {
        async process() {
          await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
          await ctx.emit('saw abort');
        },
      };
    },
  },
];

function shell() {
  const out = { stdout: '', stderr: '' };
  const sh = createShell({ stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), cmdlets: testCmdlets, cwd: home });
  return { sh, out };
}

test('invoke returns output objects; run formats them', async () => {
  const { sh, out } = shell();
  assert.equal(await sh.invoke('1..3 | ForEach-Object { $_ * 2 }'), [2, 4, 6]);
  const r = await sh.run('"a"; 2');
  assert.is(out.stdout, 'a\n2\n');
  assert.is(r.exitCode, 0);
});

test('output and errorRecord events', async () => {
  const { sh } = shell();
  const seen: unknown[] = [];
  const errors: ErrorRecord[] = [];
  sh.on('output', (v) => seen.push(v));
  sh.on('errorRecord', (e) => errors.push(e));
  await sh.run("'x'; Write-Error 'bad'");
  assert.equal(seen, ['x']);
  assert.is(errors.length, 1);
  assert.is(errors[0]!.Exception.Message, 'bad');
});

test('-WhatIf prints the What if line and skips the change', async () => {
  const { sh, out } = shell();
  removed.length = 0;
  await sh.run('Remove-Widget w1 -WhatIf; Remove-Widget w2');
  assert.is(out.stdout, 'What if: Performing the operation "Remove widget" on target "w1".\n');
  assert.equal(removed, ['w2']);
});

test('pipeline binding by property name into a cmdlet', async () => {
  const { sh } = shell();
  removed.length = 0;
  await sh.run("[pscustomobject]@{ Name = 'p1' }, [pscustomobject]@{ Name = 'p2' } | Remove-Widget");
  assert.equal(removed, ['p1', 'p2']);
});

test('writeError honours -ErrorAction and -ErrorVariable', async () => {
  const { sh, out } = shell();
  assert.equal(await sh.invoke("Get-Widget a, xb, c -ErrorAction SilentlyContinue -ErrorVariable ev; $ev.Count; \"$ev\""), ['A', 'C', 1, "Widget 'xb' was not found."]);
  assert.is(out.stderr, '');
  assert.equal(await sh.invoke("try { Get-Widget a, xb, c -ErrorAction Stop } catch { 'stopped: ' + $_ }"), ['A', "stopped: Widget 'xb' was not found."]);
  await sh.run('Get-Widget xq');
  assert.match(out.stderr, /^<command>:1:1: Get-Widget: Widget 'xq' was not found\.\n/);
});

test('-OutVariable keeps the output and still passes it on', async () => {
  const { sh } = shell();
  assert.equal(await sh.invoke('$r = Get-Widget a, b -OutVariable ov; $ov.Count; $r.Count'), [2, 2]);
});

test('engine errors with a code map to catchable exception types', async () => {
  const { sh } = shell();
  const r = await sh.invoke('try { Start-Broken } catch [System.Management.Automation.ItemNotFoundException] { $_.Exception.Message; $_.Exception.code; $_.FullyQualifiedErrorId }');
  assert.equal(r, ["Proxy 'px9' does not exist.", 'VBRS_PROXY_NOT_FOUND', 'VBRS_PROXY_NOT_FOUND']);
});

test('Select-Object -First stops an endless upstream cmdlet', async () => {
  const { sh } = shell();
  produced = 0;
  assert.equal(await sh.invoke('Get-Forever | Select-Object -First 3'), [1, 2, 3]);
  assert.is(produced, 3);
});

test('file redirection writes formatted output', async () => {
  const { sh } = shell();
  const file = join(home, 'out.txt');
  await sh.run(`'line1', 'line2' > '${file}'; 'more' >> '${file}'`);
  assert.is(readFileSync(file, 'utf8'), 'line1\nline2\nmore\n');
});

test('isIncomplete for continuation lines', () => {
  const { sh } = shell();
  assert.ok(sh.isIncomplete('function f {'));
  assert.not.ok(sh.isIncomplete('1 + 1'));
  assert.not.ok(sh.isIncomplete('if (1 {'));
});

test('Get-Help shows a cmdlet definition with examples', async () => {
  const { sh } = shell();
  const [text] = (await sh.invoke('Get-Help Remove-Widget -Examples')) as string[];
  assert.match(text!, /^NAME\n {4}Remove-Widget\n\nSYNOPSIS\n {4}Removes a widget\.\n/);
  assert.match(text!, /EXAMPLE 1[\s\S]*Remove-Widget w1 -WhatIf/);
});

test('an interactive host is asked for missing mandatory parameters', async () => {
  const prompts: string[] = [];
  let out = '';
  const sh = createShell({
    stdout: (t) => void (out += t),
    stderr: () => {},
    host: { interactive: true, readLine: async (p) => (prompts.push(p), 'web01') },
  });
  assert.equal(await sh.invoke('function Need { param([Parameter(Mandatory)][string]$Name) "hi $Name" }; Need'), ['hi web01']);
  assert.equal(prompts, ['Name: ']);
  assert.match(out, /Supply values for the following parameters:/);
});

test('a parse error in a dot-sourced file points into that file', async () => {
  const { sh, out } = shell();
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(home, 'broken.vbrs'), 'function ok { 1 }\nif ($x {\n');
  const r = await sh.run('. ./broken.vbrs; "after"');
  assert.is(out.stdout, 'after\n');
  assert.is(out.stderr, `${join(home, 'broken.vbrs')}:2:8: missing closing ')' for the '(' started at 2:4: found '{'\n    if ($x {\n           ^\n`);
  assert.is(r.exitCode, 0);
});

test('stop() aborts the cmdlet signal and ends the run quietly with 130', async () => {
  const { sh, out } = shell();
  const running = sh.run("Wait-Signal; 'not reached'");
  setTimeout(() => sh.stop(), 20);
  const r = await running;
  assert.is(r.exitCode, 130);
  assert.is(out.stdout, '');
  assert.is(out.stderr, '');
  const again = await sh.run("'next run works'");
  assert.is(again.exitCode, 0);
  assert.is(out.stdout, 'next run works\n');
});

test('stop() ends a long range streaming into a cmdlet, not after the whole range', async () => {
  const { sh, out } = shell();
  const running = sh.run('1..3000000 | Measure-Object | ForEach-Object Count');
  setTimeout(() => sh.stop(), 30);
  const r = await running;
  assert.is(r.exitCode, 130);
  assert.is(out.stdout, '', 'stopped before the count');
});

// Found by npm run fuzz (seed 1, input 736959): a loop whose body has no statement never reached
// the per-statement check, so neither Ctrl-C nor the fuzzer's stop could end it.
for (const loop of ['do { } while ($true)', 'while ($true) { }', 'for (;;) { }', 'do { } until ($false)']) {
  test(`stop() ends an empty-bodied loop: ${loop}`, async () => {
    const { sh, out } = shell();
    const running = sh.run(`${loop}; 'not reached'`);
    setTimeout(() => sh.stop(), 30);
    const r = await running;
    assert.is(r.exitCode, 130);
    assert.is(out.stdout, '');
  });
}

test('stop() kills a native program the run is waiting for', async () => {
  const { sh, out } = shell();
  const t = Date.now();
  const running = sh.run("& /bin/sleep 30; 'not reached'");
  setTimeout(() => sh.stop(), 200);
  const r = await running;
  assert.is(r.exitCode, 130);
  assert.is(out.stdout, '');
  assert.ok(Date.now() - t < 20_000, `stopped after ${Date.now() - t} ms`);
});

test.after(() => rmSync(home, { recursive: true, force: true }));
test.run();
