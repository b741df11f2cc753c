// The storage failover drill runbook runs green: secondary, failover to primary, back to secondary.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { VbrsSession, root } from './vbrs-session.ts';

test('scripts/examples/storage-failover-drill.vbrs runs green', async () => {
  const s = new VbrsSession();
  try {
    const r = s.spawn([join(root, 'scripts', 'examples', 'storage-failover-drill.vbrs')]);
    assert.is(r.stderr, '');
    assert.is(r.exitCode, 0);
    assert.match(r.stdout, /secondary offline\s+session 2: Warning\s+read from PrimaryStorage/);
    assert.match(r.stdout, /secondary back\s+session 3: Success\s+read from SecondaryStorage/);
    assert.match(r.stdout, /Drill passed/);
  } finally {
    await s.close();
  }
});

test.run();
