// The real `bin/vbrs -c`/file run in a pseudo terminal (util-linux `script`): with stderr on the
// terminal a synchronous Start-Job draws its progress bar there, redrawn in place and erased at the
// end, while stdout (redirected to a file) gets only the output; with stderr in a file too, nothing
// is drawn and the file holds no escape codes. NO_COLOR draws in plain characters, TERM=dumb with a
// carriage return only. Skips when `script` is missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../child-env.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'vbrs');
const haveScript = spawnSync('script', ['-V']).status === 0;
const home = mkdtempSync(join(tmpdir(), 'vbrs-progress-tty-'));

/** Runs `shell` (a sh command line) in a pseudo terminal; returns what the terminal received. */
function inTerminal(shell: string, env: Record<string, string> = {}): { screen: string; status: number | null } {
  const r = spawnSync('script', ['-qfec', shell, '/dev/null'], {
    cwd: home,
    env: childEnv({ VBRS_HOME: home, TERM: 'xterm-256color', ...env }),
    encoding: 'utf8',
    timeout: 240_000,
  });
  return { screen: r.stdout, status: r.status };
}

const read = (name: string) => readFileSync(join(home, name), 'utf8');

test('Start-Job on a terminal: the bar on stderr, the output alone on stdout', () => {
  if (!haveScript) return void console.log('  (util-linux script not installed: skipped)');
  writeFileSync(join(home, 'setup.vbrs'), [
    'Start-Transcript -Path ./run.log | Out-Null',
    'New-Lab -DiskScale 0.25 | Out-Null',
    'Add-Job -Name J -VM web01,db01 -Repository repo01 | Out-Null',
    '(Start-Job -Name J -FullBackup -Verbose).Result',
    '',
  ].join('\n'));
  const { screen, status } = inTerminal(`'${bin}' setup.vbrs > out.txt`);
  assert.is(status, 0, screen);
  assert.is(read('out.txt'), 'Success\n', 'stdout: the output, no bar, no escape codes');
  // -Verbose's lines go to the terminal between redraws, each on a line the bar was erased from.
  const verbose = [...screen.matchAll(/VERBOSE: /g)].map((m) => screen.slice(Math.max(0, m.index - 4), m.index));
  assert.ok(verbose.length > 10, `${verbose.length} verbose lines`);
  assert.ok(verbose.every((before) => before.endsWith('\n') || before === '\x1b[2K'), JSON.stringify(verbose));
  // The transcript has the run (the verbose lines included) and no bar, no escape code.
  const transcript = read('run.log');
  assert.match(transcript, /VERBOSE: \d\d:\d\d:\d\d Job 'J' started with -FullBackup: 2 VM\(s\) to process\n/);
  assert.match(transcript, /\nSuccess\n\*{22}\nvbrs transcript end\n/, 'stopped at the end of the run');
  assert.not.ok(transcript.includes('\x1b') || transcript.includes('Job J (session'), 'no progress in the transcript');
  // The reverse video ends where the percent has got to, anywhere in the text: read past it.
  const flat = screen.replace(/\x1b\[27m/g, '');
  assert.match(flat, /\x1b\[33;1mLab Demo \[\x1b\[7m\d+%  \w+\/disk\d  written/, 'the lab build drawn in the minimal view');
  assert.match(flat, /\x1b\[33;1mJob J \(session 1\) \[\x1b\[7m\d+%  (web01|db01)\/disk\d/, 'the job drawn');
  assert.ok(screen.split('\x1b[7m').length === screen.split('\x1b[27m').length, 'every reverse video turned off');
  // Every bar drawn is erased again: the last one is followed by an erase, and nothing of it is left.
  const last = screen.lastIndexOf('\x1b[33;1m');
  assert.ok(screen.indexOf('\r\x1b[2K', last) > last, JSON.stringify(screen.slice(last)));
  for (const bar of screen.match(/\x1b\[33;1m.*?\x1b\[0m/g) ?? []) assert.ok(bar.replace(/\x1b\[[0-9;]*m/g, '').length < 80, `within the 80 columns: ${JSON.stringify(bar)}`);
});

test('stderr not a terminal (a log file, cron): nothing drawn, nothing written', () => {
  if (!haveScript) return void console.log('  (util-linux script not installed: skipped)');
  const { screen, status } = inTerminal(`'${bin}' -c 'Start-Job -Name J -FullBackup | Out-Null; Write-Progress -Activity x; "done"' > out.txt 2> err.txt`);
  assert.is(status, 0);
  assert.is(screen, '');
  assert.is(read('out.txt'), 'done\n');
  assert.is(read('err.txt'), '');
});

test('$ProgressPreference = SilentlyContinue: nothing drawn on the terminal either', () => {
  if (!haveScript) return void console.log('  (util-linux script not installed: skipped)');
  const { screen } = inTerminal(`'${bin}' -c '$ProgressPreference = "SilentlyContinue"; Start-Job -Name J | Out-Null' > out.txt`);
  assert.is(screen, '');
});

test('NO_COLOR: plain characters, still redrawn in place; TERM=dumb: no escape codes at all', () => {
  if (!haveScript) return void console.log('  (util-linux script not installed: skipped)');
  const plain = inTerminal(`'${bin}' -c 'Start-Job -Name J -FullBackup | Out-Null' > out.txt`, { NO_COLOR: '1' });
  assert.match(plain.screen, /Job J \(session \d\) \[o* *\] \d+%  (web01|db01)\/disk\d/);
  assert.not.match(plain.screen, /\x1b\[(7|33;1)m/, 'no colour or reverse video');
  assert.ok(plain.screen.endsWith('\r\x1b[2K'));
  const dumb = inTerminal(`'${bin}' -c 'Start-Job -Name J -FullBackup | Out-Null' > out.txt`, { TERM: 'dumb', FORCE_COLOR: '1' });
  assert.match(dumb.screen, /^\rJob J \(session \d\) \[o* *\] \d+%/);
  assert.not.ok(dumb.screen.includes('\x1b'), JSON.stringify(dumb.screen));
  assert.match(dumb.screen, /\r +\r$/, 'erased with spaces at the end');
});

test.after(() => rmSync(home, { recursive: true, force: true }));

test.run();
