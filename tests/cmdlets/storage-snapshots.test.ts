// Backup from storage snapshots, end to end through scripts: every step and branch of
// docs/storage-snapshots.md (primary, mixed job, secondary by snapshot transfer and by synchronous
// replication, the two failovers) is driven by vbrs script text on the demo lab, and asserted on what the script reads
// back (session log, task sessions, Get-StorageSnapshot, restored images). The engine API has its
// own tests (tests/engine/bfss/); these prove the cmdlets expose every branch and that the points
// restore byte-identical like any other.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoLabSession, VbrsSession } from './vbrs-session.ts';

/** A fresh data dir with the demo lab (fas01 → fas02 NetApp-like by snapshot transfer, nimble01 →
 *  nimble02 by synchronous replication, px-san01 with SAN access to all four), its disks at 2–8 MiB
 *  (half of SMALL_LAB: sixteen labs in this file, and the branches do not need more data). */
const demoLab = (): Promise<VbrsSession> => demoLabSession(0.0625);

/** Runs script text that must not write errors; returns its output lines. */
async function lines(s: VbrsSession, text: string): Promise<string[]> {
  const r = await s.run(text);
  assert.is(r.stderr, '', `stderr of: ${text}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Adds a job on VMS with the given Set-StorageOption switches and runs it into `$s`; returns its
 *  Result, the session log (one "Severity|Text" line each) and the task sessions (one line each). */
async function runJob(s: VbrsSession, job: string, vms: string, options: string) {
  await lines(s, `Add-Job -Name ${job} -VM ${vms} -Repository repo01 | Out-Null; Set-StorageOption -Job ${job} -EnableStorageSnapshots ${options}`);
  return startJob(s, job);
}

async function startJob(s: VbrsSession, job: string) {
  const [result] = await lines(s, `$s = Start-Job -Name ${job}; $s.Result`);
  const log = await lines(s, '$s.Log | ForEach-Object { "$($_.Severity)|$($_.Text)" }');
  const tasks = await lines(s, 'Get-TaskSession $s | ForEach-Object { "$($_.VM)|$($_.Disk)|$($_.Status)|$($_.SnapshotSource)|$($_.TransportMode)|$($_.Proxy)" }');
  return { result, log, tasks, text: log.join('\n') };
}

/** `Array:Volume:Kind` of every storage snapshot that exists now, sorted. */
async function storageSnapshots(s: VbrsSession, filter = ''): Promise<string[]> {
  return (await lines(s, `Get-StorageSnapshot ${filter} | ForEach-Object { "$($_.Array):$($_.Volume):$($_.Kind)" }`)).sort();
}

const indexOf = (log: string[], re: RegExp) => log.findIndex((l) => re.test(l));

test('primary: the eight steps in order, one temporary snapshot for the volume, Direct SAN, a VM snapshot gone before the read, nothing left', async () => {
  const s = await demoLab();
  try {
    const run = await runJob(s, 'San', 'web01, db01', '');
    assert.is(run.result, 'Success', run.text);
    for (const vm of ['web01', 'db01']) {
      const steps = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => indexOf(run.log, new RegExp(`^Info\\|VM '${vm}': Step ${n}/8: `)));
      assert.ok(steps.every((i) => i >= 0), `${vm}: every step logged\n${run.text}`);
      assert.equal([...steps].sort((a, b) => a - b), steps, `${vm}: steps in order\n${run.text}`);
      assert.match(run.log[steps[0]!]!, /volume 'fas01\/vol1' of NetApp array 'fas01'; proxy 'px-san01' has a direct SAN connection/);
    }
    const created = run.log.map((l) => /Storage snapshot '([^']+)' of volume 'fas01\/vol1' created on NetApp array 'fas01' \(one temporary snapshot for 2 VM\(s\) of the job: (.*)\)$/.exec(l)).filter((m) => m !== null);
    assert.ok(created.length > 0, run.text);
    assert.is(new Set(created.map((m) => m[1])).size, 1, 'one storage snapshot for both VMs');
    assert.equal(created[0]![2]!.split(', ').sort(), ['db01', 'web01']);
    const name = created[0]![1]!;
    assert.is(run.log.filter((l) => l.endsWith(`Temporary storage snapshot '${name}' deleted from array 'fas01'`)).length, 1, 'deleted once, by the last VM');

    assert.is(run.tasks.length, 4);
    for (const t of run.tasks) {
      const [, , status, source, mode, proxy] = t.split('|');
      assert.equal([status, source, mode, proxy], ['Success', 'PrimaryStorage', 'DirectSAN', 'px-san01'], t);
    }
    // The VM snapshot lives only from its creation to Step 5 (the storage snapshot exists), not
    // through the read: the task's VMSnapshotLifetime is the one Step 5 reports, and fits between
    // the Step 2 and Step 5 log times.
    const lifetimes = await lines(s, [
      'foreach ($vm in "web01", "db01") {',
      '  $t = @(Get-TaskSession $s | Where-Object VM -eq $vm)[0]',
      `  $l2 = @($s.Log | Where-Object Text -like "VM '$vm': Step 2/8:*")[0]`,
      `  $l5 = @($s.Log | Where-Object Text -like "VM '$vm': Step 5/8:*")[0]`,
      '  "$vm|$($t.VMSnapshotLifetime.TotalMilliseconds)|$(($l5.Time - $l2.Time).TotalMilliseconds)|$($l5.Text)"',
      '}',
    ].join('\n'));
    for (const l of lifetimes) {
      const [vm, lifetime, window, step5] = l.split('|');
      assert.ok(step5!.includes(`(VM snapshot lifetime ${lifetime} ms)`), l);
      assert.ok(Number(lifetime) >= 0 && Number(lifetime) <= Number(window) + 1, `${vm}: lifetime ${lifetime} ms within Step 2 → Step 5 (${window} ms)`);
    }
    assert.equal(await storageSnapshots(s, '-Kind Temporary'), []);
    assert.equal(await storageSnapshots(s), [], 'a primary-only job keeps no storage snapshot at all');
    // A later Get-Session shows the same session and log as the one Start-Job returned.
    assert.equal(await lines(s, '$g = Get-Session -Job San -Last; $g.Id -eq $s.Id; $g.Result; ($g.Log.Text -join "`n") -eq ($s.Log.Text -join "`n")'), ['True', 'Success', 'True']);
  } finally {
    await s.close();
  }
});

test('incremental from a storage snapshot reads only the changed blocks; full and incremental points restore byte-identical', async () => {
  const s = await demoLab();
  try {
    const full = await runJob(s, 'San', 'web01', '');
    assert.is(full.result, 'Success', full.text);
    // The disks as the full backup saw them (copies, since the workload rewrites them in place).
    await lines(s, [
      '$disks = (Get-VM web01).Disks',
      '$fullRead = ((Get-TaskSession $s | Measure-Object ReadBytes -Sum).Sum)',
      'New-Item -ItemType Directory ./at-full | Out-Null',
      'foreach ($d in $disks) { Copy-Item $d.Path "./at-full/$($d.Name).img" }',
      '$w = Start-Workload -VM web01 -ChangePercent 10 -Seed 7',
    ].join('\n'));
    const incr = await startJob(s, 'San');
    assert.is(incr.result, 'Success', incr.text);
    assert.ok(incr.tasks.every((t) => t.split('|')[3] === 'PrimaryStorage'), incr.text);
    assert.match(incr.text, /VM 'web01': Step 7\/8: reading VM data from the mounted storage snapshot in Direct SAN mode/);
    const [fullRead, incrRead, written, diskBytes] = (await lines(s, [
      '$fullRead',
      '(Get-TaskSession $s | Measure-Object ReadBytes -Sum).Sum',
      '($w | Measure-Object BytesWritten -Sum).Sum',
      '($disks | ForEach-Object { (Get-Item $_.Path).Length } | Measure-Object -Sum).Sum',
    ].join('\n'))).map(Number);
    assert.ok(written! > 0 && written! < diskBytes! / 4, `workload wrote ${written} of ${diskBytes}`);
    // Per disk: the read is exactly the rewritten 1 MiB extents (the job's block size), less any
    // that fell in the swap area, which is never read.
    const perDisk = await lines(s, [
      'foreach ($d in $disks) {',
      '  $read = (Get-TaskSession $s | Where-Object Disk -eq $d.Name).ReadBytes',
      '  $changed = ($w.Disks | Where-Object Disk -eq $d.Name).BytesWritten',
      '  $swap = ($d.SwapExtents | Measure-Object Length -Sum).Sum',
      '  "$($d.Name)|$read|$changed|$([long]$swap)"',
      '}',
    ].join('\n'));
    assert.is(perDisk.length, 2);
    for (const l of perDisk) {
      const [disk, read, changed, swap] = l.split('|');
      const [r, c, sw] = [Number(read), Number(changed), Number(swap)];
      if (sw === 0) assert.is(r, c, `${disk}: read ${r} of ${c} changed bytes`);
      else assert.ok(r <= c && r >= c - sw, `${disk}: read ${r}, changed ${c}, swap ${sw}`);
    }
    assert.is(incrRead, perDisk.reduce((sum, l) => sum + Number(l.split('|')[1]), 0));
    assert.ok(incrRead! < fullRead! / 4, `incremental read ${incrRead}, full read ${fullRead}`);

    // Restore both points; swap extents restore as zeros by design, so they are left out.
    const verdicts = await lines(s, [
      '$points = @(Get-RestorePoint -Job San -VM web01)',
      '"points $($points.Count) $($points[0].Type) $($points[1].Type)"',
      'foreach ($i in 0, 1) {',
      '  $r = Start-Restore -RestorePoint $points[$i] -Path "./restored-$i"',
      '  foreach ($d in $disks) {',
      '    $ref = if ($i -eq 0) { "./at-full/$($d.Name).img" } else { $d.Path }',
      '    $file = $r.Files | Where-Object { [System.IO.Path]::GetFileNameWithoutExtension($_) -eq $d.Name }',
      '    $same = (Compare-DiskImage $ref $file -ExcludeExtent $d.SwapExtents).Equal',
      '    $hash = if ($d.SwapExtents.Count -eq 0) { (Get-FileHash $ref).Hash -eq (Get-FileHash $file).Hash } else { "swap" }',
      '    "$i $($d.Name) $same $hash"',
      '  }',
      '}',
      '"full differs from now: $(-not (Compare-DiskImage ./at-full/disk2.img ($disks | Where-Object Name -eq disk2).Path).Equal)"',
    ].join('\n'));
    assert.equal(verdicts, [
      'points 2 Full Increment',
      '0 disk1 True swap',
      '0 disk2 True True',
      '1 disk1 True swap',
      '1 disk2 True True',
      'full differs from now: True',
    ]);
  } finally {
    await s.close();
  }
});

test('mixed job: a local VM and a VM with one disk off the array take VM snapshots after the storage snapshot', async () => {
  const s = await demoLab();
  try {
    // mixed01: disk1 inside ds-fas01's folder on the array, disk2 attached from the local datastore.
    const [arrayDs, localDs] = await lines(s, '(Get-Datastore ds-fas01).Path; (Get-Datastore local-esx02).Path');
    const inside = join(arrayDs!, 'mixed01', 'disk1.img');
    const outside = join(localDs!, 'mixed01-extra', 'disk2.img');
    for (const [file, seed] of [[inside, 3], [outside, 4]] as const) {
      mkdirSync(join(file, '..'), { recursive: true });
      const data = Buffer.alloc(2 * 1024 * 1024);
      for (let i = 0; i < data.length; i++) data[i] = (i * seed + (i >> 12)) & 0xff;
      writeFileSync(file, data);
    }
    await lines(s, `Add-VM -Name mixed01 -Host esx01 -Datastore ds-fas01 -GuestOS Linux -DiskPath '${inside}', '${outside}' | Out-Null`);
    const run = await runJob(s, 'Mixed', 'web01, mixed01, util01', '');
    assert.is(run.result, 'Success', run.text);
    const source = (vm: string) => [...new Set(run.tasks.filter((t) => t.startsWith(`${vm}|`)).map((t) => t.split('|')[3]))];
    assert.equal(source('web01'), ['PrimaryStorage']);
    assert.equal(source('mixed01'), ['VM']);
    assert.equal(source('util01'), ['VM']);
    assert.match(run.text, /VM 'mixed01': .*disk 'disk2' is not on datastore 'ds-fas01'/);

    const created = indexOf(run.log, /^Info\|VM 'web01': Storage snapshot '.*' of volume 'fas01\/vol1' created/);
    assert.ok(created >= 0, run.text);
    assert.match(run.text, /VM 'util01': Storage snapshots: datastore 'local-esx02' is not on a storage array volume; the VM is processed the regular way/);
    // mixed01 is scheduled with web01 and has to wait (it says so); util01 may reach its freeze only
    // once the storage snapshot exists, so it need not wait — either way its VM snapshot comes after.
    assert.ok(run.log.includes("Info|VM 'mixed01': Mixed job: the VM snapshot is taken after the job's storage snapshots are created"), run.text);
    for (const vm of ['mixed01', 'util01']) {
      const vmSnapshot = indexOf(run.log, new RegExp(`^Info\\|VM '${vm}': VM snapshot 'VBRS-Mixed-\\d+' created on host`));
      assert.ok(vmSnapshot > created, `${vm}'s VM snapshot (line ${vmSnapshot}) after the storage snapshot (line ${created})\n${run.text}`);
    }
    const times = await lines(s, [
      '$c = @($s.Log | Where-Object Text -match "Storage snapshot .* of volume .fas01/vol1. created")[0].Time',
      'foreach ($vm in "mixed01", "util01") { @($s.Log | Where-Object Text -match "^VM .$vm.: VM snapshot .VBRS-Mixed-\\d+. created")[0].Time -ge $c }',
    ].join('\n'));
    assert.equal(times, ['True', 'True']);
    assert.equal(await storageSnapshots(s), []);

    const restored = await lines(s, [
      '$r = Get-RestorePoint -Job Mixed -VM mixed01 | Start-Restore -Path ./restored',
      'foreach ($d in (Get-VM mixed01).Disks) {',
      '  $file = $r.Files | Where-Object { [System.IO.Path]::GetFileNameWithoutExtension($_) -eq $d.Name }',
      '  "$($d.Name) $((Get-FileHash $d.Path).Hash -eq (Get-FileHash $file).Hash)"',
      '}',
    ].join('\n'));
    assert.equal(restored, ['disk1 True', 'disk2 True']);
  } finally {
    await s.close();
  }
});

test('secondary by snapshot transfer (fas01 → fas02): read from fas02, temporary gone, LongTerm kept on fas02, Auxiliary on fas01', async () => {
  const s = await demoLab();
  try {
    const run = await runJob(s, 'Sec', 'web01', '-SnapshotSource Secondary');
    assert.is(run.result, 'Success', run.text);
    assert.ok(run.tasks.every((t) => t.split('|').slice(3).join('|') === 'SecondaryStorage|DirectSAN|px-san01'), run.tasks.join('\n'));
    const step5 = indexOf(run.log, /VM 'web01': Step 5\/8:/);
    const transferred = indexOf(run.log, /VM 'web01': Snapshot '.*' transferred to secondary array 'fas02'/);
    const mounted = indexOf(run.log, /VM 'web01': Step 6\/8: storage snapshot '.*' mounted to proxy 'px-san01' from the secondary array 'fas02'/);
    const deleted = indexOf(run.log, /VM 'web01': Temporary storage snapshot '.*' deleted from array 'fas01'/);
    assert.ok(step5 >= 0 && transferred > step5 && mounted > transferred && deleted > mounted, `NetApp transfers after the VM snapshot is gone, then fas02 is mounted\n${run.text}`);
    assert.match(run.text, /NetApp keeps auxiliary snapshot '.*-aux' on the primary/);
    assert.equal(await storageSnapshots(s, '-Kind Temporary'), []);
    assert.equal(await storageSnapshots(s), ['fas01:vol1:Auxiliary', 'fas02:vol1:LongTerm']);

    // The next run transfers only the blocks that differ from the auxiliary base: exactly what the
    // workload rewrote; the auxiliary moves to the newest snapshot, the long-term ones accumulate.
    const [written] = await lines(s, '(Start-Workload -VM web01 -ChangePercent 10 -Seed 3).BytesWritten');
    const second = await startJob(s, 'Sec');
    assert.is(second.result, 'Success', second.text);
    const sent = (r: { text: string }) => Number(/transferred to secondary array 'fas02': (\d+) of \d+ bytes sent/.exec(r.text)?.[1]);
    assert.ok(sent(run) > 0, run.text);
    assert.is(sent(second), Number(written), second.text);
    const newest = /Storage snapshot '([^']+)' of volume 'fas01\/vol1' created/.exec(second.text)?.[1];
    assert.ok(newest, second.text);
    assert.equal(await lines(s, 'Get-StorageSnapshot -Array fas01 | ForEach-Object { "$($_.Kind) $($_.Name)" }'), [`Auxiliary ${newest}-aux`]);
    assert.equal(await storageSnapshots(s), ['fas01:vol1:Auxiliary', 'fas02:vol1:LongTerm', 'fas02:vol1:LongTerm']);

    const same = await lines(s, [
      '$d = (Get-VM web01).Disks | Where-Object Name -eq disk2',
      '$r = Get-RestorePoint -Job Sec -VM web01 | Select-Object -Last 1 | Start-Restore -Path ./restored',
      '(Get-FileHash ($r.Files | Where-Object { $_ -like "*disk2.img" })).Hash -eq (Get-FileHash $d.Path).Hash',
      '$d = (Get-VM web01).Disks | Where-Object Name -eq disk1',
      '(Compare-DiskImage $d.Path ($r.Files | Where-Object { $_ -like "*disk1.img" }) -ExcludeExtent $d.SwapExtents).Equal',
    ].join('\n'));
    assert.equal(same, ['True', 'True']);
  } finally {
    await s.close();
  }
});

test('secondary by snapshot transfer from a Nimble-like array built with the cmdlets: the transfer starts before the VM snapshot is removed', async () => {
  const s = await demoLab();
  try {
    await lines(s, [
      'Add-StorageArray -Name nim03 -Vendor Nimble | Out-Null',
      'Add-StorageArray -Name nim04 -Vendor Nimble -Role Secondary -Source nim03 -ReplicationMode SnapshotTransfer | Out-Null',
      'Add-Volume -Array nim03 -Name v1 | Out-Null',
      'Add-Datastore -Name ds-nim03 -Host esx01 -Volume nim03/v1 | Out-Null',
      'Add-VM -Name app02 -Host esx01 -Datastore ds-nim03 -GuestOS Linux -DiskSize 4MB | Out-Null',
      'Start-Workload -VM app02 -ChangePercent 50 | Out-Null',
      'Add-Proxy -Name px-nim -SanAccess nim03, nim04 | Out-Null',
    ].join('\n'));
    const run = await runJob(s, 'Nim', 'app02', '-SnapshotSource Secondary');
    assert.is(run.result, 'Success', run.text);
    assert.equal(run.tasks, ['app02|disk1|Success|SecondaryStorage|DirectSAN|px-nim']);
    const started = indexOf(run.log, /VM 'app02': Nimble array 'nim03' started snapshot transport to secondary 'nim04' as soon as the snapshot was created/);
    const step5 = indexOf(run.log, /VM 'app02': Step 5\/8:/);
    const mounted = indexOf(run.log, /VM 'app02': Step 6\/8: .* from the secondary array 'nim04'/);
    assert.ok(started >= 0 && started < step5 && step5 < mounted, run.text);
    assert.equal(await storageSnapshots(s, '-Array nim03'), ['nim03:v1:Auxiliary']);
    assert.equal(await storageSnapshots(s, '-Array nim04'), ['nim04:v1:LongTerm']);
    const [same] = await lines(s, [
      '$d = (Get-VM app02).Disks[0]',
      '$r = Get-RestorePoint -Job Nim -VM app02 | Start-Restore -Path ./restored',
      '(Compare-DiskImage $d.Path $r.Files[0] -ExcludeExtent $d.SwapExtents).Equal',
    ].join('\n'));
    assert.is(same, 'True');
  } finally {
    await s.close();
  }
});

test('secondary by synchronous replication (nimble01 ⇄ nimble02): only nimble02 is read, both temporary snapshots deleted', async () => {
  const s = await demoLab();
  try {
    const run = await runJob(s, 'Sync', 'app01', '-SnapshotSource Secondary');
    assert.is(run.result, 'Success', run.text);
    assert.ok(run.tasks.every((t) => t.split('|').slice(3).join('|') === 'SecondaryStorage|DirectSAN|px-san01'), run.tasks.join('\n'));
    assert.match(run.text, /VM 'app01': Synchronous replication: storage snapshot '.*' also created on secondary array 'nimble02'/);
    assert.match(run.text, /VM 'app01': Step 6\/8: storage snapshot '.*' mounted to proxy 'px-san01' from the secondary array 'nimble02'/);
    assert.not.match(run.text, /mounted to proxy .* from the primary|on primary array 'nimble01' mounted/);
    for (const array of ['nimble01', 'nimble02']) {
      assert.ok(run.log.some((l) => new RegExp(`VM 'app01': Temporary storage snapshot '.*' deleted from array '${array}'$`).test(l)), `${array}\n${run.text}`);
    }
    assert.equal(await storageSnapshots(s), []);
  } finally {
    await s.close();
  }
});

test('FailoverToPrimary: fas02 without export licence → Warning, read from the primary', async () => {
  const s = await demoLab();
  try {
    await lines(s, 'Set-StorageArray -Name fas02 -ExportLicense $false');
    const run = await runJob(s, 'Sec', 'web01', '-SnapshotSource Secondary -FailoverToPrimary');
    assert.is(run.result, 'Warning', run.text);
    assert.ok(run.log.includes("Warning|VM 'web01': secondary array 'fas02' has no volume export licence: failing over to the primary array's snapshot (FailoverToPrimary)"), run.text);
    assert.ok(run.tasks.every((t) => t.split('|').slice(2, 5).join('|') === 'Success|PrimaryStorage|DirectSAN'), run.tasks.join('\n'));
    assert.equal(await storageSnapshots(s), []);
  } finally {
    await s.close();
  }
});

test('FailoverToPrimary off: fas02 without export licence → the VM fails with the reason, no snapshot left', async () => {
  const s = await demoLab();
  try {
    await lines(s, 'Set-StorageArray -Name fas02 -ExportLicense $false');
    const run = await runJob(s, 'Sec', 'db01', '-SnapshotSource Secondary');
    assert.is(run.result, 'Failed', run.text);
    assert.ok(run.log.includes("Error|VM 'db01': secondary array 'fas02' has no volume export licence, and failover to the primary storage is off (FailoverToPrimary)"), run.text);
    assert.ok(run.tasks.length > 0 && run.tasks.every((t) => t.split('|')[2] === 'Failed'), run.tasks.join('\n'));
    assert.equal(await lines(s, '@(Get-RestorePoint -Job Sec).Count'), ['0']);
    assert.equal(await storageSnapshots(s), []);
  } finally {
    await s.close();
  }
});

test('FailoverToPrimary with synchronous replication: nimble02 disconnected at the start → Warning, nimble01 read', async () => {
  const s = await demoLab();
  try {
    await lines(s, 'Disconnect-StorageArray -Name nimble02');
    const run = await runJob(s, 'Sync', 'app01', '-SnapshotSource Secondary -FailoverToPrimary');
    assert.is(run.result, 'Warning', run.text);
    assert.ok(run.log.includes("Warning|VM 'app01': secondary array 'nimble02' is not connected: failing over to the primary array's snapshot (FailoverToPrimary)"), run.text);
    assert.ok(run.tasks.every((t) => t.split('|').slice(2, 5).join('|') === 'Success|PrimaryStorage|DirectSAN'), run.tasks.join('\n'));
    assert.match(run.text, /VM 'app01': Temporary storage snapshot '.*' deleted from array 'nimble01'/);
    assert.not.match(run.text, /nimble02' mounted|deleted from array 'nimble02'/);
    assert.equal(await lines(s, 'Connect-StorageArray -Name nimble02; @(Get-StorageSnapshot).Count'), ['0']);
  } finally {
    await s.close();
  }
});

test('snapshot transfer failing mid-job (fas02 drops after step 4): FailoverToPrimary reads fas01 with a warning; without it the VMs fail', async () => {
  const s = await demoLab();
  try {
    // NetApp transfers after the VM snapshots are removed; the post-thaw hook takes fas02 away before that.
    const results: Record<string, Awaited<ReturnType<typeof startJob>>> = {};
    for (const failover of ['$true', '$false']) {
      const job = failover === '$true' ? 'WithFailover' : 'WithoutFailover';
      await lines(s, [
        `Add-Job -Name ${job} -VM web01, db01 -Repository repo01 | Out-Null`,
        `Set-StorageOption -Job ${job} -EnableStorageSnapshots -SnapshotSource Secondary -FailoverToPrimary:${failover}`,
        `Set-GuestProcessing -Job ${job} -Enable -PostThawScript { Disconnect-StorageArray -Name fas02 }`,
      ].join('\n'));
      results[job] = await startJob(s, job);
      assert.equal(await storageSnapshots(s), [], `${job}: nothing left on fas01, nothing reached fas02`);
      await lines(s, 'Connect-StorageArray -Name fas02');
    }
    const ok = results.WithFailover!;
    assert.is(ok.result, 'Warning', ok.text);
    for (const vm of ['web01', 'db01']) {
      assert.match(ok.text, new RegExp(`^Warning\\|VM '${vm}': the transfer of snapshot '[^']+' to secondary array 'fas02' failed: StorageArray 'fas02' is disconnected: failing over to the primary array's snapshot \\(FailoverToPrimary\\)$`, 'm'));
    }
    assert.ok(ok.tasks.every((t) => t.split('|').slice(2, 5).join('|') === 'Success|PrimaryStorage|DirectSAN'), ok.tasks.join('\n'));
    const failed = results.WithoutFailover!;
    assert.is(failed.result, 'Failed', failed.text);
    assert.match(failed.text, /^Error\|VM 'web01': the transfer of snapshot '[^']+' to secondary array 'fas02' failed: StorageArray 'fas02' is disconnected, and failover to the primary storage is off \(FailoverToPrimary\)$/m);
    assert.ok(failed.tasks.every((t) => t.split('|')[2] === 'Failed'), failed.tasks.join('\n'));
  } finally {
    await s.close();
  }
});

test('FailoverToPrimary needs a proxy that sees the primary: px-san01 sees only fas02, fas02 loses its licence → Failed with the reason', async () => {
  const s = await demoLab();
  try {
    await lines(s, 'Set-Proxy -Name px-san01 -SanAccess fas02');
    const first = await runJob(s, 'Sec', 'web01', '-SnapshotSource Secondary -FailoverToPrimary');
    assert.is(first.result, 'Success', first.text);
    assert.ok(first.tasks.every((t) => t.split('|').slice(3).join('|') === 'SecondaryStorage|DirectSAN|px-san01'), first.tasks.join('\n'));
    await lines(s, 'Set-StorageArray -Name fas02 -ExportLicense $false');
    const second = await startJob(s, 'Sec');
    assert.is(second.result, 'Failed', second.text);
    assert.match(second.text, /^Warning\|VM 'web01': secondary array 'fas02' has no volume export licence: failing over to the primary array's snapshot/m);
    assert.match(second.text, /^Error\|VM 'web01': cannot read the primary array's snapshot: no backup proxy has a direct SAN connection to storage array 'fas01'$/m);
    assert.equal(await storageSnapshots(s, '-Kind Temporary'), [], 'the failed run left no temporary snapshot');
  } finally {
    await s.close();
  }
});

test('synchronous replication: nimble02 lost mid-job fails the VM even with FailoverToPrimary; the snapshot left on nimble02 is reported', async () => {
  const s = await demoLab();
  try {
    // The post-thaw hook runs once both temporary snapshots exist (step 4) and before the mount:
    // the secondary drops off mid-job, which synchronous replication cannot fail over from.
    await lines(s, [
      'Add-Job -Name Sync -VM app01 -Repository repo01 | Out-Null',
      'Set-StorageOption -Job Sync -EnableStorageSnapshots -SnapshotSource Secondary -FailoverToPrimary',
      'Set-GuestProcessing -Job Sync -Enable -PostThawScript { Disconnect-StorageArray -Name nimble02 }',
    ].join('\n'));
    const run = await startJob(s, 'Sync');
    assert.is(run.result, 'Failed', run.text);
    assert.match(run.text, /^Error\|VM 'app01': secondary array 'nimble02' \(synchronous replication\) was lost during the job: StorageArray 'nimble02' is disconnected/m);
    assert.not.match(run.text, /failing over to the primary/);
    const name = /Storage snapshot '([^']+)' of volume 'nimble01\/lun1' created/.exec(run.text)?.[1];
    assert.ok(name, run.text);
    assert.ok(run.log.includes(`Info|VM 'app01': Temporary storage snapshot '${name}' deleted from array 'nimble01'`), run.text);
    assert.match(run.text, new RegExp(`^Warning\\|VM 'app01': Deleting temporary storage snapshot '${name}' from array 'nimble02' failed: .*disconnected`, 'm'));
    assert.equal(await lines(s, '"[$((Get-VM app01).Snapshot)]"'), ['[]'], 'the VM snapshot is removed');
    // Once the array is back, the operator finds the reported leftover and removes it.
    assert.equal(await lines(s, 'Connect-StorageArray -Name nimble02; Get-StorageSnapshot -Kind Temporary | ForEach-Object { "$($_.Array) $($_.Name)" }'), [`nimble02 ${name}`]);
    assert.equal(await storageSnapshots(s, '-Kind Temporary'), ['nimble02:lun1:Temporary']);
    assert.equal(await lines(s, 'Get-StorageSnapshot -Kind Temporary | Remove-StorageSnapshot; @(Get-StorageSnapshot).Count'), ['0']);
  } finally {
    await s.close();
  }
});

test('FailoverToStandardBackup: no proxy with SAN access → Warning, the regular VM snapshot over HotAdd/NBD, and the point restores', async () => {
  const s = await demoLab();
  try {
    await lines(s, 'Set-Proxy -Name px-san01 -SanAccess @()');
    const run = await runJob(s, 'Std', 'web01', '-FailoverToStandardBackup');
    assert.is(run.result, 'Warning', run.text);
    assert.match(run.text, /^Warning\|VM 'web01': Storage snapshots: no backup proxy has a direct SAN connection to storage array 'fas01'; failing over to the regular backup/m);
    for (const t of run.tasks) {
      const [, , status, source, mode] = t.split('|');
      assert.equal([status, source], ['Success', 'VM'], t);
      assert.ok(mode === 'HotAdd' || mode === 'NBD', t);
    }
    assert.not.match(run.text, /Step \d\/8|Storage snapshot '/);
    assert.equal(await storageSnapshots(s), []);
    const [same] = await lines(s, [
      '$d = (Get-VM web01).Disks | Where-Object Name -eq disk2',
      '$r = Get-RestorePoint -Job Std -VM web01 | Start-Restore -Path ./restored',
      '(Get-FileHash ($r.Files | Where-Object { $_ -like "*disk2.img" })).Hash -eq (Get-FileHash $d.Path).Hash',
    ].join('\n'));
    assert.is(same, 'True');
  } finally {
    await s.close();
  }
});

test('FailoverToStandardBackup: the primary array disconnected → Warning, regular backup over NBD', async () => {
  const s = await demoLab();
  try {
    await lines(s, 'Disconnect-StorageArray -Name fas01');
    const run = await runJob(s, 'Std', 'web01', '-FailoverToStandardBackup');
    assert.is(run.result, 'Warning', run.text);
    assert.match(run.text, /^Warning\|VM 'web01': Storage snapshots: storage array 'fas01' is not connected; failing over to the regular backup/m);
    assert.ok(run.tasks.length > 0 && run.tasks.every((t) => t.split('|').slice(3, 5).join('|') === 'VM|NBD'), run.tasks.join('\n'));
    assert.equal(await lines(s, '@(Get-RestorePoint -Job Std -VM web01).Count'), ['1']);
  } finally {
    await s.close();
  }
});

test('FailoverToStandardBackup off: no proxy with SAN access → Failed with the reason', async () => {
  const s = await demoLab();
  try {
    await lines(s, 'Set-Proxy -Name px-san01 -SanAccess @()');
    const run = await runJob(s, 'San', 'db01', '');
    assert.is(run.result, 'Failed', run.text);
    assert.match(run.text, /^Error\|VM 'db01': .*backup from storage snapshots is impossible: no backup proxy has a direct SAN connection to storage array 'fas01' \(FailoverToStandardBackup is off\)$/m);
    assert.ok(run.tasks.length > 0 && run.tasks.every((t) => t.split('|')[2] === 'Failed'), run.tasks.join('\n'));
    assert.equal(await storageSnapshots(s), []);
  } finally {
    await s.close();
  }
});

test('bad storage-snapshot input gives one clear line, no stack trace', async () => {
  const s = await demoLab();
  try {
    for (const [script, message] of [
      ['Set-StorageOption -Job nope -EnableStorageSnapshots', "Job 'nope' was not found."],
      ['Add-Job -Name J -VM web01 -Repository repo01 | Out-Null; Set-StorageOption -Job J -SnapshotSource Tertiary', 'The argument "Tertiary" does not belong to the set "Primary,Secondary"'],
      ['Get-StorageSnapshot -Kind Bogus', 'The argument "Bogus" does not belong to the set "Temporary,Auxiliary,LongTerm"'],
      ['Get-StorageSnapshot -Array nope', "StorageArray 'nope' was not found."],
      ['Disconnect-StorageArray -Name nope', "StorageArray 'nope' was not found."],
    ] as const) {
      const r = await s.run(script);
      assert.ok(r.stderr.includes(message), `${script}\n${r.stderr}`);
      assert.not.match(r.stderr, /\n\s+at /, r.stderr);
    }
  } finally {
    await s.close();
  }
});

test.run();
