import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { transportModes, type TransportProxy, type TransportSource } from '../../../src/engine/jobs/transport-mode.ts';

const proxy: TransportProxy = { name: 'px01', transportMode: 'Auto', host: null, sanAccess: [], failoverToNetwork: false };
const onArray: TransportSource = { datastoreHosts: ['esx01'], array: 'fas01' };
const local: TransportSource = { datastoreHosts: ['esx01'], array: null };

test('Auto prefers Direct SAN when the proxy sees the array', () => {
  assert.equal(transportModes({ ...proxy, sanAccess: ['fas01'], host: 'esx01' }, onArray), ['DirectSAN', 'HotAdd', 'NBD']);
});

test('Auto uses HotAdd when the proxy VM is on a host that sees the datastore', () => {
  assert.equal(transportModes({ ...proxy, host: 'esx01' }, local), ['HotAdd', 'NBD']);
  assert.equal(transportModes({ ...proxy, host: 'esx02' }, local), ['NBD']);
});

test('SAN access to another array does not give Direct SAN', () => {
  assert.equal(transportModes({ ...proxy, sanAccess: ['other'] }, onArray), ['NBD']);
});

test('an explicit mode is used alone, or with NBD failover when allowed', () => {
  const san = { ...proxy, transportMode: 'DirectSAN' as const, sanAccess: ['fas01'] };
  assert.equal(transportModes(san, onArray), ['DirectSAN']);
  assert.equal(transportModes({ ...san, failoverToNetwork: true }, onArray), ['DirectSAN', 'NBD']);
  assert.equal(transportModes(san, local), []);
  assert.equal(transportModes({ ...san, failoverToNetwork: true }, local), ['NBD']);
});

test.run();
