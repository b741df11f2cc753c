// The quickstart runbook must run green from a fresh data dir, as a user would start it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { VbrsSession, root } from './vbrs-session.ts';

test('scripts/examples/quickstart.vbrs runs green from a fresh VBRS_HOME, and again on the same one', async () => {
  const s = new VbrsSession();
  try {
    const r = s.spawn([join(root, 'scripts', 'examples', 'quickstart.vbrs'), '-Out', './restored']);
    assert.is(r.stderr, '');
    assert.is(r.exitCode, 0);
    assert.match(r.stdout, /pre-freeze: quiescing web01/);
    assert.match(r.stdout, /post-thaw: {2}db01 resumed/);
    for (const disk of ['web01\\s+disk1\\s+OK\\s+bytes outside swap', 'web01\\s+disk2\\s+OK\\s+SHA256', 'db01\\s+disk1\\s+OK', 'db01\\s+disk2\\s+OK']) {
      assert.match(r.stdout, new RegExp(disk));
    }
    assert.not.match(r.stdout, /DIFF/);
    assert.match(r.stdout, /health check: Success/);
    assert.match(r.stdout, /Quickstart finished/);
    // A second run on the same data dir (lab rebuilt, job redefined) is green too.
    const again = s.spawn([join(root, 'scripts', 'examples', 'quickstart.vbrs'), '-Out', './restored']);
    assert.is(again.stderr, '');
    assert.is(again.exitCode, 0);
  } finally {
    await s.close();
  }
});

test.run();
