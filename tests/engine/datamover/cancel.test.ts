// Cancelling a running transfer: a clear VBRS_CANCELLED, no partial restore point visible, the
// temporary folder gone, and the chain exactly as before.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import type { WorkerRequest } from '../../../src/engine/datamover/worker-protocol.ts';
import { randomBytes, sha256File, removeTempDirsAfter, tempDir } from './fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile, restoreHash } from './fixtures/backup-harness.ts';

const MiB = 1 << 20;
const pool = new DataMoverPool(2);
test.after(() => pool.close());

test('cancel mid-run: VBRS_CANCELLED, nothing visible, earlier point intact', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(1, 2 * MiB));
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const first = await backupFile(repo, pool, img, { kind: 'full' });
  const firstHash = sha256File(img);
  fs.writeFileSync(img, randomBytes(2, 8 * MiB));
  const ac = new AbortController();
  // The throttle makes the run long enough (8 MiB at 2 MiB/s) that the abort lands mid-transfer.
  const run = backupFile(repo, pool, img, { kind: 'full' }, { throttle: 2 * MiB, signal: ac.signal, compression: 'None' });
  setTimeout(() => ac.abort(), 300);
  try {
    await run;
    assert.unreachable('the cancelled backup must not commit');
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_CANCELLED'), String(e));
    assert.match((e as Error).message, /disk0.*cancelled/);
  }
  const chain = await repo.chain('Nightly', 'web01');
  assert.equal(chain.map((p) => p.id), [first.point.id]);
  assert.equal(fs.readdirSync(path.join(dir, 'repo', 'Nightly', 'web01')).sort(), [first.point.id, 'chain.json'].sort());
  assert.is(await restoreHash(repo, pool, chain[0]!, path.join(dir, 'out')), firstHash);
});

test('an already aborted signal cancels before any work', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(3, MiB));
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  try {
    await backupFile(repo, pool, img, { kind: 'full' }, { signal: AbortSignal.abort() });
    assert.unreachable();
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_CANCELLED'), String(e));
  }
  assert.equal(await repo.chain('Nightly', 'web01'), []);
});

test('a cancelled restore stops with VBRS_CANCELLED and leaves no image', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(6, 4 * MiB));
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const { point } = await backupFile(repo, pool, img, { kind: 'full' });
  const { restorePointToFiles } = await import('../../../src/engine/datamover/restore-point-to-files.ts');
  try {
    await restorePointToFiles(repo, point, path.join(dir, 'out'), { pool, signal: AbortSignal.abort() });
    assert.unreachable();
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_CANCELLED'), String(e));
  }
  assert.not.ok(fs.existsSync(path.join(dir, 'out', 'web01', 'disk0.img')));
});

test('a data mover pool that is gone fails the transfer with one clear error', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(5, MiB));
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const dead = new DataMoverPool(1);
  await dead.close();
  try {
    await backupFile(repo, dead, img, { kind: 'full' });
    assert.unreachable();
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_IO'), String(e));
    assert.match((e as Error).message, /disk0.*worker lost/);
  }
  assert.equal(await repo.chain('Nightly', 'web01'), []);
});

test('closing a pool under running requests rejects them instead of leaving them pending', async () => {
  const small = new DataMoverPool(1);
  const request: WorkerRequest = { op: 'records', outPath: null, verify: 'fast', records: [] };
  const inFlight = small.run(request);
  const queued = small.run(request);
  const settled = Promise.allSettled([inFlight, queued]);
  assert.is(small.workerCount, 1);
  await small.close();
  assert.equal((await settled).map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'resolved')), ['data mover pool is closed', 'data mover pool is closed']);
  assert.ok(small.isClosed);
  assert.is(small.workerCount, 0);
});

test.run();
