// The Engine facade wires backup from storage snapshots in: a job opened through Engine.open reads
// from the storage snapshot once EnableStorageSnapshots is set, and the snapshot is gone afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { Engine } from '../../../src/engine/engine.ts';
import { tempDir } from '../../temp-dir.ts';

test('Engine.open jobs use storage snapshots when the job enables them', async () => {
  const home = tempDir('vbrs-bfss-facade-');
  process.env.VBRS_HOME = home;
  const engine = Engine.open({ home });
  engine.hosts.add({ Name: 'esx01' });
  engine.arrays.add({ Name: 'nim01', Vendor: 'Nimble' });
  engine.arrays.addVolume({ Array: 'nim01', Name: 'lun1' });
  engine.datastores.add({ Name: 'san01', Host: 'esx01', Volume: 'nim01/lun1' });
  engine.proxies.add({ Name: 'px', SanAccess: ['nim01'] });
  engine.repositories.add({ Name: 'repo01', Path: join(home, 'repo') });
  engine.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'san01', GuestOS: 'Windows', DiskSize: [256 * 1024] });
  engine.vms.disk('web01', 'disk1').write(0, Buffer.alloc(64 * 1024, 9));
  engine.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
  const regular = await engine.jobs.start('J').done;
  assert.is(engine.sessions.tasks(regular.Id)[0]!.SnapshotSource, 'VM');
  engine.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const s = await engine.jobs.start('J').done;
  assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  const t = engine.sessions.tasks(s.Id)[0]!;
  assert.is(t.SnapshotSource, 'PrimaryStorage');
  assert.is(t.TransportMode, 'DirectSAN');
  assert.equal(engine.storageSnapshots.list(), []);
  await engine.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
