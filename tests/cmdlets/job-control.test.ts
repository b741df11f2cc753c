// Job control through scripts: Stop-Job on a throttled run, Disable-/Enable-Job, Set-Job, and
// storage options with snapshots listed by Get-StorageSnapshot and the disconnect fault drill.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { VbrsSession, SMALL_LAB, root, slowJobLab } from './vbrs-session.ts';
import { childEnv } from '../child-env.ts';

const SLOW = slowJobLab('1MB');

test('Stop-Job stops a running session: Stopped, Failed, the stop in its log', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SLOW)).stderr, '');
    const r = await s.run('$s = Start-Job -Name J -RunAsync; $x = Stop-Job -Name J -PassThru; $x.State; $x.Result; ($x.Log | Where-Object Text -match "Stop requested").Count -gt 0; $x.Id -eq $s.Id');
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'Stopped\nFailed\nTrue\nTrue\n');
    const idle = await s.run('Stop-Job -Name J');
    assert.match(idle.stderr, /Job 'J' is not running/);
  } finally {
    await s.close();
  }
});

test('Ctrl+C while Start-Job waits stops the job cleanly and stops the script', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SLOW);
    const child = spawn(join(root, 'bin', 'vbrs'), ['-c', 'Write-Host started; $s = Start-Job -Name J; Write-Host after'], {
      cwd: s.cwd,
      env: childEnv({ VBRS_HOME: s.home }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the session is working (the 16 MB disk at 1 MB/s takes far longer).
    for (let i = 0; i < 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      if (s.spawn(['-c', '(Get-Session -Last).State']).stdout.trim() === 'Working') break;
    }
    child.kill('SIGINT');
    const code = await exited;
    // 128 + SIGINT, as the shell reports a script stopped with Ctrl+C.
    assert.is(code, 130, stderr);
    assert.match(stdout, /started/);
    assert.not.match(stdout, /after/);
    assert.match(stderr, /Stopping job 'J'/);
    const after = s.spawn(['-c', '$l = Get-Session -Last; $l.State; $l.Result; ($l.Log | Where-Object Text -match "Stop requested").Count -gt 0']);
    assert.is(after.stdout, 'Stopped\nFailed\nTrue\n');
  } finally {
    await s.close();
  }
});

test('Disable-Job keeps a job from running; Set-Job changes settings; Get-Job shows defaults', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SLOW);
    const [c, bs, rp, proxy] = await s.objects("$j = Get-Job J; $j.Compression; $j.BlockSize; $j.RetainPoints; $j.Proxy");
    assert.equal([c, bs, rp, proxy], ['None', 1024 * 1024, 14, 'Auto']);
    await s.run('Disable-Job -Name J');
    let r = await s.run('Start-Job -Name J');
    assert.match(r.stderr, /Job 'J' is disabled/);
    assert.equal(await s.objects('@(Get-Session).Count'), [0]);
    await s.run('Enable-Job -Name J; Set-Job -Name J -RetainPoints 3 -BlockSize 256KB -Proxy p');
    assert.equal(await s.objects('(Get-Job J).RetainPoints; (Get-Job J).BlockSize; (Get-Job J).Proxy'), [3, 256 * 1024, 'p']);
    r = await s.run('Set-Job -Name J -BlockSize 3MB');
    assert.match(r.stderr, /Job 'J'.*BlockSize/);
    assert.equal(await s.objects('(Get-Job J).BlockSize'), [256 * 1024]);
  } finally {
    await s.close();
  }
});

test('pipelines: Get-Job | Start-Job -RunAsync | Wait-Session; Get-VM | Remove-VM -WhatIf', async () => {
  const s = new VbrsSession();
  try {
    await s.run(`${SMALL_LAB}; Add-Job -Name A -VM util01 -Repository repo01 | Out-Null; Add-Job -Name B -VM app01 -Repository repo01 | Out-Null`);
    const r = await s.run('Get-Job | Start-Job -RunAsync | Wait-Session | ForEach-Object { "$($_.JobName)=$($_.Result)" }; (Get-VM | Remove-VM -WhatIf); @(Get-VM).Count');
    assert.is(r.stderr, '');
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.slice(0, 2), ['A=Success', 'B=Success']);
    assert.is(lines.filter((l) => l.startsWith('What if: Performing the operation "Remove-VM"')).length, 4);
    assert.is(lines.at(-1), '4');
  } finally {
    await s.close();
  }
});

test('at a terminal Start-Job reports each disk as it finishes; scripts only get the session', async () => {
  const s = new VbrsSession({ interactive: true });
  try {
    await s.run(SMALL_LAB + '; Add-Job -Name J -VM web01 -Repository repo01 | Out-Null');
    const r = await s.run('$null = Start-Job J');
    assert.match(r.stdout, /web01\/disk1: Success, [\d.]+ MB read via px-san01 \(DirectSAN\)/);
    assert.match(r.stdout, /web01\/disk2: Success/);
  } finally {
    await s.close();
  }
});

test('storage snapshots: Set-StorageOption, Get-StorageSnapshot, failover to primary when the secondary is disconnected', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SMALL_LAB);
    await s.run('Add-Job -Name San -VM web01 -Repository repo01 | Out-Null; Set-StorageOption -Job San -EnableStorageSnapshots -SnapshotSource Secondary -FailoverToPrimary');
    const [opts] = await s.objects('$j = Get-Job San; "$($j.EnableStorageSnapshots) $($j.SnapshotSource) $($j.FailoverToPrimary)"');
    assert.is(opts, 'True Secondary True');
    let r = await s.run('$s = Start-Job San; $s.Result; (Get-TaskSession $s | ForEach-Object SnapshotSource | Sort-Object -Unique) -join ","');
    assert.is(r.stdout, 'Success\nSecondaryStorage\n');
    const kinds = await s.objects('(Get-StorageSnapshot | ForEach-Object { "$($_.Array):$($_.Kind)" }) -join ","');
    assert.ok(String(kinds[0]).includes('fas02:'), String(kinds[0]));
    r = await s.run('Disconnect-StorageArray -Name fas02; $s = Start-Job San; $s.Result; (Get-TaskSession $s | ForEach-Object SnapshotSource | Sort-Object -Unique) -join ","; Connect-StorageArray -Name fas02; (Get-StorageArray fas02).Connected');
    assert.is(r.stdout, 'Warning\nPrimaryStorage\nTrue\n');
    const [before, after] = await s.objects('@(Get-StorageSnapshot).Count; Get-StorageSnapshot -Array fas02 | Remove-StorageSnapshot; @(Get-StorageSnapshot -Array fas02).Count');
    assert.ok((before as number) > 0);
    assert.is(after, 0);
  } finally {
    await s.close();
  }
});

test.run();
