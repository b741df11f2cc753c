// Ctrl+C during New-Lab: the shell's stop reaches the engine's build through the cmdlet's signal,
// the script ends as a stopped pipeline, and no lab, VM or disk file is left behind; the prompt's
// next New-Lab builds normally.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../../src/engine/engine.ts';
import { VbrsSession } from './vbrs-session.ts';

function diskFiles(home: string): string[] {
  return (fs.readdirSync(home, { recursive: true }) as string[]).filter((f) => f.endsWith('.img')).map((f) => path.join(home, f));
}

test('New-Lab stopped while writing disks leaves nothing; the next New-Lab builds', async () => {
  const s = new VbrsSession();
  try {
    await s.run('Get-Lab | Out-Null'); // opens the engine, so its events can be watched
    const engine = s.shell.session.services.engine as Engine;
    let progress = 0;
    engine.events.on('event', (ev) => {
      if (ev.kind === 'lab-progress' && ++progress === 2) s.shell.stop();
    });
    const r = await s.run("New-Lab -Preset Demo -DiskScale 0.0625; 'after'");
    assert.is(progress, 2, 'no chunk written after the stop');
    assert.not.ok(r.stdout.includes('after'), 'the pipeline stopped');
    assert.match(r.stderr, /stopped/i);
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(engine.lab.list(), []);
    assert.equal(engine.vms.list(), []);
    assert.equal(diskFiles(s.home), []);

    const again = await s.run('(New-Lab -Preset Demo -DiskScale 0.0625).VMs -join ","');
    assert.is(again.stderr, '');
    assert.is(again.stdout.trim(), 'web01,db01,app01,util01');
    assert.is(diskFiles(s.home).length, 6);
  } finally {
    await s.close();
  }
});

test.run();
