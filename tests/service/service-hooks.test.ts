// Script-block hooks set in a shell run when the service starts the job: in a child vbrs process
// with $VM, $Job and $Session bound, their output in the session log; a hook that throws fails
// the VM with its message, one that hangs is killed at the job's ScriptTimeout.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFolder, LAB, type ServiceProcess } from './service-process.ts';

async function run(svc: ServiceProcess): Promise<any> {
  const started = await svc.api('/api/v1/jobs/J/start', { method: 'POST' });
  assert.is(started.status, 202, JSON.stringify(started.body));
  return svc.waitSession(started.body.id, (s) => s.state === 'Stopped', 'Stopped');
}

const texts = (s: any): string[] => s.log.map((l: any) => l.text);

test('a job with script-block hooks, started through the API: the hooks run with the objects bound', async () => {
  const folder = new DataFolder();
  try {
    const setup = folder.vbrs(`${LAB}; Set-GuestProcessing -Job J -Enable -PreFreezeScript { Write-Host "pre $($VM.Name) $($VM.GuestOS) $($Job.Name) $($Session.Id)" } -PostThawScript { param($VM) "post $($VM.Name)" } | Out-Null`);
    assert.is(setup.stderr, '');
    const svc = await folder.service();
    try {
      const ok = await run(svc);
      assert.is(ok.result, 'Success', texts(ok).join('\n'));
      assert.ok(texts(ok).includes(`VM 'v1': Pre-freeze stdout: pre v1 Windows J ${ok.id}`), texts(ok).join('\n'));
      assert.ok(texts(ok).includes("VM 'v1': Post-thaw stdout: post v1"), texts(ok).join('\n'));

      assert.is(folder.vbrs('Set-GuestProcessing -Job J -PreFreezeScript { throw "boom in the guest" } -ScriptTimeout 10m | Out-Null').stderr, '');
      const thrown = await run(svc);
      assert.is(thrown.result, 'Failed');
      assert.ok(texts(thrown).some((t) => /Pre-freeze script failed: .*boom in the guest/.test(t)), texts(thrown).join('\n'));

      assert.is(folder.vbrs('Set-GuestProcessing -Job J -PreFreezeScript { Start-Sleep 120 } -ScriptTimeout 3s | Out-Null').stderr, '');
      const hung = await run(svc);
      assert.is(hung.result, 'Failed');
      assert.ok(texts(hung).some((t) => /Pre-freeze script failed: .*timed out/.test(t)), texts(hung).join('\n'));
      assert.is(await svc.stop(), 0, svc.stderr);
    } finally {
      await svc.stop();
    }
  } finally {
    folder.remove();
  }
});

test.run();
