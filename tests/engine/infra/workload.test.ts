// Start-Workload writes real, seed-determined data through the normal write path: CBT sees exactly
// the extents it rewrote, an open snapshot's delta receives them, and the rate mode never writes
// faster than asked.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import { isEngineError } from '../../../src/engine/engine-error.ts';
import { DISK_BLOCK_SIZE } from '../../../src/engine/infra/disk-state.ts';
import { tempEngine } from './fixtures/temp-engine.ts';

const MiB = 1 << 20;
const t = tempEngine();
const e = t.engine;
e.hosts.add({ Name: 'esx01' });
e.datastores.add({ Name: 'ds01', Host: 'esx01' });
for (const n of ['w1', 'w2', 'w3']) e.vms.add({ Name: n, Host: 'esx01', Datastore: 'ds01', GuestOS: 'Linux', DiskSize: [16 * MiB] });
const file = (vm: string) => fs.readFileSync(e.vms.get(vm).Disks[0]!.Path);

test('ChangePercent rewrites that share of aligned 1 MiB extents, exactly what CBT then reports', () => {
  const id = e.vms.createSnapshot('w1', 's').Disks[0]!.ChangeId;
  e.vms.removeSnapshot('w1');
  const r = e.workload.runSync({ VM: 'w1', ChangePercent: 25, Seed: 7 });
  assert.is(r.ExtentsWritten, 4);
  assert.is(r.BytesWritten, 4 * MiB);
  const changed = e.vms.changedExtents('w1', 'disk1', id);
  assert.is(changed.reduce((a, x) => a + x.length, 0), 4 * MiB);
  for (const x of changed) assert.is(x.offset % MiB, 0);
  // every changed extent holds non-zero data, every other extent is still zero
  const data = file('w1');
  for (let m = 0; m < 16; m++) {
    const inChanged = changed.some((x) => x.offset <= m * MiB && m * MiB < x.offset + x.length);
    assert.is(data.subarray(m * MiB, (m + 1) * MiB).some((b) => b !== 0), inChanged, `extent ${m}`);
  }
});

test('the same seed gives the same bytes; another seed does not', () => {
  e.workload.runSync({ VM: 'w2', ChangePercent: 25, Seed: 7 });
  assert.ok(file('w2').equals(file('w1')));
  e.workload.runSync({ VM: 'w3', ChangePercent: 25, Seed: 8 });
  assert.not.ok(file('w3').equals(file('w1')));
});

test('with a snapshot open the workload lands in the delta and the base stays frozen', () => {
  const base = file('w2');
  e.vms.createSnapshot('w2', 'open');
  e.workload.runSync({ VM: 'w2', ChangePercent: 50, Seed: 1 });
  assert.ok(file('w2').equals(base));
  const r = e.vms.removeSnapshot('w2');
  assert.is(r.DeltaBytes, 8 * MiB);
  assert.not.ok(file('w2').equals(base));
});

test('rate mode writes at most the asked rate, in the background, and can be stopped', async () => {
  const run = e.workload.start({ VM: 'w3', WriteMBps: 40, DurationMs: 150, Seed: 3 });
  assert.is(run.State, 'Running');
  const r = await run.done;
  assert.is(run.State, 'Completed');
  assert.ok(r.BytesWritten > 0);
  assert.ok(r.BytesWritten <= 40 * MiB * (r.DurationMs / 1000) + MiB, `${r.BytesWritten} bytes in ${r.DurationMs} ms`);
  assert.is(r.BytesWritten % DISK_BLOCK_SIZE, 0);
  const long = e.workload.start({ VM: 'w3', WriteMBps: 10, DurationMs: 60_000 });
  setTimeout(() => long.stop(), 30);
  const stopped = await long.done;
  assert.is(long.State, 'Stopped');
  assert.ok(stopped.DurationMs < 60_000);
});

test('bad workload arguments are one clear error', () => {
  for (const bad of [{ VM: 'w1' }, { VM: 'w1', ChangePercent: 0 }, { VM: 'w1', ChangePercent: 5, WriteMBps: 1, DurationMs: 1 }, { VM: 'w1', WriteMBps: 5 }]) {
    try { e.workload.runSync(bad); assert.unreachable(); } catch (err) { assert.ok(isEngineError(err, 'VBRS_INVALID_ARGUMENT'), (err as Error).message); }
  }
  try { e.workload.runSync({ VM: 'nope', ChangePercent: 1 }); assert.unreachable(); } catch (err) { assert.ok(isEngineError(err, 'VBRS_UNKNOWN_OBJECT')); }
});

test.after(() => t.dispose());
test.run();
