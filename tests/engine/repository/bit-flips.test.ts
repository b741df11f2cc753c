// One flipped bit anywhere in a committed repository is caught: for every file kind (data, index,
// digests, chain.json, repository.json) of a full and an increment, at the head, the middle and the
// end of the file, the health check reports it and a restore of the point refuses with one line
// and keeps no image. The figure printed is the README's "bit flips" row.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { MemoryBackend } from '../../../src/engine/repository/memory-backend.ts';
import type { RestorePoint } from '../../../src/engine/repository/restore-point.ts';
import { healthCheck } from '../../../src/engine/datamover/health-check.ts';
import { restorePointToFiles } from '../../../src/engine/datamover/restore-point-to-files.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { randomBytes, sha256File, tempDir, textBytes, removeTempDirsAfter } from '../datamover/fixtures/disk-image.ts';
import { backupFile } from '../datamover/fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());
removeTempDirsAfter(test);
const KiB = 1024;

/** Byte positions of each class in a file of `n` bytes. */
function positions(n: number): { cls: string; at: number }[] {
  const pick = (cls: string, list: number[]) => [...new Set(list.filter((x) => x >= 0 && x < n))].map((at) => ({ cls, at }));
  const mid = Math.floor(n / 2);
  return [...pick('head', [0, 1, 5]), ...pick('middle', [mid - 1, mid, mid + 7]), ...pick('end', [n - 1, n - 2, n - 9])];
}

test('every flipped bit in every file kind is caught by the health check and refused by a restore', async () => {
  const dir = tempDir();
  const img = path.join(dir, 'disk.img');
  // Text (zstd records), random (stored raw) and zeros, in 256 KiB blocks.
  fs.writeFileSync(img, Buffer.concat([textBytes(1, 384 * KiB), randomBytes(2, 256 * KiB), Buffer.alloc(128 * KiB), textBytes(3, 256 * KiB)]));
  const mem = new MemoryBackend('flips');
  const repo = await BackupRepository.open(mem);
  const full = (await backupFile(repo, pool, img, { kind: 'full' }, { blockSize: 256 * KiB })).point;
  const fullHash = sha256File(img);
  const fd = fs.openSync(img, 'r+');
  fs.writeSync(fd, textBytes(4, 100 * KiB), 0, 100 * KiB, 200 * KiB);
  fs.writeSync(fd, randomBytes(5, 64 * KiB), 0, 64 * KiB, 640 * KiB);
  fs.closeSync(fd);
  const inc = (await backupFile(repo, pool, img, { kind: 'digest' }, { blockSize: 256 * KiB })).point;
  const incHash = sha256File(img);
  assert.equal((await healthCheck(repo, 'Nightly', { pool })).mismatches, [], 'the repository starts healthy');

  const files: { key: string; kind: string; point: RestorePoint; want: string }[] = [
    { key: 'repository.json', kind: 'repository.json', point: inc, want: incHash },
    { key: 'Nightly/web01/chain.json', kind: 'chain.json', point: inc, want: incHash },
  ];
  for (const [p, want] of [[full, fullHash], [inc, incHash]] as const)
    for (const ext of ['data', 'index.json', 'digests']) files.push({ key: `${p.dir}/disk0.${ext}`, kind: ext, point: p, want });

  let tried = 0;
  const missed: string[] = [];
  for (const f of files) {
    const bytes = mem.rawObject(f.key)!;
    for (const { cls, at } of positions(bytes.length)) {
      for (const bit of [0, 3, 6]) {
        const what = `${f.key} ${cls} byte ${at} bit ${bit}`;
        tried++;
        bytes[at] = bytes[at]! ^ (1 << bit);
        try {
          // A fresh open, as a new process would: repository.json is checked there too.
          const fresh = await BackupRepository.open(mem).catch((e: unknown) => e as Error);
          const hc = await healthCheck(repo, 'Nightly', { pool });
          const seen: string[] = [];
          if (hc.mismatches.length === 0) seen.push('health check Success');
          const out = path.join(dir, 'out');
          const restored = fresh instanceof Error ? fresh : await restorePointToFiles(fresh, f.point, out, { pool }).then((r) => r, (e: unknown) => e as Error);
          if (!(restored instanceof Error)) {
            seen.push(`restore wrote an image${sha256File(restored.files[0]!) === f.want ? '' : ' that is WRONG'}`);
          } else {
            assert.ok(['VBRS_REPOSITORY_DAMAGED', 'VBRS_CORRUPT_BLOCK', 'VBRS_REPOSITORY_FORMAT'].some((c) => isEngineError(restored, c)), `${what}: ${String(restored)}`);
            assert.not.match(restored.message, /\n/, 'one line');
          }
          const left = fs.existsSync(path.join(out, 'web01')) ? fs.readdirSync(path.join(out, 'web01')) : [];
          if (restored instanceof Error) assert.equal(left, [], `${what}: a refused restore leaves no image, partial or whole`);
          fs.rmSync(out, { recursive: true, force: true });
          if (seen.length > 0) missed.push(`${what}: ${seen.join(', ')}`);
        } finally {
          bytes[at] = bytes[at]! ^ (1 << bit);
        }
      }
    }
  }
  console.log(`  bit flips: ${tried - missed.length} of ${tried} caught`);
  assert.equal(missed, []);
  assert.ok(tried >= 100, `${tried} flips tried`);
});

test.run();
