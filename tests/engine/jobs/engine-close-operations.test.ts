// Engine.close() while a health check or a restore runs: both are the engine's own runs, so close()
// stops them the way it stops job sessions and waits for them — the health check's session is saved
// Stopped/Failed with the engine's closing in its log, and a stopped restore keeps no image at all
// (not even the disks it had finished), so nothing partial passes for a finished restore.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { BackupRepository } from '../../../src/engine/repository/index.ts';
import { backedUpEngine } from './fixtures/backed-up-engine.ts';

const backedUp = () => backedUpEngine('vbrs-close-ops-');

test('close() stops a running health check, waits for it, and its session is saved as stopped by the engine', async () => {
  const { engine, home } = await backedUp();
  const h = engine.healthChecks.start('J');
  assert.is(engine.operations.activeCount, 1, 'the engine knows the check runs');
  await engine.close();

  assert.equal([h.session.Kind, h.session.State, h.session.Result], ['HealthCheck', 'Stopped', 'Failed']);
  const log = h.session.Log.map((l) => l.Text);
  assert.ok(log.includes('Stop requested: the engine is closing'), log.join('\n'));
  assert.ok(log.includes('Health check stopped: the engine was closed'), log.join('\n'));
  assert.not.ok(log.some((l) => /can no longer be saved|worker lost|pool is closed/.test(l)), 'settled before the catalog and workers went away');

  const again = Engine.open({ home });
  const stored = again.sessions.get(h.id);
  assert.equal([stored.Kind, stored.State, stored.Result], ['HealthCheck', 'Stopped', 'Failed']);
  assert.ok(stored.Log.some((l) => l.Text === 'Health check stopped: the engine was closed'));
  await again.close();
});

test('a health check that runs to its end on an open engine still reports Success', async () => {
  const { engine } = await backedUp();
  const events: string[] = [];
  engine.events.on('event', (e) => events.push(e.kind));
  const s = await engine.healthChecks.start('J').done;
  assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  assert.match(s.Log.at(-1)!.Text, /^Checked 1 restore point\(s\), \d+ record\(s\), 16777216 bytes: 0 mismatch\(es\)$/);
  assert.ok(events.includes('session-started') && events.includes('session-finished'), 'its events reach engine.events');
  await engine.close();
});

test('the caller\'s signal stops a health check as the user\'s stop', async () => {
  const { engine } = await backedUp();
  const s = await engine.healthChecks.start('J', { signal: AbortSignal.abort() }).done;
  assert.is(s.Result, 'Failed');
  assert.ok(s.Log.some((l) => l.Text === 'Health check stopped by the user'), s.Log.map((l) => l.Text).join('\n'));
  await engine.close();
});

test('close() during a restore stops it and removes every image it wrote, the finished disk too', async () => {
  const { engine, home } = await backedUp();
  const repo = await BackupRepository.open(join(home, 'repo'));
  const [point] = await repo.chain('J', 'big');
  const out = join(home, 'out');
  let closing: Promise<void> | null = null;
  const run = engine.restores.restore(repo, point!, out, {
    // The first image is complete on disk when its last bytes are reported written.
    onProgress: (e) => {
      if (e.kind === 'restore-disk' && e.disk === 'disk1' && e.writtenBytes === e.totalBytes && !closing) {
        assert.ok(existsSync(e.file));
        closing = engine.close();
      }
    },
  });
  const error = await run.then(() => null, (e: unknown) => e);
  assert.ok(closing !== null, 'the engine was closed mid-restore');
  await closing;
  assert.ok(isEngineError(error, 'VBRS_CANCELLED'), String(error));
  assert.match((error as Error).message, /^Restore of restore point '.+' was cancelled \(stopped: the engine was closed\); no image was kept\.$/);
  assert.not.ok(existsSync(join(out, 'big')), `nothing left: ${existsSync(join(out, 'big')) ? readdirSync(join(out, 'big')).join(', ') : ''}`);
});

test('a restore or a health check cannot start on a closing engine', async () => {
  const { engine, home } = await backedUp();
  const repo = await BackupRepository.open(join(home, 'repo'));
  const [point] = await repo.chain('J', 'big');
  const h = engine.healthChecks.start('J');
  const closing = engine.close();
  const error = await engine.restores.restore(repo, point!, join(home, 'out')).then(() => null, (e: unknown) => e);
  assert.ok(isEngineError(error, 'VBRS_CLOSED'), String(error));
  assert.match((error as Error).message, /^The engine is closing; the restore of restore point '.+' was not started\.$/);
  assert.throws(() => engine.healthChecks.start('J'), (e: Error) => /^The engine is closing; the health check of job 'J' was not started\.$/.test(e.message));
  await closing;
  assert.is(h.session.State, 'Stopped');
});

test.run();
