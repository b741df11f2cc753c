// A property test of the whole chain (fast-check): random guest writes (text, random bytes, zeros),
// fulls, incrementals by changed extents or by digest compare, and retention merges, in any order;
// afterwards every point left in the chain restores to exactly the disk as it was when that point
// was taken, and the health check finds nothing. Fixed seed; FC_RUNS=<n> runs more cases.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { BackupRepository } from '../../../src/engine/repository/backup-repository.ts';
import { MemoryBackend } from '../../../src/engine/repository/memory-backend.ts';
import { applyRetention } from '../../../src/engine/repository/apply-retention.ts';
import { healthCheck } from '../../../src/engine/datamover/health-check.ts';
import { restorePointToFiles } from '../../../src/engine/datamover/restore-point-to-files.ts';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import { randomBytes, removeTempDirsAfter, tempDir, textBytes } from '../datamover/fixtures/disk-image.ts';

removeTempDirsAfter(test);
import { backupFile } from '../datamover/fixtures/backup-harness.ts';

const pool = new DataMoverPool(2);
test.after(() => pool.close());
const GRAIN = 64 * 1024;
const SIZE = 20 * GRAIN;

type Cmd =
  | { op: 'write'; offset: number; length: number; fill: 'text' | 'random' | 'zero'; seed: number }
  | { op: 'backup'; mode: 'full' | 'extents' | 'digest' }
  | { op: 'retain'; points: number };

const fill = fc.constantFrom('text' as const, 'random' as const, 'zero' as const);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant('write' as const), offset: fc.integer({ min: 0, max: SIZE - 1 }), length: fc.integer({ min: 1, max: 3 * GRAIN }), fill, seed: fc.nat(1000) }),
  fc.record({ op: fc.constant('write' as const), offset: fc.integer({ min: 0, max: SIZE - 1 }), length: fc.integer({ min: 1, max: 3 * GRAIN }), fill, seed: fc.nat(1000) }),
  // Whole grains too: that is when grains turn all-zero and increments store zero records.
  fc.record({
    op: fc.constant('write' as const),
    offset: fc.integer({ min: 0, max: SIZE / GRAIN - 1 }).map((g) => g * GRAIN),
    length: fc.integer({ min: 1, max: 4 }).map((g) => g * GRAIN),
    fill,
    seed: fc.nat(1000),
  }),
  fc.record({ op: fc.constant('backup' as const), mode: fc.constantFrom('full' as const, 'extents' as const, 'digest' as const) }),
  fc.record({ op: fc.constant('backup' as const), mode: fc.constantFrom('extents' as const, 'digest' as const) }),
  fc.record({ op: fc.constant('retain' as const), points: fc.integer({ min: 1, max: 2 }) }),
);

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

test('any history of writes, backups and merges: every point restores to the disk at its time', async () => {
  const runs = Number(process.env.FC_RUNS ?? 25);
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { minLength: 8, maxLength: 24 }), fc.constantFrom(GRAIN * 2, GRAIN * 4), async (cmds, blockSize) => {
      const dir = tempDir();
      try {
        const img = path.join(dir, 'disk.img');
        const disk = Buffer.concat([textBytes(1, SIZE / 2), Buffer.alloc(SIZE / 2)]);
        fs.writeFileSync(img, disk);
        const repo = await BackupRepository.open(new MemoryBackend('prop'));
        const expected = new Map<string, string>();
        let changed: { offset: number; length: number }[] = [];
        let points = 0;
        for (const c of cmds) {
          if (c.op === 'write') {
            const length = Math.min(c.length, SIZE - c.offset);
            const data = c.fill === 'text' ? textBytes(c.seed, length) : c.fill === 'random' ? randomBytes(c.seed, length) : Buffer.alloc(length);
            data.copy(disk, c.offset);
            fs.writeFileSync(img, disk);
            changed.push({ offset: c.offset, length });
          } else if (c.op === 'backup') {
            const mode = c.mode === 'full' || points === 0 ? { kind: 'full' as const } : c.mode === 'digest' ? { kind: 'digest' as const } : { kind: 'extents' as const, extents: changed };
            const { point } = await backupFile(repo, pool, img, mode, { blockSize });
            expected.set(point.id, sha(disk));
            changed = [];
            points++;
          } else if (points > 0) {
            await applyRetention(repo, 'Nightly', 'web01', c.points);
          }
        }
        const chain = await repo.chain('Nightly', 'web01');
        for (const p of chain) {
          const { files } = await restorePointToFiles(repo, p, path.join(dir, 'out'), { pool });
          assert.is(sha(fs.readFileSync(files[0]!)), expected.get(p.id), `point ${p.id} (${p.type}) restores as taken`);
          fs.rmSync(path.join(dir, 'out'), { recursive: true, force: true });
        }
        if (chain.length > 0) assert.equal((await healthCheck(repo, 'Nightly', { pool })).mismatches, []);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }),
    { seed: 20261206, numRuns: runs },
  );
});

test.run();
