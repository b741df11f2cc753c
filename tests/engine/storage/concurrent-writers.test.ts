// Two processes writing the same disk at once, with a storage snapshot and CBT watching: the
// snapshot view stays the image at snapshot time, CBT reports every block either process wrote,
// and the catalog stays sound.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openImage } from '../../../src/engine/infra/image-view.ts';
import { DISK_BLOCK_SIZE } from '../../../src/engine/infra/disk-state.ts';
import { pattern, tempEngine } from '../infra/fixtures/temp-engine.ts';
import { childEnv } from '../../child-env.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;

function writer(seed: number, count: number): Promise<number[]> {
  const script = fileURLToPath(new URL('./fixtures/disk-writer.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, 'shared', String(seed), String(count)], { env: childEnv({ VBRS_HOME: t.home }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`writer exited ${code}: ${err}`))));
  });
}

test('concurrent writers in two processes keep snapshot, CBT and catalog consistent', async () => {
  e.hosts.add({ Name: 'esx01' });
  e.arrays.add({ Name: 'arr', Vendor: 'Generic' });
  e.arrays.addVolume({ Array: 'arr', Name: 'v' });
  e.datastores.add({ Name: 'ds', Host: 'esx01', Volume: 'arr/v' });
  e.vms.add({ Name: 'shared', Host: 'esx01', Datastore: 'ds', GuestOS: 'Linux', DiskSize: [4 * MiB] });
  e.vms.disk('shared', 'disk1').write(0, pattern(1, 4 * MiB));
  const before = fs.readFileSync(e.vms.get('shared').Disks[0]!.Path);
  const since = e.vms.createSnapshot('shared', 's').Disks[0]!.ChangeId;
  e.vms.removeSnapshot('shared');
  e.storageSnapshots.create({ Array: 'arr', Volume: 'v', Name: 'snap' });
  const [a, b] = await Promise.all([writer(11, 40), writer(22, 40)]);
  const written = [...new Set([...a, ...b])].sort((x, y) => x - y);
  const changed = e.vms.changedExtents('shared', 'disk1', since)
    .flatMap((x) => Array.from({ length: x.length / DISK_BLOCK_SIZE }, (_, i) => x.offset / DISK_BLOCK_SIZE + i));
  assert.equal(changed, written);
  const img = openImage(e.storageSnapshots.diskImage('arr', 'snap', 'shared', 'disk1'));
  assert.ok(img.readSync(0, img.size).equals(before), 'snapshot view unchanged');
  img.close();
  assert.not.ok(fs.readFileSync(e.vms.get('shared').Disks[0]!.Path).equals(before));
  assert.is(e.catalog.get('PRAGMA integrity_check')!.integrity_check, 'ok');
});

test.after(() => t.dispose());
test.run();
