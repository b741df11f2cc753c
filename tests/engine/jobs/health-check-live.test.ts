// A running health check is a live session like a running backup: engine.sessions returns its live
// record (State Working, Progress and ReadBytes moving, one task per VM disk) rather than the last
// catalog write, what it returns after the end is what the catalog kept, and stopping the job
// (engine.jobs.stop, Stop-Job) stops its health check as the user's stop.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine.ts';
import type { SessionEvent } from '../../../src/engine/jobs/index.ts';
import { backedUpEngine } from './fixtures/backed-up-engine.ts';

const MiB = 1024 * 1024;

const backedUp = () => backedUpEngine('vbrs-hc-live-');

const pick = (s: { State: string; Result: string; Progress: number; ReadBytes: number; TransferredBytes: number; Kind: string }) =>
  [s.Kind, s.State, s.Result, s.Progress, s.ReadBytes, s.TransferredBytes];

test('while a health check runs, engine.sessions gives its live record: Working, with Progress and ReadBytes moving', async () => {
  const { engine, home } = await backedUp();
  const h = engine.healthChecks.start('J');
  const seen: { state: string; progress: number; read: number; same: boolean; listed: boolean }[] = [];
  h.events.on('event', (e: SessionEvent) => {
    if (e.kind !== 'task-progress') return;
    const s = engine.sessions.get(h.id);
    const listed = engine.sessions.list({ job: 'J' }).some((x) => x === h.session);
    seen.push({ state: s.State, progress: s.Progress, read: s.ReadBytes, same: s === h.session, listed });
  });
  const end = await h.done;
  assert.is(end.Result, 'Success', end.Log.map((l) => l.Text).join('\n'));
  assert.ok(seen.length >= 2, `progress was reported while it ran (${seen.length} event(s))`);
  assert.ok(seen.every((x) => x.state === 'Working' && x.same && x.listed), 'the live record, in get() and list()');
  assert.ok(seen.every((x, i) => i === 0 || (x.read >= seen[i - 1]!.read && x.progress >= seen[i - 1]!.progress)), 'never goes back');
  assert.is(seen[0]!.read, 0, 'every task is reported at 0% before the first read (a panel knows the whole check)');
  assert.ok(seen.some((x) => x.read > 0 && x.read < 16 * MiB), `read bytes move: ${seen.map((x) => x.read).join(',')}`);
  assert.ok(seen.some((x) => x.progress > 0 && x.progress < 100), `progress moves: ${seen.map((x) => x.progress).join(',')}`);

  assert.equal(pick(end), ['HealthCheck', 'Stopped', 'Success', 100, 16 * MiB, 0]);
  const tasks = engine.sessions.tasks(h.id);
  assert.equal(tasks.map((t) => [t.VM, t.Disk, t.Status, t.ReadBytes, t.TotalBytes]), [
    ['big', 'disk1', 'Success', 8 * MiB, 8 * MiB],
    ['big', 'disk2', 'Success', 8 * MiB, 8 * MiB],
  ]);
  await engine.close();

  // What the live record said at the end is what the catalog kept.
  const again = Engine.open({ home });
  assert.equal(pick(again.sessions.get(h.id)), pick(end));
  assert.equal(again.sessions.tasks(h.id).map((t) => [t.VM, t.Disk, t.Status, t.ReadBytes, t.TotalBytes]), tasks.map((t) => [t.VM, t.Disk, t.Status, t.ReadBytes, t.TotalBytes]));
  await again.close();
});

test('a mismatch fails the task of the disk it is on; the other disk\'s task succeeds', async () => {
  const { engine, home } = await backedUp();
  const { BackupRepository } = await import('../../../src/engine/repository/index.ts');
  const repo = await BackupRepository.open(join(home, 'repo'));
  const [point] = await repo.chain('J', 'big');
  const { dataFile } = await import('../../../src/engine/repository/repository-format.ts');
  const { openSync, readSync, writeSync, closeSync } = await import('node:fs');
  const fd = openSync(join(home, 'repo', dataFile(point!.dir, 'disk2')), 'r+');
  const b = Buffer.alloc(8);
  readSync(fd, b, 0, 8, 4096);
  for (let i = 0; i < b.length; i++) b[i] = b[i]! ^ 0xff;
  writeSync(fd, b, 0, 8, 4096);
  closeSync(fd);
  const end = await engine.healthChecks.start('J').done;
  assert.is(end.Result, 'Failed');
  assert.equal(engine.sessions.tasks(end.Id).map((t) => [t.Disk, t.Status]), [['disk1', 'Success'], ['disk2', 'Failed']]);
  await engine.close();
});

test('engine.jobs.stop stops the job\'s running health check as the user\'s stop', async () => {
  const { engine } = await backedUp();
  const h = engine.healthChecks.start('J');
  let stopping: Promise<unknown> | null = null;
  h.events.on('event', (e: SessionEvent) => {
    if (e.kind === 'task-progress' && !stopping) stopping = engine.jobs.stop('J');
  });
  const end = await h.done;
  assert.ok(stopping, 'stopped while it ran');
  const stopped = (await stopping) as { Id: number } | null;
  assert.is(stopped?.Id, h.id, 'stop() returns the stopped session');
  assert.equal([end.State, end.Result], ['Stopped', 'Failed']);
  const log = end.Log.map((l) => l.Text);
  assert.ok(log.includes('Stop requested by the user'), log.join('\n'));
  assert.ok(log.includes('Health check stopped by the user'), log.join('\n'));
  assert.is(engine.jobs.live(h.id), null, 'no longer live once ended');
  assert.is(await engine.jobs.stop('J'), null, 'nothing left to stop');
  await engine.close();
});

test('Stop-Job from another process (another engine on the same catalog) stops a running health check', async () => {
  const { engine, home } = await backedUp();
  const h = engine.healthChecks.start('J');
  const other = Engine.open({ home });
  const stopped = await other.jobs.stop('J');
  const end = await h.done;
  assert.is(stopped?.Id, h.id);
  assert.equal([stopped?.State, stopped?.Result], ['Stopped', 'Failed']);
  assert.equal([end.State, end.Result], ['Stopped', 'Failed']);
  assert.ok(end.Log.some((l) => l.Text === 'Health check stopped by the user'), end.Log.map((l) => l.Text).join('\n'));
  await other.close();
  await engine.close();
});

test('engine.jobs.stopAll stops running health checks too', async () => {
  const { engine } = await backedUp();
  const h = engine.healthChecks.start('J');
  await engine.jobs.stopAll();
  assert.equal([h.session.State, h.session.Result], ['Stopped', 'Failed']);
  assert.ok(h.session.Log.some((l) => l.Text === 'Health check stopped by the user'));
  await engine.close();
});

test('a job whose health check runs cannot be removed', async () => {
  const { engine } = await backedUp();
  const h = engine.healthChecks.start('J');
  assert.throws(() => engine.jobs.remove('J'), (e: Error) => e.message === `Job 'J' is running (session ${h.id}); stop it first.`);
  await h.done;
  engine.jobs.remove('J');
  assert.is(engine.jobs.find('J'), null, 'removable once the check has ended');
  await engine.close();
});

test.run();
