// Script-block hooks set in a shell run when the service starts the job: in a child vbrs process
// with $VM, $Job and $Session bound, their output in the session log; a hook that throws fails
// the VM with its message, one that hangs is killed at the job's ScriptTimeout, and one that runs
// when the job is stopped is killed then, with the programs it started.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataFolder, LAB, type ServiceProcess } from './service-process.ts';
import { processesWith } from '../fixtures/processes-with.ts';

async function run(svc: ServiceProcess): Promise<any> {
  const started = await svc.api('/api/v1/jobs/J/start', { method: 'POST' });
  assert.is(started.status, 202, JSON.stringify(started.body));
  return svc.waitSession(started.body.id, (s) => s.state === 'Stopped', 'Stopped');
}

const texts = (s: any): string[] => s.log.map((l: any) => l.text);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a job with script-block hooks, started through the API: the hooks run with the objects bound', async () => {
  const folder = new DataFolder();
  try {
    const setup = folder.vbrs(`${LAB}; Set-GuestProcessing -Job J -Enable -PreFreezeScript { Write-Host "pre $($VM.Name) $($VM.GuestOS) $($Job.Name) $($Session.Id)" } -PostThawScript { param($VM) "post $($VM.Name) $($Job.Name)" } | Out-Null`);
    assert.is(setup.stderr, '');
    const svc = await folder.service();
    try {
      const ok = await run(svc);
      assert.is(ok.result, 'Success', texts(ok).join('\n'));
      assert.ok(texts(ok).includes(`VM 'v1': Pre-freeze stdout: pre v1 Windows J ${ok.id}`), texts(ok).join('\n'));
      assert.ok(texts(ok).includes("VM 'v1': Post-thaw stdout: post v1 J"), texts(ok).join('\n'));

      assert.is(folder.vbrs('Set-GuestProcessing -Job J -PreFreezeScript { throw "boom in the guest" } -ScriptTimeout 10m | Out-Null').stderr, '');
      const thrown = await run(svc);
      assert.is(thrown.result, 'Failed');
      assert.ok(texts(thrown).some((t) => /Pre-freeze script failed: .*boom in the guest/.test(t)), texts(thrown).join('\n'));

      // The child vbrs and the program its block started die at the timeout.
      assert.is(folder.vbrs('Set-GuestProcessing -Job J -PreFreezeScript { & /bin/sleep 127.3 } -ScriptTimeout 5s | Out-Null').stderr, '');
      const hung = await run(svc);
      assert.is(hung.result, 'Failed');
      assert.ok(texts(hung).some((t) => /Pre-freeze script failed: .*timed out after 5000 ms and was stopped/.test(t)), texts(hung).join('\n'));
      assert.equal(processesWith(['/bin/sleep', '127.3']), []);

      // Stopped through the API while the block runs: killed then, the session Failed at once.
      const started = join(folder.home, 'hook-started');
      assert.is(folder.vbrs(`Set-GuestProcessing -Job J -PreFreezeScript { Set-Content -Path '${started}' -Value 1; & /bin/sleep 131.7 } -ScriptTimeout 10m | Out-Null`).stderr, '');
      const begun = await svc.api('/api/v1/jobs/J/start', { method: 'POST' });
      assert.is(begun.status, 202, JSON.stringify(begun.body));
      for (const deadline = Date.now() + 300_000; !existsSync(started) && Date.now() < deadline; ) await sleep(50);
      assert.ok(existsSync(started), 'the hook started');
      const t = Date.now();
      const stopped = await svc.api('/api/v1/jobs/J/stop', { method: 'POST' });
      assert.is(stopped.status, 200, JSON.stringify(stopped.body));
      assert.ok(Date.now() - t < 60_000, `stop took ${Date.now() - t} ms`);
      assert.is(stopped.body.result, 'Failed');
      const ended = await svc.api(`/api/v1/sessions/${begun.body.id}`);
      assert.ok(texts(ended.body).some((t) => /Pre-freeze script failed: .*was cancelled and was stopped/.test(t)), texts(ended.body).join('\n'));
      assert.equal(processesWith(['/bin/sleep', '131.7']), []);
      assert.is(await svc.stop(), 0, svc.stderr);
    } finally {
      await svc.stop();
    }
  } finally {
    folder.remove();
  }
});

test.run();
