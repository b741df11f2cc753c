import { test } from 'uvu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../../../src/engine/catalog/index.ts';
import { DataMoverPool, restorePointToFiles } from '../../../src/engine/datamover/index.ts';
import { ChangeIdStore, RepositoryTarget } from '../../../src/engine/jobs/index.ts';
import { backupTargetConformance } from './fixtures/backup-target-conformance.ts';
import { MemoryTarget } from './fixtures/memory-target.ts';

test('MemoryTarget passes the BackupTarget conformance suite', async () => {
  await backupTargetConformance(async () => {
    const target = new MemoryTarget();
    return {
      target,
      readBack: async (job, vm, disk) => target.chain(job, vm).at(-1)!.disks.get(disk)!.image,
      points: async (job, vm) => target.chain(job, vm).length,
    };
  });
});

test('RepositoryTarget passes the BackupTarget conformance suite', async () => {
  await backupTargetConformance(async (dir) => {
    const target = new RepositoryTarget({ changeIds: new ChangeIdStore(Catalog.open({ home: join(dir, 'home') })) });
    const repo = () => target.repository(join(dir, 'repo'));
    let n = 0;
    return {
      target,
      readBack: async (job, vm, disk) => {
        const r = await repo();
        const point = (await r.chain(job, vm)).at(-1)!;
        const out = await restorePointToFiles(r, point, join(dir, `out${++n}`));
        return readFileSync(out.files.find((f) => f.endsWith(`${disk}.img`))!);
      },
      points: async (job, vm) => (await (await repo()).chain(job, vm)).length,
    };
  });
});

test.after(() => DataMoverPool.shared().close());
test.run();
