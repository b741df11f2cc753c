// On a terminal that cannot take redraws (TERM=dumb) `vbrs` falls back to the plain line mode:
// the real binary in a pseudo terminal (util-linux `script`), no escape codes in what it writes.
// Skips when `script` is missing; bounded by a timeout.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEnv } from '../child-env.ts';
import { tempDir } from '../temp-dir.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const haveScript = spawnSync('script', ['-V']).status === 0;

test('TERM=dumb: plain prompts, continuation lines, exit code, no escape codes', async () => {
  if (!haveScript) {
    console.log('  (util-linux script not installed: skipped)');
    return;
  }
  const env = childEnv({ TERM: 'dumb', VBRS_HOME: tempDir('vbrs-plain-') });
  delete env.CI;
  const child = spawn('script', ['-qfec', join(root, 'bin', 'vbrs'), '/dev/null'], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const waitFor = async (text: string): Promise<void> => {
    for (let i = 0; i < 150 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
    if (!out.includes(text)) throw new Error(`timed out waiting for ${JSON.stringify(text)}; got ${JSON.stringify(out)}`);
  };
  const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor('PS> ');
    child.stdin.write('6 * 7\r');
    await waitFor('42');
    child.stdin.write('if (1) {\r');
    await waitFor('>> ');
    child.stdin.write('"in"\r}\r');
    await waitFor('in\r\n');
    child.stdin.write('exit 2\r');
    assert.is(await code, 2);
    assert.not.ok(out.includes('\u001B'), `no escape codes: ${JSON.stringify(out)}`);
  } finally {
    child.kill('SIGKILL');
  }
});

test.run();
