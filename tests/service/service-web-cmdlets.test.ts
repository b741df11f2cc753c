// Invoke-RestMethod against a real `vbrs service`: the bearer token the service wrote reaches its
// API, the JSON list comes back as objects, and a request without the token is the one-line 401 error.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFolder, LAB, type ServiceProcess } from './service-process.ts';
import { createShell } from '../../src/runtime/shell.ts';
import { toStringValue } from '../../src/runtime/values/convert.ts';

const folder = new DataFolder();
let service: ServiceProcess;

test.before(async () => {
  const lab = folder.vbrs(LAB);
  assert.is(lab.status, 0, lab.stderr);
  service = await folder.service();
});

test.after(async () => {
  await service?.stop();
  folder.remove();
});

test('GET /api/v1/jobs with -Authentication Bearer, and without the token', async () => {
  let err = '';
  const sh = createShell({ stdout: () => {}, stderr: (t) => void (err += t), cwd: folder.home });
  const jobs = await sh.invoke(
    `$token = Get-Content -Raw '${folder.home}/service-token'; $r = Invoke-RestMethod '${service.url}/api/v1/jobs' -Authentication Bearer -Token $token.Trim() -AllowUnencryptedAuthentication; $r.data.Count; $r.data[0].name; $r.data[0].vms`,
  );
  assert.equal(jobs.map((v) => toStringValue(v)), ['1', 'J', 'v1']);
  assert.is(err, '');
  await sh.run(`irm '${service.url}/api/v1/jobs'`);
  assert.is(err, `<command>:1:1: Invoke-RestMethod: {"error":{"code":"VBRS_UNAUTHORIZED","message":"Authorization: Bearer <token> is required (the token is in $VBRS_HOME/service-token)."}}\n    irm '${service.url}/api/v1/jobs'\n    ^\n`);
});

test.run();
