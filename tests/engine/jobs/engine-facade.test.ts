// The jobs and sessions sub-APIs as a caller of the Engine facade sees them: defined, run and
// listed through `engine.jobs` / `engine.sessions`, with session events on `engine.events`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine.ts';
import { DataMoverPool } from '../../../src/engine/datamover/index.ts';
import { tempDir } from '../../temp-dir.ts';

test('engine.jobs runs a job into the repository; engine.sessions and engine.events see it', async () => {
  const home = tempDir('vbrs-facade-');
  process.env.VBRS_HOME = home;
  const engine = Engine.open({ home });
  engine.hosts.add({ Name: 'esx01' });
  engine.datastores.add({ Name: 'ds01', Host: 'esx01' });
  engine.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [256 * 1024] });
  engine.vms.disk('web01', 'disk1').write(0, Buffer.alloc(64 * 1024, 7));
  engine.proxies.add({ Name: 'px01' });
  engine.repositories.add({ Name: 'repo01', Path: join(home, 'repo') });
  engine.throttling.add({ Name: 'slow', Source: 'px01', Target: 'repo01', Limit: 100 * 1024 * 1024 });
  engine.jobs.add({ Name: 'Nightly', VMs: ['web01'], Repository: 'repo01' });
  const kinds: string[] = [];
  engine.events.on('event', (e) => kinds.push(e.kind));
  const h = engine.jobs.start('Nightly');
  const done = await engine.sessions.wait(h.id);
  assert.is(done.Result, 'Success', done.Log.map((l) => l.Text).join('\n'));
  assert.ok(kinds.includes('session-started') && kinds.includes('task-finished') && kinds.includes('session-finished'));
  assert.match(done.Log.map((l) => l.Text).join('\n'), /Throttling rule applied: at most 104857600 bytes\/s from 'px01' to 'repo01'/);
  assert.is(engine.sessions.list({ job: 'Nightly', last: true })[0]!.Id, h.id);
  assert.is(engine.sessions.tasks(h.id)[0]!.TransportMode, 'NBD');
  assert.throws(() => engine.sessions.get(9999), /Session '9999' was not found\./);
  await engine.close();
});

test.after(() => DataMoverPool.shared().close());
test.run();
