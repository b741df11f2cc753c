// The health check marks what it finds damaged and the job's next run heals the chain, as Veeam's
// does: damaged blocks are re-sent from the VM (a damaged index makes the disk a full), logged in
// that session; after the retention merge the chain is whole again and the health check passes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Engine } from '../../../src/engine/engine.ts';
import { pattern } from './fixtures/job-lab.ts';

const MiB = 1024 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function lab(prefix: string) {
  const home = mkdtempSync(join(tmpdir(), prefix));
  process.env.VBRS_HOME = home;
  const engine = Engine.open({ home });
  engine.hosts.add({ Name: 'esx01' });
  engine.datastores.add({ Name: 'ds01', Host: 'esx01' });
  engine.vms.add({ Name: 'app', Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [4 * MiB] });
  engine.vms.disk('app', 'disk1').write(0, pattern(4 * MiB, 33));
  engine.proxies.add({ Name: 'px01' });
  engine.repositories.add({ Name: 'repo01', Path: join(home, 'repo') });
  engine.jobs.add({ Name: 'J', VMs: ['app'], Repository: 'repo01', Compression: 'None', RetainPoints: 1 });
  assert.is((await engine.jobs.start('J').done).Result, 'Success');
  const repo = await engine.openRepository('repo01');
  const [full] = await repo.chain('J', 'app');
  return { engine, home, repo, full: full! };
}

const texts = (s: { Log: { Text: string }[] }) => s.Log.map((l) => l.Text);

test('a damaged block is marked, re-sent by the next run (logged), and the chain heals', async () => {
  const { engine, home, repo, full } = await lab('vbrs-heal-');
  const index = await repo.readIndex(full, 'disk1');
  const victim = index.records.filter((r) => r.kind === 'data')[2]!;
  assert.ok(victim.kind === 'data');
  const file = join(home, 'repo', full.dir, 'disk1.data');
  const bytes = readFileSync(file);
  bytes[victim.at + 100] = bytes[victim.at + 100]! ^ 4;
  writeFileSync(file, bytes);
  const block = Math.floor(victim.offset / index.blockSize);

  const hc = await engine.healthChecks.start('J').done;
  assert.is(hc.Result, 'Failed');
  assert.ok(texts(hc).some((t) => t === `Restore point ${full.id} of VM 'app', disk disk1 block ${block} (offset ${victim.offset}), data file: checksum mismatch`), texts(hc).join('\n'));
  assert.ok(texts(hc).includes("VM 'app': marked 1 damaged block(s) and 0 damaged file(s); the next run of job 'J' re-sends them from the VM"), texts(hc).join('\n'));
  assert.equal((await repo.damageMarks('J', 'app')).map((m) => [m.pointId, m.disk, m.file, m.block]), [[full.id, 'disk1', 'data', block]]);

  const run = await engine.jobs.start('J').done;
  assert.ok(run.Result === 'Success' || run.Result === 'Warning', texts(run).join('\n'));
  assert.ok(texts(run).includes(`VM 'app': Re-sending 1 damaged block(s) of disk 'disk1' found by a health check (restore point ${full.id} block ${block}) to heal the chain`), texts(run).join('\n'));
  assert.equal(await repo.damageMarks('J', 'app'), [], 'the marks are gone once re-sent');
  const chain = await repo.chain('J', 'app');
  assert.is(chain.length, 1, 'RetainPoints 1 merged the healed increment into the full');
  const out = join(home, 'out');
  const r = await engine.restores.restore(repo, chain[0]!, out);
  assert.is(sha(readFileSync(r.files[0]!)), sha(engine.vms.disk('app', 'disk1').read(0, 4 * MiB)));
  const again = await engine.healthChecks.start('J').done;
  assert.is(again.Result, 'Success', texts(again).join('\n'));
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

test('a damaged index is marked as a file and the next run sends the disk in full', async () => {
  const { engine, home, repo, full } = await lab('vbrs-heal-ix-');
  const file = join(home, 'repo', full.dir, 'disk1.index.json');
  const bytes = readFileSync(file);
  bytes[bytes.length >> 1] ^= 1;
  writeFileSync(file, bytes);
  const hc = await engine.healthChecks.start('J').done;
  assert.is(hc.Result, 'Failed');
  assert.ok(texts(hc).some((t) => t === `Restore point ${full.id} of VM 'app', disk disk1, index file: checksum mismatch`), texts(hc).join('\n'));
  const run = await engine.jobs.start('J').done;
  assert.ok(texts(run).some((t) => t.includes(`sending disk 'disk1' in full to heal the chain`)), texts(run).join('\n'));
  const chain = await repo.chain('J', 'app');
  assert.equal(chain.map((p) => p.type), ['Full']);
  assert.is((await engine.healthChecks.start('J').done).Result, 'Success');
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

test.run();
