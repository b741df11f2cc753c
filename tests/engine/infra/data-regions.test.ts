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
  const [regions] = await dataRegions([{ path: file, size: 16 * MiB }]);
  assert.ok(regions, 'regions are known');
  assert.ok(covers(regions!, MiB, 64 * 1024), 'the first write is inside a region');
  assert.ok(covers(regions!, 9 * MiB + 10, 100), 'the second write is inside a region');
  for (const r of regions!) assert.ok(r.offset >= 0 && r.length > 0 && r.offset + r.length <= 16 * MiB, `region ${r.offset}+${r.length} inside the disk`);
  const total = regions!.reduce((n, r) => n + r.length, 0);
  if (sparse) assert.ok(total <= 2 * MiB, `holes left out (${total} bytes of regions)`);
  else console.log('  (this file system keeps no holes: one region is correct too)');
});

test('regions stop at the size asked for, a file that cannot be read has none, and one ask answers many files', async () => {
  if (!hasPython) return console.log('  (skipped: no python3)');
  const file = join(tempDir('vbrs-regions-'), 'disk.img');
  sparseImage(file);
  const missing = join(tempDir('vbrs-regions-'), 'missing.img');
  // Several files in one ask: each gets its own answer, in order.
  const [short, none, whole] = await dataRegions([{ path: file, size: 4 * MiB }, { path: missing, size: MiB }, { path: file, size: 16 * MiB }]);
  assert.ok(short);
  assert.ok(short!.every((r) => r.offset + r.length <= 4 * MiB));
  assert.ok(covers(short!, MiB, 64 * 1024));
  assert.not.ok(covers(short!, 9 * MiB + 10, 100), 'nothing past the size asked for');
  assert.is(none, null);
  assert.ok(whole && covers(whole, 9 * MiB + 10, 100));
  assert.equal(await dataRegions([]), []);
});

/** Runs `fn` with a python3 first on PATH that runs `prelude` (Python) before the real program. */
async function withFakePython<T>(prelude: string, fn: () => Promise<T>): Promise<T> {
  const real = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
  const dir = tempDir('vbrs-fake-python-');
  const fake = join(dir, 'python3');
  const program = ['import errno, os, sys, time', prelude, 'args = sys.argv[1:]', 'i = args.index("-c")', 'sys.argv = ["-c"] + args[i + 2:]', 'exec(args[i + 1])', ''];
  fs.writeFileSync(fake, `#!${real} -S\n${program.join('\n')}`, { mode: 0o755 });
  const path = process.env.PATH;
  process.env.PATH = `${dir}:${path ?? ''}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = path;
  }
}

/** A python3 whose lseek(SEEK_DATA) fails with `errno` after `after` real calls, as a failing mount or FUSE server would. */
const withFailingSeek = <T>(errno: string, after: number, fn: () => Promise<T>) =>
  withFakePython(
    `real_lseek = os.lseek
calls = [0]
def lseek(fd, pos, how):
    if how == os.SEEK_DATA:
        calls[0] += 1
        if calls[0] > ${after}:
            raise OSError(errno.${errno}, "injected")
    return real_lseek(fd, pos, how)
os.lseek = lseek`,
    fn,
  );

test('an lseek error other than "no more data" gives no regions, so the file is read in full', async () => {
  if (!hasPython) return console.log('  (skipped: no python3)');
  const file = join(tempDir('vbrs-regions-'), 'disk.img');
  sparseImage(file);
  for (const [errno, after] of [['EIO', 1], ['EINVAL', 0]] as const) {
    const [regions] = await withFailingSeek(errno, after, () => dataRegions([{ path: file, size: 16 * MiB }]));
    assert.is(regions, null, `${errno} after ${after} seeks: no partial list`);
  }
  // ENXIO is the kernel's "no data past here": the regions before it stand.
  const [ended] = await withFailingSeek('ENXIO', 1, () => dataRegions([{ path: file, size: 16 * MiB }]));
  assert.ok(ended && covers(ended, MiB, 64 * 1024) && !covers(ended, 9 * MiB + 10, 100));
});

test('a full whose data regions cannot be known reads the whole disk and restores byte for byte', async () => {
  if (!hasPython) return console.log('  (skipped: no python3)');
  const lab = openLab({ real: true });
  const image = join(lab.home, 'attached.img');
  sparseImage(image);
  lab.engine.vms.add({ Name: 'att', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskPath: [image] });
  lab.jobs.add({ Name: 'Attached', VMs: ['att'], Repository: 'repo01', BlockSize: MiB });
  const s = await withFailingSeek('EIO', 1, () => lab.jobs.start('Attached').done);
  assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  assert.is(s.ReadBytes, 16 * MiB);
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  const r = await restorePointToFiles(repo, (await repo.chain('Attached', 'att'))[0]!, join(lab.home, 'out'));
  assert.is(sha(fs.readFileSync(r.files[0]!)), sha(fs.readFileSync(image)));
  await lab.close();
});

test('a job stopped while the data regions are asked stops at once, not when the ask ends', async () => {
  if (!hasPython) return console.log('  (skipped: no python3)');
  const lab = openLab({ real: true });
  const image = join(lab.home, 'attached.img');
  sparseImage(image);
  const asked = join(lab.home, 'asked');
  lab.engine.vms.add({ Name: 'att', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskPath: [image] });
  lab.jobs.add({ Name: 'Attached', VMs: ['att'], Repository: 'repo01', BlockSize: MiB });
  // The ask hangs for 6 s: the stop must not wait for it.
  const s = await withFakePython(`open(${JSON.stringify(asked)}, "w").close()\ntime.sleep(6)`, async () => {
    const h = lab.jobs.start('Attached');
    while (!fs.existsSync(asked)) await new Promise((r) => setTimeout(r, 20));
    const t = performance.now();
    const stopped = await lab.jobs.stop('Attached');
    return { session: stopped!, ms: performance.now() - t, done: await h.done };
  });
  assert.is(s.session.Result, 'Failed');
  assert.is(s.session.State, 'Stopped');
  assert.ok(s.ms < 5000, `stopped in ${Math.round(s.ms)} ms, not when the ask ended (6 s)`);
  assert.equal(await (await lab.repository.repository(join(lab.home, 'repo'))).chain('Attached', 'att'), []);
  await lab.close();
});

test('a full of -DiskPath disks reads only their data regions and restores byte for byte', async () => {
  const lab = openLab({ real: true });
  const images = [join(lab.home, 'attached1.img'), join(lab.home, 'attached2.img')];
  const sparse = images.map(sparseImage).every(Boolean);
  fs.writeFileSync(images[1]!, pattern(200, 3), { flag: 'r+' }); // the second disk differs
  lab.engine.vms.add({ Name: 'att', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskPath: images });
  lab.jobs.add({ Name: 'Attached', VMs: ['att'], Repository: 'repo01', BlockSize: MiB });
  const s = await lab.jobs.start('Attached').done;
  assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  if (hasPython && sparse) assert.ok(s.ReadBytes <= 2 * 3 * MiB, `read ${s.ReadBytes} bytes of two 16 MiB disks with three data blocks each at most`);
  else assert.is(s.ReadBytes, 2 * 16 * MiB);
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  const chain = await repo.chain('Attached', 'att');
  const r = await restorePointToFiles(repo, chain[0]!, join(lab.home, 'out'));
  assert.is(r.files.length, 2);
  for (const [i, f] of r.files.entries()) assert.is(sha(fs.readFileSync(f)), sha(fs.readFileSync(images[i]!)), `disk ${i + 1} restored byte for byte`);
  // A CBT incremental reads the changed block only, and its point restores the disk as it is now.
  lab.write('att', 'disk1', 12 * MiB, pattern(4096, 4));
  const inc = await lab.jobs.start('Attached').done;
  assert.is(inc.Result, 'Success', inc.Log.map((l) => l.Text).join('\n'));
  assert.ok(inc.ReadBytes <= MiB, `the incremental read ${inc.ReadBytes} bytes`);
  const last = (await repo.chain('Attached', 'att')).at(-1)!;
  const r2 = await restorePointToFiles(repo, last, join(lab.home, 'out2'));
  assert.is(sha(fs.readFileSync(r2.files[0]!)), sha(lab.read('att', 'disk1')));
  await lab.close();
});

test.run();
