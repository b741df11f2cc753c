// The format is readable without vbrs: the stand-alone reader built from the doc alone gives the
// same image as Start-Restore, for a full and for an increment deep in a chain, and after a merge.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { applyRetention } from '../../../src/engine/repository/apply-retention.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { readRestorePoint } from '../../../scripts/tools/read-restore-point.ts';
import { makeImage, mutate, sha256File, removeTempDirsAfter, tempDir } from '../datamover/fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile, restoreHash } from '../datamover/fixtures/backup-harness.ts';
import { childEnv } from '../../child-env.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());

test('the doc-only reader reproduces Start-Restore for every point of a chain', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 8, 11);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const job = 'Nightly jobs.v2';
  const points = [(await backupFile(repo, pool, img, { kind: 'full' }, { job, vm: 'web 01', disk: 'Hard disk 1' })).point];
  const hashes = [sha256File(img)];
  for (let i = 0; i < 3; i++) {
    const ch = mutate(img, 3, 40 + i, 20_000);
    points.push((await backupFile(repo, pool, img, i === 1 ? { kind: 'digest' } : { kind: 'extents', extents: ch }, { job, vm: 'web 01', disk: 'Hard disk 1' })).point);
    hashes.push(sha256File(img));
  }
  await applyRetention(repo, job, 'web 01', 3);
  const chain = await repo.chain(job, 'web 01');
  for (const p of chain) {
    const out = path.join(dir, `${p.id}.img`);
    readRestorePoint(path.join(dir, 'repo'), job, 'web 01', p.id, 'Hard disk 1', out);
    const want = hashes[points.findIndex((x) => x.id === p.id)];
    assert.is(sha256File(out), want);
    assert.is(await restoreHash(repo, pool, p, path.join(dir, `r-${p.id}`)), want);
  }
  const last = chain[chain.length - 1]!;
  const cli = path.join(dir, 'cli.img');
  execFileSync(process.execPath, ['scripts/tools/read-restore-point.ts', path.join(dir, 'repo'), job, 'web 01', last.id, 'Hard disk 1', cli], { env: childEnv() });
  assert.is(sha256File(cli), hashes[hashes.length - 1]);
});

test.run();
