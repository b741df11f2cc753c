// Engine.close() while a job session runs: the session is stopped the way Stop-Job stops it (Failed,
// a log line naming the engine's closing), close() waits until it has settled — VM snapshot removed,
// no partial restore point left in the repository, data mover workers gone — and only then closes the
// catalog, so the ended session is what a later process reads.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine.ts';
import { BackupRepository } from '../../../src/engine/repository/index.ts';
import { pattern } from './fixtures/job-lab.ts';
import { tempDir } from '../../temp-dir.ts';

const MiB = 1024 * 1024;

/** A 12 MiB VM behind a 4 MiB/s throttle: its backup is still transferring when the test closes the engine. */
function slowJobEngine(): { engine: Engine; home: string } {
  const home = tempDir('vbrs-close-');
  process.env.VBRS_HOME = home;
  const engine = Engine.open({ home });
  engine.hosts.add({ Name: 'esx01' });
  engine.datastores.add({ Name: 'ds01', Host: 'esx01' });
  engine.vms.add({ Name: 'big', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [12 * MiB] });
  engine.vms.disk('big', 'disk1').write(0, pattern(12 * MiB, 70));
  engine.proxies.add({ Name: 'px01' });
  engine.repositories.add({ Name: 'repo01', Path: join(home, 'repo') });
  engine.throttling.add({ Name: 'slow', Source: '*', Target: 'repo01', Limit: 4 * MiB });
  engine.jobs.add({ Name: 'J', VMs: ['big'], Repository: 'repo01', Compression: 'None' });
  return { engine, home };
}

test('close() stops a running session, waits for it to settle, then closes the catalog', async () => {
  const { engine, home } = slowJobEngine();
  const h = engine.jobs.start('J');
  await new Promise<void>((resolve) => h.events.on('event', (e) => e.kind === 'task-progress' && e.progress < 100 && resolve()));
  assert.ok(engine.vms.getSnapshot('big') !== null, 'the VM snapshot is open while the disk is read');
  assert.ok(engine.dataMovers.workerCount > 0, 'the backup runs on the engine\'s data mover workers');

  await engine.close();

  // Settled before close() returned: the live record is final.
  assert.is(h.session.State, 'Stopped');
  assert.is(h.session.Result, 'Failed');
  assert.ok(engine.dataMovers.isClosed, 'the engine\'s data mover workers were terminated');
  assert.is(engine.dataMovers.workerCount, 0);
  const log = h.session.Log.map((l) => l.Text).join('\n');
  assert.match(log, /Stop requested: the engine is closing/);
  assert.match(h.tasks[0]!.Log.map((l) => l.Text).join('\n'), /Stopped: the engine was closed/);
  assert.not.match(log, /can no longer be saved to the catalog/, 'nothing was written after the catalog closed');

  // A later process sees the stopped session, no VM snapshot and no restore point, whole or partial.
  const again = Engine.open({ home });
  const stored = again.sessions.get(h.id);
  assert.is(stored.State, 'Stopped');
  assert.is(stored.Result, 'Failed');
  assert.match(stored.Log.map((l) => l.Text).join('\n'), /Stop requested: the engine is closing/);
  assert.is(again.sessions.tasks(h.id)[0]!.Status, 'Failed');
  assert.is(again.vms.getSnapshot('big'), null);
  const repo = await BackupRepository.open(join(home, 'repo'));
  assert.equal(await repo.chain('J', 'big'), []);
  // Objects of a point live in <job>/<vm>/<point>/…; with no committed point there must be none.
  const leftovers = (await repo.backend.list('')).map((o) => o.key).filter((k) => k.split('/').length > 3);
  assert.equal(leftovers, [], 'no half-written point folder remains');
  // The job is free to run again in the new engine.
  assert.is(again.jobs.running('J'), null);
  await again.close();
});

test('close() right after start(), before the session took its first step, still ends it cleanly', async () => {
  const { engine, home } = slowJobEngine();
  const h = engine.jobs.start('J');
  await engine.close();
  assert.equal([h.session.State, h.session.Result], ['Stopped', 'Failed']);
  assert.not.match(h.session.Log.map((l) => l.Text).join('\n'), /can no longer be saved/);
  const again = Engine.open({ home });
  assert.equal([again.sessions.get(h.id).State, again.sessions.get(h.id).Result], ['Stopped', 'Failed']);
  assert.is(again.vms.getSnapshot('big'), null);
  await again.close();
});

test('close() with nothing running closes the catalog before it returns; closing twice is harmless', async () => {
  const { engine } = slowJobEngine();
  const closing = engine.close();
  assert.throws(() => engine.jobs.list(), (e: Error) => /^Catalog '.*' is closed \(the engine was closed\)\.$/.test(e.message));
  await closing;
  await engine.close();
});

test('a job cannot start on a closing engine', async () => {
  const { engine } = slowJobEngine();
  const h = engine.jobs.start('J');
  await new Promise<void>((resolve) => h.events.on('event', (e) => e.kind === 'task-started' && resolve()));
  const closing = engine.close();
  engine.jobs.add({ Name: 'K', VMs: ['big'], Repository: 'repo01' });
  assert.throws(() => engine.jobs.start('K'), (e: Error) => /The engine is closing; job 'K' was not started\./.test(e.message));
  await closing;
});

test.run();
