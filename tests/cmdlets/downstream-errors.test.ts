// A domain cmdlet reports its own failures as error records, but what the stages after it throw back
// through the pipeline (Select-Object stopping it early, a `throw` in ForEach-Object) stays theirs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VbrsSession } from './vbrs-session.ts';

test('Select-Object -First stops a domain cmdlet quietly; a downstream throw reaches catch', async () => {
  const s = new VbrsSession();
  try {
    await s.run("Add-ViHost -Name esx01 | Out-Null; Add-ViHost -Name esx02 | Out-Null");
    let r = await s.run('Get-ViHost | Select-Object -First 1 | ForEach-Object Name');
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'esx01\n');
    r = await s.run('try { Get-ViHost | ForEach-Object { throw "stop at $($_.Name)" } } catch { "caught: $_" }');
    assert.is(r.stderr, '');
    assert.is(r.stdout, 'caught: stop at esx01\n');
    r = await s.run('Get-ViHost -Name nosuch; "after"');
    assert.match(r.stderr, /Get-ViHost: .*nosuch/);
    assert.is(r.stdout, 'after\n');
  } finally {
    await s.close();
  }
});

test.run();
