// An index whose records are not what the format allows is rejected, never skipped — even when its
// hash in chain.json matches (a writer's bug, or a version 1 point without hashes): restore refuses
// the point naming the index, and the health check reports it.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { MemoryBackend } from '../../../src/engine/repository/memory-backend.ts';
import { sha256Hex } from '../../../src/engine/repository/sealed-json.ts';
import { healthCheck } from '../../../src/engine/datamover/health-check.ts';
import { restorePointToFiles } from '../../../src/engine/datamover/restore-point-to-files.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { tempDir, textBytes, removeTempDirsAfter } from '../datamover/fixtures/disk-image.ts';
import { backupFile } from '../datamover/fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());
removeTempDirsAfter(test);

type Rec = Record<string, unknown>;
const mutations: [string, (records: Rec[]) => void][] = [
  ['an unknown kind', (r) => void (r[0]!.kind = 'dota')],
  ['a kind key renamed', (r) => void ((r[0]!.kine = r[0]!.kind), delete r[0]!.kind)],
  ['a missing offset', (r) => void delete r[1]!.offset],
  ['the offset key renamed', (r) => void ((r[1]!.offsex = r[1]!.offset), delete r[1]!.offset)],
  ['an extra key', (r) => void (r[0]!.extra = 1)],
  ['a NaN offset (null in JSON)', (r) => void (r[1]!.offset = null)],
  ['an offset as a string', (r) => void (r[1]!.offset = '68E5744')],
  ['an offset far past the disk', (r) => void (r[1]!.offset = 68 * 2 ** 24 * 65536)],
  ['a fractional length', (r) => void (r[0]!.length = 65536.5)],
  ['a negative at', (r) => void (r[0]!.at = -1)],
  ['a stored of 0', (r) => void (r[0]!.stored = 0)],
  ['stored past the data file', (r) => void (r[0]!.stored = 1e9)],
  ['overlapping records', (r) => void (r[1]!.offset = r[0]!.offset)],
  ['records out of order', (r) => void r.reverse()],
  ['an unaligned offset', (r) => void (r[1]!.offset = (r[1]!.offset as number) + 4096)],
  ['an unknown codec', (r) => void (r[0]!.codec = 'lz4')],
  ['a short checksum', (r) => void (r[0]!.checksum = 'abc')],
  ['a record dropped', (r) => void r.pop()],
];

test('malformed index records are rejected by restore and the health check, with a matching hash', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  fs.writeFileSync(img, textBytes(7, 1 << 20));
  const mem = new MemoryBackend('ix');
  const repo = await BackupRepository.open(mem);
  const { point } = await backupFile(repo, pool, img, { kind: 'full' }, { blockSize: 256 * 1024 });
  const key = `${point.dir}/disk0.index.json`;
  const original = mem.rawObject(key)!;
  const chainBefore = await repo.readChainFile('Nightly', 'web01');
  assert.ok((JSON.parse(original.toString()) as { records: unknown[] }).records.length >= 3);
  for (const [name, mutate] of mutations) {
    const ix = JSON.parse(original.toString()) as { records: Rec[] };
    mutate(ix.records);
    const bytes = Buffer.from(JSON.stringify(ix));
    mem.setRaw(key, bytes);
    // Re-seal chain.json with the new hash, so only the strict reader stands between it and a restore.
    const chain = structuredClone(chainBefore);
    chain.points[0]!.disks[0]!.indexSha256 = sha256Hex(bytes);
    await repo.writeChainFile(chain);
    const [p] = await repo.chain('Nightly', 'web01');
    const out = path.join(dir, 'out');
    const err = await restorePointToFiles(repo, p!, out, { pool }).then(() => null, (e: unknown) => e as Error);
    assert.ok(isEngineError(err, 'VBRS_REPOSITORY_DAMAGED'), `${name}: ${String(err)}`);
    assert.match(err!.message, new RegExp(`^Restore point '${p!.id}' of VM 'web01': the index of disk 'disk0' is damaged \\(.+\\)\\.$`), name);
    assert.not.ok(fs.existsSync(path.join(out, 'web01', 'disk0.img')), `${name}: no image`);
    const hc = await healthCheck(repo, 'Nightly', { pool });
    assert.equal(hc.mismatches.map((m) => [m.pointId, m.disk, m.file]), [[p!.id, 'disk0', 'index']], name);
  }
});

test.run();
