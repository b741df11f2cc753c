// Leftovers of killed writers are swept, a live writer's folder never: point folders chain.json does
// not name go when their owner's pid is gone (or, with no owner record, when they are old), the
// `.tmp-*` folders of older versions included; a lone `.part-…` file a write killed in the middle
// left (never listed) goes once its writer is gone; committed points are never touched.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { MemoryBackend } from '../../../src/engine/repository/memory-backend.ts';
import { FsBackend } from '../../../src/engine/repository/fs-backend.ts';
import { currentOwner, ORPHAN_AGE_MS } from '../../../src/engine/repository/point-owner.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { randomBytes, sha256File, tempDir, removeTempDirsAfter } from '../datamover/fixtures/disk-image.ts';
import { backupFile, restoreHash } from '../datamover/fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());
removeTempDirsAfter(test);

/** The pid of a process that has exited (it ran `true` and was reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

function owner(pid: number): Buffer {
  return Buffer.from(JSON.stringify({ ...currentOwner(), pid }));
}

async function committedRepo(backend: MemoryBackend | FsBackend, dir: string) {
  const repo = await BackupRepository.open(backend);
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(3, 512 * 1024));
  const { point } = await backupFile(repo, pool, img, { kind: 'full' });
  return { repo, point, hash: sha256File(img) };
}

test('a killed writer\'s folder is swept; a live writer\'s and the committed point stay', async () => {
  const mem = new MemoryBackend('mem');
  const { repo, point, hash } = await committedRepo(mem, tempDir());
  mem.setRaw('Nightly/web01/20990101T000000000Z-dead/owner.json', owner(deadPid()));
  mem.setRaw('Nightly/web01/20990101T000000000Z-dead/disk0.data', randomBytes(1, 1000));
  mem.setRaw('Nightly/web01/20990101T000000000Z-live/owner.json', owner(process.pid));
  mem.setRaw('Nightly/web01/20990101T000000000Z-live/disk0.data', randomBytes(2, 500));
  const swept = await repo.sweepTemporary();
  assert.equal(swept.map((s) => [s.job, s.vm, s.dir, s.objects]), [['Nightly', 'web01', '20990101T000000000Z-dead', 2]]);
  assert.ok(swept[0]!.bytes > 1000, 'bytes count the data and the owner record');
  assert.match(swept[0]!.reason, /writer \(pid \d+\) is gone/);
  assert.ok(await mem.stat('Nightly/web01/20990101T000000000Z-live/disk0.data'), 'a live writer keeps its folder');
  assert.equal((await repo.chain('Nightly', 'web01')).map((p) => p.id), [point.id]);
  assert.is(await restoreHash(repo, pool, point, path.join(tempDir(), 'out')), hash);
  assert.equal(await repo.sweepTemporary(), [], 'a second sweep finds nothing more');
});

test('folders without an owner record (old .tmp-* folders) go only once they are old', async () => {
  const mem = new MemoryBackend('mem');
  const { repo } = await committedRepo(mem, tempDir());
  const old = new Date(Date.now() - ORPHAN_AGE_MS - 60_000);
  mem.setRaw('Nightly/web01/.tmp-20261101T000000000Z-aaaa/disk0.data', randomBytes(4, 300), old);
  mem.setRaw('Nightly/web01/.tmp-20261101T000000000Z-aaaa/disk0.index.json', Buffer.from('{}'), old);
  mem.setRaw('Nightly/web01/.tmp-20261206T000000000Z-bbbb/disk0.data', randomBytes(5, 300));
  mem.setRaw('Other/vm2/.tmp-x/disk0.data', randomBytes(6, 10), old);
  const swept = await repo.sweepTemporary();
  assert.equal(swept.map((s) => `${s.job}/${s.vm}/${s.dir}`).sort(), ['Nightly/web01/.tmp-20261101T000000000Z-aaaa', 'Other/vm2/.tmp-x']);
  assert.match(swept[0]!.reason, /no owner record/);
  assert.ok(await mem.stat('Nightly/web01/.tmp-20261206T000000000Z-bbbb/disk0.data'), 'a fresh one may be a writer of an older version at work');
  assert.equal((await mem.list('Other/')).length, 0);
});

test('a stale owner record of a committed point is removed, the point kept', async () => {
  const mem = new MemoryBackend('mem');
  const { repo, point, hash } = await committedRepo(mem, tempDir());
  mem.setRaw(`${point.dir}/owner.json`, owner(deadPid()));
  assert.equal(await repo.sweepTemporary(), []);
  assert.is(await mem.stat(`${point.dir}/owner.json`), null);
  assert.is(await restoreHash(repo, pool, point, path.join(tempDir(), 'out')), hash);
});

test('a backup sweeps its chain first; on a folder repository the killed point\'s files are gone', async () => {
  const dir = tempDir();
  const { repo } = await committedRepo(new FsBackend(path.join(dir, 'repo')), dir);
  // What a backup killed half-way leaves: its owner record and a partial data file.
  const w = await repo.beginPoint({ job: 'Nightly', vm: 'web01', type: 'Full', disks: [{ name: 'disk0', size: 1 << 20 }], blockSize: 1 << 20, compression: 'Optimal' });
  await w.disk('disk0').addData(0, 65536, 'none', 'x'.repeat(64), randomBytes(7, 65536));
  const killed = path.join(dir, 'repo', 'Nightly', 'web01', w.id);
  // It ran in another process: its owner record and the data file it was writing name a dead pid.
  const pid = deadPid();
  fs.writeFileSync(path.join(killed, 'owner.json'), owner(pid));
  const part = fs.readdirSync(killed).find((n) => n.startsWith('.part-disk0.data-'))!;
  fs.renameSync(path.join(killed, part), path.join(killed, `.part-disk0.data-${pid}-abc123`));
  // And a put of chain.json killed half-way (its temporary file, named after the dead pid).
  fs.writeFileSync(path.join(dir, 'repo', 'Nightly', 'web01', `.part-chain.json-${pid}-zz9`), '{"trunc');
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(9, 256 * 1024));
  await backupFile(repo, pool, img, { kind: 'full' });
  assert.not.ok(fs.existsSync(killed), 'the killed point folder was swept by the next backup');
  const chain = await repo.chain('Nightly', 'web01');
  assert.is(chain.length, 2);
  assert.equal(fs.readdirSync(path.join(dir, 'repo', 'Nightly', 'web01')).sort(), ['chain.json', ...chain.map((p) => path.basename(p.dir))].sort());
  await w.abort(); // closes the file the "killed" writer still held open in this process
});

test('a point killed in the middle of its first atomic write (only .part-owner.json-…) is swept, a live write kept', async () => {
  const dir = tempDir();
  const { repo, point, hash } = await committedRepo(new FsBackend(path.join(dir, 'repo')), dir);
  const chain = path.join(dir, 'repo', 'Nightly', 'web01');
  // As a crash leaves them: the temporary file (named after its writer's pid) written, half or
  // whole, never renamed into place; one beside chain.json, one of a writer still at work.
  const pid = deadPid();
  const killed = path.join(chain, '20990101T000000000Z-dead');
  fs.mkdirSync(killed);
  fs.writeFileSync(path.join(killed, `.part-owner.json-${pid}-k1ll3d`), '{"format":"vbrs-wri');
  fs.writeFileSync(path.join(chain, `.part-damage.json-${pid}-x0x0x0`), '{');
  const live = path.join(chain, '20990101T000000000Z-live');
  fs.mkdirSync(live);
  fs.writeFileSync(path.join(live, `.part-owner.json-${process.pid}-l1ve00`), '{');
  const swept = await repo.sweepTemporary({ job: 'Nightly', vm: 'web01' });
  assert.equal(swept.map((s) => [s.dir, s.objects, s.bytes]).sort(), [
    [`.part-damage.json-${pid}-x0x0x0`, 1, 1],
    ['20990101T000000000Z-dead', 1, 19],
  ]);
  assert.match(swept[0]!.reason, /never finished/);
  assert.not.ok(fs.existsSync(killed), 'the folder it left empty went with it');
  assert.ok(fs.existsSync(path.join(live, `.part-owner.json-${process.pid}-l1ve00`)), 'a live writer keeps its write');
  assert.is(await restoreHash(repo, pool, point, path.join(tempDir(), 'out')), hash);
  assert.equal(await repo.sweepTemporary({ job: 'Nightly', vm: 'web01' }), [], 'a second sweep finds nothing more');
});

test('a chain whose very first point was killed at its owner record (nothing but a .part file) is swept by the next backup', async () => {
  const dir = tempDir();
  const repo = await BackupRepository.open(new FsBackend(path.join(dir, 'repo')));
  const chain = path.join(dir, 'repo', 'Nightly', 'web01');
  const killed = path.join(chain, '20990101T000000000Z-dead');
  fs.mkdirSync(killed, { recursive: true });
  fs.writeFileSync(path.join(killed, `.part-owner.json-${deadPid()}-k1ll3d`), '{"format"');
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(11, 256 * 1024));
  const { point } = await backupFile(repo, pool, img, { kind: 'full' });
  assert.equal(fs.readdirSync(chain).sort(), ['chain.json', path.basename(point.dir)].sort());
  assert.is(await restoreHash(repo, pool, point, path.join(tempDir(), 'out')), sha256File(img));
});

test('a memory backend has no temporary objects to sweep', async () => {
  assert.equal(await new MemoryBackend('mem').sweepTemporary(''), []);
});

test.run();
