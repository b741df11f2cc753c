// The `vbrs` binary end to end: spawns bin/vbrs as a user would and checks stdout, stderr and the
// exit status for each way of running it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../child-env.ts';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'vbrs');
const dir = mkdtempSync(join(tmpdir(), 'vbrs-cli-'));

function vbrs(args: string[], input?: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(bin, args, { input: input ?? '', encoding: 'utf8', cwd: dir, env: childEnv({ VBRS_HOME: dir }) });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

test('a reader that goes away (vbrs … | head) stops the script quietly with status 141', async () => {
  const child = spawn(bin, ['-c', '1..1000000 | ForEach-Object { "line $_" }'], { cwd: dir, env: childEnv({ VBRS_HOME: dir }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString())));
  child.stdout.destroy();
  const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  assert.match(first, /^line 1\n/);
  assert.is(stderr, '', 'no stack trace, no message');
  assert.is(status, 141);
});

test('-c evaluates an expression', () => {
  const r = vbrs(['-c', '1 + 2 * 3']);
  assert.is(r.stdout, '7\n');
  assert.is(r.stderr, '');
  assert.is(r.status, 0);
});

test('- reads the script from stdin', () => {
  const r = vbrs(['-'], '6 * 7\n');
  assert.is(r.stdout, '42\n');
  assert.is(r.status, 0);
});

test('no arguments with piped stdin runs stdin', () => {
  const r = vbrs([], '"piped"\n');
  assert.is(r.stdout, 'piped\n');
});

test('script file binds arguments by name and position, rest in $args', () => {
  const file = join(dir, 'hello.vbrs');
  writeFileSync(file, 'param($Name, $Greeting = "Hello")\n"$Greeting $Name"\n"rest: $args"\n');
  assert.is(vbrs([file, '-Name', 'x']).stdout, 'Hello x\nrest: \n');
  assert.is(vbrs([file, 'y', 'Hi', 'extra']).stdout, 'Hi y\nrest: extra\n');
  assert.is(vbrs([file, '-Name:z']).stdout, 'Hello z\nrest: \n');
});

test('parse error: non-zero exit, line:col and a caret, nothing on stdout', () => {
  const r = vbrs(['-c', 'if (1 {']);
  assert.is.not(r.status, 0);
  assert.is(r.stdout, '');
  const lines = r.stderr.split('\n');
  assert.match(lines[0]!, /^<command>:1:\d+: /);
  assert.is(lines[1], '    if (1 {');
  assert.match(lines[2]!, /^ {4}\s*\^$/);
  assert.not.match(r.stderr, /at .*\.ts:\d+/);
});

test('exit N sets the exit status', () => {
  assert.is(vbrs(['-c', 'exit 3']).status, 3);
  const file = join(dir, 'exit.vbrs');
  writeFileSync(file, '"before"\nexit 5\n"after"\n');
  const r = vbrs([file]);
  assert.is(r.stdout, 'before\n');
  assert.is(r.status, 5);
});

test('uncaught throw: exit 1, one positioned line with a caret, no stack trace', () => {
  const file = join(dir, 'boom.vbrs');
  writeFileSync(file, '"start"\n  throw "it broke"\n');
  const r = vbrs([file]);
  assert.is(r.status, 1);
  assert.is(r.stdout, 'start\n');
  assert.is(r.stderr, `${file}:2:3: it broke\n      throw "it broke"\n      ^\n`);
});

test('a run without errors writes nothing to stderr', () => {
  const r = vbrs(['-c', 'function f { param($a) $a * 2 }; f 21; Write-Host "host"']);
  assert.is(r.stdout, '42\nhost\n');
  assert.is(r.stderr, '');
});

test('--version and --help', () => {
  assert.match(vbrs(['--version']).stdout, /^vbrs \d+\.\d+\.\d+\n$/);
  const h = vbrs(['--help']);
  assert.match(h.stdout, /Usage: vbrs/);
  assert.is(h.status, 0);
});

test('missing script file is a clear one-line error', () => {
  const r = vbrs(['nope.vbrs']);
  assert.is(r.status, 1);
  assert.is(r.stderr, "vbrs: cannot read script file 'nope.vbrs'\n");
});

test('a user with both NO_COLOR and FORCE_COLOR exported gets nothing on stderr (Node would warn at start)', () => {
  for (const colours of [{ NO_COLOR: '1', FORCE_COLOR: '1' }, { NO_COLOR: '1', FORCE_COLOR: '0' }]) {
    const r = spawnSync(bin, ['-c', '6 * 7'], { encoding: 'utf8', cwd: dir, env: childEnv({ VBRS_HOME: dir, ...colours }) });
    assert.is(r.stderr, '', JSON.stringify(colours));
    assert.is(r.stdout, '42\n');
    assert.is(r.status, 0);
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
