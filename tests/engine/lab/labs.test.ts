// New-Lab -Preset Demo builds the whole demo infrastructure in one call with realistic disk content;
// it refuses to overwrite without Force, Force rebuilds it, and a refused build changes nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { Engine } from '../../../src/engine/engine.ts';
import { tempEngine } from '../infra/fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;
const names = <T extends { Name: string }>(xs: T[]) => xs.map((x) => x.Name);

test('a clash with an existing object refuses the build and leaves the catalog as it was', () => {
  e.hosts.add({ Name: 'esx02' });
  try { e.lab.create({ Preset: 'Demo', DiskScale: 1 / 32 }); assert.unreachable(); } catch (err) {
    assert.ok(isEngineError(err, 'VBRS_DUPLICATE_NAME'));
    assert.match((err as Error).message, /Host 'esx02'/);
  }
  assert.equal(names(e.hosts.list()), ['esx02']);
  assert.equal(e.vms.list(), []);
  e.hosts.remove('esx02');
  try { e.lab.create({ Preset: 'Nope' }); assert.unreachable(); } catch (err) { assert.match((err as Error).message, /unknown preset/); }
});

test('the demo lab has the promised shape', () => {
  const lab = e.lab.create({ Preset: 'demo', DiskScale: 1 / 32 });
  assert.is(lab.Name, 'Demo');
  assert.ok(lab.DataWritten > 0);
  assert.is(e.hosts.list().length, 2);
  const arrays = e.arrays.list();
  assert.equal(arrays.map((a) => [a.Name, a.Vendor, a.Role, a.Source]).sort(), [
    ['fas01', 'NetApp', 'Primary', null], ['fas02', 'NetApp', 'Secondary', 'fas01'],
    ['nimble01', 'Nimble', 'Primary', null], ['nimble02', 'Nimble', 'Secondary', 'nimble01'],
  ]);
  assert.equal(e.arrays.get('fas02').Volumes, ['vol1'], 'secondary mirrors its source volumes');
  const vms = e.vms.list();
  assert.ok(vms.length >= 4);
  assert.equal([...new Set(vms.map((v) => v.GuestOS))].sort(), ['Linux', 'Windows']);
  assert.ok(vms.some((v) => v.Disks.length > 1));
  const types = vms.map((v) => e.datastores.get(v.Datastore).Type);
  assert.ok(types.includes('SAN') && types.includes('Local'));
  assert.is(e.proxies.transportFor('px-san01', 'web01').Mode, 'DirectSAN');
  assert.is(e.proxies.transportFor('px-hotadd01', 'util01').Mode, 'HotAdd');
  assert.is(e.proxies.transportFor('px-san01', 'util01').Mode, 'NBD', 'local storage has no Direct SAN');
  assert.is(e.repositories.list().length, 1);
  assert.ok(fs.statSync(e.repositories.list()[0]!.Path).isDirectory());
});

test('disks hold text-like, random, repeated and zero extents and a known swap range', () => {
  const web = e.vms.get('web01');
  const d = web.Disks[0]!;
  assert.is(d.Size, 4 * MiB);
  assert.is(d.SwapExtents.length, 1);
  const all = e.vms.list().flatMap((v) => v.Disks.map((x) => fs.readFileSync(x.Path)));
  const extents = all.flatMap((buf) => Array.from({ length: buf.length / MiB }, (_, i) => buf.subarray(i * MiB, (i + 1) * MiB)));
  const isZero = (b: Buffer) => b.every((x) => x === 0);
  const isText = (b: Buffer) => b.subarray(0, 4096).every((x) => x === 10 || (x >= 32 && x < 127));
  const isRepeated = (b: Buffer) => !isZero(b) && b.subarray(0, 4096).equals(b.subarray(4096, 8192));
  assert.ok(extents.some(isZero), 'zero extents');
  assert.ok(extents.some(isText), 'text extents');
  assert.ok(extents.some(isRepeated), 'repeated extents');
  assert.ok(extents.some((b) => !isZero(b) && !isText(b) && !isRepeated(b)), 'random extents');
  const swap = fs.readFileSync(d.Path).subarray(d.SwapExtents[0]!.offset, d.SwapExtents[0]!.offset + d.SwapExtents[0]!.length);
  assert.not.ok(isZero(swap));
});

test('a second process sees the lab; New-Lab again needs Force, and Force rebuilds it', () => {
  const other = Engine.open({ home: t.home });
  assert.equal(names(other.lab.list()), ['Demo']);
  assert.is(other.vms.get('db01').Host, 'esx01');
  other.close();
  try { e.lab.create({ DiskScale: 1 / 32 }); assert.unreachable(); } catch (err) { assert.match((err as Error).message, /already exists; use -Force/); }
  e.vms.createSnapshot('web01', 'left-open');
  const oldDisk = e.vms.get('util01').Disks[0]!.Path;
  e.workload.runSync({ VM: 'util01', ChangePercent: 50, Seed: 99 });
  const before = fs.readFileSync(oldDisk);
  e.lab.create({ Force: true, DiskScale: 1 / 32 });
  assert.is(e.vms.get('web01').Snapshot, null);
  assert.not.ok(fs.readFileSync(e.vms.get('util01').Disks[0]!.Path).equals(before), 'content rebuilt from the preset seed');
  assert.is(e.vms.list().length, 4);
});

test('removing the lab removes its objects and disk files', () => {
  const disk = e.vms.get('web01').Disks[0]!.Path;
  e.lab.remove('Demo');
  assert.equal([e.lab.list(), e.vms.list(), e.hosts.list(), e.arrays.list(), e.proxies.list(), e.repositories.list()], [[], [], [], [], [], []]);
  assert.not.ok(fs.existsSync(disk));
});

test.after(() => t.dispose());
test.run();
