// What a synchronous engine cmdlet tells the host while it works (src/cmdlets/engine-progress.ts):
// progress records from the engine's events — one activity per call, percent never going back,
// the VM/disk and byte counts in the status, Completed at the end — for Start-Job, Start-HealthCheck,
// Start-Restore and New-Lab; none under $ProgressPreference = 'SilentlyContinue' or in a host that
// draws the engine itself (the REPL). -Verbose writes the session's log lines, the same lines
// Session.Log keeps, as VERBOSE: lines on stderr or into the pipeline with 4>&1. Wait-Session draws
// the same bar for a session of this process and, read from the catalog, for one a child runs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoLabScript, slowJobLab, VbrsSession } from './vbrs-session.ts';
import { pausedAt, spawnVbrs } from '../engine/recovery/fixtures/vbrs-child.ts';
import type { ProgressRecord } from '../../src/runtime/progress-record.ts';
import type { Engine } from '../../src/engine/engine.ts';

const JOB = 'Add-Job -Name J -VM web01,db01 -Repository repo01 | Out-Null';

/** The records of each activity, in order. */
function activities(records: ProgressRecord[]): Map<string, ProgressRecord[]> {
  const by = new Map<string, ProgressRecord[]>();
  for (const r of records) by.set(`${r.ActivityId}`, [...(by.get(`${r.ActivityId}`) ?? []), r]);
  return by;
}

function assertActivity(records: ProgressRecord[], activity: RegExp, status: RegExp): void {
  const working = records.filter((r) => r.RecordType === 'Processing');
  assert.ok(working.length >= 1, `some progress for ${activity}`);
  assert.ok(working.every((r) => activity.test(r.Activity)), working.map((r) => r.Activity).join());
  assert.ok(working.some((r) => status.test(r.StatusDescription)), working.map((r) => r.StatusDescription).join('\n'));
  const pct = working.map((r) => r.PercentComplete);
  assert.ok(pct.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p >= pct[i - 1]!)), `percent never goes back: ${pct.join(',')}`);
  assert.ok(working.every((r) => r.StatusDescription.startsWith(`${r.PercentComplete}%`)), 'the percent is written out too');
  assert.is(records.at(-1)!.RecordType, 'Completed', 'the bar is removed at the end');
  assert.is(records.filter((r) => r.RecordType === 'Completed').length, 1);
}

test('New-Lab, Start-Job, Start-HealthCheck and Start-Restore report progress, each as its own activity', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(`${demoLabScript(0.25)}; ${JOB}`)).stderr, '');
    const lab = [...activities(s.records).values()];
    assert.is(lab.length, 1);
    assertActivity(lab[0]!, /^Lab Demo$/, /^\d+%  \w+\/disk\d  written [\d.]+ MB of [\d.]+ MB  [\d.]+ MB\/s$/);

    s.records.length = 0;
    const job = await s.run('(Start-Job -Name J).Result');
    assert.is(job.stdout, 'Success\n');
    const [backup] = [...activities(s.records).values()];
    assertActivity(backup!, /^Job J \(session 1\)$/, /^\d+%  (web01|db01)\/disk\d via px-san01 \(DirectSAN\)  read [\d.]+ MB  sent [\d.]+ MB  [\d.]+ MB\/s$/);

    s.records.length = 0;
    assert.is((await s.run('(Start-HealthCheck -Job J).Result')).stdout, 'Success\n');
    assertActivity(s.records, /^Health check of job J \(session 2\)$/, /(web01|db01)\/disk\d/);

    s.records.length = 0;
    const r = await s.run('Get-RestorePoint -VM web01 | Select-Object -Last 1 | Start-Restore -Path ./out | ForEach-Object { $_.Files.Count }');
    assert.is(r.stdout, '2\n');
    assertActivity(s.records, /^Restore of web01$/, /^\d+%  web01\/disk\d  written [\d.]+ MB  [\d.]+ MB\/s$/);
    assert.ok(s.records.some((x) => /web01\/disk2/.test(x.StatusDescription)), 'the second disk is reported too');
    assert.not.ok(new Set(s.records.map((x) => x.ActivityId)).has(backup![0]!.ActivityId), 'a fresh activity id per call');
  } finally {
    await s.close();
  }
});

test('$ProgressPreference = SilentlyContinue, -ProgressAction and a host that draws the engine itself get no records', async () => {
  const s = new VbrsSession();
  try {
    await s.run(`$ProgressPreference = 'SilentlyContinue'; ${demoLabScript(0.0625)}; ${JOB}; Start-Job J | Out-Null`);
    await s.run("$ProgressPreference = 'Continue'; Start-HealthCheck J -ProgressAction SilentlyContinue | Out-Null");
    assert.equal(s.records, []);
  } finally {
    await s.close();
  }
  const panel = new VbrsSession({ host: { interactive: false, readLine: async () => null, showsEngineProgress: true } });
  try {
    await panel.run(`${demoLabScript(0.0625)}; ${JOB}; Start-Job J | Out-Null; Write-Progress -Activity mine`);
    assert.equal(panel.records.map((r) => r.Activity), ['mine'], 'Write-Progress still reaches it');
  } finally {
    await panel.close();
  }
});

test('-Verbose writes the session log as it happens: the lines Session.Log keeps, with their time', async () => {
  const s = new VbrsSession();
  try {
    await s.run(`${demoLabScript(0.0625)}; ${JOB}`);
    const quiet = await s.run('$s = Start-Job J');
    assert.is(quiet.stderr, '', 'nothing without -Verbose');
    const r = await s.run('$s = Start-Job J -Verbose; $s.Log | ForEach-Object { $_.Text }');
    const verbose = r.stderr.trimEnd().split('\n');
    const log = r.stdout.trimEnd().split('\n');
    assert.ok(log.length > 10);
    assert.is(verbose.length, log.length, 'one VERBOSE line per log line');
    verbose.forEach((line, i) => assert.match(line, new RegExp(`^VERBOSE: \\d\\d:\\d\\d:\\d\\d ${log[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)));
    assert.match(verbose[0]!, /Job 'J' started: 2 VM\(s\) to process$/);

    // $VerbosePreference, and a health check whose first line is logged before the cmdlet listens.
    const h = await s.run("$VerbosePreference = 'Continue'; $h = Start-HealthCheck J; $VerbosePreference = 'SilentlyContinue'; $h.Log.Count");
    const lines = h.stderr.trimEnd().split('\n');
    assert.is(lines.length, Number(h.stdout.trim()));
    assert.match(lines[0]!, /^VERBOSE: \d\d:\d\d:\d\d Health check of job 'J' in repository 'repo01'$/);

    // 4>&1: the lines come down the pipeline before the session.
    const merged = await s.run("Start-Job J -Verbose 4>&1 | ForEach-Object { if ($_ -is [string]) { 'line' } else { 'session ' + $_.Result } } | Select-Object -Last 2");
    assert.is(merged.stdout, 'line\nsession Success\n');
    assert.is(merged.stderr, '');
    // A stage below that has had enough stops the lines: no error of Start-Job's own.
    const first = await s.run("Start-Job J -Verbose 4>&1 | Select-Object -First 2 | ForEach-Object { $_ -replace '^\\d\\d:\\d\\d:\\d\\d ', '' }; (Get-Session -Last).Result");
    assert.is(first.stderr, '');
    assert.is(first.stdout.split('\n')[0], "Job 'J' started: 2 VM(s) to process");
    assert.is(first.stdout.trimEnd().split('\n').at(-1), 'Success');

    // New-Lab and Start-Restore have no session log: a line per disk.
    const restore = await s.run('Get-RestorePoint -VM db01 | Select-Object -Last 1 | Start-Restore -Path ./out2 -Verbose | Out-Null');
    assert.match(restore.stderr, /^VERBOSE: Restoring restore point \S+ of db01 \(2 disk\(s\)\) to .*out2\nVERBOSE: Writing disk 'disk1' \([\d.]+ MB\)\nVERBOSE: Writing disk 'disk2' \([\d.]+ MB\)\n$/);
  } finally {
    await s.close();
  }
});

test('Wait-Session on a session running in this process draws its progress as Start-Job does', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(`${demoLabScript(0.25)}; ${JOB}`)).stderr, '');
    s.records.length = 0;
    const r = await s.run('$s = Start-Job -Name J -RunAsync; (Wait-Session -Session $s).Result');
    assert.is(r.stdout, 'Success\n');
    const [waited] = [...activities(s.records).values()];
    assertActivity(waited!, /^Job J \(session 1\)$/, /(web01|db01)\/disk\d/);
    // An ended session has nothing to draw.
    s.records.length = 0;
    assert.is((await s.run('(Wait-Session -Session 1).Result')).stdout, 'Success\n');
    assert.is(s.records.length, 0);
  } finally {
    await s.close();
  }
});

// A job another process runs: 16 MB of changed data (four of the data movers' 4 MB batches, so
// progress between them) through a 4 MB/s throttling rule: seconds of work.
const REMOTE_LAB = slowJobLab('4MB');

/** The Id of job J's session once another process has it Working (polls the catalog; no timing asserted). */
async function workingSession(s: VbrsSession, child: Promise<unknown>): Promise<number> {
  let ended = false;
  void child.then(() => (ended = true));
  for (;;) {
    const [state, id] = (await s.run('$l = Get-Session -Job J -Last; $l.State; $l.Id')).stdout.trimEnd().split('\n');
    if (state === 'Working') return Number(id);
    assert.not.ok(ended, 'the child ended before its session was Working');
    await sleep(50);
  }
}

test('Wait-Session on a session another process runs draws its bar from the catalog and returns the ended session', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(REMOTE_LAB)).stderr, '');
    const child = spawnVbrs(s.home, 'Start-Job -Name J | Out-Null');
    const id = await workingSession(s, child);
    assert.is((s.shell.session.services.engine as Engine).jobs.live(id), null, 'not a session of this process');
    s.records.length = 0;
    const r = await s.run(`$w = Wait-Session -Session ${id} -Verbose; $w.Id; $w.State; $w.Result; $w.Progress; $w.Log | ForEach-Object { $_.Text }`);
    const [wid, state, result, progress, ...log] = r.stdout.trimEnd().split('\n');
    assert.equal([wid, state, result, progress], [String(id), 'Stopped', 'Success', '100']);
    const ran = await child;
    assert.is(ran.exitCode, 0, ran.stderr);
    const [waited, ...others] = [...activities(s.records).values()];
    assert.is(others.length, 0, 'one activity');
    assertActivity(waited!, new RegExp(`^Job J \\(session ${id}\\)$`), /^\d+%  v1\/disk1 via p \(\w+\)  read [\d.]+ MB  sent [\d.]+ MB  [\d.]+ MB\/s$/);
    assert.ok(waited!.some((x) => x.RecordType === 'Processing' && x.PercentComplete > 0 && x.PercentComplete < 100), waited!.map((x) => x.PercentComplete).join(','));
    // -Verbose: the session's log lines, each once and in order, as the catalog gave them
    const verbose = r.stderr.trimEnd().split('\n').map((l) => l.replace(/^VERBOSE: \d\d:\d\d:\d\d (\w+: )?/, ''));
    assert.equal(verbose, log);
  } finally {
    await s.close();
  }
});

test('Wait-Session on a session whose process is killed returns it closed as Failed', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(REMOTE_LAB)).stderr, '');
    const { proc, reached } = pausedAt(s.home, 'data-moving', 'Start-Job -Name J | Out-Null');
    assert.ok(await reached, 'the child reached the data transfer');
    const id = await workingSession(s, proc);
    const waiting = s.run(`$w = Wait-Session -Session ${id}; $w.State; $w.Result; $w.Log[-1].Text`);
    proc.kill('SIGKILL');
    assert.is((await proc).signal, 'SIGKILL');
    const r = await waiting;
    assert.is(r.stderr, '');
    const [state, result, last] = r.stdout.trimEnd().split('\n');
    assert.equal([state, result], ['Stopped', 'Failed']);
    assert.match(last!, /^Session was interrupted: the process running it \(pid \d+\) ended before it finished$/);
  } finally {
    await s.close();
  }
});

test.run();
