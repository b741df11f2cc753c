// The catalog must build its schema from an empty file, upgrade an older one in place, undo a failed
// transaction completely, and survive two processes writing at the same time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Catalog, MIGRATIONS } from '../../../src/engine/catalog/index.ts';
import type { Migration } from '../../../src/engine/catalog/index.ts';
import { childEnv } from '../../child-env.ts';

const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vbrs-catalog-'));
const homes: string[] = [];
const home = () => { const h = fresh(); homes.push(h); return h; };

test('an empty data dir gets every migration, WAL mode and foreign keys', () => {
  const h = home();
  const c = Catalog.open({ home: h });
  assert.is(c.schemaVersion, Math.max(...MIGRATIONS.map((m) => m.version)));
  assert.is(c.get('PRAGMA journal_mode')!.journal_mode, 'wal');
  assert.is(c.get('PRAGMA foreign_keys')!.foreign_keys, 1);
  const tables = c.all("SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);
  for (const t of ['hosts', 'vms', 'disks', 'storage_arrays', 'storage_snapshots', 'proxies', 'repositories']) assert.ok(tables.includes(t), t);
  assert.ok(fs.existsSync(path.join(h, 'catalog.db')));
  c.close();
});

test('an older catalog is upgraded in place and keeps its rows', () => {
  const h = home();
  const v1 = Catalog.open({ home: h, migrations: MIGRATIONS.filter((m) => m.version === 1) });
  v1.run('INSERT INTO hosts (name, created_at) VALUES (?, ?)', 'esx01', 1);
  v1.close();
  const extra: Migration = { version: 99, name: 'test-step', up: (db) => db.exec('ALTER TABLE hosts ADD COLUMN note TEXT') };
  const v2 = Catalog.open({ home: h, migrations: [...MIGRATIONS, extra] });
  assert.is(v2.schemaVersion, 99);
  assert.equal({ ...v2.get('SELECT name, note FROM hosts') }, { name: 'esx01', note: null });
  v2.close();
  // reopening with the same steps applies nothing twice
  const again = Catalog.open({ home: h, migrations: [...MIGRATIONS, extra] });
  assert.is(again.schemaVersion, 99);
  again.close();
  // an older vbrs must not write to a catalog a newer one upgraded
  try { Catalog.open({ home: h }); assert.unreachable(); } catch (e) {
    assert.is((e as { code?: string }).code, 'VBRS_CATALOG');
    assert.match((e as Error).message, /schema version 99, newer than this vbrs knows/);
  }
});

test('a throwing transaction leaves nothing behind; nested failures roll back only their part', () => {
  const c = Catalog.open({ home: home() });
  assert.throws(() => c.tx(() => {
    c.run('INSERT INTO hosts (name, created_at) VALUES (?, ?)', 'a', 1);
    throw new Error('boom');
  }), /boom/);
  assert.is(c.all('SELECT * FROM hosts').length, 0);
  c.tx(() => {
    c.run('INSERT INTO hosts (name, created_at) VALUES (?, ?)', 'kept', 1);
    try { c.tx(() => { c.run('INSERT INTO hosts (name, created_at) VALUES (?, ?)', 'dropped', 1); throw new Error('inner'); }); } catch {}
  });
  assert.equal(c.all('SELECT name FROM hosts').map((r) => r.name), ['kept']);
  // an async body would commit half-done work: refused and rolled back
  assert.throws(() => c.tx(async () => { c.run('INSERT INTO hosts (name, created_at) VALUES (?, ?)', 'async', 1); }), /synchronous/);
  assert.equal(c.all('SELECT name FROM hosts').map((r) => r.name), ['kept']);
  // foreign keys are enforced
  assert.throws(() => c.run('INSERT INTO datastores (name, host_id, folder, created_at) VALUES (?, ?, ?, ?)', 'ds', 424242, '/x', 1));
  c.close();
});

function runWriter(h: string, tag: string, count: number): Promise<void> {
  const script = fileURLToPath(new URL('./fixtures/writer.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, tag, String(count)], { env: childEnv({ VBRS_HOME: h }), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${tag} exited ${code}: ${err}`))));
  });
}

test('two processes creating and writing one catalog at once lose nothing and leave a sound file', async () => {
  const h = home(); // empty: both writers race to create and migrate the schema too
  await Promise.all([runWriter(h, 'p1', 150), runWriter(h, 'p2', 150)]);
  const c = Catalog.open({ home: h });
  assert.is(Number(c.get('SELECT count(*) AS n FROM hosts')!.n), 300);
  assert.is(Number(c.get('SELECT n FROM counter WHERE id = 1')!.n), 300, 'no lost read-modify-write');
  assert.is(c.get('PRAGMA integrity_check')!.integrity_check, 'ok');
  c.close();
});

test.after(() => { for (const h of homes) fs.rmSync(h, { recursive: true, force: true }); });
test.run();
