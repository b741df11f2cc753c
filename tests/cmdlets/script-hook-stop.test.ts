// A script-block hook that runs past -ScriptTimeout, or whose job is stopped (Stop-Job), is
// stopped, not only no longer waited for: what it would do after the wait never happens, a
// program it started is killed, and `vbrs -c` exits long before the hook's sleep would end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VbrsSession } from './vbrs-session.ts';

const SETUP = [
  'Add-ViHost esx01 | Out-Null',
  'Add-Datastore -Name ds01 -Host esx01 | Out-Null',
  'Add-VM -Name files01 -Host esx01 -Datastore ds01 -GuestOS Windows -DiskSize 4MB | Out-Null',
  'Add-Repository -Name repo01 -Path ./repo | Out-Null',
  'Add-Proxy -Name px01 | Out-Null',
  'Add-Job -Name Nightly -VM files01 -Repository repo01 | Out-Null',
].join('; ');

/** Processes whose argv is exactly `argv` (Linux /proc), e.g. a `sleep 41.7` a hook started. */
function processesWith(argv: string[]): number[] {
  const want = argv.join('\0') + '\0';
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') === want) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const stoppedLine = (log: string, ms: number) => new RegExp(`Pre-freeze script failed: hook 'scriptblock:\\w+' timed out after ${ms} ms and was stopped`).test(log);

test('a hook past -ScriptTimeout is stopped: a sleep, a busy loop, a native program', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stderr, '');
    const bodies = [
      'Start-Sleep 30; Set-Content -Path ./after-sleep.txt -Value late',
      'while ($true) { $n++ }; Set-Content -Path ./after-loop.txt -Value late',
      '& /bin/sleep 41.7; Set-Content -Path ./after-native.txt -Value late',
    ];
    for (const body of bodies) {
      await s.run(`Set-GuestProcessing -Job Nightly -Enable -PreFreezeScript { ${body} } -ScriptTimeout 1s`);
      const t = Date.now();
      const r = await s.run('$s = Start-Job -Name Nightly; $s.Result; ($s.Log | ForEach-Object Text) -join "`n"');
      assert.ok(Date.now() - t < 20_000, `Start-Job returned after ${Date.now() - t} ms`);
      const [result, ...log] = r.stdout.trim().split('\n');
      assert.is(result, 'Failed', body);
      assert.ok(stoppedLine(log.join('\n'), 1000), log.join('\n'));
      // The shell goes on as usual, and no stop leaked out of the hook into the run.
      assert.is((await s.run('"next"')).stdout, 'next\n');
    }
    assert.equal(processesWith(['/bin/sleep', '41.7']), [], 'the native program was killed');
    // The block is stopped, not abandoned: what comes after its wait never runs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const f of ['after-sleep.txt', 'after-loop.txt', 'after-native.txt']) assert.not.ok(existsSync(join(s.cwd, f)), f);
  } finally {
    await s.close();
  }
});

test('vbrs -c with a hook past -ScriptTimeout exits long before the hook would have ended', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stderr, '');
    await s.run('Set-GuestProcessing -Job Nightly -Enable -PostThawScript { Start-Sleep 30; Set-Content -Path ./after.txt -Value late } -ScriptTimeout 2s');
    const t = Date.now();
    const r = s.spawn(['-c', '$s = Start-Job -Name Nightly; $s.Result; ($s.Log | Where-Object Text -match "Post-thaw script failed: .*timed out after 2000 ms and was stopped").Count']);
    const took = Date.now() - t;
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'Failed\n1\n');
    // Before the fix the process lived until the 30 s sleep ended.
    assert.ok(took < 25_000, `vbrs -c took ${took} ms`);
    assert.not.ok(existsSync(join(s.cwd, 'after.txt')));
  } finally {
    await s.close();
  }
});

test('Stop-Job while a script-block hook runs stops the hook and ends the session Failed', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stderr, '');
    await s.run('Set-GuestProcessing -Job Nightly -Enable -PreFreezeScript { Set-Content -Path ./started.txt -Value 1; Start-Sleep 30; Set-Content -Path ./after.txt -Value late } -ScriptTimeout 10m');
    const t = Date.now();
    const r = await s.run([
      '$s = Start-Job -Name Nightly -RunAsync',
      'while (-not (Test-Path ./started.txt)) { Start-Sleep -Milliseconds 20 }',
      'Stop-Job -Name Nightly',
      '$w = Wait-Session -Session $s -Timeout 2m',
      '$w.Result',
      '($w.Log | Where-Object Text -match "Pre-freeze script failed: hook .* was cancelled and was stopped").Count',
    ].join('; '));
    assert.ok(Date.now() - t < 20_000, `took ${Date.now() - t} ms`);
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'Failed\n1\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.not.ok(existsSync(join(s.cwd, 'after.txt')));
    // The next run is not disturbed by the stopped one.
    await s.run('Set-GuestProcessing -Job Nightly -PreFreezeScript { "fine" }');
    assert.is((await s.run('(Start-Job -Name Nightly).Result')).stdout, 'Success\n');
  } finally {
    await s.close();
  }
});

test('Ctrl-C during Start-Job stops the hook that runs then', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stderr, '');
    await s.run('Set-GuestProcessing -Job Nightly -Enable -PreFreezeScript { Set-Content -Path ./started.txt -Value 1; Start-Sleep 30; Set-Content -Path ./after.txt -Value late } -ScriptTimeout 10m');
    const started = join(s.cwd, 'started.txt');
    const poll = setInterval(() => existsSync(started) && (clearInterval(poll), s.shell.stop()), 20);
    const t = Date.now();
    await s.run('Start-Job -Name Nightly');
    clearInterval(poll);
    assert.ok(Date.now() - t < 20_000, `took ${Date.now() - t} ms`);
    assert.ok(existsSync(started));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.not.ok(existsSync(join(s.cwd, 'after.txt')));
    assert.is((await s.run('(Get-Session -Job Nightly -Last 1).Result')).stdout, 'Failed\n');
  } finally {
    await s.close();
  }
});

test.run();
