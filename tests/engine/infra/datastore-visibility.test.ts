// The engine itself refuses to place a VM (or one of its disks) on a datastore its host cannot see,
// so a library caller without the Add-VM cmdlet cannot build an impossible inventory: a host sees
// its own local datastores and every datastore on array storage (shared SAN).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../../../src/engine/engine-error.ts';
import { tempEngine } from './fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;

e.hosts.add({ Name: 'esx01' });
e.hosts.add({ Name: 'esx02' });
e.datastores.add({ Name: 'local01', Host: 'esx01' });
e.datastores.add({ Name: 'local02', Host: 'esx02' });
e.arrays.add({ Name: 'fas01', Vendor: 'NetApp' });
e.arrays.addVolume({ Array: 'fas01', Name: 'vol1' });
e.datastores.add({ Name: 'san01', Host: 'esx01', Volume: 'fas01/vol1' });

/** The EngineError `fn` throws (fails the test when it throws nothing or something else). */
function refusal(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (err) {
    assert.instance(err, EngineError);
    assert.not.match((err as Error).message, /\n/);
    return err as EngineError;
  }
  assert.unreachable('expected an EngineError');
  throw new Error('unreachable');
}

test("vms.add refuses another host's local datastore and creates nothing", () => {
  const err = refusal(() => e.vms.add({ Name: 'web01', Host: 'esx02', Datastore: 'local01', GuestOS: 'Windows', DiskSize: [MiB] }));
  assert.is(err.code, 'VBRS_INVALID_ARGUMENT');
  assert.is(err.kind, 'VM');
  assert.is(err.objectName, 'web01');
  assert.is(err.message, "VM 'web01': datastore 'local01' is not visible from host 'esx02' (it is local storage of host 'esx01').");
  assert.equal(e.vms.list().map((v) => v.Name), []);
  assert.not.ok(fs.existsSync(path.join(e.datastores.get('local01').Path, 'web01')), 'no disk file was left behind');
});

test('vms.add accepts the host’s own local datastore and any host on shared array storage', () => {
  assert.is(e.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'local01', GuestOS: 'Windows', DiskSize: [MiB] }).Host, 'esx01');
  assert.is(e.vms.add({ Name: 'db01', Host: 'esx02', Datastore: 'san01', GuestOS: 'Linux', DiskSize: [MiB] }).Datastore, 'san01');
});

test('vms.set refuses to move a VM to a host that cannot see its datastore', () => {
  const err = refusal(() => e.vms.set('web01', { Host: 'esx02', IPAddress: '10.9.9.9' }));
  assert.is(err.code, 'VBRS_INVALID_ARGUMENT');
  assert.is(err.message, "VM 'web01': datastore 'local01' is not visible from host 'esx02' (it is local storage of host 'esx01').");
  const vm = e.vms.get('web01');
  assert.equal([vm.Host, vm.IPAddress === '10.9.9.9'], ['esx01', false], 'nothing of the refused change was kept');
  assert.is(e.vms.set('db01', { Host: 'esx01' }).Host, 'esx01');
});

test("vms.addDisk refuses a datastore the VM's host cannot see", () => {
  const err = refusal(() => e.vms.addDisk('web01', { Size: MiB, Datastore: 'local02' }));
  assert.is(err.message, "VM 'web01': datastore 'local02' is not visible from host 'esx01' (it is local storage of host 'esx02').");
  assert.equal(e.vms.get('web01').Disks.map((d) => d.Name), ['disk1']);
  assert.is(e.vms.addDisk('web01', { Size: MiB, Datastore: 'san01' }).Datastore, 'san01');
});

test.after(() => t.dispose());
test.run();
