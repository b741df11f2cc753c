// The body of one data mover worker thread. It serves three kinds of work, all CPU-heavy and
// off the main thread: source work for a backup task (read, hash, compress), and decode-and-verify
// of stored records for restore (which also writes the image) and health check (which does not).

import { parentPort } from 'node:worker_threads';
import * as fs from 'node:fs';
import { openImage } from '../infra/image-view.ts';
import { BATCH_BYTES, BatchBuffer, emptySourceStats, itemBytes, processItem } from './source-mover.ts';
import type { MovedRecord, SourceItem, SourceTaskState } from './source-mover.ts';
import { decodeVerified } from '../repository/record-codec.ts';
import type { VerifyMode } from '../repository/record-codec.ts';
import { ZstdDecoder } from '../repository/zstd-decoder.ts';
import { ZstdEncoder } from '../repository/zstd-encoder.ts';
import type { SourceTaskSetup, WorkerReply, WorkerRequest, StoredRecordWork } from './worker-protocol.ts';

const tasks = new Map<string, SourceTaskState>();
// Restored images are written in pieces of at most 256 KiB: on this machine 1 MiB pwrites into the
// new file cost 4.2-6.5 s of the workers' time for a 1 GiB restore where 256 KiB pieces cost
// 1.3-1.7 s (4 of 4 alternated pairs; docs/performance.md, "Restore"). Same bytes, same offsets.
const WRITE_PIECE = 256 * 1024;
// Reused for every record this worker decodes or encodes: no per-record context or output buffer.
const decoder = new ZstdDecoder();
const encoders = new Map<number, ZstdEncoder>();

function encoderFor(level: number): ZstdEncoder {
  let e = encoders.get(level);
  if (!e) encoders.set(level, (e = new ZstdEncoder(level)));
  return e;
}

/** Batch buffers back from the target (or not sent at all): the next batches read into them. */
const spares: ArrayBuffer[] = [];
const KEEP_SPARES = 2;

function batchBuffer(bytes: number): BatchBuffer {
  const i = spares.findIndex((b) => b.byteLength >= bytes);
  const buffer = i >= 0 ? spares.splice(i, 1)[0]! : new ArrayBuffer(Math.max(bytes, BATCH_BYTES));
  return new BatchBuffer(Buffer.from(buffer));
}

function keepSpare(buffer: ArrayBuffer): void {
  if (buffer.byteLength > 0 && spares.length < KEEP_SPARES) spares.push(buffer);
}

function sourceWork(taskId: string, setup: SourceTaskSetup | undefined, items: SourceItem[], spare: ArrayBuffer | undefined) {
  let task = tasks.get(taskId);
  if (!task) {
    if (!setup) throw new Error(`data mover task '${taskId}' was not set up in this worker`);
    const { image, config } = setup;
    task = { image: openImage(image), config, sent: new Set(), ...(config.zstdLevel !== null ? { encoder: encoderFor(config.zstdLevel) } : {}) };
    tasks.set(taskId, task);
  }
  if (spare) keepSpare(spare);
  const batch = batchBuffer(itemBytes(items, task.config.mode));
  const stats = emptySourceStats();
  const records: MovedRecord[] = [];
  try {
    for (const item of items) processItem(task, item, stats, records, batch);
  } catch (e) {
    keepSpare(batch.buf.buffer as ArrayBuffer);
    throw e;
  }
  return { reply: { ok: true as const, op: 'source' as const, records, stats }, batch };
}

function recordWork(outPath: string | null, verify: VerifyMode, work: StoredRecordWork[]): Extract<WorkerReply, { op: 'records' }> {
  const faults: { offset: number; fault: string }[] = [];
  let decodeMs = 0;
  let writeMs = 0;
  const fd = outPath === null ? -1 : fs.openSync(outPath, 'r+');
  try {
    for (const r of work) {
      let t = performance.now();
      const res = decodeVerified(r.codec, r.bytes, r.length, r.checksum, verify, decoder);
      decodeMs += performance.now() - t;
      if (res.fault !== null) {
        faults.push({ offset: r.offset, fault: res.fault });
        continue;
      }
      if (fd < 0) continue;
      t = performance.now();
      for (const [from, to, position] of r.writes) {
        let done = from;
        while (done < to) done += fs.writeSync(fd, res.data, done, Math.min(to - done, WRITE_PIECE), position + done - from);
      }
      writeMs += performance.now() - t;
    }
  } finally {
    if (fd >= 0) fs.closeSync(fd);
  }
  return { ok: true, op: 'records', faults, decodeMs, writeMs, spans: [...new Set(work.map((r) => r.bytes.buffer as ArrayBuffer))] };
}

function handle(msg: WorkerRequest): { reply: WorkerReply; transfer: ArrayBuffer[] } {
  if (msg.op === 'source') {
    const { reply, batch } = sourceWork(msg.taskId, msg.setup, msg.items, msg.spare);
    // Records are views of the batch buffer (some of another buffer): move each buffer once. A
    // batch buffer no record needs (zeros, repeats, unchanged grains) stays for the next batch.
    const transfer = new Set<ArrayBuffer>();
    for (const r of reply.records) if (r.bytes && r.bytes.buffer instanceof ArrayBuffer) transfer.add(r.bytes.buffer);
    if (!transfer.has(batch.buf.buffer as ArrayBuffer)) keepSpare(batch.buf.buffer as ArrayBuffer);
    return { reply, transfer: [...transfer] };
  }
  if (msg.op === 'close') {
    tasks.get(msg.taskId)?.image.close();
    tasks.delete(msg.taskId);
    return { reply: { ok: true, op: 'closed' }, transfer: [] };
  }
  const reply = recordWork(msg.outPath, msg.verify, msg.records);
  return { reply, transfer: reply.spans };
}

parentPort!.on('message', (msg: WorkerRequest) => {
  try {
    const { reply, transfer } = handle(msg);
    parentPort!.postMessage(reply, transfer);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    parentPort!.postMessage({ ok: false, message: err?.message ?? String(e), code: err?.code } satisfies WorkerReply);
  }
});
