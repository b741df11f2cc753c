// A script-block hook that runs past -ScriptTimeout, or whose job is stopped (Stop-Job), is
// stopped, not only no longer waited for: what it would do after the wait never happens, a
// program it started is killed, and `vbrs -c` exits long before the hook's sleep would end.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VbrsSession } from './vbrs-session.ts';
import { processesWith } from '../fixtures/processes-with.ts';

const SETUP = [
  'Add-ViHost esx01 | Out-Null',
  'Add-Datastore -Name ds01 -Host esx01 | Out-Null',
  'Add-VM -Name files01 -Host esx01 -Datastore ds01 -GuestOS Windows -DiskSize 4MB | Out-Null',
  'Add-Repository -Name repo01 -Path ./repo | Out-Null',
  'Add-Proxy -Name px01 | Out-Null',
  'Add-Job -Name Nightly -VM files01 -Repository repo01 | Out-Null',
].join('; ');

/** A fresh lab whose job has guest processing with `hooks` (Set-GuestProcessing parameters). */
async function withHooks(hooks: string, body: (s: VbrsSession) => Promise<void>): Promise<void> {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stderr, '');
    assert.is((await s.run(`Set-GuestProcessing -Job Nightly -Enable ${hooks}`)).stderr, '');
    await body(s);
  } finally {
    await s.close();
  }
}

/** Waits a moment, then checks that what a stopped hook would have done after its wait never ran. */
async function neverRan(s: VbrsSession, ...files: string[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const f of files) assert.not.ok(existsSync(join(s.cwd, f)), `${f} was written`);
}

const stoppedLine = (log: string, ms: number) => new RegExp(`Pre-freeze script failed: hook '\\{ [^']+ \\}' timed out after ${ms} ms and was stopped`).test(log);

test('a hook past -ScriptTimeout is stopped: a sleep, a busy loop, a native program', async () => {
  const bodies = [
    'Start-Sleep 30; Set-Content -Path ./after-sleep.txt -Value late',
    'while ($true) { $n++ }; Set-Content -Path ./after-loop.txt -Value late',
    '& /bin/sleep 41.7; Set-Content -Path ./after-native.txt -Value late',
  ];
  await withHooks('', async (s) => {
    for (const body of bodies) {
      await s.run(`Set-GuestProcessing -Job Nightly -PreFreezeScript { ${body} } -ScriptTimeout 1s`);
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
    await neverRan(s, 'after-sleep.txt', 'after-loop.txt', 'after-native.txt');
  });
});

test('vbrs -c with a hook past -ScriptTimeout exits long before the hook would have ended', async () => {
  await withHooks('-PostThawScript { Start-Sleep 30; Set-Content -Path ./after.txt -Value late } -ScriptTimeout 2s', async (s) => {
    const t = Date.now();
    const r = s.spawn(['-c', '$s = Start-Job -Name Nightly; $s.Result; ($s.Log | Where-Object Text -match "Post-thaw script failed: .*timed out after 2000 ms and was stopped").Count']);
    const took = Date.now() - t;
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'Failed\n1\n');
    // Before the fix the process lived until the 30 s sleep ended.
    assert.ok(took < 25_000, `vbrs -c took ${took} ms`);
    await neverRan(s, 'after.txt');
  });
});

const WAITING_HOOK = '-PreFreezeScript { Set-Content -Path ./started.txt -Value 1; Start-Sleep 30; Set-Content -Path ./after.txt -Value late } -ScriptTimeout 10m';

test('Stop-Job while a script-block hook runs stops the hook and ends the session Failed', async () => {
  await withHooks(WAITING_HOOK, async (s) => {
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
    await neverRan(s, 'after.txt');
    // The next run is not disturbed by the stopped one.
    await s.run('Set-GuestProcessing -Job Nightly -PreFreezeScript { "fine" }');
    assert.is((await s.run('(Start-Job -Name Nightly).Result')).stdout, 'Success\n');
  });
});

test('Ctrl-C during Start-Job stops the hook that runs then', async () => {
  await withHooks(WAITING_HOOK, async (s) => {
    const started = join(s.cwd, 'started.txt');
    const poll = setInterval(() => existsSync(started) && (clearInterval(poll), s.shell.stop()), 20);
    const t = Date.now();
    await s.run('Start-Job -Name Nightly');
    clearInterval(poll);
    assert.ok(Date.now() - t < 20_000, `took ${Date.now() - t} ms`);
    assert.ok(existsSync(started));
    await neverRan(s, 'after.txt');
    assert.is((await s.run('(Get-Session -Job Nightly -Last 1).Result')).stdout, 'Failed\n');
  });
});

test.run();
