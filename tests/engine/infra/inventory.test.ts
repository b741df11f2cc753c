// The inventory nouns: create/get (with wildcards)/list/set/remove, clear one-line errors, and a
// failed validation leaves the catalog (and the data dir) exactly as it was.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { tempEngine } from './fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;
const expectCode = (code: string, fn: () => unknown, message?: RegExp) => {
  try { fn(); assert.unreachable(`expected ${code}`); } catch (err) {
    assert.ok(isEngineError(err, code), `${code}: ${(err as Error).message}`);
    assert.not.match((err as Error).message, /\n/);
    if (message) assert.match((err as Error).message, message);
  }
};
const snapshotOf = () => e.catalog.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
  .map((r) => `${r.name}:${e.catalog.get(`SELECT count(*) AS n FROM ${String(r.name)}`)!.n}`).join(',');

test('hosts and datastores: add, wildcard get, duplicate and unknown names', () => {
  e.hosts.add({ Name: 'esx01' });
  e.hosts.add({ Name: 'esx02' });
  assert.equal(e.hosts.list('ESX0?').map((h) => h.Name), ['esx01', 'esx02']);
  assert.equal(e.hosts.list('*2').map((h) => h.Name), ['esx02']);
  expectCode('VBRS_DUPLICATE_NAME', () => e.hosts.add({ Name: 'ESX01' }), /Host 'ESX01' already exists/);
  expectCode('VBRS_UNKNOWN_HOST', () => e.datastores.add({ Name: 'ds', Host: 'nope' }), /Host 'nope' was not found/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.hosts.add({ Name: 'a/b' }));
  const ds = e.datastores.add({ Name: 'local01', Host: 'esx01' });
  assert.is(ds.Type, 'Local');
  assert.is(ds.Volume, null);
  assert.ok(fs.statSync(ds.Path).isDirectory());
});

test('VMs: sparse disks under the datastore, attached images in place, validation changes nothing', () => {
  const vm = e.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'local01', GuestOS: 'windows' as 'Windows', DiskSize: [4 * MiB, 2 * MiB] });
  assert.is(vm.GuestOS, 'Windows');
  assert.equal(vm.Disks.map((d) => [d.Name, d.Size]), [['disk1', 4 * MiB], ['disk2', 2 * MiB]]);
  assert.ok(vm.Disks[0]!.Path.startsWith(e.datastores.get('local01').Path + path.sep));
  assert.ok(path.isAbsolute(vm.Disks[0]!.Path));
  const image = path.join(t.home, 'outside.img');
  fs.writeFileSync(image, Buffer.alloc(MiB, 7));
  const att = e.vms.add({ Name: 'app01', Host: 'esx01', Datastore: 'local01', GuestOS: 'Linux', DiskPath: [image], NoTools: true });
  assert.is(att.Disks[0]!.Path, image);
  assert.is(att.Disks[0]!.Attached, true);
  assert.is(att.ToolsState, 'NotInstalled');

  const before = snapshotOf();
  const files = fs.readdirSync(path.join(e.datastores.get('local01').Path));
  expectCode('VBRS_DUPLICATE_NAME', () => e.vms.add({ Name: 'web01', Host: 'esx01', Datastore: 'local01', GuestOS: 'Linux', DiskSize: [MiB] }));
  expectCode('VBRS_INVALID_ARGUMENT', () => e.vms.add({ Name: 'x', Host: 'esx01', Datastore: 'local01', GuestOS: 'BeOS' as 'Linux', DiskSize: [MiB] }), /GuestOS/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.vms.add({ Name: 'x', Host: 'esx01', Datastore: 'local01', GuestOS: 'Linux' }), /DiskSize/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.vms.add({ Name: 'x', Host: 'esx01', Datastore: 'local01', GuestOS: 'Linux', DiskPath: [image] }), /already attached to VM 'app01'/);
  expectCode('VBRS_UNKNOWN_OBJECT', () => e.vms.add({ Name: 'x', Host: 'esx01', Datastore: 'nods', GuestOS: 'Linux', DiskSize: [MiB] }), /Datastore 'nods'/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.vms.add({ Name: 'x', Host: 'esx01', Datastore: 'local01', GuestOS: 'Linux', DiskSize: [MiB], Credential: 'ghost' }), /credential 'ghost'/);
  assert.is(snapshotOf(), before);
  assert.equal(fs.readdirSync(path.join(e.datastores.get('local01').Path)), files);
});

test('set and remove: in-use objects are refused, created disk files go, attached images stay', () => {
  e.credentials.add({ Name: 'root', User: 'root', Password: 's3cret' });
  try { e.credentials.add({ Name: 'ssh', User: 'root', KeyFile: path.join(t.home, 'no-key') }); assert.unreachable(); } catch (err) {
    assert.match((err as Error).message, /key file '.*no-key' does not exist/);
  }
  fs.writeFileSync(path.join(t.home, 'id_ed25519'), 'key');
  assert.is(e.credentials.add({ Name: 'ssh', User: 'root', KeyFile: path.join(t.home, 'id_ed25519') }).KeyFile, path.join(t.home, 'id_ed25519'));
  e.credentials.remove('ssh');
  assert.is(e.vms.set('app01', { Credential: 'root', IPAddress: '192.168.1.5' }).Credential, 'root');
  assert.is(e.credentials.get('root').HasPassword, true);
  assert.not.ok('Password' in e.credentials.get('root'));
  assert.is(e.credentials.secret('root').Password, 's3cret');
  expectCode('VBRS_IN_USE', () => e.credentials.remove('root'), /app01/);
  expectCode('VBRS_IN_USE', () => e.hosts.remove('esx01'), /web01/);
  expectCode('VBRS_IN_USE', () => e.datastores.remove('local01'));
  const webDisk = e.vms.get('web01').Disks[0]!.Path;
  const image = e.vms.get('app01').Disks[0]!.Path;
  e.vms.remove('web01');
  e.vms.remove('app01');
  assert.not.ok(fs.existsSync(webDisk));
  assert.ok(fs.existsSync(image));
  expectCode('VBRS_UNKNOWN_OBJECT', () => e.vms.get('web01'));
  e.credentials.remove('root');
  e.datastores.remove('local01');
  e.hosts.remove('esx02');
  assert.equal(e.hosts.list().map((h) => h.Name), ['esx01']);
});

test('repositories create their folder; proxies validate their settings', () => {
  const p = path.join(t.home, 'nested', 'repo');
  const repo = e.repositories.add({ Name: 'repo01', Path: p });
  assert.is(repo.MaxTasks, 4);
  assert.ok(fs.statSync(p).isDirectory());
  const px = e.proxies.add({ Name: 'px01' });
  assert.equal([px.MaxTasks, px.TransportMode, px.Host, px.SanAccess, px.FailoverToNetwork], [4, 'Auto', null, [], false]);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.proxies.add({ Name: 'px02', TransportMode: 'Carrier' as 'NBD' }), /TransportMode/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.proxies.add({ Name: 'px02', SanAccess: ['nosuch'] }), /nosuch/);
  assert.equal(e.proxies.list().map((x) => x.Name), ['px01'], 'failed adds left nothing');
  expectCode('VBRS_INVALID_ARGUMENT', () => e.proxies.set('px01', { MaxTasks: 0 }));
  assert.is(e.proxies.get('px01').MaxTasks, 4);
  assert.is(e.proxies.set('px01', { MaxTasks: 2, Host: 'esx01' }).Host, 'esx01');
});

test('throttling rules: tightest matching limit wins', () => {
  e.throttling.add({ Source: 'px01', Target: 'repo01', Limit: 200 * MiB });
  e.throttling.add({ Name: 'all-to-repo', Source: '*', Target: 'repo01', Limit: 50 * MiB });
  assert.is(e.throttling.limitFor('px01', 'repo01'), 50 * MiB);
  assert.is(e.throttling.limitFor('repo01', 'px01'), null);
  e.throttling.remove('all-to-repo');
  assert.is(e.throttling.limitFor('px01', 'repo01'), 200 * MiB);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.throttling.add({ Source: 'px01', Target: 'ghost', Limit: 1 }), /ghost/);
  expectCode('VBRS_INVALID_ARGUMENT', () => e.throttling.add({ Name: 'neg', Source: 'px01', Target: 'repo01', Limit: -5 }));
});

test('broker answers from its cache until the catalog changes', () => {
  e.datastores.add({ Name: 'ds9', Host: 'esx01' });
  e.vms.add({ Name: 'b1', Host: 'esx01', Datastore: 'ds9', GuestOS: 'Linux', DiskSize: [MiB] });
  const first = e.broker.vms();
  const misses = e.broker.stats.misses;
  assert.is(e.broker.vms(), first);
  assert.is(e.broker.stats.misses, misses);
  e.vms.add({ Name: 'b2', Host: 'esx01', Datastore: 'ds9', GuestOS: 'Linux', DiskSize: [MiB] });
  assert.equal(e.broker.vms().map((v) => v.Name), ['b1', 'b2']);
  assert.ok(e.broker.vm('B2'));
});

test('broker drops its cache when another process changes the catalog', async () => {
  const { Engine } = await import('../../../src/engine/engine.ts');
  assert.equal(e.broker.datastores().map((d) => d.Name), ['ds9']);
  const other = Engine.open({ home: t.home });
  other.datastores.add({ Name: 'from-other', Host: 'esx01' });
  await other.close();
  assert.equal(e.broker.datastores().map((d) => d.Name), ['ds9', 'from-other']);
});

test.after(() => t.dispose());
test.run();
