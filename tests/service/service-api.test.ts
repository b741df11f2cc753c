// The REST API end to end: a real `vbrs service` child on a free port, talked to over HTTP. Auth,
// the JSON shapes, bad input (404, 400 naming the field, 401), a job started through the API and
// one started by a shell on the same data folder, both seen in the event stream and in /sessions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataFolder, LAB, type ServiceProcess } from './service-process.ts';

/** Reads the SSE stream into `events` until `stop` is called. */
async function followEvents(svc: ServiceProcess) {
  const controller = new AbortController();
  const res = await fetch(`${svc.url}/api/v1/events`, { headers: { authorization: `Bearer ${svc.token}` }, signal: controller.signal });
  const events: any[] = [];
  const lines: string[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let nl;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          lines.push(line);
          if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
        }
      }
    } catch {
      // aborted by stop()
    }
  })();
  return {
    res,
    events,
    lines,
    async until(pred: (e: any) => boolean, what: string) {
      // A generous bound (10 minutes): a busy machine must not fail the test.
      for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
        if (events.some(pred)) return events.find(pred);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no event ${what} in ${JSON.stringify(events.map((e) => e.kind))}`);
    },
    async stop() {
      controller.abort();
      await reading;
    },
  };
}

const folder = new DataFolder();
let svc: ServiceProcess;

test.before(async () => {
  const setup = folder.vbrs(LAB);
  assert.is(setup.stderr, '', 'the lab script runs cleanly');
  svc = await folder.service();
});

test.after(async () => {
  await svc?.stop();
  folder.remove();
});

test('the ready line names the address; the token file is private', async () => {
  assert.match(svc.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.not.match(svc.url, /:0$/, 'a free port was taken, not 0');
  const { statSync } = await import('node:fs');
  const { join } = await import('node:path');
  assert.is(statSync(join(folder.home, 'service-token')).mode & 0o777, 0o600);
  assert.ok(svc.token.length >= 32);
});

test('every route needs the bearer token: 401 with a JSON error; the OpenAPI document does not', async () => {
  for (const path of ['/api/v1/jobs', '/api/v1/sessions', '/api/v1/events', '/api/v1/nope']) {
    const none = await fetch(svc.url + path);
    assert.is(none.status, 401, path);
    assert.is(none.headers.get('www-authenticate'), 'Bearer');
    assert.is(((await none.json()) as any).error.code, 'VBRS_UNAUTHORIZED');
  }
  const wrong = await svc.api('/api/v1/jobs', { headers: { authorization: 'Bearer not-the-token' } });
  assert.is(wrong.status, 401);
  assert.match(wrong.body.error.message, /not this service's token/);
  const doc = await fetch(`${svc.url}/api/v1/openapi.json`);
  assert.is(doc.status, 200);
  const openapi = (await doc.json()) as any;
  assert.is(openapi.openapi, '3.1.0');
  const paths = Object.keys(openapi.paths).sort();
  assert.equal(paths, [
    '/api/v1/events', '/api/v1/jobs', '/api/v1/jobs/{name}', '/api/v1/jobs/{name}/start', '/api/v1/jobs/{name}/stop',
    '/api/v1/openapi.json', '/api/v1/restorePoints', '/api/v1/sessions', '/api/v1/sessions/{id}', '/api/v1/sessions/{id}/taskSessions',
  ]);
  // Generated from the schemas that validate: the start body's field and the session's shape.
  const start = openapi.paths['/api/v1/jobs/{name}/start'].post;
  assert.equal(Object.keys(start.requestBody.content['application/json'].schema.properties), ['fullBackup']);
  assert.ok(openapi.components.schemas.Session.properties.creationTime);
  assert.equal(openapi.paths['/api/v1/openapi.json'].get.security, []);
});

test('jobs: camelCase keys of Get-Job, lists in { data }, unknown job 404', async () => {
  const list = await svc.api('/api/v1/jobs');
  assert.is(list.status, 200);
  assert.is(list.body.data.length, 1);
  const job = list.body.data[0];
  assert.is(job.name, 'J');
  assert.equal(job.vms, ['v1']);
  assert.is(job.repository, 'r');
  assert.is(job.compression, 'None');
  assert.is(job.retainPoints, 14);
  assert.is(job.guestProcessing.scriptTimeout, '00:10:00', 'durations are TimeSpan text');
  assert.is(job.schedule, null);
  assert.is(job.nextRun, null);
  const one = await svc.api('/api/v1/jobs/j');
  assert.is(one.status, 200);
  assert.is(one.body.name, 'J', 'names match case-insensitively, as in the shell');
  for (const [method, path] of [['GET', '/api/v1/jobs/Nope'], ['POST', '/api/v1/jobs/Nope/start'], ['POST', '/api/v1/jobs/Nope/stop'], ['GET', '/api/v1/sessions?jobName=Nope']]) {
    const r = await svc.api(path!, { method });
    assert.is(r.status, 404, path);
    assert.equal(r.body, { error: { code: 'VBRS_UNKNOWN_OBJECT', message: "Job 'Nope' was not found." } });
  }
});

test('malformed body, query or path: 400 naming the field', async () => {
  const cases: [string, RequestInit, RegExp][] = [
    ['/api/v1/jobs/J/start', { method: 'POST', body: '{"fullBackup": "yes"}' }, /^body\.fullBackup must be boolean$/],
    ['/api/v1/jobs/J/start', { method: 'POST', body: '{"full": true}' }, /^body\.full is not a known field$/],
    ['/api/v1/jobs/J/start', { method: 'POST', body: '{"fullBackup": tru' }, /^body: not valid JSON$/],
    ['/api/v1/jobs/J/start', { method: 'POST', body: '[true]' }, /^body must be object$/],
    ['/api/v1/sessions?jobNam=J', {}, /^query parameter 'jobNam' is not known$/],
    ['/api/v1/restorePoints?vm=v1', {}, /^query parameter 'vm' is not known$/],
    ['/api/v1/sessions/abc', {}, /^path\.id must be a positive whole number$/],
    ['/api/v1/sessions/0/taskSessions', {}, /^path\.id must be a positive whole number$/],
  ];
  for (const [path, init, message] of cases) {
    const r = await svc.api(path, init);
    assert.is(r.status, 400, `${path} ${String(init.body)}`);
    assert.is(r.body.error.code, 'VBRS_INVALID_ARGUMENT');
    assert.match(r.body.error.message, message);
  }
  const missing = await svc.api('/api/v1/sessions/999');
  assert.is(missing.status, 404);
  assert.equal(missing.body.error, { code: 'VBRS_UNKNOWN_OBJECT', message: "Session '999' was not found." });
  assert.is((await svc.api('/api/v1/sessions')).body.data.length, 0, 'no bad request started a run');
  const idle = await svc.api('/api/v1/jobs/J/stop', { method: 'POST' });
  assert.is(idle.status, 409);
  assert.equal(idle.body.error, { code: 'VBRS_NOT_RUNNING', message: "Job 'J' is not running." });
});

test('a job started through the API: 202 with the session, its events stream, it ends Success with task sessions and a point', async () => {
  const feed = await followEvents(svc);
  assert.is(feed.res.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  const started = await svc.api('/api/v1/jobs/J/start', { method: 'POST', body: '{"fullBackup": true}' });
  assert.is(started.status, 202, JSON.stringify(started.body));
  const id = started.body.id;
  assert.is(started.body.jobName, 'J');
  assert.is(started.body.name, 'J');
  assert.is(started.body.trigger, 'Api');
  assert.ok(['Starting', 'Working'].includes(started.body.state));
  assert.is(typeof started.body.creationTime, 'string');
  assert.is(new Date(started.body.creationTime).toISOString(), started.body.creationTime, 'ISO 8601');

  const finished = await feed.until((e) => e.kind === 'session-finished' && e.sessionId === id, 'session-finished');
  assert.is(finished.session.result, 'Success');
  const kinds = feed.events.filter((e) => e.sessionId === id).map((e) => e.kind);
  for (const k of ['session-started', 'task-started', 'task-progress', 'task-finished']) assert.ok(kinds.includes(k), `${k} in ${kinds.join(',')}`);
  assert.ok(feed.lines.filter((l) => l.startsWith('data: ')).every((l) => !l.slice(6).includes('\n')), 'one data: line per event');
  const progress = feed.events.find((e) => e.kind === 'task-progress');
  assert.is(progress.task.vm, 'v1');
  await feed.stop();

  const s = (await svc.api(`/api/v1/sessions/${id}`)).body;
  assert.is(s.state, 'Stopped');
  assert.is(s.result, 'Success');
  assert.match(s.duration, /^\d\d:\d\d:\d\d(\.\d{7})?$/);
  assert.ok(s.readBytes >= 16 * 1024 * 1024, 'a full read of the 16 MiB disk');
  assert.ok(s.log.length > 0 && s.log.every((l: any) => typeof l.time === 'string' && l.severity && l.text));
  const tasks = (await svc.api(`/api/v1/sessions/${id}/taskSessions`)).body.data;
  assert.is(tasks.length, 1);
  assert.is(tasks[0].vm, 'v1');
  assert.is(tasks[0].disk, 'disk1');
  assert.is(tasks[0].status, 'Success');
  assert.is(tasks[0].proxy, 'p');
  const points = (await svc.api('/api/v1/restorePoints?vmName=V1')).body.data;
  assert.is(points.length, 1);
  assert.is(points[0].vm, 'v1');
  assert.is(points[0].jobName, 'J');
  assert.is(points[0].type, 'Full');
  assert.is(points[0].repository, 'r');
  assert.equal((await svc.api('/api/v1/restorePoints?vmName=other')).body.data, []);

  // The OpenAPI document names every property the answers have (it is the clients' reference).
  const schemas = ((await (await fetch(`${svc.url}/api/v1/openapi.json`)).json()) as any).components.schemas;
  const job = (await svc.api('/api/v1/jobs/J')).body;
  for (const [name, body] of [['Session', s], ['TaskSession', tasks[0]], ['RestorePoint', points[0]], ['Job', job]] as const) {
    const documented = Object.keys(schemas[name].properties);
    const missing = Object.keys(body).filter((k) => !documented.includes(k));
    assert.equal(missing, [], `${name} properties missing from api-schemas.ts: ${missing.join(', ')}`);
  }

  // The shell sees the same session.
  const shell = folder.vbrs(`$s = Get-Session -Id ${id}; $s.Result; $s.ReadBytes`);
  assert.is(shell.stdout, `Success\n${s.readBytes}\n`);
});

test("Start-Job from a shell while the service runs: it runs, the service's events and /sessions show it", async () => {
  const feed = await followEvents(svc);
  const shell = folder.vbrs('$s = Start-Job -Name J; "$($s.Id) $($s.Result)"');
  assert.is(shell.stderr, '');
  const [id, result] = shell.stdout.trim().split(' ');
  assert.is(result, 'Success');
  const done = await feed.until((e) => e.kind === 'session-finished' && e.sessionId === Number(id), 'session-finished of the shell run');
  assert.is(done.session.result, 'Success');
  assert.ok(feed.events.some((e) => e.kind === 'session-started' && e.sessionId === Number(id)));
  await feed.stop();
  const sessions = (await svc.api('/api/v1/sessions?jobName=J')).body.data;
  assert.equal(sessions.map((s: any) => s.id), [...sessions.map((s: any) => s.id)].sort((a: number, b: number) => a - b), 'oldest first');
  assert.is(sessions.at(-1).id, Number(id));
  assert.is(sessions.at(-1).trigger, 'Manual', 'started by a shell');
  assert.is((await svc.api('/api/v1/restorePoints')).body.data.map((p: any) => p.type).join(','), 'Full,Increment');
});

test('a schedule set from a shell: the service starts the job by itself (Trigger Schedule) and logs it', async () => {
  const before = (await svc.api('/api/v1/sessions')).body.data.length;
  assert.is(folder.vbrs('Set-JobSchedule -Job J -Periodically 1s | Out-Null').stderr, '');
  const job = (await svc.api('/api/v1/jobs/J')).body;
  assert.match(job.schedule, /1 second|00:00:01|1s/i);
  assert.is(typeof job.nextRun, 'string');
  let scheduled: any;
  for (const deadline = Date.now() + 600_000; Date.now() < deadline && !scheduled; ) {
    await new Promise((r) => setTimeout(r, 100));
    scheduled = (await svc.api('/api/v1/sessions?jobName=J')).body.data.slice(before).find((s: any) => s.trigger === 'Schedule');
  }
  assert.ok(scheduled, 'a scheduled run started');
  assert.is(folder.vbrs('Remove-JobSchedule -Job J').stderr, '');
  for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
    const all = (await svc.api('/api/v1/sessions')).body.data;
    if (all.every((s: any) => s.state === 'Stopped')) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const done = (await svc.api(`/api/v1/sessions/${scheduled.id}`)).body;
  assert.is(done.result, 'Success', JSON.stringify(done.log));
  assert.match(svc.stdout, new RegExp(`vbrs service: J: scheduled run started \\(session ${scheduled.id}\\)`));
});

test('a second service on the same data folder exits 1 naming the first one', () => {
  const second = folder.serviceRun(['--listen', '127.0.0.1:0']);
  assert.is(second.status, 1);
  assert.is(second.stdout, '');
  const lines = second.stderr.trimEnd().split('\n');
  assert.is(lines.length, 1, second.stderr);
  assert.match(lines[0]!, new RegExp(`^vbrs service: the data folder .* already has a vbrs service \\(pid ${svc.child.pid}, at ${svc.url.replace(/\./g, '\\.')}\\)`));
});

test.run();
