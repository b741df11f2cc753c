// Get-Session as an admin types it: `-Last N` (PowerShell users write a count after -Last),
// `-Job J -Last N`, and the -After / -Before / -Result / -State filters, with bad values refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VbrsSession, SMALL_LAB } from './vbrs-session.ts';

const THREE_RUNS = [
  SMALL_LAB,
  'Add-Job -Name A -VM util01 -Repository repo01 | Out-Null',
  'Add-Job -Name B -VM app01 -Repository repo01 | Out-Null',
  'Start-Job -Name A | Out-Null; Start-Job -Name B | Out-Null; Start-Job -Name A | Out-Null',
].join('; ');

test('-Last N gives the newest N sessions; -Last alone the newest; -Job J -Last N those of J', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(THREE_RUNS)).stderr, '');
    const r = await s.run([
      '(Get-Session -Last 2).Id -join ","',
      '(Get-Session -Last).Id',
      '(Get-Session -Job A -Last 2).Id -join ","',
      '(Get-Session A -Last 1).Id',
      '@(Get-Session -Last 0).Count',
      '(Get-Session -Last 10).Count',
    ].join('; '));
    assert.is(r.stderr, '');
    assert.is(r.stdout, '2,3\n3\n1,3\n3\n0\n3\n');
  } finally {
    await s.close();
  }
});

test('-After, -Before, -Result and -State filter before -Last counts', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(THREE_RUNS)).stderr, '');
    const r = await s.run([
      '$t = (Get-Session -Id 2).CreationTime',
      '(Get-Session -After $t).Id -join ","',
      '(Get-Session -Before $t).Id -join ","',
      '@(Get-Session -After (Get-Date).AddMinutes(1)).Count',
      '(Get-Session -Result Success -State Stopped).Count',
      '@(Get-Session -Result Failed, Warning).Count',
      '(Get-Session -After $t -Last 1).Id',
      '(Get-Session -Job A -After $t).Id',
    ].join('; '));
    assert.is(r.stderr, '');
    assert.is(r.stdout, '2,3\n1\n0\n3\n0\n3\n3\n');
  } finally {
    await s.close();
  }
});

test('bad values: an unknown -Result, -Count without -Last, an unknown job', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(THREE_RUNS)).stderr, '');
    const bad = await s.run('Get-Session -Result Bogus');
    assert.match(bad.stderr, /does not belong to the set "Success,Warning,Failed,None"/);
    assert.is(bad.stderr.trim().split('\n')[0]!.includes('\n'), false);
    const count = await s.run('Get-Session -Job A 2');
    assert.match(count.stderr, /-Count needs -Last/);
    const job = await s.run('Get-Session -Job Nope -Last 2');
    assert.match(job.stderr, /Nope/);
  } finally {
    await s.close();
  }
});

test.run();
