// A repository written by format version 1 (fixtures/v1-repo, made by the code before version 2:
// no hash lines, no file hashes in chain.json) still restores, passes a health check and reads with
// the independent reader; the first new backup upgrades it to version 2 and every point, old and
// new, still restores.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { healthCheck } from '../../../src/engine/datamover/health-check.ts';
import { restorePointToFiles } from '../../../src/engine/datamover/restore-point-to-files.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { readRestorePoint } from '../../../scripts/tools/read-restore-point.ts';
import { sha256File, tempDir, removeTempDirsAfter } from '../datamover/fixtures/disk-image.ts';
import { backupFile, restoreHash } from '../datamover/fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());
removeTempDirsAfter(test);
const fixture = path.join(import.meta.dirname, 'fixtures', 'v1-repo');
const hashes = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'v1-repo.hashes.json'), 'utf8')) as Record<string, string>;

function copyFixture(): { dir: string; repoDir: string } {
  const dir = tempDir();
  const repoDir = path.join(dir, 'repo');
  fs.cpSync(fixture, repoDir, { recursive: true });
  return { dir, repoDir };
}

test('a version 1 repository restores every point, passes a health check and reads without vbrs', async () => {
  const { dir, repoDir } = copyFixture();
  const repo = await BackupRepository.open(repoDir);
  const chain = await repo.chain('Nightly', 'web01');
  assert.equal(chain.map((p) => p.id).sort(), Object.keys(hashes).sort());
  for (const p of chain) {
    assert.is(await restoreHash(repo, pool, p, path.join(dir, `r-${p.id}`)), hashes[p.id]);
    readRestorePoint(repoDir, 'Nightly', 'web01', p.id, 'disk0', path.join(dir, `${p.id}.img`));
    assert.is(sha256File(path.join(dir, `${p.id}.img`)), hashes[p.id]);
  }
  const hc = await healthCheck(repo, 'Nightly', { pool });
  assert.equal(hc.mismatches, []);
  assert.is(hc.points, 2);
  assert.is(fs.readFileSync(path.join(repoDir, 'repository.json'), 'utf8'), fs.readFileSync(path.join(fixture, 'repository.json'), 'utf8'), 'reading does not upgrade');
});

test('the first backup into a version 1 repository upgrades it; old and new points restore', async () => {
  const { dir, repoDir } = copyFixture();
  const repo = await BackupRepository.open(repoDir);
  const [, last] = await repo.chain('Nightly', 'web01');
  // The disk as it was at the last point, then changed.
  const img = path.join(dir, 'disk.img');
  const { files } = await restorePointToFiles(repo, last!, path.join(dir, 'base'), { pool });
  fs.copyFileSync(files[0]!, img);
  const fd = fs.openSync(img, 'r+');
  fs.writeSync(fd, Buffer.alloc(70_000, 0x5a), 0, 70_000, 300_000);
  fs.closeSync(fd);
  const { point } = await backupFile(repo, pool, img, { kind: 'digest' }, { blockSize: 256 * 1024 });
  const want = { ...hashes, [point.id]: sha256File(img) };
  const manifest = fs.readFileSync(path.join(repoDir, 'repository.json'), 'utf8');
  assert.match(manifest, /"version":2/);
  assert.match(manifest, /\n#sha256 [0-9a-f]{64}\n$/);
  assert.match(fs.readFileSync(path.join(repoDir, 'Nightly', 'web01', 'chain.json'), 'utf8'), /\n#sha256 [0-9a-f]{64}\n$/);
  const again = await BackupRepository.open(repoDir);
  const chain = await again.chain('Nightly', 'web01');
  assert.is(chain.length, 3);
  assert.ok(chain[2]!.disks[0]!.indexSha256 && !chain[0]!.disks[0]!.indexSha256, 'new points carry file hashes, old ones stay as written');
  for (const p of chain) {
    assert.is(await restoreHash(again, pool, p, path.join(dir, `r-${p.id}`)), want[p.id]);
    readRestorePoint(repoDir, 'Nightly', 'web01', p.id, 'disk0', path.join(dir, `${p.id}.img`));
    assert.is(sha256File(path.join(dir, `${p.id}.img`)), want[p.id]);
  }
  assert.equal((await healthCheck(again, 'Nightly', { pool })).mismatches, []);
});

test.run();
