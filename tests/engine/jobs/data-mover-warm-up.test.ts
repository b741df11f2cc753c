// A backup session starts the engine's data mover workers as a VM's processing begins (beside guest
// processing and the VM snapshot), so their start-up is not paid by the first block: by the time a
// disk's transfer starts every worker of the pool is running, even for a disk of a single block.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine.ts';
import { pattern } from './fixtures/job-lab.ts';

const MiB = 1024 * 1024;

test('every data mover worker is running when the first disk transfer starts', async () => {
  const home = mkdtempSync(join(tmpdir(), 'vbrs-warm-'));
  const engine = Engine.open({ home });
  try {
    engine.hosts.add({ Name: 'esx01' });
    engine.datastores.add({ Name: 'ds01', Host: 'esx01' });
    engine.vms.add({ Name: 'small', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [MiB] });
    engine.vms.disk('small', 'disk1').write(0, pattern(MiB, 3));
    engine.proxies.add({ Name: 'px01' });
    engine.repositories.add({ Name: 'repo01', Path: join(home, 'repo') });
    engine.jobs.add({ Name: 'J', VMs: ['small'], Repository: 'repo01' });
    assert.is(engine.dataMovers.workerCount, 0, 'no worker before a session needs one');
    const h = engine.jobs.start('J');
    let atStart = -1;
    h.events.on('event', (e) => {
      if (e.kind === 'task-started' && atStart < 0) atStart = engine.dataMovers.workerCount;
    });
    const s = await h.done;
    assert.is(s.Result, 'Success');
    assert.is(atStart, engine.dataMovers.size, 'all workers were started before the transfer');
    assert.is(engine.dataMovers.workerCount, engine.dataMovers.size);
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
