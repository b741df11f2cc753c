// The seam backup from storage snapshots plugs into: a FrozenImageSource that picks the proxies a
// VM may use and hands back a frozen image of its own (here a copy of the disk file standing in
// for a mounted storage snapshot) read in one fixed transport mode. The task sessions report its
// SnapshotSource and mode, and the point holds the image it supplied.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine.ts';
import { createJobs } from '../../../src/engine/jobs/engine-jobs.ts';
import type { FrozenImageSource } from '../../../src/engine/jobs/index.ts';
import { MemoryTarget } from './fixtures/memory-target.ts';
import { KiB, openLab, pattern, sha } from './fixtures/job-lab.ts';

test('a custom frozen-image source: proxy choice, SnapshotSource and forced transport mode reach the task sessions', async () => {
  const base = openLab({ proxies: [{ Name: 'px-nbd' }, { Name: 'px-san', SanAccess: [] }] });
  base.engine.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Windows', DiskSize: [256 * KiB] });
  base.write('web01', 'disk1', 0, pattern(256 * KiB, 99));
  const home = base.home;
  await base.close();

  const engine = Engine.open({ home });
  const calls: string[] = [];
  const storage: FrozenImageSource = {
    proxiesFor: (vm, job, proxies) => (calls.push(`proxies ${vm.name} ${job.Name}`), proxies.filter((p) => p.name === 'px-san')),
    async freeze(vm, context, log) {
      calls.push(`freeze ${vm.name} via ${context.proxy.name}`);
      const disk = vm.disks[0]!;
      const copy = join(home, 'storage-snapshot.img');
      copyFileSync(disk.path, copy);
      log('Info', 'Storage snapshot created and mounted');
      return {
        source: 'PrimaryStorage',
        transportMode: 'DirectSAN',
        disks: [{ disk: disk.name, image: { kind: 'raw', path: copy, size: statSync(copy).size }, changeId: null }],
        release: async (l) => (l('Info', 'Storage snapshot unmounted and removed'), { lifetimeMs: 1 }),
      };
    },
  };
  const target = new MemoryTarget();
  const { jobs, sessions } = createJobs(engine, { frozenImages: storage, target });
  jobs.add({ Name: 'S', VMs: ['web01'], Repository: 'repo01' });
  jobs.setStorageOptions('S', { EnableStorageSnapshots: true, SnapshotSource: 'Primary' });
  const s = await jobs.start('S').done;
  assert.is(s.Result, 'Success', s.Log.map((l) => l.Text).join('\n'));
  assert.equal(calls, ['proxies web01 S', 'freeze web01 via px-san']);
  const [t] = sessions.tasks(s.Id);
  assert.equal([t!.Proxy, t!.TransportMode, t!.SnapshotSource, t!.VMSnapshotLifetime], ['px-san', 'DirectSAN', 'PrimaryStorage', 1]);
  const log = s.Log.map((l) => l.Text).join('\n');
  assert.match(log, /Frozen image ready from the primary storage snapshot[\s\S]*Storage snapshot unmounted and removed/);
  assert.is(sha(target.chain('S', 'web01')[0]!.disks.get('disk1')!.image), sha(engine.vms.disk('web01', 'disk1').read(0, 256 * KiB)));
  await engine.close();
});

test.run();
