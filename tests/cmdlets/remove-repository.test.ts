// Remove-Repository on a repository that holds restore points and is used by a job is refused,
// naming the jobs and the point count; -Force removes it and warns what it detached. One without
// points (or without jobs) goes quietly, as before. The points are counted through the repository
// seam, read only: a folder never written, or gone, is not created by asking.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VbrsSession } from './vbrs-session.ts';

const LAB = `
Add-ViHost -Name esx01 | Out-Null
Add-Datastore -Name ds01 -Host esx01 | Out-Null
Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 2MB | Out-Null
Add-Proxy -Name px01 | Out-Null
Add-Repository -Name repo01 -Path ./repo | Out-Null
Add-Repository -Name spare -Path ./spare | Out-Null
Add-Job -Name Nightly -VM web01 -Repository repo01 | Out-Null
Start-Workload -VM web01 -ChangePercent 50 -Seed 1 | Out-Null
Start-Job -Name Nightly | Out-Null
Start-Job -Name Nightly | Out-Null
`;

test('refused while it holds points a job uses; -Force removes it and says what it detached', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(LAB)).stderr, '');
    const refused = await s.run('Remove-Repository -Name repo01; (Get-Repository).Name -join ","; @(Get-RestorePoint).Count');
    assert.is(refused.stderr.split('\n')[0], "<command>:1:1: Remove-Repository: Repository 'repo01' holds 2 restore point(s) and is used by job 'Nightly'; use -Force to remove it anyway.");
    assert.equal(refused.stdout.trim().split('\n'), ['repo01,spare', '2'], 'nothing was removed');

    const quiet = await s.run('Remove-Repository -Name spare');
    assert.equal([quiet.stdout, quiet.stderr], ['', ''], 'an unused empty repository goes quietly');

    const forced = await s.run('Remove-Repository -Name repo01 -Force; @(Get-Repository).Count');
    assert.match(forced.stderr, /^WARNING: Repository 'repo01' removed: its 2 restore point\(s\) stay in '[^']+\/repo' but are no longer listed; job 'Nightly' cannot run until Set-Job -Repository names another\.\n$/);
    assert.is(forced.stdout.trim(), '0');
  } finally {
    await s.close();
  }
});

test('removing an unused repository writes nothing into its folder, and one whose folder is gone is not re-created', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run('Add-Repository -Name fresh -Path ./fresh | Out-Null; Add-Repository -Name gone -Path ./gone | Out-Null')).stderr, '');
    rmSync(join(s.cwd, 'gone'), { recursive: true });
    const r = await s.run('Remove-Repository -Name fresh; Remove-Repository -Name gone; @(Get-Repository).Count');
    assert.equal([r.stdout, r.stderr], ['0\n', '']);
    assert.not.ok(existsSync(join(s.cwd, 'fresh', 'repository.json')), 'no repository.json was written');
    assert.not.ok(existsSync(join(s.cwd, 'gone')), 'the folder was not re-created');
  } finally {
    await s.close();
  }
});

test('a repository whose points cannot be counted (damaged repository.json) is refused while a job uses it; -Force says so', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(LAB)).stderr, '');
    writeFileSync(join(s.cwd, 'repo', 'repository.json'), '{"format":"vbrs-repo');
    // A new engine (a later process) opens the repository afresh.
    const later = s.spawn(['-c', 'Remove-Repository -Name repo01']);
    assert.match(later.stderr, /^<command>:1:1: Remove-Repository: Repository 'repo01' is used by job 'Nightly' and its restore points cannot be counted \(Repository '[^']+\/repo': repository\.json is damaged \([^)]+\)\); use -Force to remove it anyway\.\n/);
    const forced = s.spawn(['-c', 'Remove-Repository -Name repo01 -Force; @(Get-Repository).Count']);
    assert.match(forced.stderr, /^WARNING: Repository 'repo01' removed: its restore points \(not counted: .*repository\.json is damaged.*\) stay in '[^']+\/repo' but are no longer listed; job 'Nightly' cannot run until Set-Job -Repository names another\.\n$/);
    assert.is(forced.stdout.trim(), '1');
  } finally {
    await s.close();
  }
});

test.run();
