// The interactive shell on a data folder a service owns: a line at start-up says so (with the
// service's address), and Start-Job typed at the prompt still runs the job. The real binary in a
// pseudo terminal (util-linux `script`, plain mode); skips when `script` is missing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DataFolder, LAB, root } from './service-process.ts';

const haveScript = spawnSync('script', ['-V']).status === 0;

test('the REPL says a service owns the data folder, and Start-Job at its prompt still runs', async () => {
  if (!haveScript) {
    console.log('  (util-linux script not installed: skipped)');
    return;
  }
  const folder = new DataFolder();
  const svc = await (async () => {
    assert.is(folder.vbrs(LAB).stderr, '');
    return folder.service();
  })();
  const child = spawn('script', ['-qfec', join(root, 'bin', 'vbrs'), '/dev/null'], { cwd: folder.home, env: { ...folder.env(), TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const waitFor = async (re: RegExp): Promise<void> => {
    for (const deadline = Date.now() + 300_000; Date.now() < deadline && !re.test(out); ) await new Promise((r) => setTimeout(r, 100));
    if (!re.test(out)) throw new Error(`timed out waiting for ${re}; got ${JSON.stringify(out)}`);
  };
  const code = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor(/PS> /);
    assert.ok(out.includes(`The vbrs service (pid ${svc.child.pid} at ${svc.url}) owns this data folder`), out);
    child.stdin.write('"result: " + (Start-Job -Name J).Result\r');
    await waitFor(/result: \w+/);
    assert.match(out, /result: Success/);
    child.stdin.write('exit\r');
    assert.is(await code, 0);
    const sessions = (await svc.api('/api/v1/sessions')).body.data;
    assert.is(sessions.length, 1, 'the service sees the session the shell ran');
    assert.is(sessions[0].result, 'Success');
  } finally {
    child.kill('SIGKILL');
    await svc.stop();
    folder.remove();
  }
});

test('no service, or a dead one: no line', async () => {
  const { serviceNotice } = await import('../../src/repl/service-notice.ts');
  const { writeFileSync } = await import('node:fs');
  const folder = new DataFolder();
  try {
    assert.is(serviceNotice(folder.home), null);
    // A pid that cannot be running: the lock a kill -9'd service left behind.
    writeFileSync(join(folder.home, 'service.lock'), JSON.stringify({ pid: 2 ** 22 + 1, address: 'http://127.0.0.1:1' }));
    assert.is(serviceNotice(folder.home), null);
  } finally {
    folder.remove();
  }
});

test.run();
