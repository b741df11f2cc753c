// Backup and restore through the data movers: fulls, CBT and digest incrementals deep in a chain
// restore byte-identical (SHA-256) images; zero, excluded and repeated blocks are not sent.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { runDiskTransfer } from '../../../src/engine/datamover/disk-transfer.ts';
import type { TransferEvent } from '../../../src/engine/datamover/disk-transfer.ts';
import { makeImage, mutate, randomBytes, sha256File, removeTempDirsAfter, tempDir } from './fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile, restoreHash } from './fixtures/backup-harness.ts';

const MiB = 1 << 20;
const pool = new DataMoverPool(2);
test.after(() => pool.close());

test('a full backup restores byte-identical and skips zero and repeated blocks', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 24, 3);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const { point, stats } = await backupFile(repo, pool, img, { kind: 'full' });
  assert.is(point.type, 'Full');
  assert.is(stats.readBytes, 24 * MiB);
  assert.ok(stats.skippedZeroBytes >= 3 * MiB, `zero bytes skipped: ${stats.skippedZeroBytes}`);
  assert.ok(stats.dedupedBytes >= MiB, `repeated 1 MiB blocks are stored once: ${stats.dedupedBytes}`);
  assert.ok(stats.transferredBytes < stats.dataBytes, 'text compresses');
  assert.ok(['Source', 'Proxy', 'Network', 'Target'].includes(stats.bottleneck));
  assert.is(point.size, stats.transferredBytes);
  assert.is(await restoreHash(repo, pool, point, path.join(dir, 'out')), sha256File(img));
});

test('CBT and digest incrementals deep in a chain restore every point exactly', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 16, 5);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const hashes: string[] = [sha256File(img)];
  const points = [(await backupFile(repo, pool, img, { kind: 'full' }, { blockSize: 256 * 1024 })).point];
  for (let i = 1; i <= 6; i++) {
    const changes = mutate(img, 5, i, i % 3 === 0 ? 100_000 : 3000);
    hashes.push(sha256File(img));
    const mode = i % 2 === 0 ? ({ kind: 'digest' } as const) : ({ kind: 'extents', extents: changes } as const);
    const { point, stats } = await backupFile(repo, pool, img, mode, { blockSize: 256 * 1024 });
    assert.is(point.type, 'Increment');
    assert.is(stats.mode, mode.kind);
    if (mode.kind === 'extents') assert.ok(stats.readBytes < 16 * MiB / 4, `CBT reads only changed grains: ${stats.readBytes}`);
    else assert.is(stats.readBytes, 16 * MiB, 'digest mode reads everything');
    assert.ok(stats.dataBytes <= 5 * 3 * 65536 + 5 * 200_000, `only changed grains are sent: ${stats.dataBytes}`);
    points.push(point);
  }
  assert.equal((await repo.chain('Nightly', 'web01')).map((p) => p.type), ['Full', ...Array(6).fill('Increment')]);
  for (let i = points.length - 1; i >= 0; i--)
    assert.is(await restoreHash(repo, pool, points[i]!, path.join(dir, `out${i}`)), hashes[i], `point ${i}`);
});

test('a block that becomes zero and a disk that grows are captured by the next incremental', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(9, 4 * MiB));
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  await backupFile(repo, pool, img, { kind: 'full' });
  const fd = fs.openSync(img, 'r+');
  fs.writeSync(fd, Buffer.alloc(MiB), 0, MiB, MiB);
  fs.ftruncateSync(fd, 5 * MiB + 1000);
  fs.writeSync(fd, randomBytes(10, 1000), 0, 1000, 5 * MiB);
  fs.closeSync(fd);
  const cbt = await backupFile(repo, pool, img, { kind: 'extents', extents: [{ offset: MiB, length: MiB }] });
  assert.ok(cbt.stats.readBytes >= MiB + 1000, 'the grown part is read even though CBT did not list it');
  assert.is(await restoreHash(repo, pool, cbt.point, path.join(dir, 'o1')), sha256File(img));
});

test('an allocation hint: holes are not read, yet full and digest points restore exactly', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  const fd = fs.openSync(img, 'w');
  fs.ftruncateSync(fd, 8 * MiB);
  fs.writeSync(fd, randomBytes(21, MiB), 0, MiB, 2 * MiB);
  fs.closeSync(fd);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const size = 8 * MiB;
  const run = async (type: 'Full' | 'Increment', allocated: { offset: number; length: number }[]) => {
    const w = await repo.beginPoint({ job: 'J', vm: 'v', type, disks: [{ name: 'd', size }], blockSize: MiB, compression: 'Optimal' });
    const stats = await runDiskTransfer({ image: { kind: 'raw', path: img, size, allocated }, mode: type === 'Full' ? { kind: 'full' } : { kind: 'digest' }, pool }, w.disk('d'));
    return { stats, point: await w.commit() };
  };
  const full = await run('Full', [{ offset: 2 * MiB, length: MiB }]);
  assert.is(full.stats.readBytes, MiB, 'only the allocated MiB is read');
  assert.is(full.stats.unreadHoleBytes, 7 * MiB);
  assert.is(await restoreHash(repo, pool, full.point, path.join(dir, 'o1')), sha256File(img));
  // The guest moves data: the old MiB becomes a hole (no longer allocated), a new one appears.
  const f2 = fs.openSync(img, 'r+');
  fs.writeSync(f2, Buffer.alloc(MiB), 0, MiB, 2 * MiB);
  fs.writeSync(f2, randomBytes(22, MiB), 0, MiB, 5 * MiB);
  fs.closeSync(f2);
  const inc = await run('Increment', [{ offset: 5 * MiB, length: MiB }]);
  assert.is(inc.stats.readBytes, MiB);
  assert.is(await restoreHash(repo, pool, inc.point, path.join(dir, 'o2')), sha256File(img));
});

test('an incremental with no earlier point falls back to a full', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 4, 8);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const { point, stats } = await backupFile(repo, pool, img, { kind: 'digest' });
  assert.is(stats.mode, 'full');
  assert.is(point.type, 'Full');
});

test('skipped extents (swap) are read as zeros and not sent', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(4, 4 * MiB));
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const skip = [{ offset: MiB, length: 2 * MiB }];
  const { point, stats } = await backupFile(repo, pool, img, { kind: 'full' }, { skipExtents: skip });
  assert.is(stats.skippedExcludedBytes, 2 * MiB);
  assert.ok(stats.transferredBytes < 2.1 * MiB, `only the 2 MiB outside swap are stored: ${stats.transferredBytes}`);
  const expected = fs.readFileSync(img);
  expected.fill(0, MiB, 3 * MiB);
  const { files } = await (await import('../../../src/engine/datamover/restore-point-to-files.ts')).restorePointToFiles(repo, point, path.join(dir, 'o'), { pool });
  assert.ok(fs.readFileSync(files[0]!).equals(expected));
});

test('progress events: started, progress with bytes and speed, finished with stats', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  makeImage(img, 8, 2);
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const w = await repo.beginPoint({ job: 'J', vm: 'v', type: 'Full', disks: [{ name: 'd', size: 8 * MiB }], blockSize: MiB, compression: 'High' });
  const events: TransferEvent[] = [];
  const stats = await runDiskTransfer({ image: { kind: 'raw', path: img, size: 8 * MiB }, mode: { kind: 'full' }, pool, sessionId: 's1' }, w.disk('d'), (e) => events.push(e));
  await w.commit();
  assert.is(events[0]!.kind, 'task-started');
  const last = events[events.length - 1]!;
  assert.is(last.kind, 'task-finished');
  assert.equal(last.kind === 'task-finished' && last.stats, stats);
  const prog = events.filter((e) => e.kind === 'task-progress');
  assert.ok(prog.length >= 1);
  const p = prog[prog.length - 1]!;
  assert.ok(p.kind === 'task-progress' && p.processedBytes === 8 * MiB && p.transferredBytes === stats.transferredBytes && p.speed > 0);
  assert.ok(events.every((e) => e.sessionId === 's1'));
});

test('a throttled transfer waits for the network and names it the bottleneck', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, randomBytes(12, 2 * MiB));
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const { stats } = await backupFile(repo, pool, img, { kind: 'full' }, { throttle: 4 * MiB, compression: 'None' });
  assert.is(stats.bottleneck, 'Network');
  assert.ok(stats.busy.network > stats.busy.proxy);
});

test('an image of the wrong size is refused with a clear error', async () => {
  const dir = tempDir();
  const repo = await BackupRepository.open(path.join(dir, 'repo'));
  const w = await repo.beginPoint({ job: 'J', vm: 'v', type: 'Full', disks: [{ name: 'd', size: MiB }], blockSize: MiB, compression: 'Optimal' });
  try {
    await runDiskTransfer({ image: { kind: 'raw', path: '/nonexistent', size: 2 * MiB }, mode: { kind: 'full' }, pool }, w.disk('d'));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'VBRS_INVALID_ARGUMENT');
    assert.match((e as Error).message, /Disk 'd'/);
  }
  try {
    await runDiskTransfer({ image: { kind: 'raw', path: path.join(dir, 'missing.img'), size: MiB }, mode: { kind: 'full' }, pool }, w.disk('d'));
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'VBRS_UNKNOWN_OBJECT');
    assert.not.match((e as Error).message, /\n/);
  }
  await w.abort();
  assert.equal(await repo.chain('J', 'v'), []);
  try {
    await repo.beginPoint({ job: 'J', vm: 'v', type: 'Full', disks: [{ name: 'd', size: 2048 << 20 }], blockSize: MiB, compression: 'Optimal' });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'VBRS_INVALID_ARGUMENT');
    assert.match((e as Error).message, /Disk 'd': size -2147483648 is not a byte count/);
  }
});

test.run();
