// Set-, Get- and Remove-JobSchedule through scripts: each timing form, durations as text or
// TimeSpan, retry policy alone, Get-Job's Schedule and NextRun (also in a later process), sessions'
// Trigger, and bad input as one-line errors that change nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VbrsSession, SMALL_LAB } from './vbrs-session.ts';

const JOBS = `${SMALL_LAB}; Add-Job -Name Nightly -VM web01 -Repository repo01 | Out-Null; Add-Job -Name Offsite -VM db01 -Repository repo01 | Out-Null`;

async function session(): Promise<VbrsSession> {
  const s = new VbrsSession();
  const r = await s.run(JOBS);
  assert.is(r.stderr, '');
  return s;
}

test('each timing form reads back as text on the schedule and the job; durations become TimeSpan', async () => {
  const s = await session();
  try {
    const r = await s.run(`
      $d = Set-JobSchedule -Job Nightly -Daily 22:00 -DaysOfWeek Monday,fri -PassThru
      $d.Schedule; $d.DaysOfWeek -join ','; $d.At; $d.RetryCount; $d.RetryWait.TotalMinutes; $d.NextRun -is [datetime]
      (Set-JobSchedule -Job Nightly -Monthly 31 -At 03:00 -PassThru).Schedule
      $p = Set-JobSchedule -Job Nightly -Periodically 90m -RetryWait ([timespan]'00:00:30') -PassThru
      $p.Schedule; $p.Period.TotalMinutes; $p.RetryWait.TotalSeconds
      (Set-JobSchedule -Job Nightly -Cron '0 22 * * 1-5' -PassThru).Schedule
      $a = Set-JobSchedule -Job Offsite -AfterJob nightly -PassThru
      $a.Schedule; $null -eq $a.NextRun
      $j = Get-Job Nightly; $j.Schedule; $j.NextRun -gt (Get-Date)
      (Get-Job Offsite).Schedule
    `);
    assert.is(r.stderr, '');
    assert.is(
      r.stdout,
      [
        'Daily at 22:00 on Monday, Friday', 'Monday,Friday', '22:00', '3', '10', 'True',
        'Monthly on day 31 at 03:00',
        'Periodically every 1h30m', '90', '30',
        "Cron '0 22 * * 1-5'",
        'After job Nightly', 'True',
        "Cron '0 22 * * 1-5'", 'True',
        'After job Nightly',
      ].join('\n') + '\n',
    );
  } finally {
    await s.close();
  }
});

test('retry policy and window change alone; Get-JobSchedule filters; Remove-JobSchedule leaves the job', async () => {
  const s = await session();
  try {
    const r = await s.run(`
      Set-JobSchedule -Job Nightly -Periodically 4h
      Set-JobSchedule -Job Nightly -RetryCount 0 -BackupWindow 'Mon-Fri 20:00-06:00'
      $g = Get-JobSchedule -Job Nightly; $g.Kind; $g.RetryCount; $g.BackupWindow
      Set-JobSchedule -Job Nightly -BackupWindow ''
      $null -eq (Get-JobSchedule -Job Nightly).BackupWindow
      Set-JobSchedule -Job Offsite -Daily 23:30
      (Get-JobSchedule | ForEach-Object JobName) -join ','
      (Get-JobSchedule -Job Off*).JobName
      Remove-JobSchedule -Job Nightly -WhatIf
      (Get-JobSchedule).Count
      Remove-JobSchedule -Job Nightly
      (Get-JobSchedule).JobName
      $n = Get-Job Nightly; $null -eq $n.Schedule; $null -eq $n.NextRun
    `);
    assert.is(r.stderr, '');
    assert.is(r.stdout.replace(/^What if: .*\n/m, ''), ['Periodically', '0', 'Mon,Tue,Wed,Thu,Fri 20:00-06:00', 'True', 'Nightly,Offsite', 'Offsite', '2', 'Offsite', 'True', 'True'].join('\n') + '\n');
  } finally {
    await s.close();
  }
});

test('a later process sees the schedule and the same NextRun', async () => {
  const s = await session();
  try {
    const r = await s.run(`Set-JobSchedule -Job Nightly -Cron '0 22 * * *'; (Get-Job Nightly).NextRun.ToString('o')`);
    assert.is(r.stderr, '');
    const later = s.spawn(['-c', `(Get-Job Nightly).Schedule; (Get-Job Nightly).NextRun.ToString('o')`]);
    // Node's own notice about NO_COLOR beside FORCE_COLOR in the user's environment is not ours.
    assert.is(later.stderr.replace(/^\((node:\d+|Use `node).*\n/gm, ''), '');
    assert.is(later.stdout, `Cron '0 22 * * *'\n${r.stdout}`);
  } finally {
    await s.close();
  }
});

test('a session started from the shell has Trigger Manual', async () => {
  const s = await session();
  try {
    const r = await s.run('$s = Start-Job -Name Nightly; $s.Trigger; (Get-Session -Id $s.Id).Trigger');
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'Manual\nManual\n');
  } finally {
    await s.close();
  }
});

test('bad input: one line each, the schedule unchanged', async () => {
  const s = await session();
  try {
    assert.is((await s.run("Set-JobSchedule -Job Nightly -Cron '0 22 * * 1-5' -RetryCount 2; Set-JobSchedule -Job Offsite -AfterJob Nightly")).stderr, '');
    const cases: [string, RegExp][] = [
      ['Set-JobSchedule -Job Nightly -Daily 25:00', /Job 'Nightly': Daily '25:00' is not a time of day; use HH:MM from 00:00 to 23:59\./],
      ["Set-JobSchedule -Job Nightly -Cron '0 22 * *'", /Job 'Nightly': Cron '0 22 \* \*' does not parse: invalid configuration format/],
      ['Set-JobSchedule -Job Nightly -RetryCount -1', /Job 'Nightly': RetryCount must be a whole number from 0 to 100, not -1\./],
      ['Set-JobSchedule -Job Nightly -AfterJob Offsite', /Job 'Nightly': it cannot run after 'Offsite': that makes a loop \(Nightly → Offsite → Nightly\)\./],
      ['Set-JobSchedule -Job Nightly -AfterJob Ghost', /Job 'Ghost' was not found\./],
      ['Set-JobSchedule -Job Ghost -Daily 22:00', /Job 'Ghost' was not found\./],
      ['Set-JobSchedule -Job Nightly -Periodically 0.5s', /Job 'Nightly': Periodically must be at least 1 second, not 500 ms\./],
      ['Set-JobSchedule -Job Nightly -Periodically soon', /Cannot bind parameter 'Periodically': 'soon' is not a duration/],
      ['Set-JobSchedule -Job Nightly -RetryWait 0s', /Cannot bind parameter 'RetryWait': the duration '0s?' must be greater than zero/],
      ["Set-JobSchedule -Job Nightly -BackupWindow 'Mon-Fri 20:00'", /Job 'Nightly': BackupWindow 'Mon-Fri 20:00' is not a window/],
      ["Set-JobSchedule -Job Nightly -Daily 22:00 -Cron '* * * * *'", /Parameter set cannot be resolved/],
      ['Remove-Job -Name Nightly', /Job 'Nightly' cannot be removed: 'Offsite' is scheduled to run after it\./],
      ['Remove-JobSchedule -Job Ghost', /Job 'Ghost' was not found\./],
    ];
    for (const [code, message] of cases) {
      const r = await s.run(code);
      assert.match(r.stderr, message, code);
      assert.is(r.stderr.split('\n').filter((l) => /Set-JobSchedule:|Remove-Job:|Remove-JobSchedule:/.test(l)).length, 1, `${code}: one error line\n${r.stderr}`);
      assert.not.match(r.stderr, /\bat .*\.ts:\d+/, 'no stack trace');
    }
    const after = await s.run("(Get-JobSchedule | ForEach-Object { '{0}={1}/{2}' -f $_.JobName, $_.Schedule, $_.RetryCount }) -join ';'; (Get-Job).Count");
    assert.is(after.stdout, "Nightly=Cron '0 22 * * 1-5'/2;Offsite=After job Nightly/3\n2\n");
  } finally {
    await s.close();
  }
});

test.run();
