// Job runs through scripts: a full and an incremental with a workload between, sessions and task
// sessions with TimeSpan/DateTime values, restore whose images hash like the disks, script-block
// hooks that see $VM (in this process and in a later one), health check, -RunAsync + Wait-Session.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, openSync, writeSync, closeSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { VbrsSession } from './vbrs-session.ts';
import { TimeSpan } from '../../src/runtime/values/time-span.ts';
import { PSDateTime } from '../../src/runtime/values/date-time.ts';

// A VM without a swap area, so a restored image must equal the disk byte for byte.
const SETUP = [
  'Add-ViHost esx01 | Out-Null',
  'Add-Datastore -Name ds01 -Host esx01 | Out-Null',
  'Add-VM -Name files01 -Host esx01 -Datastore ds01 -GuestOS Windows -DiskSize 6MB,3MB | Out-Null',
  'Add-Repository -Name repo01 -Path ./repo | Out-Null',
  'Add-Proxy -Name px01 | Out-Null',
  'Add-Job -Name Nightly -VM files01 -Repository repo01 | Out-Null',
  'Start-Workload -VM files01 -ChangePercent 60 -Seed 3 | Out-Null',
].join('; ');

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').toUpperCase();
}

test('full, workload, incremental, restore: restored images hash like the disks at that point', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stderr, '');
    const full = await s.run('$full = Start-Job -Name Nightly; $full.Result; $full.State');
    assert.is(full.stderr, '');
    assert.is(full.stdout, 'Success\nStopped\n');
    const [dur, created, lifetime] = await s.objects('$full.Duration; $full.CreationTime; (Get-TaskSession -Session $full)[0].VMSnapshotLifetime');
    assert.ok(dur instanceof TimeSpan && dur.TotalSeconds > 0);
    assert.ok(created instanceof PSDateTime);
    assert.ok(lifetime instanceof TimeSpan);

    await s.run('Start-Workload -VM files01 -ChangePercent 34 -Seed 9 | Out-Null');
    const [disk1, disk2] = (await s.objects('(Get-VM files01).Disks | ForEach-Object Path')) as string[];
    const want = [sha256(disk1!), sha256(disk2!)];
    const incr = await s.run('$incr = Start-Job -Name Nightly; $incr.Result; $incr.ReadBytes -lt $full.ReadBytes');
    assert.is(incr.stdout, 'Success\nTrue\n');
    const types = await s.objects("(Get-RestorePoint -VM files01 | ForEach-Object Type) -join ','");
    assert.equal(types, ['Full,Increment']);

    const files = (await s.objects('(Get-RestorePoint -VM files01 | Select-Object -Last 1 | Start-Restore -Path ./out).Files')) as string[];
    assert.equal(files, [join(s.cwd, 'out', 'files01', 'disk1.img'), join(s.cwd, 'out', 'files01', 'disk2.img')]);
    assert.ok(files.every((f) => isAbsolute(f)));
    assert.equal(files.map(sha256), want);
    const [same] = await s.objects("$r = Get-RestorePoint -VM files01 | Select-Object -Last 1 | Start-Restore -Path ./out2; (Get-FileHash $r.Files[0]).Hash -eq (Get-FileHash (Get-VM files01).Disks[0].Path).Hash");
    assert.is(same, true);

    const tasks = await s.run('Get-TaskSession -Session $incr | ForEach-Object { \"$($_.VM)/$($_.Disk)=$($_.Status)\" }');
    assert.is(tasks.stdout, 'files01/disk1=Success\nfiles01/disk2=Success\n');
    const sessions = await s.objects("(Get-Session -Job Nightly | ForEach-Object Id) -join ','; (Get-Session -Last).Id");
    assert.equal(sessions, ['1,2', 2]);

    const check = await s.run('$h = Start-HealthCheck -Job Nightly; $h.Result');
    assert.is(check.stdout, 'Success\n');
  } finally {
    await s.close();
  }
});

test('Start-HealthCheck on a damaged restore point: Failed, with the point and block in the Log; restore refuses', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SETUP + '; $null = Start-Job Nightly');
    const [id] = (await s.objects('(Get-RestorePoint -VM files01).Id')) as string[];
    const pointDir = join(s.cwd, 'repo', 'Nightly', 'files01', id!);
    const data = join(pointDir, readdirSync(pointDir).find((f) => f.endsWith('.data'))!);
    const fd = openSync(data, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, Math.floor(statSync(data).size / 2));
    closeSync(fd);
    const r = await s.run('$h = Start-HealthCheck -Job Nightly; $h.Result; $h.Kind; ($h.Log | Where-Object Severity -eq Error | ForEach-Object Text) -join "|"');
    const [result, kind, errors] = r.stdout.trim().split('\n');
    assert.is(result, 'Failed');
    assert.is(kind, 'HealthCheck');
    assert.match(errors!, new RegExp(`Restore point ${id} of VM 'files01', disk disk\\d block \\d+`));
    const restore = await s.run('Get-RestorePoint -VM files01 | Start-Restore -Path ./bad');
    assert.ok(restore.stderr.length > 0, 'restore of a damaged point is refused');
  } finally {
    await s.close();
  }
});

test('a pre-freeze script block sees $VM, $Job and $Session; it still runs when a later process starts the job', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SETUP);
    const def = await s.run('Set-GuestProcessing -Job Nightly -Enable -PreFreezeScript { Write-Host "pre-freeze $($VM.Name) $($VM.GuestOS) $($Job.Name) $($Session.JobName)" } -PostThawScript { Write-Host "thawed $($VM.Name)" }');
    assert.is(def.stderr, '');
    const here = await s.run('(Start-Job -Name Nightly).Result');
    assert.is(here.stdout, 'pre-freeze files01 Windows Nightly Nightly\nthawed files01\nSuccess\n');
    const later = s.spawn(['-c', '(Start-Job -Name Nightly).Result']);
    assert.is(later.stderr, '');
    assert.is(later.stdout, 'pre-freeze files01 Windows Nightly Nightly\nthawed files01\nSuccess\n');
  } finally {
    await s.close();
  }
});

// The newcomer's hook (issue 17 item 1): a block with its own param() still has $VM, $Job and
// $Session, and its own parameters bind the same three objects by position.
test('a script-block hook with its own param() sees $VM, $Job and $Session; its parameters bind them by position', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SETUP);
    const def = await s.run('Set-GuestProcessing -Job Nightly -Enable -PreFreezeScript { param() Write-Host "freeze $($VM.Name) $($Job.Name)" } -PostThawScript { param($v, $j) Write-Host "thaw $($v.Name) $($j.Name) $($Session.JobName)" }');
    assert.is(def.stderr, '');
    const here = await s.run('$r = Start-Job -Name Nightly; $r.Result; $r.Log.Text -match "script .* starting"');
    // The log names a hook by what the admin wrote, not by its stored id (scriptblock:<hash>).
    assert.is(
      here.stdout,
      'freeze files01 Nightly\nthaw files01 Nightly Nightly\nSuccess\n' +
        "VM 'files01': Pre-freeze script '{ param() Write-Host \"freeze $($VM.Name) $($Job.Name)\" }' starting (timeout 600000 ms)\n" +
        "VM 'files01': Post-thaw script '{ param($v, $j) Write-Host \"thaw $($v.Name) $($j.Name) $(… }' starting (timeout 600000 ms)\n",
    );
    const later = s.spawn(['-c', '(Start-Job -Name Nightly).Result']);
    assert.is(later.stderr, '');
    assert.is(later.stdout, 'freeze files01 Nightly\nthaw files01 Nightly Nightly\nSuccess\n');
  } finally {
    await s.close();
  }
});

test('a failing script-block hook fails the VM unless -IgnoreScriptErrors', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SETUP);
    await s.run("Set-GuestProcessing -Job Nightly -Enable -PreFreezeScript { throw 'database refused to freeze' }");
    let r = await s.run('$s = Start-Job -Name Nightly; $s.Result; ($s.Log | Where-Object Text -match "refused to freeze").Count -gt 0');
    assert.is(r.stdout, 'Failed\nTrue\n');
    await s.run('Set-GuestProcessing -Job Nightly -IgnoreScriptErrors');
    r = await s.run('(Start-Job -Name Nightly).Result');
    assert.is(r.stdout, 'Warning\n');
  } finally {
    await s.close();
  }
});

test('Start-Job -RetryBackup reprocesses only the VM that failed; -PreFreezeScript $null removes the hook', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SETUP + "; Add-VM -Name files02 -Host esx01 -Datastore ds01 -GuestOS Windows -DiskSize 4MB | Out-Null; Set-Job -Name Nightly -VM files01,files02");
    await s.run("Set-GuestProcessing -Job Nightly -Enable -PreFreezeScript { if ($VM.Name -eq 'files02') { throw 'no' } }");
    assert.is((await s.run('(Start-Job Nightly).Result')).stdout, 'Failed\n');
    await s.run('Set-GuestProcessing -Job Nightly -PreFreezeScript $null');
    const r = await s.run('$r = Start-Job Nightly -RetryBackup; $r.Result; $r.RetryOf; (Get-TaskSession $r | ForEach-Object VM | Sort-Object -Unique) -join ","');
    assert.is(r.stdout, 'Success\n1\nfiles02\n');
  } finally {
    await s.close();
  }
});

test('Start-Job -RunAsync returns a running session; Wait-Session returns it ended', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SETUP);
    const r = await s.run('$s = Start-Job -Name Nightly -RunAsync; $s.State -ne "Stopped"; $w = Wait-Session -Session $s -Timeout 2m; $w.State; $w.Result; $w.Id -eq $s.Id');
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'True\nStopped\nSuccess\nTrue\n');
  } finally {
    await s.close();
  }
});

test.run();
