// The kill -9 drill, as kopia runs it: a real `bin/vbrs` process is SIGKILLed at each phase of its
// work — session started, data moving, restore point commit, retention merge, health check, the
// middle of a new point's first atomic write — at
// the exact moment the engine's test-only pause seam reports (VBRS_TEST_PAUSE_AT, see
// src/engine/test-pause-point.ts), so every phase is covered on every run. After each kill a fresh
// process must find: the catalog opens, no session left Working (the killed one closed with a log
// line naming the dead process), no VM snapshot left open (committed, logged at Info), every
// restore point restoring to the SHA-256 its disks had when it was taken, and a next run that
// succeeds without a Warning and leaves no unfinished folder in the repository.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PausePhase } from '../../../src/engine/test-pause-point.ts';
import { unsealJson } from '../../../src/engine/repository/sealed-json.ts';
import { killAt, vbrs } from './fixtures/vbrs-child.ts';

const DISKS = ['disk1', 'disk2'];

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function diskHashes(home: string): Record<string, string> {
  return Object.fromEntries(DISKS.map((d) => [d, sha(join(home, 'datastores', 'ds01', 'web01', `${d}.img`))]));
}

/** Lines of the verify script's output that start with `tag `, without the tag. */
function tagged(out: string, tag: string): string[] {
  return out.split('\n').filter((l) => l.startsWith(`${tag} `)).map((l) => l.slice(tag.length + 1));
}

// The fresh process after a kill: the state it finds, every point restored, then the next run.
const verify = (next: string) => `
$working = @(Get-Session | Where-Object State -ne 'Stopped')
"working $($working.Count)"
$k = Get-Session -Job J -Last
"killed $($k.Kind) $($k.State) $($k.Result)"
$k.Log | ForEach-Object { "klog $($_.Severity) $($_.Text)" }
"snapshot [$((Get-VM web01).Snapshot)]"
foreach ($rp in Get-RestorePoint -Job J) {
  $r = Start-Restore -RestorePoint $rp -Path "$env:VBRS_HOME/out/$($rp.Id)"
  "point $($rp.Id) $($r.Files.Count)"
}
$n = ${next}
"next $($n.Kind) $($n.Result)"
$n.Log | ForEach-Object { "nlog $($_.Severity) $($_.Text)" }
Get-RestorePoint -Job J | Select-Object -Last 1 | ForEach-Object { "newest $($_.Id)" }
`;

test('kill -9 at every phase: recovered at the next open, every point restores, the next run is clean', async () => {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-kill-drill-'));
  const expected = new Map<string, Record<string, string>>();
  const setup = await vbrs(home, `
Add-ViHost -Name esx01 | Out-Null
Add-Datastore -Name ds01 -Host esx01 | Out-Null
Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 4MB,2MB | Out-Null
Add-Proxy -Name px01 | Out-Null
Add-Repository -Name repo01 -Path "$env:VBRS_HOME/repo" | Out-Null
Add-Job -Name J -VM web01 -Repository repo01 -RetainPoints 2 -BlockSize 256KB | Out-Null
Start-Workload -VM web01 -ChangePercent 60 -Seed 1 | Out-Null
$s = Start-Job -Name J
"result $($s.Result)"
Get-RestorePoint -Job J | ForEach-Object { "newest $($_.Id)" }
`);
  assert.equal(tagged(setup, 'result'), ['Success']);
  expected.set(tagged(setup, 'newest')[0]!, diskHashes(home));

  const backup = (seed: number) => `Start-Workload -VM web01 -ChangePercent 30 -Seed ${seed} | Out-Null; Start-Job -Name J | Out-Null`;
  const rounds: { phase: PausePhase; script: string; next: string }[] = [
    { phase: 'session-started', script: backup(2), next: 'Start-Job -Name J' },
    { phase: 'data-moving', script: backup(3), next: 'Start-Job -Name J' },
    { phase: 'point-commit', script: backup(4), next: 'Start-Job -Name J' },
    // RetainPoints 2: the killed run publishes its point, then dies merging the two oldest.
    { phase: 'retention-merge', script: backup(5), next: 'Start-Job -Name J' },
    { phase: 'health-check', script: 'Start-HealthCheck -Job J | Out-Null', next: 'Start-HealthCheck -Job J' },
    // Killed inside the first atomic write of a new point (its owner record): the point's folder
    // holds nothing but the `.part-owner.json-…` file, which the repository never lists.
    { phase: 'atomic-write:owner.json', script: backup(6), next: 'Start-Job -Name J' },
  ];
  let survived = 0;
  for (const round of rounds) {
    const what = `kill at ${round.phase}`;
    await killAt(home, round.phase, round.script);
    // The disks as the killed run froze them: what a point it published holds.
    const atKill = diskHashes(home);
    const out = await vbrs(home, verify(round.next));

    assert.equal(tagged(out, 'working'), ['0'], `${what}: no session left Working`);
    const kind = round.phase === 'health-check' ? 'HealthCheck' : 'Backup';
    assert.equal(tagged(out, 'killed'), [`${kind} Stopped Failed`], what);
    const klog = tagged(out, 'klog').join('\n');
    assert.match(klog, /Error Session was interrupted: the process running it \(pid \d+\) ended before it finished/, `${what}:\n${klog}`);
    if (round.phase === 'data-moving') {
      assert.match(klog, /Info Recovery: VM snapshot 'VBRS-J-\d+' of VM 'web01' left open by this session was committed/, `${what}:\n${klog}`);
    }
    assert.equal(tagged(out, 'snapshot'), ['[]'], `${what}: no VM snapshot left open`);

    const points = tagged(out, 'point').map((l) => l.split(' ')[0]!);
    const fresh = points.filter((p) => !expected.has(p));
    // Only a kill after its point was published (during the merge) may add one.
    assert.equal(fresh.length, round.phase === 'retention-merge' ? 1 : 0, `${what}: points ${points.join(', ')}`);
    for (const p of fresh) expected.set(p, atKill);
    for (const p of points) {
      for (const d of DISKS) {
        assert.is(sha(join(home, 'out', p, 'web01', `${d}.img`)), expected.get(p)![d], `${what}: point ${p} disk ${d} restores as it was`);
      }
    }
    rmSync(join(home, 'out'), { recursive: true, force: true });

    const nlog = tagged(out, 'nlog').join('\n');
    assert.equal(tagged(out, 'next'), [`${kind} Success`], `${what}: the next run\n${nlog}`);
    assert.not.match(nlog, /^Warning/m, `${what}: no warning in the next run\n${nlog}`);
    if (round.phase === 'point-commit' || round.phase === 'retention-merge' || round.phase === 'atomic-write:owner.json') {
      assert.match(nlog, /Info VM 'web01': Removed what an interrupted session left unfinished in repository 'repo01' \(\d+ item\(s\)\)/, `${what}:\n${nlog}`);
    }
    const newest = tagged(out, 'newest')[0]!;
    if (kind === 'Backup') expected.set(newest, diskHashes(home));
    const chain = join(home, 'repo', 'J', 'web01');
    const published = (unsealJson(readFileSync(join(chain, 'chain.json'))).value as { points: { dir: string }[] }).points.map((p) => p.dir);
    assert.equal(readdirSync(chain).sort(), [...published, 'chain.json'].sort(), `${what}: nothing unfinished stays in the repository`);
    survived++;
  }
  assert.is(survived, rounds.length);
  rmSync(home, { recursive: true, force: true });
});

test.run();
