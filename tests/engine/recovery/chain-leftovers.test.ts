// Unfinished restore points a killed session left in a chain's folder (a `.tmp-*` folder, a point
// folder renamed but never published, a chain.json.tmp) are removed by the job's next backup,
// logged at Info, with the run Success; published points and files vbrs does not name stay.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { KiB, openLab, pattern } from '../jobs/fixtures/job-lab.ts';

test('the next backup sweeps what an interrupted one left in the chain, at Info', async () => {
  const lab = openLab({ real: true });
  lab.engine.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [512 * KiB] });
  lab.write('web01', 'disk1', 0, pattern(512 * KiB, 3));
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01', Compression: 'None' });
  const first = await lab.jobs.start('J').done;
  assert.is(first.Result, 'Success');
  const chain = join(lab.home, 'repo', 'J', 'web01');
  const published = readdirSync(chain).filter((n) => n !== 'chain.json');
  assert.is(published.length, 1);
  const left = ['.tmp-20261206T101010123Z-ab12', '.tmp-20261206T101010123Z-ab12-m3f', '20261206T111111456Z-cd34'];
  for (const n of left) {
    mkdirSync(join(chain, n));
    writeFileSync(join(chain, n, 'disk1.data'), Buffer.alloc(4096, 1));
  }
  writeFileSync(join(chain, 'chain.json.tmp'), '{"trunc');
  writeFileSync(join(chain, 'notes.txt'), 'kept');

  const next = await lab.jobs.start('J').done;
  const log = next.Log.map((l) => `${l.Severity} ${l.Text}`).join('\n');
  assert.is(next.Result, 'Success', log);
  assert.match(log, `Info VM 'web01': Removed what an interrupted session left unfinished in repository 'repo01' (4 item(s)): `);
  for (const n of [...left, 'chain.json.tmp']) {
    assert.ok(log.includes(n), n);
    assert.not.ok(existsSync(join(chain, n)), `${n} removed`);
  }
  assert.ok(existsSync(join(chain, published[0]!)), 'the published point stays');
  assert.ok(existsSync(join(chain, 'notes.txt')), 'a file vbrs does not name is never touched');
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  assert.is((await repo.chain('J', 'web01')).length, 2);

  // Nothing left: the run after says nothing about leftovers.
  const third = await lab.jobs.start('J').done;
  assert.not.match(third.Log.map((l) => l.Text).join('\n'), /left unfinished/);
  await lab.close();
  rmSync(lab.home, { recursive: true, force: true });
});

test.after(() => DataMoverPool.shared().close());
test.run();
