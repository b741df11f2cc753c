// Two processes on one data folder at once: started together, the same job runs in exactly one of
// them and the other gets a one-line error naming the running session (the atomic claim in the
// catalog); two different jobs started together both succeed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pausedAt, spawnVbrs, vbrs } from './fixtures/vbrs-child.ts';

const LAB = `
Add-ViHost -Name esx01 | Out-Null
Add-Datastore -Name ds01 -Host esx01 | Out-Null
Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 4MB | Out-Null
Add-VM -Name db01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 4MB | Out-Null
Add-Proxy -Name px01 | Out-Null
Add-Repository -Name repo01 -Path "$env:VBRS_HOME/repo" | Out-Null
Add-Job -Name J -VM web01 -Repository repo01 | Out-Null
Add-Job -Name K -VM db01 -Repository repo01 | Out-Null
Start-Workload -VM web01 -ChangePercent 50 -Seed 1 | Out-Null
Start-Workload -VM db01 -ChangePercent 50 -Seed 2 | Out-Null
`;

test('the same job started by two processes at once: one runs, the other is refused with a clear error', async () => {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-claim-'));
  await vbrs(home, LAB);
  // Each holds its session at "started" once it has claimed the job, so neither can finish first
  // and let the other through: exactly one claim can succeed, whatever the timing.
  const a = pausedAt(home, 'session-started', 'Start-Job -Name J | Out-Null', 'a');
  const b = pausedAt(home, 'session-started', 'Start-Job -Name J | Out-Null', 'b');
  const [aRan, bRan] = await Promise.all([a.reached, b.reached]);
  assert.is(Number(aRan) + Number(bRan), 1, 'exactly one process runs the job');
  const [runner, refused] = aRan ? [a, b] : [b, a];
  const r = await refused.proc;
  // The one error line, then the source line and its caret: nothing more (no stack trace).
  assert.match(r.stderr, /^<command>:1:1: Start-Job: Job 'J' is already running \(session \d+\)\.\n    Start-Job -Name J \| Out-Null\n    \^$/);
  runner.proc.kill('SIGKILL');
  await runner.proc;
  // Only one session was ever created for the two starts.
  assert.equal((await vbrs(home, '(Get-Session -Job J).Count')).trim(), '1');
  rmSync(home, { recursive: true, force: true });
});

test('two different jobs started by two processes at once both succeed', async () => {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-claim-'));
  await vbrs(home, LAB);
  const [j, k] = await Promise.all(['J', 'K'].map((n) => spawnVbrs(home, `(Start-Job -Name ${n}).Result`)));
  for (const r of [j!, k!]) {
    assert.is(r.stderr, '');
    assert.is(r.stdout.trim(), 'Success');
  }
  const points = await vbrs(home, 'Get-RestorePoint | ForEach-Object { "$($_.JobName) $($_.VM) $($_.Type)" }');
  assert.equal(points.trim().split('\n').sort(), ['J web01 Full', 'K db01 Full']);
  rmSync(home, { recursive: true, force: true });
});

test.run();
