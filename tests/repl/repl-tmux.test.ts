// End to end: the real `bin/vbrs` in a pseudo terminal (a private tmux server), typed at as a
// person would, reading the screen. Skips when tmux is not installed; every wait is bounded.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../temp-dir.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const haveTmux = spawnSync('tmux', ['-V']).status === 0;
const socket = `vbrs-e2e-${process.pid}`;
const home = tempDir('vbrs-e2e-');

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'e2e');
const typeText = (text: string): void => void tmux('send-keys', '-t', 'e2e', '-l', '--', text);
const press = (...keys: string[]): void => void tmux('send-keys', '-t', 'e2e', ...keys);

async function waitFor(ok: (s: string) => boolean, what: string, ms = 15_000): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
}

const lines = (s: string): string[] => s.split('\n').map((l) => l.trimEnd());

test('the REPL in a terminal: run a command, complete with Tab, continue a line, page, clear, exit with a code', async () => {
  if (!haveTmux) {
    console.log('  (tmux not installed: skipped)');
    return;
  }
  const status = join(home, 'status');
  const command = `cd ${JSON.stringify(root)} && env -u CI TERM=xterm-256color VBRS_HOME=${JSON.stringify(home)} HOME=${JSON.stringify(home)} bin/vbrs; echo $? > ${JSON.stringify(status)}`;
  tmux('new-session', '-d', '-s', 'e2e', '-x', '120', '-y', '30', command);
  try {
    await waitFor((s) => lines(s).some((l) => l.startsWith('PS ') && l.endsWith('>')), 'the prompt');
    typeText('6 * 7');
    press('Enter');
    await waitFor((s) => lines(s).includes('42'), 'the result');

    typeText('Get-ChildI');
    press('Tab');
    await waitFor((s) => lines(s).some((l) => /> Get-ChildItem$/.test(l)), 'a completed command name');
    press('C-u');

    typeText('if ($true) {');
    press('Enter');
    await waitFor((s) => lines(s).some((l) => l === '>>'), 'the continuation prompt');
    typeText('"inside"');
    press('Enter');
    typeText('}');
    press('Enter');
    await waitFor((s) => lines(s).includes('inside'), 'the block output');

    press('Up');
    await waitFor((s) => lines(s).filter((l) => l.endsWith('> if ($true) {')).length >= 2, 'history recall');
    press('C-c');

    // Paging: 30 rows, so a page is 29 lines; Space shows 29 more, q stops.
    typeText('1..200 | Out-Host -Paging');
    press('Enter');
    await waitFor((s) => lines(s).some((l) => l.startsWith('-- More --')) && lines(s).includes('29'), 'the first page');
    assert.not.ok(lines(screen()).includes('30'), 'one page only');
    press('Space');
    await waitFor((s) => lines(s).includes('58') && lines(s).some((l) => l.startsWith('-- More --')), 'the second page');
    press('q');
    const paged = await waitFor((s) => lines(s).filter((l) => l).at(-1)!.endsWith('>'), 'the prompt after q');
    assert.not.ok(lines(paged).includes('59'), 'nothing after q');

    // Ctrl+L: the screen is cleared and the prompt, input kept, is the first line.
    typeText('"kept"');
    press('C-l');
    await waitFor((s) => /^PS .*> "kept"$/.test(lines(s)[0]!) && !lines(s).includes('58'), 'a cleared screen with the prompt on top');
    press('C-u');

    typeText('exit 4');
    press('Enter');
    const end = Date.now() + 15_000;
    let code = '';
    while (Date.now() < end && !code) {
      try {
        code = readFileSync(status, 'utf8').trim();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    assert.is(code, '4');
    const history = readFileSync(join(home, 'history'), 'utf8');
    assert.ok(history.includes('"6 * 7"'), 'history persisted');
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  }
});

test.run();
