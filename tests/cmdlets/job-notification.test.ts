// Set-JobNotification against a node:http listener the test starts: an ended session is POSTed as
// the JSON `GET /api/v1/sessions/{id}` returns; -OnFailureOnly posts only Failed sessions; a dead or
// failing webhook is tried twice and leaves a Warning line in the session log while the session's
// Result stays what the backup made it; a `vbrs` process posts before it exits; bad input is one line.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { VbrsSession, root } from './vbrs-session.ts';
import { childEnv } from '../child-env.ts';
import { sessionJson } from '../../src/engine/index.ts';
import type { Engine } from '../../src/engine/engine.ts';

const LAB = [
  'Add-ViHost h | Out-Null',
  'Add-Datastore -Name d -Host h | Out-Null',
  'Add-VM -Name v1 -Host h -Datastore d -GuestOS Windows -DiskSize 4MB | Out-Null',
  'Add-Repository -Name r -Path ./r | Out-Null',
  'Add-Proxy -Name p | Out-Null',
  'Add-Job -Name J -VM v1 -Repository r | Out-Null',
].join('; ');

interface Post {
  url: string;
  contentType: string | undefined;
  body: any;
}
const posts: Post[] = [];
/** Status the listener answers /hook with (a test sets 500 to see the retry). */
let status = 200;

const server: Server = createServer((req, res) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    posts.push({ url: req.url!, contentType: req.headers['content-type'], body: text ? JSON.parse(text) : null });
    res.statusCode = status;
    res.end('ok');
  });
});
let hook = '';

test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
test.after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function lab(): Promise<VbrsSession> {
  const s = new VbrsSession();
  const r = await s.run(LAB);
  assert.is(r.stderr, '');
  return s;
}

const engineOf = (s: VbrsSession) => s.shell.session.services.engine as Engine;

test('an ended session is posted as the API JSON; Get-Job shows the notification; the log says it was posted', async () => {
  const s = await lab();
  try {
    posts.length = 0;
    status = 200;
    const set = await s.run(`Set-JobNotification -Job j -Webhook '${hook}' -PassThru | ForEach-Object Notification; (Get-Job J).Notification`);
    assert.is(set.stderr, '');
    assert.is(set.stdout, `${hook} (every session)\n${hook} (every session)\n`);
    const run = await s.run('$s = Start-Job -Name J; $s.Result');
    assert.is(run.stdout, 'Success\n');
    await engineOf(s).jobs.notifications.settled();
    assert.is(posts.length, 1);
    const [post] = posts;
    assert.is(post!.url, '/hook');
    assert.is(post!.contentType, 'application/json');
    // exactly what GET /api/v1/sessions/{id} gives for the ended session (before the notification's own log line)
    const saved = engineOf(s).sessions.list({ id: post!.body.id })[0]!;
    const expected = sessionJson({ ...saved, Log: saved.Log.slice(0, -1) });
    assert.equal(post!.body, JSON.parse(JSON.stringify(expected)));
    assert.is(post!.body.jobName, 'J');
    assert.is(post!.body.result, 'Success');
    assert.is(post!.body.state, 'Stopped');
    const log = await s.run(`(Get-Session -Job J -Last 1).Log[-1].Text; (Get-Session -Job J -Last 1).Result`);
    assert.is(log.stdout, `Notification posted to ${hook} (HTTP 200)\nSuccess\n`);
  } finally {
    await s.close();
  }
});

test('a health check of the job is one of its sessions: it is posted too', async () => {
  const s = await lab();
  try {
    posts.length = 0;
    status = 200;
    await s.run(`Set-JobNotification -Job J -Webhook '${hook}'; Start-Job -Name J | Out-Null`);
    const check = await s.run('(Start-HealthCheck -Job J).Result');
    assert.is(check.stdout, 'Success\n');
    await engineOf(s).jobs.notifications.settled();
    assert.equal(posts.map((p) => `${p.body.kind} ${p.body.result}`), ['Backup Success', 'HealthCheck Success']);
  } finally {
    await s.close();
  }
});

test('-OnFailureOnly posts Failed sessions only', async () => {
  const s = await lab();
  try {
    posts.length = 0;
    status = 200;
    await s.run(`Set-JobNotification -Job J -Webhook '${hook}' -OnFailureOnly`);
    assert.is((await s.run('(Get-Job J).Notification')).stdout, `${hook} (Failed sessions)\n`);
    assert.is((await s.run('(Start-Job -Name J).Result')).stdout, 'Success\n');
    await engineOf(s).jobs.notifications.settled();
    assert.is(posts.length, 0, 'a successful session is not posted');
    // a pre-freeze hook that throws fails the VM, so the session fails
    const failed = await s.run(`Set-GuestProcessing -Job J -Enable -PreFreezeScript { throw 'quiesce failed' } | Out-Null; (Start-Job -Name J).Result`);
    assert.is(failed.stdout, 'Failed\n');
    await engineOf(s).jobs.notifications.settled();
    assert.is(posts.length, 1);
    assert.is(posts[0]!.body.result, 'Failed');
  } finally {
    await s.close();
  }
});

test("a dead webhook or an HTTP error is tried twice, then a Warning in the log; the session's Result is unchanged", async () => {
  const s = await lab();
  try {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/gone`;
    await new Promise((resolve) => dead.close(resolve));
    await s.run(`Set-JobNotification -Job J -Webhook '${deadUrl}'`);
    const r = await s.run('$s = Start-Job -Name J; $s.Result');
    assert.is(r.stdout, 'Success\n');
    assert.is(r.stderr, '');
    await engineOf(s).jobs.notifications.settled();
    const log = await s.run(`$l = (Get-Session -Job J -Last 1).Log[-1]; $l.Severity; $l.Text; (Get-Session -Job J -Last 1).Result`);
    const [severity, text, result] = log.stdout.trimEnd().split('\n');
    assert.is(severity, 'Warning');
    assert.match(text!, new RegExp(`^Notification to ${deadUrl} failed: .*ECONNREFUSED.* \\(tried twice\\); the session's result is unchanged$`));
    assert.is(result, 'Success');

    posts.length = 0;
    status = 500;
    await s.run(`Set-JobNotification -Job J -Webhook '${hook}'`);
    await s.run('Start-Job -Name J | Out-Null');
    await engineOf(s).jobs.notifications.settled();
    assert.is(posts.length, 2, 'one retry');
    const after = await s.run('(Get-Session -Job J -Last 1).Log[-1].Text; (Get-Session -Job J -Last 1).Result');
    assert.is(after.stdout, `Notification to ${hook} failed: HTTP 500 Internal Server Error (tried twice); the session's result is unchanged\nSuccess\n`);
  } finally {
    status = 200;
    await s.close();
  }
});

test('a `vbrs -c` run posts its session before the process exits', async () => {
  const s = await lab();
  try {
    posts.length = 0;
    status = 200;
    await s.run(`Set-JobNotification -Job J -Webhook '${hook}'`);
    // async spawn: this process must keep serving the listener while the child runs
    const child = spawn(join(root, 'bin', 'vbrs'), ['-c', 'Start-Job -Name J | Out-Null'], { cwd: s.home, env: childEnv({ VBRS_HOME: s.home, NO_COLOR: '1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.is(stderr, '');
    assert.is(code, 0);
    assert.is(posts.length, 1);
    assert.is(posts[0]!.body.result, 'Success');
    assert.match((await s.run('(Get-Session -Job J -Last 1).Log[-1].Text')).stdout, /^Notification posted to /);
  } finally {
    await s.close();
  }
});

test('bad input is one line and changes nothing; -Disable removes the notification', async () => {
  const s = await lab();
  try {
    const bad = await s.run(`Set-JobNotification -Job J -Webhook 'ftp://x/y'`);
    assert.is(bad.stderr.split('\n')[0], "<command>:1:1: Set-JobNotification: Webhook 'ftp://x/y' for job 'J' is not an http:// or https:// URL.");
    const none = await s.run(`Set-JobNotification -Job Nope -Webhook '${hook}'`);
    assert.match(none.stderr, /^<command>:1:1: Set-JobNotification: Job 'Nope' was not found\.\n/);
    assert.is((await s.run('$null -eq (Get-Job J).Notification')).stdout, 'True\n');
    await s.run(`Set-JobNotification -Job J -Webhook '${hook}'`);
    const off = await s.run('Set-JobNotification -Job J -Disable; $null -eq (Get-Job J).Notification');
    assert.is(off.stdout, 'True\n');
    const again = await s.run('Set-JobNotification -Job J -Disable');
    assert.match(again.stderr, /^<command>:1:1: Set-JobNotification: Job 'J' has no notification\.\n/);
    const both = await s.run(`Set-JobNotification -Job J -Webhook '${hook}' -Disable`);
    assert.match(both.stderr, /Parameter set cannot be resolved/);
  } finally {
    await s.close();
  }
});

test.run();
