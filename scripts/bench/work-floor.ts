// The floor under the product path's full backup: the work a full must do on the image by the
// format's own rules — read every block that holds data, SHA-256 every grain of it, and compress
// (32 KiB probe, then zstd at Optimal's level) every block that is not a repeat — split evenly
// over one thread per core, with nothing around it: no session, no snapshot, no messaging between
// the threads, no repository writes, no commit. The engine's own functions do the work
// (grainDigests, encodeRecordInPlace with a worker's ZstdEncoder), so the floor moves with them.
// Which blocks hold data and which repeat is found once, untimed, as a hypervisor's allocation map
// and the dedupe index would know it. No engine can do a full faster than this on the same
// machine; the bench prints it beside `zstd -1 -T1` in the same run, so the target can be read
// against what the machine allows.

import * as fs from 'node:fs';
import * as os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { grainDigests, isZero, treeHashOfDigests } from '../../src/engine/repository/grain-hash.ts';
import { encodeRecordInPlace } from '../../src/engine/repository/record-codec.ts';
import { ZstdEncoder } from '../../src/engine/repository/zstd-encoder.ts';
import { zstdLevel } from '../../src/engine/repository/compression-level.ts';
import { GRAIN_SIZE } from '../../src/engine/repository/repository-format.ts';

const BLOCK = 1 << 20;

/** A data block of the image: its index, and whether an earlier block had the same bytes. */
type Block = [index: number, repeat: boolean];

interface FloorWork {
  image: string;
  blocks: Block[];
}

export interface FloorRun {
  /** Wall time from handing out the work to the last thread's end. */
  ms: number;
  /** CPU time (user + system) of each thread. */
  threadCpuMs: number[];
  dataBlocks: number;
}

/** Data blocks of the image and their repeats (untimed: what an allocation map and dedupe index give). */
export function classifyBlocks(image: string): Block[] {
  const size = fs.statSync(image).size;
  const fd = fs.openSync(image, 'r');
  const buf = Buffer.allocUnsafe(BLOCK);
  const table = new Uint8Array((BLOCK / GRAIN_SIZE) * 32);
  const seen = new Set<string>();
  const out: Block[] = [];
  try {
    for (let i = 0; i * BLOCK < size; i++) {
      const n = fs.readSync(fd, buf, 0, Math.min(BLOCK, size - i * BLOCK), i * BLOCK);
      const data = buf.subarray(0, n);
      if (isZero(data)) continue;
      grainDigests(data, table);
      const sum = treeHashOfDigests(table.subarray(0, Math.ceil(n / GRAIN_SIZE) * 32));
      out.push([i, seen.has(sum)]);
      seen.add(sum);
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

/** One timed floor run over `blocks`, dealt round-robin to one thread per core. */
export async function workFloor(image: string, blocks: Block[], threads = os.availableParallelism()): Promise<FloorRun> {
  const workers = Array.from({ length: threads }, () => new Worker(new URL(import.meta.url)));
  try {
    // Started and loaded first, so the timing is the work's, not the threads' start-up.
    await Promise.all(workers.map((w) => new Promise((ok) => w.once('message', ok))));
    const t0 = performance.now();
    const cpu = await Promise.all(
      workers.map(
        (w, k) =>
          new Promise<number>((ok, fail) => {
            w.once('message', ok);
            w.once('error', fail);
            w.postMessage({ image, blocks: blocks.filter((_, j) => j % threads === k) } satisfies FloorWork);
          }),
      ),
    );
    return { ms: performance.now() - t0, threadCpuMs: cpu, dataBlocks: blocks.length };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function floorThread(work: FloorWork): number {
  const c0 = process.threadCpuUsage();
  const level = zstdLevel('Optimal');
  if (level === null) throw new Error('Optimal compresses');
  const encoder = new ZstdEncoder(level);
  const fd = fs.openSync(work.image, 'r');
  const buf = Buffer.allocUnsafe(BLOCK);
  const table = new Uint8Array((BLOCK / GRAIN_SIZE) * 32);
  try {
    for (const [i, repeat] of work.blocks) {
      const n = fs.readSync(fd, buf, 0, BLOCK, i * BLOCK);
      const data = buf.subarray(0, n);
      grainDigests(data, table);
      if (!repeat) encodeRecordInPlace(data, level, encoder);
    }
  } finally {
    fs.closeSync(fd);
  }
  const c = process.threadCpuUsage(c0);
  return (c.user + c.system) / 1000;
}

if (!isMainThread) {
  parentPort!.once('message', (work: FloorWork) => parentPort!.postMessage(floorThread(work)));
  parentPort!.postMessage('ready');
} else if (process.argv[1] === new URL(import.meta.url).pathname) {
  // `node scripts/bench/work-floor.ts IMAGE`: one floor run, as JSON (the bench runs it as a child
  // beside its peers, so it shares their minute and starts from a fresh process as they do).
  const image = process.argv[2];
  if (!image) throw new Error('usage: work-floor.ts IMAGE');
  process.stdout.write(JSON.stringify(await workFloor(image, classifyBlocks(image))) + '\n');
}
