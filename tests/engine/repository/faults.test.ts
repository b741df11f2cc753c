// A repository that fills up or turns read-only mid-way gives one clear EngineError and never
// damages earlier restore points. Real mounts (a 1 MiB tmpfs, a read-only remount) when we are
// allowed to mount; the in-memory backend's injected faults always.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { MemoryBackend } from '../../../src/engine/repository/memory-backend.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { randomBytes, sha256File, removeTempDirsAfter, tempDir } from '../datamover/fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile, restoreHash } from '../datamover/fixtures/backup-harness.ts';

const MiB = 1 << 20;
const pool = new DataMoverPool(2);
test.after(() => pool.close());

function mountTmpfs(dir: string, opts: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function expectCode(e: unknown, code: string, where: string): void {
  assert.ok(isEngineError(e, code), `expected ${code}, got ${String(e)}`);
  assert.ok((e as Error).message.includes(where), (e as Error).message);
  assert.not.match((e as Error).message, /\n|    at /);
}

async function fullThenFail(repo: BackupRepository, dir: string, code: string, where: string, breakIt: () => void): Promise<void> {
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(1, 256 * 1024));
  const first = await backupFile(repo, pool, img, { kind: 'full' });
  const firstHash = sha256File(img);
  breakIt();
  fs.writeFileSync(img, randomBytes(2, 4 * MiB));
  try {
    await backupFile(repo, pool, img, { kind: 'full' });
    assert.unreachable('the second backup must fail');
  } catch (e) {
    expectCode(e, code, where);
  }
  const chain = await repo.chain('Nightly', 'web01');
  assert.equal(chain.map((p) => p.id), [first.point.id], 'the failed point is not visible');
  assert.is(await restoreHash(repo, pool, chain[0]!, path.join(dir, 'out')), firstHash, 'the earlier point is intact');
}

test('memory backend full: VBRS_REPOSITORY_FULL, earlier point intact, nothing left over', async () => {
  const mem = new MemoryBackend('mem-repo');
  const repo = await BackupRepository.open(mem);
  await fullThenFail(repo, tempDir(), 'VBRS_REPOSITORY_FULL', 'mem-repo', () => {
    mem.faults.capacityBytes = mem.usedBytes() + 100_000;
  });
  const [kept] = await repo.chain('Nightly', 'web01');
  const stray = (await mem.list('Nightly/web01/')).map((o) => o.key).filter((k) => k !== 'Nightly/web01/chain.json' && !k.startsWith(`${kept!.dir}/`));
  assert.equal(stray, [], 'nothing of the failed point is left');
});

test('memory backend read-only: VBRS_REPOSITORY_READ_ONLY', async () => {
  const mem = new MemoryBackend('ro-repo');
  const repo = await BackupRepository.open(mem);
  await fullThenFail(repo, tempDir(), 'VBRS_REPOSITORY_READ_ONLY', 'ro-repo', () => {
    mem.faults.readOnly = true;
  });
});

test('a real 1 MiB tmpfs fills up: VBRS_REPOSITORY_FULL', async () => {
  const dir = tempDir();
  const mnt = path.join(dir, 'mnt');
  fs.mkdirSync(mnt);
  if (!mountTmpfs(mnt, 'size=1m')) return console.log('  (skipped: cannot mount tmpfs here)');
  try {
    const repo = await BackupRepository.open(mnt);
    await fullThenFail(repo, dir, 'VBRS_REPOSITORY_FULL', mnt, () => {});
    const [kept] = await repo.chain('Nightly', 'web01');
    assert.equal(fs.readdirSync(path.join(mnt, 'Nightly', 'web01')).filter((n) => n !== 'chain.json' && n !== path.basename(kept!.dir)), [], 'nothing of the failed point is left');
  } finally {
    execFileSync('umount', [mnt]);
  }
});

test('a real read-only mount: VBRS_REPOSITORY_READ_ONLY', async () => {
  const dir = tempDir();
  const mnt = path.join(dir, 'mnt');
  fs.mkdirSync(mnt);
  if (!mountTmpfs(mnt, 'size=16m')) return console.log('  (skipped: cannot mount tmpfs here)');
  try {
    const repo = await BackupRepository.open(mnt);
    await fullThenFail(repo, dir, 'VBRS_REPOSITORY_READ_ONLY', mnt, () => {
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
    });
  } finally {
    execFileSync('umount', [mnt]);
  }
});

test('a folder that is not a vbrs repository of this version is refused', async () => {
  const mem = new MemoryBackend('other');
  await mem.put('repository.json', Buffer.from('{"format":"vbrs-repository","version":99,"grainSize":65536}'));
  try {
    await BackupRepository.open(mem);
    assert.unreachable();
  } catch (e) {
    expectCode(e, 'VBRS_REPOSITORY_FORMAT', 'other');
  }
});

test.run();
