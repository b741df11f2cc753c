import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Catalog } from '../../../src/engine/catalog/index.ts';
import { SessionStore } from '../../../src/engine/jobs/session-store.ts';
import { LiveSession, type SessionEvent } from '../../../src/engine/jobs/live-session.ts';
import { tempDir } from '../../temp-dir.ts';

const home = tempDir('vbrs-sessions-');

test('a live session persists its log, tasks and result; a second catalog handle reads them back', async () => {
  const cat = Catalog.open({ home });
  const store = new SessionStore(cat);
  const s = new LiveSession(store, 'Nightly', 'Backup', null);
  const events: SessionEvent['kind'][] = [];
  s.events.on('event', (e) => events.push(e.kind));
  s.announce();
  s.log('Info', 'Job started');
  s.setState('Working');
  const t0 = s.addTask('web01', 'disk0', 1000);
  const t1 = s.addTask('web01', 'disk1', 3000);
  s.startTask(t0);
  s.taskLog(t0, 'Info', 'Using backup proxy px01 for disk0 [NBD]');
  s.taskProgress(t0, 400, 100, 500);
  assert.is(s.info.Progress, 12);
  s.finishTask(t0, 'Success');
  s.startTask(t1);
  s.taskProgress(t1, 3000, 800, 3000);
  s.finishTask(t1, 'Warning');
  const done = s.finish();
  assert.is(done.Result, 'Warning');
  assert.is(done.State, 'Stopped');
  assert.is(done.ReadBytes, 3400);
  assert.is(done.TransferredBytes, 900);
  assert.is(await s.done, done);
  assert.ok(events[0] === 'session-started' && events.includes('task-progress') && events.at(-1) === 'session-finished');
  cat.close();

  const again = new SessionStore(Catalog.open({ home }));
  const [row] = again.list({ job: 'nightly', last: true });
  assert.ok(row);
  assert.is(row.Id, s.id);
  assert.is(row.Result, 'Warning');
  assert.is(row.Duration, done.Duration);
  assert.equal(row.Log.map((l) => l.Text), ['Job started']);
  const tasks = again.tasks(s.id);
  assert.equal(tasks.map((t) => [t.Disk, t.Status, t.ReadBytes]), [['disk0', 'Success', 400], ['disk1', 'Warning', 3000]]);
  assert.equal(tasks[0]!.Log.map((l) => l.Text), ['Using backup proxy px01 for disk0 [NBD]']);
});

test('Failed wins over Warning; a session with no failed tasks but a warning line is Warning', () => {
  const store = new SessionStore(Catalog.open({ home }));
  const a = new LiveSession(store, 'J', 'Backup', null);
  a.finishTask(a.addTask('v', 'd0', 1), 'Warning');
  a.finishTask(a.addTask('v', 'd1', 1), 'Failed');
  assert.is(a.finish().Result, 'Failed');
  const b = new LiveSession(store, 'J', 'Backup', null);
  b.finishTask(b.addTask('v', 'd0', 1), 'Success');
  b.log('Warning', 'something to look at');
  assert.is(b.finish().Result, 'Warning');
  const c = new LiveSession(store, 'J', 'Backup', null);
  c.finishTask(c.addTask('v', 'd0', 1), 'Success');
  assert.is(c.finish().Result, 'Success');
  assert.equal(store.list({ job: 'J' }).map((s) => s.Result), ['Failed', 'Warning', 'Success']);
  assert.is(store.list({ id: b.id })[0]!.JobName, 'J');
});

test('sessions left running by a dead process are closed as Failed with a log line', () => {
  const store = new SessionStore(Catalog.open({ home }));
  const s = new LiveSession(store, 'Crashy', 'Backup', null);
  s.setState('Working');
  store.closeAbandoned(new Date(), () => false);
  const other = new LiveSession(store, 'Alive', 'Backup', null);
  store.closeAbandoned(new Date());
  assert.is(store.list({ id: other.id })[0]!.State, 'Starting', 'a session of a live process is left alone');
  const [row] = store.list({ id: s.id });
  assert.is(row!.State, 'Stopped');
  assert.is(row!.Result, 'Failed');
  assert.match(row!.Log.at(-1)!.Text, /interrupted/);
});

test("a session under this process's own pid that this process did not make is a predecessor's: closed as abandoned", () => {
  const cat = Catalog.open({ home });
  const store = new SessionStore(cat);
  const mine = new LiveSession(store, 'Mine', 'Backup', null);
  mine.setState('Working');
  // What a killed predecessor that had the same pid (PID 1 of a restarted container) left behind.
  const id = cat.run(
    `INSERT INTO job_sessions (job_name, kind, creation_time, duration, state, result, progress, read_bytes, transferred_bytes, pid, start_trigger)
     VALUES ('Before', 'Backup', ?, 0, 'Working', 'None', 0, 0, 0, ?, 'Manual')`,
    Date.now() - 60_000, process.pid,
  );
  const closed = store.closeAbandoned(new Date());
  assert.equal(closed.map((s) => s.Id), [id]);
  assert.is(store.list({ id })[0]!.Result, 'Failed');
  assert.is(store.list({ id: mine.id })[0]!.State, 'Working', "this process's own session is left alone");
  // and a second store on the same catalog in this process sees the same
  assert.equal(new SessionStore(Catalog.open({ home })).closeAbandoned(new Date()), []);
  mine.finish();
});

test('an exclusive session refuses while the job runs in another live process, and not after', () => {
  const cat = Catalog.open({ home });
  const store = new SessionStore(cat);
  const other = new LiveSession(store, 'Shared', 'Backup', null, true);
  // Pretend the session belongs to another process that is alive: our parent.
  cat.run('UPDATE job_sessions SET pid = ? WHERE id = ?', process.ppid, other.id);
  assert.throws(() => new LiveSession(store, 'shared', 'Backup', null, true), new RegExp(`Job 'shared' is already running \\(session ${other.id}\\)\\.`));
  const hc = new LiveSession(store, 'Shared', 'HealthCheck', null, true);
  assert.ok(hc.id > other.id, 'another kind of session is not blocked');
  cat.run('UPDATE job_sessions SET pid = ? WHERE id = ?', 2 ** 22 + 12345, other.id);
  const next = new LiveSession(store, 'Shared', 'Backup', null, true);
  assert.ok(next.id > other.id, 'a session of a dead process does not block');
  assert.is(store.list({ id: other.id })[0]!.Result, 'Failed');
});

test.run();
