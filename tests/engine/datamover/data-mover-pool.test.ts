// The worker pool gives each worker more than one request at a time (the next one waits in the
// worker's own queue). Each reply must still reach the request it answers, a dead worker or a
// closed pool must fail every request it held (none hangs), and warm() starts every worker ahead
// of the first request.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DataMoverPool } from '../../../src/engine/datamover/data-mover-pool.ts';
import type { SourceTaskConfig } from '../../../src/engine/datamover/source-mover.ts';
import { GRAIN_SIZE } from '../../../src/engine/repository/repository-format.ts';
import type { WorkerRequest } from '../../../src/engine/datamover/worker-protocol.ts';
import { treeHash } from '../../../src/engine/repository/grain-hash.ts';
import { randomBytes, removeTempDirsAfter, tempDir, textBytes } from './fixtures/disk-image.ts';

removeTempDirsAfter(test);

const KiB = 1024;

/** A request verifying one record held in memory: its reply names the record by its offset. */
function verifyRequest(data: Buffer, offset: number, checksum = treeHash(data)): WorkerRequest {
  return { op: 'records', outPath: null, verify: 'tree', records: [{ offset, length: data.length, codec: 'none', checksum, bytes: new Uint8Array(data), writes: [] }] };
}

test("a source task's setup reaches each worker once; its later requests there go without it, and every batch is right", async () => {
  const file = path.join(tempDir(), 'disk.img');
  const blocks = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? randomBytes(i, 64 * KiB) : textBytes(i, 64 * KiB)));
  fs.writeFileSync(file, Buffer.concat(blocks));
  const size = blocks.length * 64 * KiB;
  const config: SourceTaskConfig = { mode: 'full', size, zstdLevel: 1, skipExtents: [], allocated: [{ offset: 0, length: size }], previousDigests: null, digests: new SharedArrayBuffer((size / GRAIN_SIZE) * 32) };
  const sent: WorkerRequest[] = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, msg: WorkerRequest, transfer?: readonly ArrayBuffer[]) {
    sent.push(msg);
    return post.call(this, msg, transfer as ArrayBuffer[]);
  } as typeof post;
  const pool = new DataMoverPool(2);
  try {
    const run = (taskId: string) =>
      Promise.all(blocks.map((_, i) => pool.run({ op: 'source', taskId, setup: { image: { kind: 'raw', path: file, size }, config }, items: [{ offset: i * 64 * KiB, length: 64 * KiB }] })));
    const replies = await run('a');
    for (const [i, r] of replies.entries()) {
      if (!r.ok || r.op !== 'source') return assert.unreachable(JSON.stringify(r));
      assert.is(r.records.length, 1);
      assert.is(r.records[0]!.offset, i * 64 * KiB, 'each reply answers its own batch');
    }
    const sources = sent.filter((m) => m.op === 'source');
    assert.is(sources.length, blocks.length);
    assert.is(sources.filter((m) => m.op === 'source' && m.setup).length, pool.workerCount, 'one setup per worker');
    // Closed, the task is forgotten: a new task of the same id is set up again.
    await pool.broadcast({ op: 'close', taskId: 'a' });
    sent.length = 0;
    const again = await run('a');
    assert.ok(again.every((r) => r.ok));
    assert.is(sent.filter((m) => m.op === 'source' && m.setup).length, pool.workerCount, 'set up again after close');
  } finally {
    Worker.prototype.postMessage = post;
    await pool.close();
  }
});

test('a source request of a task a worker was never given the setup of fails clearly', async () => {
  const pool = new DataMoverPool(1);
  try {
    const r = await pool.run({ op: 'source', taskId: 'never', items: [{ offset: 0, length: 64 * KiB }] });
    assert.is(r.ok, false);
    if (r.ok) return;
    assert.match(r.message, /task 'never' was not set up in this worker/);
  } finally {
    await pool.close();
  }
});

test('many requests at once: every reply answers its own request, in any order of completion', async () => {
  const pool = new DataMoverPool(2);
  try {
    // Requests of very different cost, so the workers finish them out of step; every third is
    // damaged, and the fault must come back for that request and no other.
    const blocks = Array.from({ length: 24 }, (_, i) => (i % 4 === 0 ? textBytes(i, 512 * KiB) : randomBytes(i, 4 * KiB)));
    const replies = await Promise.all(
      blocks.map((b, i) => pool.run(verifyRequest(b, i * 1000, i % 3 === 0 ? treeHash(Buffer.from('other')) : undefined))),
    );
    assert.is(pool.workerCount, 2);
    replies.forEach((r, i) => {
      if (!r.ok || r.op !== 'records') return assert.unreachable(JSON.stringify(r));
      if (i % 3 === 0) assert.equal(r.faults, [{ offset: i * 1000, fault: 'checksum mismatch' }], `request ${i}`);
      else assert.equal(r.faults, [], `request ${i}`);
    });
  } finally {
    await pool.close();
  }
});

test('a restore written by requests held two to a worker is the image, byte for byte', async () => {
  const pool = new DataMoverPool(2);
  const dir = tempDir();
  const out = path.join(dir, 'out.img');
  const pieces = Array.from({ length: 16 }, (_, i) => (i % 2 ? textBytes(40 + i, 64 * KiB) : randomBytes(40 + i, 64 * KiB)));
  fs.writeFileSync(out, Buffer.alloc(0));
  fs.truncateSync(out, pieces.length * 64 * KiB);
  try {
    await Promise.all(
      pieces.map((p, i) =>
        pool.run({ op: 'records', outPath: out, verify: 'tree', records: [{ offset: i * 64 * KiB, length: p.length, codec: 'none', checksum: treeHash(p), bytes: new Uint8Array(p), writes: [[0, p.length, i * 64 * KiB]] }] }),
      ),
    );
    assert.ok(fs.readFileSync(out).equals(Buffer.concat(pieces)));
  } finally {
    await pool.close();
  }
});

test('close() fails the requests a worker holds and those still queued; none is left hanging', async () => {
  const pool = new DataMoverPool(1);
  const big = textBytes(3, 2048 * KiB);
  const pending = Array.from({ length: 6 }, (_, i) => pool.run(verifyRequest(big, i)).then(() => 'answered', (e: Error) => e.message));
  await pool.close();
  const settled = await Promise.all(pending);
  assert.ok(settled.includes('data mover pool is closed'), JSON.stringify(settled));
  assert.ok(settled.every((s) => s === 'answered' || s === 'data mover pool is closed'), JSON.stringify(settled));
  assert.is(pool.workerCount, 0);
  await pool.run(verifyRequest(big, 0)).then(
    () => assert.unreachable('a closed pool takes no request'),
    (e: Error) => assert.match(e.message, /closed/),
  );
});

test('warm() starts every worker before the first request, and the pool still works and closes', async () => {
  const pool = new DataMoverPool(2);
  try {
    assert.is(pool.workerCount, 0, 'nothing starts until asked');
    await pool.warm();
    assert.is(pool.workerCount, 2);
    await pool.warm();
    assert.is(pool.workerCount, 2, 'warming twice starts no more');
    const data = textBytes(5, 100 * KiB);
    const r = await pool.run(verifyRequest(data, 7));
    assert.ok(r.ok && r.op === 'records' && r.faults.length === 0, JSON.stringify(r));
  } finally {
    await pool.close();
  }
  assert.is(pool.workerCount, 0);
  await pool.warm();
  assert.is(pool.workerCount, 0, 'a closed pool starts nothing');
});

test.run();
