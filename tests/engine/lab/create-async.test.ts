// Lab.createAsync: progress events measured per disk and overall against a total known up front,
// the event loop turning between chunks, the same disks as the synchronous build, and a stop
// (AbortSignal) that leaves the catalog and the data dir exactly as they were.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import type { EngineEvent } from '../../../src/engine/engine-events.ts';
import { tempEngine } from '../infra/fixtures/temp-engine.ts';

const MiB = 1 << 20;
const SMALL = { Preset: 'Demo', DiskScale: 1 / 16, Seed: 7 };

function record(e: Engine): EngineEvent[] {
  const events: EngineEvent[] = [];
  e.events.on('event', (ev) => { if (ev.kind.startsWith('lab-')) events.push(ev); });
  return events;
}

/** Every row of every table, blobs as hex: two dumps are equal when the catalog did not change. */
function dump(e: Engine): string {
  const tables = e.catalog.all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => String(r.name));
  return JSON.stringify(
    tables.map((t) => [t, e.catalog.all(`SELECT * FROM "${t}" ORDER BY rowid`)]),
    (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? String(v) : v),
  );
}

/** Files under the data dir (not the catalog's own), with their sizes. */
function files(home: string): string[] {
  return (fs.readdirSync(home, { recursive: true }) as string[])
    .filter((f) => !/^catalog/.test(path.basename(f)) && fs.statSync(path.join(home, f)).isFile())
    .map((f) => `${f}:${fs.statSync(path.join(home, f)).size}`)
    .sort();
}

async function stopAt(e: Engine, progressEvents: number, opts: Record<string, unknown>): Promise<unknown> {
  const controller = new AbortController();
  let seen = 0;
  const onEvent = (ev: EngineEvent) => { if (ev.kind === 'lab-progress' && ++seen === progressEvents) controller.abort(); };
  e.events.on('event', onEvent);
  try {
    await e.lab.createAsync(opts, { signal: controller.signal });
    return assert.unreachable('the build was not stopped');
  } catch (err) {
    return err;
  } finally {
    e.events.off('event', onEvent);
  }
}

test('progress is measured per disk and overall, monotonic, and ends at the total announced first', async () => {
  const t = tempEngine();
  try {
    const events = record(t.engine);
    const lab = await t.engine.lab.createAsync(SMALL);
    const [started, ...rest] = events;
    const completed = rest.pop()!;
    assert.is(started!.kind, 'lab-started');
    assert.is(completed.kind, 'lab-completed');
    assert.ok(rest.length > 4 && rest.every((ev) => ev.kind === 'lab-progress'));
    const disks = t.engine.vms.list().flatMap((v) => v.Disks.map((d) => ({ vm: v.Name, disk: d.Name, size: d.Size })));
    const total = disks.reduce((n, d) => n + d.size, 0);
    assert.is(started!.totalBytes, total, 'the total is known before the first byte');
    assert.equal(started!.disks, disks);
    let last = 0;
    for (const ev of rest) {
      assert.ok((ev.bytes as number) > last, 'overall bytes only grow');
      last = ev.bytes as number;
      assert.is(ev.totalBytes, total);
      assert.ok((ev.diskBytes as number) > 0 && (ev.diskBytes as number) <= (ev.diskTotalBytes as number));
      assert.ok((ev.dataBytes as number) <= (ev.bytes as number));
    }
    assert.is(last, total, 'the last progress event is the total');
    for (const d of disks) {
      const mine = rest.filter((ev) => ev.vm === d.vm && ev.disk === d.disk);
      assert.is(mine.at(-1)!.diskBytes, d.size, `${d.vm}/${d.disk} ends at its size`);
      assert.is(mine.at(-1)!.diskTotalBytes, d.size);
    }
    assert.is(rest.at(-1)!.dataBytes, lab.DataWritten);
    assert.equal([completed.bytes, completed.dataBytes], [total, lab.DataWritten]);
    assert.ok(lab.DataWritten > 0 && lab.DataWritten < total, 'zero extents stay holes');
    assert.not.ok(fs.existsSync(path.join(t.home, 'lab-staging')), 'staging folder gone');
  } finally {
    t.dispose();
  }
});

test('the event loop turns between chunks', async () => {
  const t = tempEngine();
  try {
    let progress = 0;
    let seenByImmediate = -1;
    t.engine.events.on('event', (ev) => {
      if (ev.kind !== 'lab-progress') return;
      if (++progress === 1) setImmediate(() => { seenByImmediate = progress; });
    });
    await t.engine.lab.createAsync(SMALL);
    assert.ok(seenByImmediate >= 1 && seenByImmediate < progress, `a callback queued at the first chunk ran at chunk ${seenByImmediate} of ${progress}`);
  } finally {
    t.dispose();
  }
});

test('async and sync builds give the same disks, allocation maps and CBT', async () => {
  const a = tempEngine();
  const b = tempEngine();
  try {
    await a.engine.lab.createAsync(SMALL);
    b.engine.lab.create(SMALL);
    for (const vm of a.engine.vms.list()) {
      const other = b.engine.vms.get(vm.Name);
      vm.Disks.forEach((d, i) => {
        const o = other.Disks[i]!;
        assert.ok(fs.readFileSync(d.Path).equals(fs.readFileSync(o.Path)), `${vm.Name}/${d.Name} bytes`);
        assert.equal(d.SwapExtents, o.SwapExtents);
        assert.equal(a.engine.vms.allocatedExtents(vm.Name, d.Name), b.engine.vms.allocatedExtents(vm.Name, d.Name));
      });
    }
  } finally {
    a.dispose();
    b.dispose();
  }
});

test('the staged disks are recorded as written: allocation covers every data extent, no external change is seen', async () => {
  const t = tempEngine();
  const e = t.engine;
  try {
    await e.lab.createAsync(SMALL);
    const d = e.vms.get('db01').Disks[0]!;
    const buf = fs.readFileSync(d.Path);
    const alloc = e.vms.allocatedExtents('db01', d.Name);
    const inAlloc = (off: number) => alloc.some((x) => off >= x.offset && off < x.offset + x.length);
    let data = 0;
    for (let off = 0; off < buf.length; off += MiB) {
      const zero = buf.subarray(off, off + MiB).every((x) => x === 0);
      assert.is(inAlloc(off), !zero, `extent at ${off / MiB} MiB`);
      if (!zero) data++;
    }
    assert.ok(data > 0 && data < buf.length / MiB);
    const row = () => e.catalog.get("SELECT d.cbt_uuid, d.alloc_map FROM disks d JOIN vms v ON v.id = d.vm_id WHERE v.name = 'db01' AND d.name = 'disk1'")!;
    const uuid = String(row().cbt_uuid);
    assert.equal(e.vms.changedExtents('db01', 'disk1', `${uuid}/1`), alloc, 'CBT saw the same writes as the allocation map');
    e.vms.disk('db01', 'disk1').write(2 * MiB + 4096, Buffer.alloc(4096, 1));
    assert.is(row().cbt_uuid, uuid, 'CBT history kept: the moved-in file is not taken for an outside change');
    assert.ok(row().alloc_map !== null, 'allocation still known');
  } finally {
    t.dispose();
  }
});

test('a stop while writing leaves no lab, no files and an unchanged catalog', async () => {
  const t = tempEngine();
  const e = t.engine;
  try {
    e.hosts.add({ Name: 'other-host' });
    const catalog = dump(e);
    const before = files(t.home);
    const events = record(e);
    const err = await stopAt(e, 3, SMALL);
    assert.ok(isEngineError(err, 'VBRS_CANCELLED'), String(err));
    assert.match((err as Error).message, /Lab 'Demo' was not built: stopped/);
    assert.is(events.at(-1)!.kind, 'lab-failed');
    assert.is(events.at(-1)!.stopped, true);
    assert.is(events.filter((ev) => ev.kind === 'lab-progress').length, 3, 'no chunk is written after the stop');
    assert.is(dump(e), catalog);
    assert.equal(files(t.home), before);
    assert.not.ok(fs.existsSync(path.join(t.home, 'lab-staging')));
    assert.equal(e.lab.list(), []);
    // Nothing half-built blocks the next attempt.
    assert.is((await e.lab.createAsync(SMALL)).Name, 'Demo');
  } finally {
    t.dispose();
  }
});

test('a stopped -Force rebuild keeps the old lab whole; an already stopped signal builds nothing', async () => {
  const t = tempEngine();
  const e = t.engine;
  try {
    e.lab.create({ ...SMALL, Seed: 1 });
    const catalog = dump(e);
    const before = files(t.home);
    const web = fs.readFileSync(e.vms.get('web01').Disks[0]!.Path);
    const err = await stopAt(e, 2, { ...SMALL, Force: true, Seed: 2 });
    assert.ok(isEngineError(err, 'VBRS_CANCELLED'));
    assert.is(dump(e), catalog);
    assert.equal(files(t.home), before);
    assert.ok(fs.readFileSync(e.vms.get('web01').Disks[0]!.Path).equals(web));

    const controller = new AbortController();
    controller.abort();
    const events = record(e);
    try {
      await e.lab.createAsync({ ...SMALL, Force: true }, { signal: controller.signal });
      assert.unreachable();
    } catch (x) {
      assert.ok(isEngineError(x, 'VBRS_CANCELLED'));
    }
    assert.equal(events.map((ev) => ev.kind), ['lab-started', 'lab-failed']);
    assert.is(dump(e), catalog);
  } finally {
    t.dispose();
  }
});

test('bad options fail before anything starts; staging left by a dead process is swept', async () => {
  const t = tempEngine();
  const e = t.engine;
  try {
    const events = record(e);
    for (const [opts, message] of [[{ Preset: 'Nope' }, /unknown preset/], [{ DiskScale: 0 }, /DiskScale must be above 0/]] as const) {
      try { await e.lab.createAsync(opts); assert.unreachable(); } catch (err) { assert.match((err as Error).message, message); }
    }
    assert.equal(events, []);
    const stale = path.join(t.home, 'lab-staging', '999999999-deadbeef');
    fs.mkdirSync(path.join(stale, 'web01'), { recursive: true });
    fs.writeFileSync(path.join(stale, 'web01', 'disk1.img'), 'x');
    await e.lab.createAsync(SMALL);
    assert.not.ok(fs.existsSync(stale));
  } finally {
    t.dispose();
  }
});

test.run();
