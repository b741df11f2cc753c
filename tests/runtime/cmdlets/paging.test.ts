// Out-Host -Paging and `more` against a scripted host: what each `-- More --` answer lets out, that
// quitting stops the pipeline upstream, and that a host without paging gets everything at once.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShell } from '../../../src/runtime/shell.ts';
import type { MoreAnswer } from '../../../src/runtime/cmdlet.ts';
import { rowsOf } from '../../../src/runtime/cmdlets/paged-host-output.ts';

/** A shell whose host pages `rows` rows at a time, answering `answers` in turn (then 'quit'); each
 *  `-- More --` shows in the output as `<MORE>`. */
function pagedShell(rows: number, answers: MoreAnswer[], cwd = tmpdir(), columns = 80) {
  const run = { out: '', err: '', asked: 0 };
  const shell = createShell({
    cwd,
    stdout: (t) => void (run.out += t),
    stderr: (t) => void (run.err += t),
    host: {
      interactive: true,
      readLine: async () => null,
      paging: {
        pageSize: () => ({ rows, columns }),
        more: async () => {
          run.asked++;
          run.out += '<MORE>\n';
          return answers.shift() ?? 'quit';
        },
      },
    },
  });
  return { shell, run };
}

function plainShell(cwd = tmpdir()) {
  const run = { out: '', err: '' };
  const shell = createShell({ cwd, stdout: (t) => void (run.out += t), stderr: (t) => void (run.err += t) });
  return { shell, run };
}

const lines = (text: string): string[] => text.replace(/\n$/, '').split('\n');

test('Space shows the next page, Enter one more line, Q stops', async () => {
  const { shell, run } = pagedShell(3, ['page', 'line', 'quit']);
  await shell.run('1..20 | Out-Host -Paging; "after"');
  assert.equal(lines(run.out), ['1', '2', '3', '<MORE>', '4', '5', '6', '<MORE>', '7', '<MORE>', 'after']);
  assert.is(run.err, '', 'quitting is not an error');
});

test('Q on the first page stops the pipeline upstream: the producer ran about a page', async () => {
  const { shell, run } = pagedShell(5, ['quit']);
  await shell.run('$n = 0; 1..100000 | ForEach-Object { $global:n++; $_ } | Out-Host -Paging; "produced $n"');
  const out = lines(run.out);
  assert.equal(out.slice(0, 6), ['1', '2', '3', '4', '5', '<MORE>']);
  const produced = Number(/^produced (\d+)$/.exec(out.at(-1)!)?.[1]);
  assert.ok(produced >= 6 && produced <= 10, `stopped early: ${produced}`);
});

test('output that fits one page never asks', async () => {
  const { shell, run } = pagedShell(10, []);
  await shell.run("'a','b' | Out-Host -Paging");
  assert.equal(lines(run.out), ['a', 'b']);
  assert.is(run.asked, 0);
});

test('objects are formatted as Out-Host formats them, then paged', async () => {
  const script = "1..4 | ForEach-Object { [pscustomobject]@{ Name = \"vm$_\"; Size = $_ * 10 } }";
  const plain = plainShell();
  await plain.shell.run(`${script} | Out-Host`);
  const { shell, run } = pagedShell(100, []);
  await shell.run(`${script} | Out-Host -Paging`);
  assert.is(run.out, plain.run.out);
  assert.ok(run.out.includes('vm4'), run.out);
});

test('a wrapped line counts as the rows it takes on screen', async () => {
  assert.is(rowsOf('x'.repeat(80), 80), 1);
  assert.is(rowsOf('x'.repeat(81), 80), 2);
  assert.is(rowsOf('', 80), 1);
  assert.is(rowsOf('\u001B[31mred\u001B[0m', 80), 1, 'escape codes take no room');
  const { shell, run } = pagedShell(4, ['quit'], tmpdir(), 10);
  await shell.run("'0123456789abcdef', 'short', 'next' | Out-Host -Paging");
  // 2 rows + 1 row fit a 4-row page; 'next' would be the 4th row: still fits; nothing asked yet.
  assert.equal(lines(run.out), ['0123456789abcdef', 'short', 'next']);
  const again = pagedShell(3, ['quit'], tmpdir(), 10);
  await again.shell.run("'0123456789abcdef', 'short', 'next' | Out-Host -Paging");
  assert.equal(lines(again.run.out), ['0123456789abcdef', 'short', '<MORE>']);
});

test('without a paging host -Paging writes everything, exactly as without it', async () => {
  const a = plainShell();
  await a.shell.run('1..50 | Out-Host -Paging');
  const b = plainShell();
  await b.shell.run('1..50 | Out-Host');
  assert.is(a.run.out, b.run.out);
  assert.is(lines(a.run.out).length, 50);
});

/** The folders the `more` tests write their files in, removed when the file's tests end. */
const dirs: string[] = [];
function moreDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'vbrs-more-'));
  dirs.push(dir);
  return dir;
}
test.after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('more FILE pages the file; piped input pages like Out-Host -Paging', async () => {
  const dir = moreDir();
  writeFileSync(join(dir, 'notes.txt'), Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
  const { shell, run } = pagedShell(4, ['page', 'quit'], dir);
  await shell.run('more notes.txt; "done"');
  assert.equal(lines(run.out), ['line 1', 'line 2', 'line 3', 'line 4', '<MORE>', 'line 5', 'line 6', 'line 7', 'line 8', '<MORE>', 'done']);

  const piped = pagedShell(2, ['line', 'quit'], dir);
  await piped.shell.run("'x','y','z','w' | more");
  assert.equal(lines(piped.run.out), ['x', 'y', '<MORE>', 'z', '<MORE>']);
});

test('more without a paging host writes the whole file; a missing file is an error', async () => {
  const dir = moreDir();
  writeFileSync(join(dir, 'a.txt'), 'one\r\ntwo\r\n');
  const { shell, run } = plainShell(dir);
  await shell.run('more a.txt');
  assert.equal(lines(run.out), ['one', 'two']);
  const result = await shell.run('more nope.txt');
  assert.match(run.err, `Cannot find path '${join(dir, 'nope.txt')}' because it does not exist.`);
  assert.is(result.exitCode, 1);
});

test.run();
