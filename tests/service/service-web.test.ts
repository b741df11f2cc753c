// A real `vbrs service` and the web: Invoke-RestMethod reaches its API with the bearer token it wrote
// (the JSON list comes back as objects; without the token, the one-line 401 error), and a session
// the service runs is posted to the job's notification webhook (Set-JobNotification set from a
// shell) as the JSON its own GET /api/v1/sessions/{id} returns.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
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

test('a session the service runs is posted to the job notification webhook', async () => {
  const posts: any[] = [];
  const listener = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      posts.push({ contentType: req.headers['content-type'], body: JSON.parse(text) });
      res.end();
    });
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    const hook = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/night`;
    const set = folder.vbrs(`Set-JobNotification -Job J -Webhook '${hook}'`);
    assert.is(set.stderr, '');
    const started = await service.api('/api/v1/jobs/J/start', { method: 'POST' });
    assert.is(started.status, 202);
    await service.waitSession(started.body.id, (s) => s.state === 'Stopped', 'Stopped');
    // a generous bound: the post follows the end of the session
    for (const deadline = Date.now() + 600_000; posts.length === 0 && Date.now() < deadline; ) await sleep(50);
    assert.is(posts.length, 1);
    assert.is(posts[0].contentType, 'application/json');
    const final = await service.waitSession(started.body.id, (s) => s.log.at(-1)?.text.startsWith('Notification posted'), 'its notification logged');
    assert.equal(posts[0].body, { ...final, log: final.log.slice(0, -1) });
    assert.is(posts[0].body.trigger, 'Api');
    assert.is((await service.api('/api/v1/jobs/J')).body.notification, `${hook} (every session)`);
  } finally {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }
});

test.run();
