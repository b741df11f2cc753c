// Ctrl-C (the shell's stop) during ForEach-Object -Parallel stops every running block at once: the
// run ends as stopped (130) instead of waiting out the blocks' sleeps, and nothing after it runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createShell } from '../../../src/runtime/shell.ts';

const home = mkdtempSync(join(tmpdir(), 'vbrs-parallel-'));
process.env.VBRS_HOME = home;
test.after(() => rmSync(home, { recursive: true, force: true }));

test('stopping the shell stops the parallel blocks', async () => {
  let out = '';
  let started = 0;
  let err = '';
  const sh = createShell({
    stdout: (t) => {
      out += t;
      // stop once all four blocks are sleeping
      if (t.startsWith('started') && ++started === 4) setImmediate(() => sh.stop());
    },
    stderr: (t) => void (err += t),
  });
  const r = await sh.run(`1..4 | ForEach-Object -Parallel { Write-Host "started $_"; Start-Sleep -Seconds 600; 'not reached' } -ThrottleLimit 4; 'after'`);
  assert.is(started, 4);
  assert.is(r.exitCode, 130);
  assert.not.match(out, /not reached|after/);
  assert.is(err, '');
});

test.run();
