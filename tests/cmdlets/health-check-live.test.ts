// A health check seen from scripts while it runs: `Start-HealthCheck -RunAsync` returns its session at
// once, `Get-Session -Id N` gives the live record (State Working, ReadBytes moving) and after the end
// the same values a later process reads from the catalog; `Stop-Job -Name J` stops the job's
// running health check, which ends Failed with the user's stop in its log.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VbrsSession } from './vbrs-session.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { backedUpJobScript } from './fixtures/backed-up-job.ts';

const SETUP = backedUpJobScript('32MB,16MB');

const FIELDS = '"$($_.Kind) $($_.State) $($_.Result) $($_.Progress) $($_.ReadBytes) $($_.TransferredBytes)"';

test('Get-Session -Id shows a running health check live, and after its end what the catalog kept', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stdout, 'Success\n');
    const r = await s.run('$h = Start-HealthCheck -Job Nightly -RunAsync; $g = Get-Session -Id $h.Id; "$($h.Kind) $($g.State) $($g.Result)"; $h.Id');
    assert.is(r.stderr, '');
    const [line, id] = r.stdout.trim().split('\n');
    assert.is(line, 'HealthCheck Working None', 'returned at once, and Get-Session sees it running');
    const engine = s.shell.session.services.engine as Engine;
    const [live] = (await s.objects(`Get-Session -Id ${id}`)) as { _info: unknown }[];
    assert.ok(live!._info === engine.jobs.live(Number(id))?.info, 'the live record, not a catalog copy');

    const reads: number[] = [];
    for (let i = 0; i < 10_000; i++) {
      const [g] = (await s.objects(`Get-Session -Id ${id}`)) as { State: string; ReadBytes: number }[];
      if (g!.State === 'Stopped') break;
      reads.push(g!.ReadBytes);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    assert.ok(reads.every((b, i) => i === 0 || b >= reads[i - 1]!), `ReadBytes never goes back: ${reads.join(',')}`);

    const end = await s.run(`Wait-Session -Session $h | ForEach-Object { ${FIELDS} }; Get-Session -Id $h.Id | ForEach-Object { ${FIELDS} }; Get-TaskSession -Session $h | ForEach-Object { "$($_.Disk) $($_.Status) $($_.ReadBytes)" }`);
    assert.is(end.stderr, '');
    const lines = end.stdout.trim().split('\n');
    assert.is(lines[0], `HealthCheck Stopped Success 100 ${48 * 1048576} 0`);
    assert.is(lines[1], lines[0], 'Get-Session after the end agrees with Wait-Session');
    assert.equal(lines.slice(2), [`disk1 Success ${32 * 1048576}`, `disk2 Success ${16 * 1048576}`]);

    const later = s.spawn(['-c', `Get-Session -Id ${id} | ForEach-Object { ${FIELDS} }`]);
    assert.is(later.stderr, '');
    assert.is(later.stdout.trim(), lines[0], 'a later process reads the same from the catalog');
  } finally {
    await s.close();
  }
});

test('Stop-Job -Name J stops the job\'s running health check', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stdout, 'Success\n');
    const r = await s.run([
      '$h = Start-HealthCheck -Job Nightly -RunAsync',
      '$x = Stop-Job -Name Nightly -PassThru',
      '$x.Id -eq $h.Id',
      '"$($x.State) $($x.Result)"',
      '($x.Log | Where-Object Text -eq "Stop requested by the user").Count',
      '($x.Log | Where-Object Text -eq "Health check stopped by the user").Count',
      '(Get-Session -Id $h.Id).State',
    ].join('; '));
    assert.is(r.stderr, '');
    assert.equal(r.stdout.trim().split('\n'), ['True', 'Stopped Failed', '1', '1', 'Stopped']);
    const again = await s.run('Stop-Job -Name Nightly 3>&1 | ForEach-Object { "$_" }');
    assert.is(again.stdout.trim(), "Job 'Nightly' is not running.", 'nothing left to stop');
  } finally {
    await s.close();
  }
});

test('closing the engine while a -RunAsync health check runs stops it and saves it as stopped by the engine', async () => {
  const s = new VbrsSession();
  try {
    assert.is((await s.run(SETUP)).stdout, 'Success\n');
    const [h] = (await s.objects('Start-HealthCheck -Job Nightly -RunAsync')) as { Id: number; State: string }[];
    assert.is(h!.State, 'Working');
    const engine = s.shell.session.services.engine as Engine;
    await engine.close();
    assert.is(h!.State, 'Stopped', 'the object returned by -RunAsync follows the run to its end');
    const later = s.spawn(['-c', `Get-Session -Id ${h!.Id} | ForEach-Object { "$($_.State) $($_.Result)"; $_.Log | Where-Object Text -match 'engine' | ForEach-Object Text }`]);
    assert.is(later.stderr, '');
    assert.equal(later.stdout.trim().split('\n'), ['Stopped Failed', 'Stop requested: the engine is closing', 'Health check stopped: the engine was closed']);
  } finally {
    await s.close();
  }
});

test.run();
