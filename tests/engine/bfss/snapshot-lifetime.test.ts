// The contrast of docs/storage-snapshots.md (VM snapshot lifetime), as behaviour rather than timing: guest writes made while the disk is
// being read land in the VM snapshot's delta in a regular backup (and must be committed), but with
// backup from storage snapshots the VM snapshot is already gone by then — no delta, nothing to
// commit — while both restore points hold the disk as it was when it was frozen.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { KiB, logText, openBfssLab, pattern, sanVm } from './fixtures/bfss-lab.ts';

for (const storage of [false, true]) {
  test(`writes during the read ${storage ? 'never reach a VM snapshot delta (storage snapshot)' : 'grow the VM snapshot delta (regular)'}`, async () => {
    const lab = openBfssLab();
    lab.engine.proxies.add({ Name: 'px-san', SanAccess: ['fas01'] });
    sanVm(lab, 'web01', 'san01', [512 * KiB]);
    lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01' });
    lab.jobs.setStorageOptions('J', { EnableStorageSnapshots: storage });
    const frozen = lab.hashes('web01');
    const h = lab.jobs.start('J');
    let wrote = false;
    h.events.on('event', (e) => {
      if (e.kind !== 'task-started' || wrote) return;
      wrote = true;
      lab.write('web01', 'disk1', 0, pattern(192 * KiB, 3));
    });
    const s = await h.done;
    assert.is(s.Result, 'Success', logText(s));
    assert.ok(wrote);
    const committed = lab.events.filter((e) => e.kind === 'vm-snapshot-committed');
    assert.is(committed.length, 1);
    const delta = Number(committed[0]!.deltaBytes);
    const task = lab.sessions.tasks(s.Id)[0]!;
    if (storage) {
      assert.is(delta, 0, 'the VM snapshot was committed before the read started');
      assert.is(task.SnapshotSource, 'PrimaryStorage');
    } else {
      assert.ok(delta >= 192 * KiB, `the writes went to the delta (${delta} bytes)`);
      assert.is(task.SnapshotSource, 'VM');
    }
    assert.ok(task.VMSnapshotLifetime !== null);
    assert.equal(await lab.restoredHashes('J', 'web01'), frozen, 'the point is the frozen disk, not the later writes');
    assert.not.equal(lab.hashes('web01'), frozen);
    await lab.close();
  });
}

test.after(() => DataMoverPool.shared().close());
test.run();
