// Mixed jobs (docs/storage-snapshots.md): VMs whose disks are all on the array use the storage snapshot; a VM on local
// storage, or with one disk attached from outside the array's datastore, is processed the regular
// way, and its VM snapshot is taken only after the storage snapshot exists.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { KiB, logText, openBfssLab, pattern, sanVm } from './fixtures/bfss-lab.ts';

test('array VMs use the storage snapshot; local and partly-off-array VMs take VM snapshots after it; all restore', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01');
  sanVm(lab, 'app01', 'ds01');
  // db01: one disk inside the array datastore's folder, one attached from elsewhere.
  const inside = join(lab.engine.datastores.get('san01').Path, 'db01-a.img');
  const outside = join(lab.home, 'elsewhere-db01-b.img');
  writeFileSync(inside, pattern(128 * KiB, 5));
  writeFileSync(outside, pattern(128 * KiB, 6));
  lab.engine.vms.add({ Name: 'db01', Host: 'esx01', Datastore: 'san01', GuestOS: 'Linux', DiskPath: [inside, outside] });
  lab.jobs.add({ Name: 'Mixed', VMs: ['app01', 'db01', 'web01'], Repository: 'repo01', BlockSize: 256 * KiB });
  lab.jobs.setStorageOptions('Mixed', { EnableStorageSnapshots: true });
  const before = { web01: lab.hashes('web01'), app01: lab.hashes('app01'), db01: lab.hashes('db01') };

  const s = await lab.run('Mixed');
  assert.is(s.Result, 'Success', logText(s));
  const source = (vm: string) => [...new Set(lab.sessions.tasks(s.Id).filter((t) => t.VM === vm).map((t) => t.SnapshotSource))];
  assert.equal(source('web01'), ['PrimaryStorage']);
  assert.equal(source('app01'), ['VM']);
  assert.equal(source('db01'), ['VM']);
  assert.match(lab.taskLog(s.Id, 'db01').join('\n'), /disk 'disk2' is not on datastore 'san01'/);
  assert.is(lab.events.filter((e) => e.kind === 'storage-snapshot-created').length, 1);

  const lines = s.Log.map((l) => l.Text);
  const storageCreated = lines.findIndex((l) => /^VM 'web01': Storage snapshot '.*' of volume 'fas01\/vol1' created/.test(l));
  assert.ok(storageCreated >= 0, logText(s));
  for (const vm of ['app01', 'db01']) {
    const vmSnapshot = lines.findIndex((l) => l.startsWith(`VM '${vm}': VM snapshot 'VBRS-Mixed-`) && l.endsWith('created on host \'esx01\''));
    assert.ok(vmSnapshot > storageCreated, `${vm}'s VM snapshot (line ${vmSnapshot}) after the storage snapshot (line ${storageCreated})\n${logText(s)}`);
    assert.ok(lines.includes(`VM '${vm}': Mixed job: the VM snapshot is taken after the job's storage snapshots are created`));
  }
  assert.equal(await lab.restoredHashes('Mixed', 'web01'), before.web01);
  assert.equal(await lab.restoredHashes('Mixed', 'app01'), before.app01);
  assert.equal(await lab.restoredHashes('Mixed', 'db01'), before.db01);
  await lab.close();
});

test('a VM waiting for a task slot does not hold up the storage snapshot of the others; it gets its own later', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'], MaxTasks: 1 });
  sanVm(lab, 'web01');
  sanVm(lab, 'db01');
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const s = await lab.run('J');
  assert.is(s.Result, 'Success', logText(s));
  assert.is(lab.events.filter((e) => e.kind === 'storage-snapshot-created').length, 2, 'one slot: the VMs run one after the other, each with its own snapshot');
  assert.equal(lab.engine.storageSnapshots.list(), []);
  assert.equal(await lab.restoredHashes('J', 'db01'), lab.hashes('db01'));
  await lab.close();
});

test('a VM that fails in guest processing while another waits at the volume does not hold it up', async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01');
  sanVm(lab, 'db01');
  lab.jobs.add({ Name: 'J', VMs: ['web01', 'db01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  // db01's pre-freeze hook fails, but only once web01 already waits for the volume's snapshot.
  let web01Waiting!: () => void;
  const waiting = new Promise<void>((resolve) => (web01Waiting = resolve));
  const hook = {
    kind: 'callback' as const,
    name: 'pre',
    run: async (v: { VM: string }) => {
      if (v.VM !== 'db01') return { exitCode: 0, stdout: '', stderr: '' };
      await waiting;
      return { exitCode: 3, stdout: '', stderr: 'database refused to freeze' };
    },
  };
  lab.jobs.setGuestProcessing('J', { Enabled: true, PreFreezeScript: hook });
  const h = lab.jobs.start('J');
  h.events.on('event', (e) => e.kind === 'log' && e.text.startsWith("VM 'web01': Step 3/8") && web01Waiting());
  const s = await h.done;
  assert.is(s.Result, 'Failed');
  const tasks = lab.sessions.tasks(s.Id);
  assert.is(tasks.find((t) => t.VM === 'db01')!.Status, 'Failed');
  const web = tasks.find((t) => t.VM === 'web01')!;
  assert.is(web.Status, 'Success', logText(s));
  assert.is(web.SnapshotSource, 'PrimaryStorage');
  assert.match(lab.taskLog(s.Id, 'web01').join('\n'), /one temporary snapshot for 1 VM\(s\) of the job: web01/);
  assert.equal(lab.engine.storageSnapshots.list(), []);
  await lab.close();
});

test("a VM whose VM snapshot cannot be taken fails alone; the volume's other VM is backed up from the storage snapshot", async () => {
  const lab = openBfssLab();
  lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
  sanVm(lab, 'web01');
  sanVm(lab, 'db01');
  lab.engine.vms.createSnapshot('db01', 'left-over');
  lab.jobs.add({ Name: 'J', VMs: ['db01', 'web01'], Repository: 'repo01' });
  lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: true });
  const s = await lab.run('J');
  assert.is(s.Result, 'Failed');
  assert.match(logText(s), /VM 'db01': VM snapshot failed: .*left-over/);
  const web = lab.sessions.tasks(s.Id).find((t) => t.VM === 'web01')!;
  assert.is(web.Status, 'Success', logText(s));
  assert.is(web.SnapshotSource, 'PrimaryStorage');
  assert.equal(lab.engine.storageSnapshots.list(), []);
  assert.equal(await lab.restoredHashes('J', 'web01'), lab.hashes('web01'));
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
