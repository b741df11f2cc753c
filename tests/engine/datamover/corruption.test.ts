// A damaged block in the repository: the health check names the point, disk and block; a restore
// that needs it fails with VBRS_CORRUPT_BLOCK and leaves no image behind; other points still restore.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { healthCheck } from '../../../src/engine/datamover/health-check.ts';
import { restorePointToFiles } from '../../../src/engine/datamover/restore-point-to-files.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import type { DiskIndex, DataRecord } from '../../../src/engine/repository/repository-format.ts';
import { makeImage, mutate, sha256File, removeTempDirsAfter, tempDir } from './fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile, restoreHash } from './fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());

async function setup() {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 12, 4);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const full = await backupFile(repo, pool, img, { kind: 'full' });
  const changes = mutate(img, 3, 9);
  const inc = await backupFile(repo, pool, img, { kind: 'extents', extents: changes });
  const other = await backupFile(repo, pool, img, { kind: 'full' }, { vm: 'db01' });
  return { dir, img, repo, full: full.point, inc: inc.point, other: other.point, hash: sha256File(img) };
}

/** Flips one byte in the middle of a stored record that the increment does not replace. */
function damage(repoDir: string, pointDir: string, inc: DiskIndex): DataRecord {
  const index = JSON.parse(fs.readFileSync(path.join(repoDir, pointDir, 'disk0.index.json'), 'utf8')) as DiskIndex;
  const rec = index.records.find(
    (r): r is DataRecord => r.kind === 'data' && !inc.records.some((i) => i.offset < r.offset + r.length && r.offset < i.offset + i.length),
  )!;
  const file = path.join(repoDir, pointDir, 'disk0.data');
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(1);
  const at = rec.at + Math.floor(rec.stored / 2);
  fs.readSync(fd, b, 0, 1, at);
  b[0] = b[0]! ^ 0xff;
  fs.writeSync(fd, b, 0, 1, at);
  fs.closeSync(fd);
  return rec;
}

test('health check passes on a healthy job, then names the damaged point and block', async () => {
  const s = await setup();
  const ok = await healthCheck(s.repo, 'Nightly', { pool });
  assert.is(ok.points, 3);
  assert.ok(ok.records > 3);
  assert.equal(ok.mismatches, []);
  const incIndex = await s.repo.readIndex(s.inc, 'disk0');
  const rec = damage(path.join(s.dir, 'repo'), s.full.dir, incIndex);
  const bad = await healthCheck(s.repo, 'Nightly', { pool });
  assert.is(bad.mismatches.length, 1);
  const m = bad.mismatches[0]!;
  assert.is(m.pointId, s.full.id);
  assert.is(m.vm, 'web01');
  assert.is(m.disk, 'disk0');
  assert.is(m.offset, rec.offset);
  assert.is(m.block, rec.offset / (1 << 20));
  assert.match(m.reason, /checksum|decoded/);
});

test('restore that needs a damaged block fails clearly and leaves no image; other VMs still restore', async () => {
  const s = await setup();
  damage(path.join(s.dir, 'repo'), s.full.dir, await s.repo.readIndex(s.inc, 'disk0'));
  const out = path.join(s.dir, 'out');
  try {
    await restorePointToFiles(s.repo, s.inc, out, { pool });
    assert.unreachable('restore must not succeed on damaged data');
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_CORRUPT_BLOCK'), String(e));
    assert.match((e as Error).message, new RegExp(`Restore point '${s.full.id}'.*disk 'disk0' block \\d+`));
    assert.not.match((e as Error).message, /\n/);
  }
  assert.not.ok(fs.existsSync(path.join(out, 'web01', 'disk0.img')), 'no partial image is left');
  assert.is(await restoreHash(s.repo, pool, s.other, path.join(s.dir, 'out2')), s.hash);
});

test('a missing or unreadable index is reported by the health check, not thrown', async () => {
  const s = await setup();
  fs.writeFileSync(path.join(s.dir, 'repo', s.inc.dir, 'disk0.index.json'), '{not json');
  const r = await healthCheck(s.repo, 'Nightly', { pool, vm: 'web01' });
  assert.is(r.mismatches.length, 1);
  assert.is(r.mismatches[0]!.pointId, s.inc.id);
  assert.is(r.mismatches[0]!.disk, 'disk0');
  assert.is(r.mismatches[0]!.file, 'index', 'the problem names the file');
  assert.is(r.mismatches[0]!.reason, 'checksum mismatch');
});

test.run();
