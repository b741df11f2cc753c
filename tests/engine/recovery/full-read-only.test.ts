// A repository on a real filesystem that fills up during a job, or turns read-only: the job ends
// Failed with the one-line reason in its session log (full / read-only, never ENOENT), the earlier
// point still restores to its hash, and no partial point is visible. Add-Repository and
// Start-Restore on a read-only filesystem say read-only. Real tmpfs mounts: needs root; skipped
// with a message where mounting is not permitted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnVbrs, vbrs } from './fixtures/vbrs-child.ts';

function mounted(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

/** A lab whose repository is on a fresh tmpfs, with one successful full backup in it. */
async function labOnTmpfs(): Promise<{ home: string; mnt: string; disk: string; hash: string } | null> {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-fullfs-'));
  const mnt = join(home, 'mnt');
  mkdirSync(mnt);
  if (!mounted(mnt)) {
    rmSync(home, { recursive: true, force: true });
    return null;
  }
  const out = await vbrs(home, `
Add-ViHost -Name esx01 | Out-Null
Add-Datastore -Name ds01 -Host esx01 | Out-Null
Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 16MB | Out-Null
Add-Proxy -Name px01 | Out-Null
Add-Repository -Name r -Path "$env:VBRS_HOME/mnt/repo" | Out-Null
Add-Job -Name J -VM web01 -Repository r | Out-Null
Start-Workload -VM web01 -ChangePercent 10 -Seed 1 | Out-Null
(Start-Job -Name J).Result
(Get-VM web01).Disks[0].Path`);
  const [result, disk] = out.trim().split('\n');
  assert.is(result, 'Success');
  return { home, mnt, disk: disk!, hash: sha(disk!) };
}

const failedRun = `Start-Workload -VM web01 -ChangePercent 100 -Seed 2 | Out-Null
$s = Start-Job -Name J
"result $($s.Result)"
$s.Log | Where-Object Severity -eq Error | ForEach-Object { "error $($_.Text)" }`;

async function earlierPointIntact(home: string, mnt: string, hash: string): Promise<void> {
  const out = await vbrs(home, `$p = @(Get-RestorePoint -Job J); "points $($p.Count)"; (Start-Restore -RestorePoint $p[0] -Path "$env:VBRS_HOME/out").Files[0]`);
  const [count, file] = out.trim().split('\n');
  assert.is(count, 'points 1', 'no partial point is visible');
  assert.is(sha(file!), hash, 'the earlier point restores as it was');
  const chain = join(mnt, 'repo', 'J', 'web01');
  assert.equal(readdirSync(chain).filter((n) => n.startsWith('.tmp')), [], 'nothing half-written is left');
}

function cleanup(home: string, mnt: string): void {
  execFileSync('umount', [mnt]);
  rmSync(home, { recursive: true, force: true });
}

test('the repository filesystem fills during a job: Failed, "is full" in the session log, earlier point intact', async () => {
  const lab = await labOnTmpfs();
  if (!lab) return console.log('  (skipped: cannot mount tmpfs here; run as root)');
  try {
    // Shrink the filesystem to what it holds plus 256 KiB: the next backup cannot fit.
    const st = statfsSync(lab.mnt);
    const usedKiB = Math.ceil(((st.blocks - st.bfree) * st.bsize) / 1024);
    execFileSync('mount', ['-o', `remount,size=${usedKiB + 256}k`, lab.mnt]);
    const out = await vbrs(lab.home, failedRun);
    assert.match(out, /^result Failed$/m);
    assert.match(out, new RegExp(`^error VM 'web01': Restore point discarded: not every disk was backed up \\(disk 'disk1': Repository '${lab.mnt}/repo' is full: cannot write '[^']+'\\.\\); earlier restore points are untouched$`, 'm'));
    assert.not.match(out, /ENOENT/);
    await earlierPointIntact(lab.home, lab.mnt, lab.hash);
  } finally {
    cleanup(lab.home, lab.mnt);
  }
});

test('the repository filesystem turns read-only: Failed, "is read-only"; Add-Repository and Start-Restore there say read-only', async () => {
  const lab = await labOnTmpfs();
  if (!lab) return console.log('  (skipped: cannot mount tmpfs here; run as root)');
  try {
    mkdirSync(join(lab.mnt, 'empty'));
    execFileSync('mount', ['-o', 'remount,ro', lab.mnt]);
    const out = await vbrs(lab.home, failedRun);
    assert.match(out, /^result Failed$/m);
    assert.match(out, new RegExp(`^error VM 'web01': cannot write to repository 'r': Repository '${lab.mnt}/repo' is read-only: cannot (?:create folder|write) '[^']+'\\.$`, 'm'), out);
    await earlierPointIntact(lab.home, lab.mnt, lab.hash);

    const r = await spawnVbrs(lab.home, `Add-Repository -Name new -Path "${lab.mnt}/new"
Add-Repository -Name empty -Path "${lab.mnt}/empty"
Start-Restore -RestorePoint (Get-RestorePoint -Job J)[0] -Path "${lab.mnt}/restored"`);
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('<command>'));
    assert.equal(errors, [
      `<command>:1:1: Add-Repository: Repository 'new': cannot create folder '${lab.mnt}/new': the filesystem is read-only (EROFS).`,
      `<command>:2:1: Add-Repository: Repository 'empty': cannot write into folder '${lab.mnt}/empty': the filesystem is read-only (EROFS).`,
      `<command>:3:1: Start-Restore: Cannot create restore folder '${lab.mnt}/restored/web01': the filesystem is read-only (EROFS).`,
    ]);
  } finally {
    cleanup(lab.home, lab.mnt);
  }
});

test.run();
