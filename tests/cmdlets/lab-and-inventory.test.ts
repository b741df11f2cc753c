// New-Lab and the inventory cmdlets through scripts: what one process builds a later process sees;
// objects carry the documented properties; default views print tables.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { VbrsSession, SMALL_LAB } from './vbrs-session.ts';

test('New-Lab then Get-VM | Format-Table in one process; a later process lists the same VMs', async () => {
  const s = new VbrsSession();
  try {
    const first = await s.run(`${SMALL_LAB}; Get-VM | Format-Table Name, Host, GuestOS`);
    assert.is(first.stderr, '');
    assert.is(first.exitCode, 0);
    const names = (out: string) => out.split('\n').slice(3).map((l) => l.split(/\s+/)[0]).filter(Boolean).sort();
    const before = names(first.stdout);
    assert.ok(before.length >= 2, first.stdout);
    const later = s.spawn(['-c', 'Get-VM | Format-Table Name, Host, GuestOS']);
    assert.is(later.stderr, '');
    assert.is(later.exitCode, 0);
    assert.equal(names(later.stdout), before);
  } finally {
    await s.close();
  }
});

test('VM objects: Disks with Name, Size and an absolute Path to a real file of that size', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SMALL_LAB);
    const [disks] = await s.objects(', (Get-VM web01).Disks');
    const list = disks as { Name: string; Size: number; Path: string }[];
    assert.ok(list.length >= 1);
    for (const d of list) {
      assert.ok(isAbsolute(d.Path), d.Path);
      assert.is(statSync(d.Path).size, d.Size);
    }
    const [names] = await s.objects("(Get-VM -Name 'web*', db01 | ForEach-Object Name) -join ','");
    assert.is(names, 'web01,db01');
  } finally {
    await s.close();
  }
});

test('Add-ViHost / Add-Datastore / Add-VM / Remove-VM through scripts', async () => {
  const s = new VbrsSession();
  try {
    const r = await s.run(
      "Add-ViHost -Name esx09 | Out-Null; Add-Datastore -Name ds09 -Host esx09 | Out-Null; Add-VM -Name t1 -Host esx09 -Datastore ds09 -GuestOS Linux -DiskSize 4MB,1MB | Out-Null; (Get-VM t1).Disks.Count; (Get-Datastore ds09).Type; Remove-VM -Name t1; @(Get-VM).Count",
    );
    assert.is(r.stderr, '');
    assert.is(r.stdout, '2\nLocal\n0\n');
  } finally {
    await s.close();
  }
});

test('default views: Get-Proxy prints a table with the documented columns', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SMALL_LAB);
    const r = await s.run('Get-Proxy');
    const header = r.stdout.trim().split('\n')[0]!;
    for (const col of ['Name', 'MaxTasks', 'TransportMode', 'SanAccess']) assert.ok(header.includes(col), header);
    assert.ok(r.stdout.includes('px-san01'));
  } finally {
    await s.close();
  }
});

test('Add-Repository creates the folder, relative to the current location', async () => {
  const s = new VbrsSession();
  try {
    const [path] = await s.objects('(Add-Repository -Name r1 -Path ./some/repo).Path');
    assert.ok(isAbsolute(String(path)));
    assert.ok(String(path).startsWith(s.cwd));
    assert.ok(statSync(String(path)).isDirectory());
  } finally {
    await s.close();
  }
});

test('proxies, arrays and throttling: defaults, SAN access cleared with @(), export licence, mirrored volumes', async () => {
  const s = new VbrsSession();
  try {
    const r = await s.run(
      [
        'Add-ViHost esx01 | Out-Null',
        'Add-StorageArray -Name fas01 -Vendor NetApp | Out-Null',
        'Add-Volume -Array fas01 -Name vol1 | Out-Null',
        'Add-StorageArray -Name fas02 -Vendor NetApp -Role Secondary -Source fas01 -ReplicationMode SnapshotTransfer | Out-Null',
        '$p = Add-Proxy -Name px01 -SanAccess fas01,fas02',
        '"$($p.MaxTasks) $($p.TransportMode) $($p.SanAccess -join \'+\')"',
        'Set-Proxy -Name px01 -SanAccess @()',
        '(Get-Proxy px01).SanAccess.Count',
        '(Get-Volume -Array fas02 | ForEach-Object Name) -join ","',
        '(Get-StorageArray fas01).ExportLicense',
        'Set-StorageArray -Name fas01 -ExportLicense $false',
        '(Get-StorageArray fas01).ExportLicense',
        'Add-Repository -Name repo01 -Path ./repo | Out-Null',
        '(Add-ThrottlingRule -Source px01 -Target repo01 -Limit 200MB).Limit',
      ].join('; '),
    );
    assert.is(r.stderr, '');
    assert.is(r.stdout, `4 Auto fas01+fas02\n0\nvol1\nTrue\nFalse\n${200 * 1024 * 1024}\n`);
  } finally {
    await s.close();
  }
});

test('Start-Workload: -ChangePercent by seed, -WriteMBps -Duration 300ms, -RunAsync', async () => {
  const s = new VbrsSession();
  try {
    await s.run(SMALL_LAB);
    const [extents, bytes, mode] = await s.objects('$w = Start-Workload -VM util01 -ChangePercent 50 -Seed 4; $w.ExtentsWritten; $w.BytesWritten; $w.Mode');
    assert.ok((extents as number) > 0);
    assert.is(bytes, (extents as number) * 1024 * 1024);
    assert.is(mode, 'ChangePercent');
    const [rateMode, ms, disks] = await s.objects('$r = Start-Workload -VM util01 -WriteMBps 20 -Duration 300ms; $r.Mode; $r.Duration.TotalMilliseconds; "$($r.Disks[0])"');
    assert.is(rateMode, 'Rate');
    assert.ok((ms as number) >= 250, String(ms));
    assert.match(String(disks), /^@\{Disk=disk1; BytesWritten=\d+\}$/);
    const [state, vm] = await s.objects('$a = Start-Workload -VM util01 -WriteMBps 10 -Duration 200ms -RunAsync; $a.State; $a.VM');
    assert.is(state, 'Running');
    assert.is(vm, 'util01');
  } finally {
    await s.close();
  }
});

test('every object has a Name: sessions, task sessions and restore points too', async () => {
  const s = new VbrsSession();
  try {
    await s.run(`${SMALL_LAB}; Add-Job -Name Nightly -VM util01 -Repository repo01 | Out-Null; $s = Start-Job Nightly`);
    const names = await s.objects('$s.Name; (Get-TaskSession $s)[0].Name; (Get-RestorePoint)[0].Name; (Get-Lab).Name; (Get-Credential root).Name');
    assert.equal(names, ['Nightly', 'util01', 'util01', 'Demo', 'root']);
  } finally {
    await s.close();
  }
});

test.run();
