// Runs on real storage and data movers: Direct SAN for a proxy that sees the array, failover to
// NBD when the array is disconnected, and Stop-Job during a throttled real transfer.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { KiB, openLab, pattern } from './fixtures/job-lab.ts';
import { openTestLab } from '../../fixtures/test-lab.ts';

/** web01 on the array's datastore, backed up by job J through the SAN proxy px-san. */
function sanLab(proxy: { TransportMode?: 'Auto' | 'DirectSAN'; FailoverToNetwork?: boolean } = {}) {
  const lab = openTestLab({
    real: true, array: 'NetApp', proxies: [{ Name: 'px-san', SanAccess: ['fas01'], ...proxy }],
    vms: [{ name: 'web01', datastore: 'san01', disks: [256 * KiB] }], jobs: [{ Name: 'J', VMs: ['web01'] }],
  });
  lab.write('web01', 'disk1', 0, pattern(128 * KiB, 50));
  return lab;
}

test('Direct SAN when the proxy sees the array; failover to NBD when the array is disconnected', async () => {
  const lab = sanLab();
  const s1 = await lab.jobs.start('J').done;
  assert.is(s1.Result, 'Success', s1.Log.map((l) => l.Text).join('\n'));
  assert.is(lab.sessions.tasks(s1.Id)[0]!.TransportMode, 'DirectSAN');
  lab.engine.arrays.disconnect('fas01');
  const s2 = await lab.jobs.start('J').done;
  assert.is(s2.Result, 'Warning');
  const t = lab.sessions.tasks(s2.Id)[0]!;
  assert.is(t.TransportMode, 'NBD');
  assert.match(t.Log.map((l) => l.Text).join('\n'), /Direct SAN transport failed: storage array 'fas01' cannot be reached over the SAN \(disconnected\); failing over to NBD/);
  await lab.close();
});

test('an explicit Direct SAN proxy without network failover fails the VM when the array is gone', async () => {
  const lab = sanLab({ TransportMode: 'DirectSAN', FailoverToNetwork: false });
  lab.engine.arrays.disconnect('fas01');
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Failed');
  assert.match(lab.sessions.tasks(s.Id)[0]!.Log.map((l) => l.Text).join('\n'), /Direct SAN transport failed: .*disconnected/);
  await lab.close();
});

test('a session that did all its work ends at Progress 100', async () => {
  const lab = sanLab();
  const s = await lab.jobs.start('J').done;
  assert.is(s.Result, 'Success');
  assert.is(s.Progress, 100);
  await lab.close();
});

test('Stop-Job during a real (throttled) transfer: Failed, snapshot removed, no point in the repository', async () => {
  const lab = openLab({ real: true });
  // Three 4 MiB data mover batches at 4 MiB/s: the first progress event comes while two remain.
  lab.engine.vms.add({ Name: 'big', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [12288 * KiB] });
  lab.write('big', 'disk1', 0, pattern(12288 * KiB, 60));
  lab.engine.throttling.add({ Name: 'slow', Source: '*', Target: 'repo01', Limit: 4096 * KiB });
  lab.jobs.add({ Name: 'J', VMs: ['big'], Repository: 'repo01', Compression: 'None' });
  const h = lab.jobs.start('J');
  await new Promise<void>((resolve) => h.events.on('event', (e) => e.kind === 'task-progress' && e.progress < 100 && resolve()));
  const early = await lab.sessions.wait(h.id, 1);
  assert.is(early.State, 'Working', 'a wait that times out returns the running session');
  const s = await lab.jobs.stop('J');
  assert.is(s!.Result, 'Failed');
  assert.is(s!.State, 'Stopped');
  // Stopped part-way: Progress is the share done, never 100 (live record and the catalog's).
  assert.ok(s!.Progress < 100, `a stopped session reports Progress ${s!.Progress}`);
  assert.ok(lab.sessions.get(h.id).Progress < 100, 'the stored session agrees');
  assert.is(lab.engine.vms.getSnapshot('big'), null);
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  assert.equal(await repo.chain('J', 'big'), []);
  assert.match(lab.sessions.tasks(h.id)[0]!.Log.map((l) => l.Text).join('\n'), /Stopped by the user/);
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
