// The file system's data regions of a sparse image: a superset of its non-zero bytes that leaves
// out its holes, null when they cannot be known; and a full backup of a disk attached with
// -DiskPath reads only those regions and still restores byte for byte.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { dataRegions } from '../../../src/engine/infra/data-regions.ts';
import { restorePointToFiles } from '../../../src/engine/datamover/index.ts';
import { tempDir, removeTempDirsAfter } from '../../temp-dir.ts';
import { openLab, pattern, sha } from '../jobs/fixtures/job-lab.ts';

removeTempDirsAfter(test);

const MiB = 1 << 20;
const hasPython = spawnSync('python3', ['-c', ''], { stdio: 'ignore' }).status === 0;

/** A 16 MiB sparse image with data at 1 MiB and at 9 MiB + 10 bytes; true when its holes are real. */
function sparseImage(file: string): boolean {
  const fd = fs.openSync(file, 'w');
  try {
    fs.ftruncateSync(fd, 16 * MiB);
    fs.writeSync(fd, pattern(64 * 1024, 1), 0, 64 * 1024, MiB);
    fs.writeSync(fd, pattern(100, 2), 0, 100, 9 * MiB + 10);
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).blocks * 512 < 4 * MiB;
}

const covers = (regions: { offset: number; length: number }[], at: number, length: number) =>
  regions.some((r) => r.offset <= at && at + length <= r.offset + r.length);

test('the data regions of a sparse file hold its data and leave its holes out', async () => {
  if (!hasPython) return console.log('  (skipped: no python3, so no data regions: readers read everything)');
  const file = join(tempDir('vbrs-regions-'), 'disk.img');
  const sparse = sparseImage(file);
  const regions = await dataRegions(file, 16 * MiB);
  assert.ok(regions, 'regions are known');
  assert.ok(covers(regions!, MiB, 64 * 1024), 'the first write is inside a region');
  assert.ok(covers(regions!, 9 * MiB + 10, 100), 'the second write is inside a region');
  for (const r of regions!) assert.ok(r.offset >= 0 && r.length > 0 && r.offset + r.length <= 16 * MiB, `region ${r.offset}+${r.length} inside the disk`);
  const total = regions!.reduce((n, r) => n + r.length, 0);
  if (sparse) assert.ok(total <= 2 * MiB, `holes left out (${total} bytes of regions)`);
  else console.log('  (this file system keeps no holes: one region is correct too)');
});

test('regions stop at the size asked for, and a file that cannot be read has none', async () => {
  if (!hasPython) return console.log('  (skipped: no python3)');
  const file = join(tempDir('vbrs-regions-'), 'disk.img');
  sparseImage(file);
  const regions = await dataRegions(file, 4 * MiB);
  assert.ok(regions);
  assert.ok(regions!.every((r) => r.offset + r.length <= 4 * MiB));
  assert.ok(covers(regions!, MiB, 64 * 1024));
  assert.is(await dataRegions(join(tempDir('vbrs-regions-'), 'missing.img'), MiB), null);
});

test('a full of a -DiskPath disk reads only its data regions and restores byte for byte', async () => {
  const lab = openLab({ real: true });
  const image = join(lab.home, 'attached.img');
  const sparse = sparseImage(image);
  lab.engine.vms.add({ Name: 'att', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskPath: [image] });
  lab.jobs.add({ Name: 'Attached', VMs: ['att'], Repository: 'repo01', BlockSize: MiB });
  const s = await lab.jobs.start('Attached').done;
  assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  if (hasPython && sparse) assert.ok(s.ReadBytes <= 2 * MiB, `read ${s.ReadBytes} bytes of a 16 MiB disk with two data blocks`);
  else assert.is(s.ReadBytes, 16 * MiB);
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  const chain = await repo.chain('Attached', 'att');
  const r = await restorePointToFiles(repo, chain[0]!, join(lab.home, 'out'));
  assert.is(sha(fs.readFileSync(r.files[0]!)), sha(fs.readFileSync(image)));
  await lab.close();
});

test.run();
