// The whole path with the real repository and data movers in worker threads: a full, a workload,
// an incremental (CBT), restores of both points compared by hash with the disk at each time, then
// a CBT reset forcing the digest comparison.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { restorePointToFiles, DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { MemoryBackend } from '../../../src/engine/repository/index.ts';
import { addVms, KiB, openLab, pattern, sha } from './fixtures/job-lab.ts';

test('full → workload → incremental → restore equals the current disk; the first point still restores the original', async () => {
  const lab = openLab({ real: true });
  addVms(lab, [{ name: 'web01', disks: [1024 * KiB, 512 * KiB] }]);
  lab.write('web01', 'disk1', 0, pattern(768 * KiB, 11));
  lab.write('web01', 'disk2', 128 * KiB, pattern(128 * KiB, 12));
  const original = [sha(lab.read('web01', 'disk1')), sha(lab.read('web01', 'disk2'))];
  lab.jobs.add({ Name: 'Nightly', VMs: ['web01'], Repository: 'repo01', BlockSize: 256 * KiB });

  const s1 = await lab.jobs.start('Nightly').done;
  assert.is(s1.Result, 'Success', s1.Log.map((l) => l.Text).join('\n'));

  lab.write('web01', 'disk1', 320 * KiB, pattern(64 * KiB, 13));
  lab.write('web01', 'disk2', 0, pattern(100, 14));
  const current = [sha(lab.read('web01', 'disk1')), sha(lab.read('web01', 'disk2'))];
  const s2 = await lab.jobs.start('Nightly').done;
  assert.is(s2.Result, 'Success', s2.Log.map((l) => l.Text).join('\n'));
  const t2 = lab.sessions.tasks(s2.Id);
  assert.match(t2[0]!.Log.map((l) => l.Text).join('\n'), /Changed Block Tracking: 1 changed extent/);
  assert.ok(s2.ReadBytes < s1.ReadBytes, `incremental read ${s2.ReadBytes} < full ${s1.ReadBytes}`);
  assert.ok(t2.every((t) => t.Bottleneck !== null));

  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  const chain = await repo.chain('Nightly', 'web01');
  assert.equal(chain.map((p) => p.type), ['Full', 'Increment']);
  const restoreHashes = async (i: number) => {
    const r = await restorePointToFiles(repo, chain[i]!, join(lab.home, `out${i}`));
    return r.files.map((f) => sha(readFileSync(f)));
  };
  assert.equal(await restoreHashes(1), current, 'the incremental restores the current disks');
  assert.equal(await restoreHashes(0), original, 'the full still restores the original disks');

  // CBT reset: digest comparison, still exact.
  lab.write('web01', 'disk1', 900 * KiB, pattern(64 * KiB, 15));
  lab.engine.vms.resetCbt('web01');
  const now = sha(lab.read('web01', 'disk1'));
  const s3 = await lab.jobs.start('Nightly').done;
  assert.is(s3.Result, 'Warning');
  assert.match(lab.sessions.tasks(s3.Id)[0]!.Log.map((l) => l.Text).join('\n'), /comparing block digests/);
  const chain3 = await repo.chain('Nightly', 'web01');
  const r3 = await restorePointToFiles(repo, chain3.at(-1)!, join(lab.home, 'out3'));
  assert.is(sha(readFileSync(r3.files[0]!)), now);
  await lab.close();
});

test('a read-only or full repository: clear log line, Failed, earlier points untouched and restorable', async () => {
  const backend = new MemoryBackend('mem-repo');
  const lab = openLab({ backend });
  addVms(lab, [{ name: 'web01', disks: [256 * KiB] }]);
  lab.write('web01', 'disk1', 0, pattern(200 * KiB, 21));
  const first = sha(lab.read('web01', 'disk1'));
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01', Compression: 'None' });
  assert.is((await lab.jobs.start('J').done).Result, 'Success');
  lab.write('web01', 'disk1', 0, pattern(64 * KiB, 22));

  backend.faults = { readOnly: true };
  const ro = await lab.jobs.start('J').done;
  assert.is(ro.Result, 'Failed');
  const roLog = lab.sessions.tasks(ro.Id)[0]!.Log.map((l) => l.Text);
  assert.ok(roLog.some((l) => /Repository 'mem-repo' is read-only: cannot/.test(l)), roLog.join('\n'));
  assert.is(lab.engine.vms.getSnapshot('web01'), null);

  backend.faults = { capacityBytes: backend.usedBytes() + 1000 };
  const full = await lab.jobs.start('J').done;
  assert.is(full.Result, 'Failed');
  const fullLog = lab.sessions.tasks(full.Id)[0]!.Log.map((l) => l.Text);
  assert.ok(fullLog.some((l) => /Repository 'mem-repo' is full: cannot/.test(l)), fullLog.join('\n'));
  assert.ok(fullLog.some((l) => /Restore point discarded/.test(l)));

  backend.faults = {};
  const repo = await lab.repository.repository('any');
  const chain = await repo.chain('J', 'web01');
  assert.is(chain.length, 1, 'no partial point became visible');
  const r = await restorePointToFiles(repo, chain[0]!, join(lab.home, 'out'));
  assert.is(sha(readFileSync(r.files[0]!)), first, 'the earlier point still restores');
  await lab.close();
});

test('RetainPoints keeps the chain short; the newest point still restores the disk and CBT still applies', async () => {
  const lab = openLab({ real: true });
  addVms(lab, [{ name: 'web01', disks: [256 * KiB] }]);
  lab.jobs.add({ Name: 'R', VMs: ['web01'], Repository: 'repo01', RetainPoints: 2 });
  for (let i = 0; i < 3; i++) {
    lab.write('web01', 'disk1', i * 64 * KiB, pattern(64 * KiB, 30 + i));
    const s = await lab.jobs.start('R').done;
    assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  }
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  const chain = await repo.chain('R', 'web01');
  assert.is(chain.length, 2);
  lab.write('web01', 'disk1', 192 * KiB, pattern(64 * KiB, 40));
  const s4 = await lab.jobs.start('R').done;
  assert.match(lab.sessions.tasks(s4.Id)[0]!.Log.map((l) => l.Text).join('\n'), /Changed Block Tracking: 1 changed extent/);
  const last = (await repo.chain('R', 'web01')).at(-1)!;
  const r = await restorePointToFiles(repo, last, join(lab.home, 'outR'));
  assert.is(sha(readFileSync(r.files[0]!)), sha(lab.read('web01', 'disk1')));
  await lab.close();
});

test('a corrupted repository: a damaged data block does not stop the next increment; an unreadable chain fails clearly', async () => {
  const lab = openLab({ real: true });
  addVms(lab, [{ name: 'web01', disks: [256 * KiB] }]);
  lab.write('web01', 'disk1', 0, pattern(256 * KiB, 90));
  lab.jobs.add({ Name: 'C', VMs: ['web01'], Repository: 'repo01', Compression: 'None' });
  assert.is((await lab.jobs.start('C').done).Result, 'Success');
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  const [full] = await repo.chain('C', 'web01');
  const data = join(lab.home, 'repo', full!.dir, 'disk1.data');
  const bytes = readFileSync(data);
  bytes[100] = bytes[100]! ^ 0xff;
  writeFileSync(data, bytes);
  lab.write('web01', 'disk1', 0, pattern(64 * KiB, 91));
  const inc = await lab.jobs.start('C').done;
  assert.is(inc.Result, 'Success', 'an increment reads the VM, not the damaged block');

  writeFileSync(join(lab.home, 'repo', 'C', 'web01', 'chain.json'), '{ not json');
  const bad = await lab.jobs.start('C').done;
  assert.is(bad.Result, 'Failed');
  const log = lab.sessions.tasks(bad.Id)[0]!.Log.map((l) => l.Text);
  assert.ok(log.some((l) => l.startsWith("cannot write to repository 'repo01': Repository '") && l.includes("the chain of VM 'web01' in job 'C' (chain.json) is damaged (not valid JSON)")), log.join('\n'));
  assert.is(lab.engine.vms.getSnapshot('web01'), null);
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
