// A process killed in the middle of a backup: the next process to open the data folder shows the
// session as interrupted (Failed, never Working forever) and commits the VM snapshot the dead
// session left at once (logged at Info on that session), the next run is clean, and the repository
// shows only complete restore points.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { DataMoverPool, restorePointToFiles } from '../../../src/engine/datamover/index.ts';
import { KiB, openLab, pattern, sha } from './fixtures/job-lab.ts';
import { childEnv } from '../../child-env.ts';

const child = fileURLToPath(new URL('./fixtures/job-child.ts', import.meta.url));

test('a backup process killed mid-run: session closed as interrupted, its snapshot committed at the next open', async () => {
  const lab = openLab({ real: true });
  lab.engine.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [8192 * KiB] });
  lab.write('web01', 'disk1', 0, pattern(8192 * KiB, 80));
  // Two 4 MiB data mover batches at 8 MiB/s: the child reports progress with half the disk to go.
  lab.engine.throttling.add({ Name: 'slow', Source: '*', Target: 'repo01', Limit: 8192 * KiB });
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01', Compression: 'None' });
  await lab.close();

  const proc = execa(process.execPath, [child], { env: childEnv({ VBRS_HOME: lab.home }), extendEnv: false, reject: false });
  const id = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      const m = /progress (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    proc.then((r) => reject(new Error(`child ended early: ${r.stderr}`)));
  });
  proc.kill('SIGKILL');
  await proc;

  const again = openLab({ home: lab.home, real: true });
  assert.equal(again.engine.recovery.sessions.map((s) => s.Id), [id]);
  assert.equal(again.engine.recovery.snapshots.map((s) => [s.VM, s.SessionId]), [['web01', id]]);
  const s = again.sessions.get(id);
  assert.is(s.State, 'Stopped');
  assert.is(s.Result, 'Failed');
  const texts = s.Log.map((l) => `${l.Severity} ${l.Text}`).join('\n');
  assert.match(texts, new RegExp(`Error Session was interrupted: the process running it \\(pid ${proc.pid}\\) ended before it finished`));
  assert.match(texts, new RegExp(`Info Recovery: VM snapshot 'VBRS-J-${id}' of VM 'web01' left open by this session was committed \\(\\d+ bytes of delta merged`));
  assert.is(again.engine.vms.getSnapshot('web01'), null, 'no snapshot stays open after the data folder is opened');

  again.engine.throttling.remove('slow');
  const next = await again.jobs.start('J').done;
  assert.is(next.Result, 'Success', next.Log.map((l) => l.Text).join('\n'));
  assert.not.match(next.Log.map((l) => l.Text).join('\n'), /left behind/);
  assert.is(again.engine.vms.getSnapshot('web01'), null);
  const repo = await again.repository.repository(join(lab.home, 'repo'));
  const chain = await repo.chain('J', 'web01');
  assert.is(chain.length, 1, 'only the complete point is visible');
  const r = await restorePointToFiles(repo, chain[0]!, join(lab.home, 'out'));
  assert.is(sha(readFileSync(r.files[0]!)), sha(again.read('web01', 'disk1')));
  again.close();
});

test('Stop-Job from another process stops the running session cleanly through the catalog', async () => {
  const lab = openLab({ real: true });
  lab.engine.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [12288 * KiB] });
  lab.write('web01', 'disk1', 0, pattern(12288 * KiB, 81));
  // Three 4 MiB batches at 4 MiB/s: about two seconds of reading remain when the child reports.
  lab.engine.throttling.add({ Name: 'slow', Source: '*', Target: 'repo01', Limit: 4096 * KiB });
  lab.jobs.add({ Name: 'J', VMs: ['web01'], Repository: 'repo01', Compression: 'None' });

  const proc = execa(process.execPath, [child], { env: childEnv({ VBRS_HOME: lab.home }), extendEnv: false, reject: false });
  let out = '';
  const id = await new Promise<number>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /progress (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    proc.then((r) => reject(new Error(`child ended early: ${r.stderr}`)));
  });
  assert.is(lab.jobs.running('J'), null, 'the job runs in the other process');
  const s = await lab.jobs.stop('J');
  assert.is(s!.Id, id);
  assert.is(s!.State, 'Stopped');
  assert.is(s!.Result, 'Failed');
  const r = await proc;
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(out, /ended Stopped Failed/);
  assert.is(lab.engine.vms.getSnapshot('web01'), null);
  const repo = await lab.repository.repository(join(lab.home, 'repo'));
  assert.equal(await repo.chain('J', 'web01'), []);
  assert.is(await lab.jobs.stop('J'), null);
  await lab.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
