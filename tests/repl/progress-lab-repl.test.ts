// New-Lab in the REPL session: the lab row is redrawn while the disks are written (the REPL is not
// frozen until the build ends), the finished build leaves its outcome line, and Ctrl+C (stop())
// ends the build with nothing kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ReplSession } from '../../src/repl/repl-session.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { withEngineSession } from './fixtures/engine-session.ts';

const withSession = (body: (s: ReplSession) => Promise<void>) => withEngineSession('vbrs-lab-repl-', body);

test('the lab row is redrawn while New-Lab writes, then gives way to the outcome line', async () => {
  await withSession(async (s) => {
    const seen: number[] = [];
    s.on('change', () => {
      const row = s.progress.labs[0];
      if (s.running && row) seen.push(row.bytes);
    });
    await s.submit('New-Lab -Preset Demo -DiskScale 0.0625 | Out-Null');
    assert.ok(seen.length >= 1, 'redrawn during the build');
    assert.ok(seen.every((b, i) => i === 0 || b >= seen[i - 1]!), 'bytes never go back');
    assert.equal(s.progress.labs, []);
    assert.match(s.progress.activity?.text ?? '', /^Lab Demo built: 36 MB of disks \(\d+(\.\d)? MB of data\) in \d:\d\d$/);
    assert.not.ok(s.items.some((i) => i.kind === 'err'), 'no error');
  });
});

test('Ctrl+C during New-Lab stops the build; the panel says nothing was kept', async () => {
  await withSession(async (s) => {
    let stopped = false;
    s.on('change', () => {
      if (!stopped && s.running && s.progress.labs.length) {
        stopped = true;
        s.stop();
      }
    });
    await s.submit('New-Lab -Preset Demo -DiskScale 0.0625 | Out-Null');
    assert.ok(stopped);
    assert.ok(s.items.some((i) => i.kind === 'err' && /Lab 'Demo' was not built: stopped/.test(i.text)));
    assert.equal(s.progress.labs, []);
    assert.match(s.progress.activity?.text ?? '', /^Lab Demo stopped at \d+% after \d:\d\d; nothing was kept$/);
    assert.equal((s.services.engine as Engine).lab.list(), []);
  });
});

test.run();
