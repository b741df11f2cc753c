// Bad input through scripts: each mistake gets one clear line on stderr naming the object and the
// reason (no stack trace), and the catalog is left as it was. -WhatIf changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { VbrsSession } from './vbrs-session.ts';

const BASE = 'Add-ViHost esx01 | Out-Null; Add-ViHost esx02 | Out-Null; Add-Datastore -Name ds01 -Host esx01 | Out-Null; Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Windows -DiskSize 4MB | Out-Null';
const INVENTORY = "(@(Get-ViHost) + @(Get-Datastore) + @(Get-VM) + @(Get-Job) | ForEach-Object Name) -join ','";

async function expectRefused(s: VbrsSession, script: string, ...mentions: RegExp[]): Promise<void> {
  const [before] = await s.objects(INVENTORY);
  const r = await s.run(script);
  assert.is(r.stdout, '', `no output expected for: ${script}`);
  const lines = r.stderr.trim().split('\n');
  assert.ok(r.stderr.length > 0, `an error expected for: ${script}`);
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  for (const m of mentions) assert.match(lines[0]!, m);
  assert.is(r.exitCode, 1);
  const [after] = await s.objects(INVENTORY);
  assert.is(after, before, 'catalog unchanged');
}

test('unknown host, duplicate name, datastore the host cannot see', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(BASE)).stderr, '');
    await expectRefused(s, 'Add-VM -Name app01 -Host esx77 -Datastore ds01 -GuestOS Linux -DiskSize 4MB', /Host 'esx77'/, /not found/);
    await expectRefused(s, 'Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 4MB', /VM 'web01'/, /already exists/);
    await expectRefused(s, 'Add-ViHost -Name ESX01', /esx01|ESX01/i, /already exists/);
    await expectRefused(s, 'Add-VM -Name app01 -Host esx02 -Datastore ds01 -GuestOS Linux -DiskSize 4MB', /VM 'app01'/, /datastore 'ds01'/, /not visible from host 'esx02'/);
    await expectRefused(s, 'Add-Datastore -Name ds02 -Host nohost', /Host 'nohost'/);
    await expectRefused(s, 'Set-VM -Name web01 -Host esx02', /VM 'web01'/, /host 'esx02' cannot see its datastore 'ds01'/);
  } finally {
    await s.close();
  }
});

test('a datastore on array storage is seen by every host (the engine\'s rule); -WhatIf reports a local one', async () => {
  const s = new VbrsSession();
  try {
    await s.run(BASE);
    const shared = await s.run('Add-StorageArray -Name fas01 -Vendor NetApp | Out-Null; Add-Volume -Array fas01 -Name vol1 | Out-Null; ' +
      'Add-Datastore -Name san01 -Host esx01 -Volume fas01/vol1 | Out-Null; Add-VM -Name app01 -Host esx02 -Datastore san01 -GuestOS Linux -DiskSize 4MB | ForEach-Object Host');
    assert.is(shared.stderr, '');
    assert.is(shared.stdout.trim(), 'esx02');
    await expectRefused(s, 'Add-VM -Name app02 -Host esx02 -Datastore ds01 -GuestOS Linux -DiskSize 4MB -WhatIf', /VM 'app02'/, /not visible from host 'esx02'/, /local storage of host 'esx01'/);
  } finally {
    await s.close();
  }
});

test('disk path missing or not a regular file; negative size', async () => {
  const s = new VbrsSession();
  try {
    await s.run(BASE);
    mkdirSync(join(s.cwd, 'adir'));
    await expectRefused(s, 'Add-VM -Name a1 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskPath ./missing.img', /VM 'a1'/, /missing\.img/, /does not exist/);
    await expectRefused(s, 'Add-VM -Name a1 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskPath ./adir', /VM 'a1'/, /adir/, /not a non-empty regular file/);
    await expectRefused(s, 'Add-VM -Name a1 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize -4MB', /VM 'a1'/, /DiskSize/);
  } finally {
    await s.close();
  }
});

test('-DiskPath attaches an existing file in place, resolved against the current location', async () => {
  const s = new VbrsSession();
  try {
    await s.run(BASE);
    writeFileSync(join(s.cwd, 'lnx.img'), Buffer.alloc(1024 * 1024, 7));
    const [path] = await s.objects('(Add-VM -Name lnx -Host esx01 -Datastore ds01 -GuestOS Linux -DiskPath lnx.img).Disks[0].Path');
    assert.is(path, join(s.cwd, 'lnx.img'));
  } finally {
    await s.close();
  }
});

test('an unknown job, session or duration is one clear error', async () => {
  const s = new VbrsSession();
  try {
    let r = await s.run('Start-Job -Name Nope');
    assert.match(r.stderr, /Job 'Nope' was not found/);
    r = await s.run('Get-Session -Id 999');
    assert.match(r.stderr, /Session '999' was not found/);
    await s.run(BASE + '; Add-Repository -Name r -Path ./r | Out-Null; Add-Job -Name J -VM web01 -Repository r | Out-Null');
    r = await s.run('Set-GuestProcessing -Job J -Enable -ScriptTimeout soon');
    assert.match(r.stderr, /ScriptTimeout/);
    assert.match(r.stderr, /'soon' is not a duration/);
    const [enabled] = await s.objects('(Get-Job J).GuestProcessing.Enabled');
    assert.is(enabled, false);
  } finally {
    await s.close();
  }
});

test('engine errors are PowerShell error records: code, category, id, target, catchable by type', async () => {
  const s = new VbrsSession();
  try {
    const out = await s.objects(
      'try { Get-VM nope -ErrorAction Stop } catch { $_.Exception.code; $_.CategoryInfo.Category; $_.FullyQualifiedErrorId; $_.TargetObject }; ' +
        'try { Add-ViHost a | Out-Null; Add-ViHost a -ErrorAction Stop } catch [System.Management.Automation.RuntimeException] { $_.Exception.code }',
    );
    assert.equal(out, ['VBRS_UNKNOWN_OBJECT', 'ObjectNotFound', 'VBRS_UNKNOWN_OBJECT,Get-VM', 'nope', 'VBRS_DUPLICATE_NAME']);
  } finally {
    await s.close();
  }
});

test('-WhatIf changes nothing', async () => {
  const s = new VbrsSession();
  try {
    await s.run(BASE + '; Add-Repository -Name r -Path ./r | Out-Null; Add-Job -Name J -VM web01 -Repository r | Out-Null');
    const [before] = await s.objects(INVENTORY);
    const files = readdirSync(s.home).sort();
    const r = await s.run(
      [
        'Add-ViHost -Name esx05 -WhatIf',
        'Add-VM -Name x -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 4MB -WhatIf',
        'Remove-VM -Name web01 -WhatIf',
        'Remove-Job -Name J -WhatIf',
        'Set-GuestProcessing -Job J -Enable -PreFreezeScript { 1 } -WhatIf',
        'Start-Job -Name J -WhatIf',
        'New-Lab -Preset Demo -WhatIf',
      ].join('; '),
    );
    assert.is(r.stderr, '');
    assert.match(r.stdout, /What if: Performing the operation "Remove-VM" on target "web01"/);
    const [after] = await s.objects(INVENTORY);
    assert.is(after, before);
    const [gp] = await s.objects('(Get-Job J).GuestProcessing.Enabled; @(Get-Session).Count');
    assert.is(gp, false);
    assert.equal((await s.objects('@(Get-Session).Count'))[0], 0);
    assert.equal(readdirSync(s.home).sort(), files);
  } finally {
    await s.close();
  }
});

test.run();
