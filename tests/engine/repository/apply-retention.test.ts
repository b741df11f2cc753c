// Retention: the oldest points go once a chain is longer than RetainPoints; an increment after the
// full is merged into it; every remaining point still restores byte-identical; old folders go.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { applyRetention } from '../../../src/engine/repository/apply-retention.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import type { RestorePoint } from '../../../src/engine/repository/restore-point.ts';
import { makeImage, mutate, sha256File, removeTempDirsAfter, tempDir } from '../datamover/fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile, restoreHash } from '../datamover/fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());

test('merging increments into the full keeps every remaining point exact', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 10, 6);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const hashes = new Map<string, string>();
  const ids: RestorePoint[] = [];
  const first = await backupFile(repo, pool, img, { kind: 'full' }, { blockSize: 512 * 1024 });
  hashes.set(first.point.id, sha256File(img));
  ids.push(first.point);
  for (let i = 1; i <= 4; i++) {
    const changes = mutate(img, 4, 20 + i, 30_000);
    const mode = i === 2 ? ({ kind: 'digest' } as const) : ({ kind: 'extents', extents: changes } as const);
    const { point } = await backupFile(repo, pool, img, mode);
    hashes.set(point.id, sha256File(img));
    ids.push(point);
  }
  const res = await applyRetention(repo, 'Nightly', 'web01', 3);
  assert.equal(res.removed, [ids[0]!.id, ids[1]!.id]);
  assert.is(res.merged.length, 2);
  const chain = await repo.chain('Nightly', 'web01');
  assert.equal(chain.map((p) => p.id), [ids[2]!.id, ids[3]!.id, ids[4]!.id]);
  assert.equal(chain.map((p) => p.type), ['Full', 'Increment', 'Increment']);
  assert.ok(chain[0]!.disks[0]!.full);
  for (const p of chain) assert.is(await restoreHash(repo, pool, p, path.join(dir, `o-${p.id}`)), hashes.get(p.id), p.id);
  const folders = fs.readdirSync(path.join(dir, 'repo', 'Nightly', 'web01')).filter((n) => n !== 'chain.json');
  assert.equal(folders.sort(), chain.map((p) => p.dir.split('/').pop()!).sort(), 'replaced folders are removed');
  const again = await applyRetention(repo, 'Nightly', 'web01', 3);
  assert.equal(again.removed, []);
});

test('a full followed by a full is dropped, not merged', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 4, 7);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const a = await backupFile(repo, pool, img, { kind: 'full' });
  const b = await backupFile(repo, pool, img, { kind: 'full' });
  const res = await applyRetention(repo, 'Nightly', 'web01', 1);
  assert.equal(res.removed, [a.point.id]);
  assert.equal(res.merged, []);
  assert.equal((await repo.chain('Nightly', 'web01')).map((p) => p.id), [b.point.id]);
  assert.not.ok(fs.existsSync(path.join(dir, 'repo', a.point.dir)));
});

test('a damaged block stops the merge and leaves the chain as it was', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 4, 8);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const full = await backupFile(repo, pool, img, { kind: 'full' });
  const changes = mutate(img, 2, 3, 200_000);
  const inc = await backupFile(repo, pool, img, { kind: 'extents', extents: changes });
  const index = await repo.readIndex(full.point, 'disk0');
  const touched = (await repo.readIndex(inc.point, 'disk0')).records.map((r) => Math.floor(r.offset / index.blockSize));
  const victim = index.records.find((r) => r.kind === 'data' && touched.includes(Math.floor(r.offset / index.blockSize)));
  assert.ok(victim && victim.kind === 'data', 'the increment touches a stored block of the full');
  const file = path.join(dir, 'repo', full.point.dir, 'disk0.data');
  const data = fs.readFileSync(file);
  data[victim.at + 10] = data[victim.at + 10]! ^ 1;
  fs.writeFileSync(file, data);
  try {
    await applyRetention(repo, 'Nightly', 'web01', 1);
    assert.unreachable();
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_CORRUPT_BLOCK'), String(e));
  }
  assert.equal((await repo.chain('Nightly', 'web01')).map((p) => p.id), [full.point.id, inc.point.id]);
  const named = new Set(['chain.json', ...(await repo.chain('Nightly', 'web01')).map((p) => path.basename(p.dir))]);
  assert.equal(fs.readdirSync(path.join(dir, 'repo', 'Nightly', 'web01')).filter((n) => !named.has(n)), [], 'the half-written merge is removed');
});

test('RetainPoints below 1 is refused', async () => {
  const repo = await BackupRepository.open(path.join(tempDir(), 'repo'));
  try {
    await applyRetention(repo, 'Nightly', 'web01', 0);
    assert.unreachable();
  } catch (e) {
    assert.ok(isEngineError(e, 'VBRS_INVALID_ARGUMENT'));
    assert.match((e as Error).message, /RetainPoints/);
  }
});

test.run();
