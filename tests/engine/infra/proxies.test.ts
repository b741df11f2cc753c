// Which transport mode a proxy uses for a VM: Direct SAN needs SAN access to the connected array
// behind the datastore, HotAdd needs the proxy to be a VM on a host that sees the datastore, NBD
// always works; a fixed mode that is unavailable fails over to NBD only when allowed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tempEngine } from './fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;
e.hosts.add({ Name: 'esx01' });
e.hosts.add({ Name: 'esx02' });
e.arrays.add({ Name: 'arr', Vendor: 'Generic' });
e.arrays.addVolume({ Array: 'arr', Name: 'lun' });
e.datastores.add({ Name: 'san', Host: 'esx01', Volume: 'arr/lun' });
e.datastores.add({ Name: 'local1', Host: 'esx01' });
e.vms.add({ Name: 'onsan', Host: 'esx01', Datastore: 'san', GuestOS: 'Linux', DiskSize: [MiB] });
e.vms.add({ Name: 'onlocal', Host: 'esx01', Datastore: 'local1', GuestOS: 'Linux', DiskSize: [MiB] });

test('Auto picks the best available mode', () => {
  e.proxies.add({ Name: 'san', SanAccess: ['arr'] });
  e.proxies.add({ Name: 'hot1', Host: 'esx01' });
  e.proxies.add({ Name: 'hot2', Host: 'esx02' });
  assert.equal(e.proxies.transportFor('san', 'onsan').Available, ['DirectSAN', 'NBD']);
  assert.is(e.proxies.transportFor('san', 'onsan').Mode, 'DirectSAN');
  assert.is(e.proxies.transportFor('hot1', 'onlocal').Mode, 'HotAdd');
  assert.is(e.proxies.transportFor('hot2', 'onlocal').Mode, 'NBD', 'esx02 does not see a datastore local to esx01');
  assert.is(e.proxies.transportFor('hot2', 'onsan').Mode, 'HotAdd', 'shared SAN datastores are seen by every host');
});

test('a fixed mode that is unavailable fails over to NBD only when allowed, with the reason', () => {
  e.proxies.add({ Name: 'fixed', TransportMode: 'DirectSAN' });
  const no = e.proxies.transportFor('fixed', 'onsan');
  assert.is(no.Mode, null);
  assert.match(no.Reason!, /no SAN access to array 'arr'/);
  e.proxies.set('fixed', { FailoverToNetwork: true });
  const yes = e.proxies.transportFor('fixed', 'onsan');
  assert.equal([yes.Mode, yes.FailedOver], ['NBD', true]);
  e.proxies.set('fixed', { SanAccess: ['arr'] });
  assert.equal([e.proxies.transportFor('fixed', 'onsan').Mode, e.proxies.transportFor('fixed', 'onsan').FailedOver], ['DirectSAN', false]);
  e.proxies.set('fixed', { SanAccess: [] });
  assert.equal(e.proxies.get('fixed').SanAccess, []);
  assert.match(e.proxies.transportFor('fixed', 'onlocal').Reason!, /local storage/);
});

test.after(() => t.dispose());
test.run();
