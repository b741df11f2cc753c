// A session crash recovery closes is posted to its job's webhook, once (src/engine/recovery/
// recovery-notifications.ts). A real `bin/vbrs` process is SIGKILLed in the middle of a backup; the
// next process's engine start closes the session as Failed and POSTs it — the JSON
// `GET /api/v1/sessions/{id}` gives, with the reason in its log — to a node:http listener this test
// runs; later starts post nothing. A dead webhook is tried twice, logged, and never stops the start;
// a process killed during the post itself leaves the claim to the next one, which posts again and
// says so; a process already running posts a session it finds abandoned when it starts the job.
// A session that ended normally is in the same ledger: a process killed during its post leaves a
// Posting claim the next start posts again; one posted normally, or with no webhook, never is.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Engine } from '../../../src/engine/engine.ts';
import { killAt, spawnVbrs, vbrs } from './fixtures/vbrs-child.ts';
import { removeTempDirsAfter, tempDir } from '../../temp-dir.ts';

removeTempDirsAfter(test);

interface Post {
  url: string;
  body: any;
}
const posts: Post[] = [];
/** How the listener answers: a status, or 'hold' (no answer; the request is kept in `held`). */
let answer: number | 'hold' = 200;
const held: ServerResponse[] = [];
let arrived: (() => void) | null = null;

const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
  let text = '';
  req.on('data', (c) => (text += c));
  req.on('end', () => {
    posts.push({ url: req.url!, body: JSON.parse(text) });
    arrived?.();
    if (answer === 'hold') return void held.push(res);
    res.statusCode = answer;
    res.end('ok');
  });
});
let hook = '';

test.before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
test.after(async () => {
  for (const res of held.splice(0)) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A data folder with job J (one VM) whose sessions are posted to `url`, and job K with no webhook. */
async function lab(url: string): Promise<string> {
  const home = tempDir('vbrs-recovery-notify-');
  await vbrs(home, `
Add-ViHost -Name esx01 | Out-Null
Add-Datastore -Name ds01 -Host esx01 | Out-Null
Add-VM -Name web01 -Host esx01 -Datastore ds01 -GuestOS Linux -DiskSize 4MB | Out-Null
Add-Proxy -Name px01 | Out-Null
Add-Repository -Name repo01 -Path "$env:VBRS_HOME/repo" | Out-Null
Add-Job -Name J -VM web01 -Repository repo01 | Out-Null
Add-Job -Name K -VM web01 -Repository repo01 | Out-Null
Set-JobNotification -Job J -Webhook '${url}'
`);
  return home;
}

/** Kills a backup of `job` for real, mid data transfer; returns the killed session's Id. */
async function killBackup(home: string, job = 'J'): Promise<number> {
  // the guest writes first: data moves only for blocks that hold something
  await killAt(home, 'data-moving', `Start-Workload -VM web01 -ChangePercent 60 -Seed 1 | Out-Null; Start-Job -Name ${job} | Out-Null`);
  // read from the catalog without opening an engine (no recovery runs here)
  const db = new DatabaseSync(join(home, 'catalog.db'), { readOnly: true });
  try {
    const row = db.prepare(`SELECT id, state FROM job_sessions WHERE job_name = ? ORDER BY id DESC LIMIT 1`).get(job) as { id: number; state: string };
    assert.is(row.state, 'Working', 'the killed session is left Working');
    return Number(row.id);
  } finally {
    db.close();
  }
}

/** The session's log as `severity text` lines, read by a fresh process. */
async function logOf(home: string, id: number): Promise<string[]> {
  const out = await vbrs(home, `(Get-Session -Id ${id}).Log | ForEach-Object { "$($_.Severity) $($_.Text)" }`);
  return out.trimEnd().split('\n');
}

const interrupted = /^Session was interrupted: the process running it \(pid \d+\) ended before it finished$/;

test('the next engine start posts the session recovery closed, once: Result Failed, the reason in its log', async () => {
  const home = await lab(hook);
  posts.length = 0;
  answer = 200;
  const id = await killBackup(home);
  assert.is(posts.length, 0, 'nothing posted while the session was killed');

  // an engine start in a fresh process: recovery closes the session and posts it before the process exits
  assert.is(await vbrs(home, `(Get-Session -Id ${id}).Result`), 'Failed');
  assert.is(posts.length, 1);
  const { url, body } = posts[0]!;
  assert.is(url, '/hook');
  assert.is(body.id, id);
  assert.is(body.jobName, 'J');
  assert.is(body.kind, 'Backup');
  assert.is(body.state, 'Stopped');
  assert.is(body.result, 'Failed');
  assert.ok(body.endTime, 'the end time recovery gave it');
  const texts = body.log.map((l: { text: string }) => l.text);
  assert.ok(texts.some((t: string) => interrupted.test(t)), texts.join('\n'));
  // the VM snapshot the killed run left open was committed before the post: its line is in the body
  assert.ok(texts.some((t: string) => t.startsWith("Recovery: VM snapshot 'VBRS-J-")), texts.join('\n'));

  // the stored log is the posted one plus the outcome line
  const log = await logOf(home, id);
  assert.equal(log.slice(0, -1).map((l) => l.replace(/^\w+ /, '')), texts);
  assert.is(log.at(-1), `Info Notification posted to ${hook} (HTTP 200)`);

  // later starts (two more processes above and here) post nothing again
  await vbrs(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 1, 'posted once');
  assert.is((await logOf(home, id)).filter((l) => l.includes('Notification posted')).length, 1);
});

test("a job without a webhook: its recovered session is closed and nothing is posted", async () => {
  const home = await lab(hook);
  posts.length = 0;
  answer = 200;
  const id = await killBackup(home, 'K');
  assert.is(await vbrs(home, `(Get-Session -Id ${id}).Result`), 'Failed');
  assert.is(posts.length, 0);
  const log = await logOf(home, id);
  assert.not.ok(log.some((l) => l.includes('Notification')), log.join('\n'));
});

test('a dead webhook is tried twice and logged; the engine starts and the script runs; no retry at the next start', async () => {
  const home = await lab(hook);
  posts.length = 0;
  answer = 500;
  try {
    const id = await killBackup(home);
    // vbrs() asserts exit 0 and an empty stderr
    assert.is(await vbrs(home, `"started"; (Get-Session -Id ${id}).Result`), 'started\nFailed');
    assert.is(posts.length, 2, 'one retry');
    const log = await logOf(home, id);
    assert.is(log.at(-1), `Warning Notification to ${hook} failed: HTTP 500 Internal Server Error (tried twice); the session's result is unchanged`);
    assert.is(posts.length, 2, 'the next start does not post it again');
    assert.is((await logOf(home, id)).filter((l) => l.includes('Notification to')).length, 1);
  } finally {
    answer = 200;
  }
});

test('a process killed during the post: the next start posts it again and says so; then never again', async () => {
  const home = await lab(hook);
  posts.length = 0;
  const id = await killBackup(home);
  await killDuringPost(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 1);
  assert.is(posts[0]!.body.id, id);

  await vbrs(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 2, 'posted again by the next start');
  assert.is(posts[1]!.body.id, id);
  const again = posts[1]!.body.log.map((l: { text: string }) => l.text).at(-1);
  assert.match(again, postedAgain);
  assert.is((await logOf(home, id)).at(-1), `Info Notification posted to ${hook} (HTTP 200)`);
  assert.is(posts.length, 2, 'and not a third time');
});

test('a process already running posts a session it finds abandoned when it starts the job', async () => {
  const home = await lab(hook);
  posts.length = 0;
  answer = 200;
  // open before the kill: its own start has nothing to recover
  const e = Engine.open({ home });
  try {
    const id = await killBackup(home);
    assert.is(posts.length, 0);
    const next = e.jobs.start('J');
    const done = await next.done;
    assert.is(done.Result, 'Success');
    await e.jobs.notifications.settled();
    const recovered = posts.filter((p) => p.body.id === id);
    assert.is(recovered.length, 1, 'the abandoned session, posted once');
    assert.is(recovered[0]!.body.result, 'Failed');
    assert.equal(posts.map((p) => p.body.id).sort(), [id, done.Id].sort(), 'and the new session as usual');
  } finally {
    await e.close();
  }
  await vbrs(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 2);
});

test('a session a wait finds abandoned just before the engine closes is posted before the close ends', async () => {
  const home = await lab(hook);
  posts.length = 0;
  answer = 200;
  const e = Engine.open({ home });
  let id = 0;
  try {
    id = await killBackup(home);
    // The watch behind wait() closes the session as abandoned; its listeners run on the next turn,
    // and close() right after must still claim and post it rather than leave it Due.
    const s = await e.sessions.wait(id);
    assert.is(s.Result, 'Failed');
  } finally {
    await e.close();
  }
  assert.equal(posts.map((p) => p.body.id), [id], 'posted once, before close() ended');
  assert.is(ledgerOf(home, id).state, 'Posted');
});

/** The session's ledger state and claiming pid, read without opening an engine. */
function ledgerOf(home: string, id: number): { state: string | null; pid: number | null } {
  const db = new DatabaseSync(join(home, 'catalog.db'), { readOnly: true });
  try {
    const row = db.prepare('SELECT recovery_notification AS state, recovery_notification_pid AS pid FROM job_sessions WHERE id = ?').get(id) as { state: string | null; pid: number | null };
    return { state: row.state, pid: row.pid === null ? null : Number(row.pid) };
  } finally {
    db.close();
  }
}

/** Runs `script` in a process and SIGKILLs it as its first POST reaches the listener (held open); returns its pid. */
async function killDuringPost(home: string, script: string): Promise<number> {
  answer = 'hold';
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const poster = spawnVbrs(home, script);
  const ended = await Promise.race([reached.then(() => false), poster.then(() => true)]);
  arrived = null;
  assert.not.ok(ended, 'the process exited without posting');
  poster.kill('SIGKILL');
  assert.is((await poster).signal, 'SIGKILL');
  for (const res of held.splice(0)) res.destroy();
  answer = 200;
  return poster.pid!;
}

const postedAgain = /^Recovery: the process posting this session's notification \(pid (\d+)\) ended before it recorded the outcome; posting it again$/;

test('a session that ended normally, its process killed during the post: the next start posts it again and says so; then never again', async () => {
  const home = await lab(hook);
  posts.length = 0;
  const pid = await killDuringPost(home, 'Start-Job -Name J | Out-Null');
  assert.is(posts.length, 1);
  const first = posts[0]!.body;
  assert.is(first.jobName, 'J');
  assert.is(first.state, 'Stopped');
  assert.is(first.result, 'Success', 'the session itself had ended normally');
  // the statement that ended it claimed the post for the killed process
  assert.equal(ledgerOf(home, first.id), { state: 'Posting', pid });

  await vbrs(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 2, 'posted again by the next start');
  const again = posts[1]!.body;
  assert.is(again.id, first.id);
  assert.is(again.result, 'Success', 'the session is not touched: no recovery close, same result');
  const note = again.log.map((l: { text: string }) => l.text).at(-1);
  assert.match(note, postedAgain);
  assert.is(Number(postedAgain.exec(note)![1]), pid);
  assert.not.ok(again.log.some((l: { text: string }) => l.text.startsWith('Session was interrupted')), 'it ended normally: no interruption line');
  assert.is((await logOf(home, first.id)).at(-1), `Info Notification posted to ${hook} (HTTP 200)`);
  assert.is(ledgerOf(home, first.id).state, 'Posted');
  await vbrs(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 2, 'and not a third time');
});

test("a claim under this process's own pid that this process did not make (a predecessor with the same pid) is posted again", async () => {
  const home = await lab(hook);
  posts.length = 0;
  answer = 200;
  const id = Number((await vbrs(home, '(Start-Job -Name J).Id')).trim());
  assert.is(posts.length, 1);
  // As a predecessor that had this pid (PID 1 of a restarted container) would leave it, killed mid-post.
  const db = new DatabaseSync(join(home, 'catalog.db'));
  db.prepare(`UPDATE job_sessions SET recovery_notification = 'Posting', recovery_notification_pid = ? WHERE id = ?`).run(process.pid, id);
  db.close();
  const e = Engine.open({ home });
  try {
    await e.jobs.notifications.settled();
  } finally {
    await e.close();
  }
  assert.equal(posts.map((p) => p.body.id), [id, id], 'posted again by this process, which did not claim it');
  assert.is(ledgerOf(home, id).state, 'Posted');
});

test('a session posted normally, and one with no webhook: neither is posted again by later starts', async () => {
  const home = await lab(hook);
  posts.length = 0;
  answer = 200;
  const ids = (await vbrs(home, '(Start-Job -Name J).Id; (Start-Job -Name K).Id')).trim().split('\n').map(Number);
  assert.is(posts.length, 1, 'J posted as it ended; K has no webhook');
  assert.is(posts[0]!.body.id, ids[0]);
  assert.is(ledgerOf(home, ids[0]!).state, 'Posted');
  assert.equal(ledgerOf(home, ids[1]!), { state: null, pid: null }, 'no claim for a session without a webhook');
  await vbrs(home, 'Get-Session | Out-Null');
  await vbrs(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 1);
  assert.is((await logOf(home, ids[0]!)).filter((l) => l.includes('Notification posted')).length, 1);
});

test('a notification made OnFailureOnly before the next start: a successful session its killed process was posting is not posted again', async () => {
  const home = await lab(hook);
  posts.length = 0;
  await killDuringPost(home, 'Start-Job -Name J | Out-Null');
  const id = posts[0]!.body.id;
  // changed by another tool while no engine runs (Set-JobNotification would start one, which posts first)
  const db = new DatabaseSync(join(home, 'catalog.db'));
  try {
    db.prepare(`UPDATE job_notifications SET on_failure_only = 1 WHERE job_name = 'J'`).run();
  } finally {
    db.close();
  }
  await vbrs(home, 'Get-Session | Out-Null');
  assert.is(posts.length, 1);
  assert.is(ledgerOf(home, id).state, 'None');
});

test.run();
