// Stop-Job while a VM is read from a storage snapshot: the session ends Failed, the storage snapshot
// is unmounted and deleted, no VM snapshot is left open and no partial restore point is kept.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { KiB, openBfssLab, sanVm } from './fixtures/bfss-lab.ts';

test('Stop-Job during a throttled read from the storage snapshot cleans everything up', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'big', 'san01', [12288 * KiB]);
  lab.engine.vms.disk('big', 'disk1').write(0, Buffer.alloc(12288 * KiB, 7));
  lab.engine.throttling.add({ Name: 'slow', Source: '*', Target: 'repo01', Limit: 4096 * KiB });
  lab.jobs.add({ Name: 'J', VMs: ['big'], Repository: 'repo01', Compression: 'None' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const h = lab.jobs.start('J');
  await new Promise<void>((resolve) => h.events.on('event', (e) => e.kind === 'task-progress' && e.progress < 100 && resolve()));
  assert.is(lab.engine.storageSnapshots.list().length, 1, 'the storage snapshot is mounted while reading');
  const s = await lab.jobs.stop('J');
  assert.is(s!.Result, 'Failed');
  assert.equal(lab.engine.storageSnapshots.list(), []);
  assert.is(lab.sessions.tasks(h.id)[0]!.SnapshotSource, 'PrimaryStorage', 'the stopped task had started reading the storage snapshot');
  assert.is(lab.engine.vms.getSnapshot('big'), null);
  const repo = await lab.repository.repository(lab.home + '/repo');
  assert.equal(await repo.chain('J', 'big'), []);
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
