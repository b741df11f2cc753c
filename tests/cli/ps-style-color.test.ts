// Where $PSStyle's escape sequences reach: the real `bin/vbrs` with its output in a pipe, where
// OutputRendering=Host strips them, NO_COLOR starts it PlainText and FORCE_COLOR keeps them (a CI
// log that renders colour asks for it); the CLI entry in-process with stdout said to be a terminal,
// where Host keeps them unless NO_COLOR; and a pseudo terminal (util-linux `script`, skipped when
// missing) for the real thing. The colour rules themselves: terminalColor and noColorAsked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../child-env.ts';
import { main } from '../../src/cli.ts';
import { noColorAsked, terminalColor } from '../../src/runtime/format/terminal-color.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'vbrs');
const dir = mkdtempSync(join(tmpdir(), 'vbrs-psstyle-'));
const haveScript = spawnSync('script', ['-V']).status === 0;
const SCRIPT = '"$($PSStyle.Bold)bold$($PSStyle.BoldOff)"; Write-Host "$($PSStyle.Foreground.Red)host"; $PSStyle.OutputRendering';

function piped(env: Record<string, string>): { stdout: string; status: number | null } {
  const r = spawnSync(bin, ['-c', SCRIPT], { encoding: 'utf8', cwd: dir, env: childEnv({ VBRS_HOME: dir, ...env }) });
  return { stdout: r.stdout, status: r.status };
}

async function inProcess(env: NodeJS.ProcessEnv, stdoutTTY: boolean): Promise<string> {
  let out = '';
  const savedHome = process.env.VBRS_HOME;
  process.env.VBRS_HOME = dir;
  try {
    await main(['-c', SCRIPT], { stdout: (t) => void (out += t), stderr: () => {}, readStdin: () => '', cwd: dir, isTTY: false, outputTTY: { stdout: stdoutTTY, stderr: false }, env });
  } finally {
    if (savedHome === undefined) delete process.env.VBRS_HOME;
    else process.env.VBRS_HOME = savedHome;
  }
  return out;
}

test('the colour rules: FORCE_COLOR wins over NO_COLOR and a pipe; a dumb terminal has none', () => {
  assert.is(terminalColor({}, true), true);
  assert.is(terminalColor({}, false), false);
  assert.is(terminalColor({ NO_COLOR: '1' }, true), false);
  assert.is(terminalColor({ FORCE_COLOR: '1' }, false), true);
  assert.is(terminalColor({ FORCE_COLOR: '0' }, true), false);
  assert.is(terminalColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true), true);
  assert.is(terminalColor({ TERM: 'dumb', FORCE_COLOR: '1' }, true), false);
  assert.is(noColorAsked({ NO_COLOR: '1' }), true);
  assert.is(noColorAsked({ NO_COLOR: '1', FORCE_COLOR: '1' }), false);
  assert.is(noColorAsked({ TERM: 'xterm-mono' }), true);
  assert.is(noColorAsked({}), false);
});

test('in a pipe: Host strips, NO_COLOR reads PlainText, FORCE_COLOR keeps the sequences', () => {
  assert.equal(piped({}), { stdout: 'bold\nhost\nHost\n', status: 0 });
  assert.equal(piped({ NO_COLOR: '1' }), { stdout: 'bold\nhost\nPlainText\n', status: 0 });
  assert.equal(piped({ FORCE_COLOR: '1' }), { stdout: '\x1b[1mbold\x1b[22m\n\x1b[31mhost\nHost\n', status: 0 });
});

test('on a terminal: Host keeps the sequences, NO_COLOR strips them, FORCE_COLOR=0 too', async () => {
  assert.is(await inProcess({}, true), '\x1b[1mbold\x1b[22m\n\x1b[31mhost\nHost\n');
  assert.is(await inProcess({ NO_COLOR: '1' }, true), 'bold\nhost\nPlainText\n');
  assert.is(await inProcess({ FORCE_COLOR: '0' }, true), 'bold\nhost\nHost\n');
  assert.is(await inProcess({}, false), 'bold\nhost\nHost\n');
});

test('a real terminal gets the sequences; with NO_COLOR it does not', () => {
  if (!haveScript) return void console.log('  (util-linux script not installed: skipped)');
  const run = (env: Record<string, string>) =>
    spawnSync('script', ['-qfec', `${bin} -c '${SCRIPT.replace(/'/g, "'\\''")}'`, '/dev/null'], { cwd: dir, encoding: 'utf8', env: childEnv({ VBRS_HOME: dir, TERM: 'xterm-256color', ...env }), timeout: 120_000 }).stdout.replace(/\r\n/g, '\n');
  assert.ok(run({}).includes('\x1b[1mbold\x1b[22m\n\x1b[31mhost'), 'Host on a terminal keeps them');
  const plain = run({ NO_COLOR: '1' });
  assert.ok(plain.includes('bold\nhost\nPlainText'), plain);
  assert.not.ok(plain.includes('\x1b[1m'));
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
