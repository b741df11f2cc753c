// Start-Restore into a target that cannot be written fails at once with one line naming the
// folder and the reason, and leaves nothing behind: /proc (where node's recursive mkdir loops
// forever), a file in the way, and a restore that fails after its folders were made.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { restorePointToFiles } from '../../../src/engine/datamover/restore-point-to-files.ts';
import { makeFolders } from '../../../src/engine/infra/make-folders.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { makeImage, removeTempDirsAfter, tempDir } from './fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile } from './fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
const dirs: string[] = [];
test.after(() => {
  pool.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function onePoint() {
  const dir = tempDir();
  dirs.push(dir);
  const img = path.join(dir, 'disk.img');
  makeImage(img, 2, 3);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const { point } = await backupFile(repo, pool, img, { kind: 'full' });
  return { dir, repo, point };
}

/** The restore's error; fails the test if the restore succeeds or has not ended after a minute. */
async function restoreError(run: Promise<unknown>): Promise<Error> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 60_000)));
  try {
    const r = await Promise.race([run.then(() => 'ok' as const, (e: unknown) => e), hung]);
    assert.is.not(r, 'hung', 'the restore must end, not hang');
    assert.is.not(r, 'ok', 'the restore must fail');
    return r as Error;
  } finally {
    clearTimeout(timer);
  }
}

const procRefuses = (() => {
  try {
    fs.mkdirSync('/proc/vbrs-probe');
    fs.rmdirSync('/proc/vbrs-probe');
    return false;
  } catch {
    return fs.existsSync('/proc');
  }
})();

test('a restore into /proc ends at once with one line naming the folder', async () => {
  if (!procRefuses) return console.log('  (skipped: no /proc that refuses new folders here)');
  const { repo, point } = await onePoint();
  const e = await restoreError(restorePointToFiles(repo, point, '/proc/x', { pool }));
  assert.ok(isEngineError(e, 'VBRS_IO'), String(e));
  assert.is(e.message, `Cannot create restore folder '/proc/x/web01': '/proc' does not accept new files or folders (ENOENT).`);
  assert.not.ok(fs.existsSync('/proc/x'));
});

test('makeFolders fails in /proc instead of looping (node recursive mkdir never returns there)', async () => {
  if (!procRefuses) return console.log('  (skipped: no /proc that refuses new folders here)');
  const e = await restoreError(makeFolders('/proc/x/y/z'));
  assert.is((e as NodeJS.ErrnoException).code, 'ENOENT');
});

test('a file in the way: ENOTDIR in one line, and no folder is made', async () => {
  const { dir, repo, point } = await onePoint();
  const file = path.join(dir, 'in-the-way');
  fs.writeFileSync(file, 'x');
  const e = await restoreError(restorePointToFiles(repo, point, path.join(file, 'out'), { pool }));
  assert.ok(isEngineError(e, 'VBRS_IO'), String(e));
  assert.match(e.message, /^Cannot create restore folder '.*in-the-way\/out\/web01': ENOTDIR\.$/);
  assert.is(fs.readFileSync(file, 'utf8'), 'x');
});

test('a restore that fails after making its folders removes every folder it made', async () => {
  const { dir, repo, point } = await onePoint();
  // The point's data goes missing: the restore has made new/deep/web01 by the time it finds out.
  fs.rmSync(path.join(dir, 'repo', point.dir, 'disk0.data'));
  const target = path.join(dir, 'new', 'deep');
  await restoreError(restorePointToFiles(repo, point, target, { pool }));
  assert.not.ok(fs.existsSync(path.join(dir, 'new')), 'the folders the restore made are gone');
  const kept = path.join(dir, 'kept');
  fs.mkdirSync(kept);
  await restoreError(restorePointToFiles(repo, point, kept, { pool }));
  assert.equal(fs.readdirSync(kept), [], 'a folder that was there stays, emptied of what the restore made');
});

test('makeFolders returns the folders it made, outermost first, and none that existed', async () => {
  const dir = tempDir();
  dirs.push(dir);
  assert.equal(await makeFolders(path.join(dir, 'a', 'b')), [path.join(dir, 'a'), path.join(dir, 'a', 'b')]);
  assert.equal(await makeFolders(path.join(dir, 'a', 'b')), []);
});

test.run();
