// The nightly-report runbook: lists the sessions, names the failed VM and the hook's error, counts
// restore points, and exits 1 when a session failed (0 when all succeeded).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { VbrsSession, root } from './vbrs-session.ts';

const report = join(root, 'scripts', 'examples', 'nightly-report.vbrs');
const SETUP = [
  'Add-ViHost h | Out-Null',
  'Add-Datastore -Name d -Host h | Out-Null',
  'Add-VM -Name v1 -Host h -Datastore d -GuestOS Windows -DiskSize 4MB | Out-Null',
  'Add-VM -Name v2 -Host h -Datastore d -GuestOS Windows -DiskSize 4MB | Out-Null',
  'Add-Repository -Name r -Path ./r | Out-Null',
  'Add-Proxy -Name p | Out-Null',
  'Add-Job -Name J -VM v1,v2 -Repository r | Out-Null',
  '$null = Start-Job J',
].join('; ');

test('all green: exit 0 and the sessions are listed', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stderr, '');
    const r = s.spawn([report, '-Job', 'J']);
    assert.is(r.stderr, '');
    assert.is(r.exitCode, 0);
    assert.match(r.stdout, /Backup sessions since .*: 1/);
    assert.match(r.stdout, /Success\s+1/);
    assert.match(r.stdout, /v1\s+1 /);
  } finally {
    await s.close();
  }
});

test('a failed session: its VM and error are reported and the exit code is 1', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SETUP);
    await s.run("Set-GuestProcessing -Job J -Enable -PreFreezeScript { if ($VM.Name -eq 'v2') { throw 'app did not freeze' } }; $null = Start-Job J");
    const r = s.spawn([report]);
    assert.is(r.exitCode, 1);
    assert.match(r.stdout, /Failed\s+1/);
    assert.match(r.stdout, /Session 2 of job J failed:/);
    assert.match(r.stdout, /v2\/disk1: Failed/);
    assert.match(r.stdout, /app did not freeze/);
    assert.match(r.stdout, /v1\s+2 /);
  } finally {
    await s.close();
  }
});

test.run();
