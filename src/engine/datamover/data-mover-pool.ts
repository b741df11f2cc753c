// The worker threads data movers run in: one per core, shared by every task so that parallel tasks
// (and the blocks of one big disk) spread over the machine. Idle workers are unref'd so an idle pool
// never keeps the process alive. Each worker is given up to DEPTH requests at once (it answers them
// in order): the next one waits in the worker's own queue, so a worker never idles for the round
// trip through the main thread (its reply, the main thread's turn, the next postMessage).

import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

interface Job {
  msg: WorkerRequest;
  transfer: ArrayBuffer[];
  resolve: (r: WorkerReply) => void;
  reject: (e: Error) => void;
  /** Only this worker may take the job (per-worker cleanup). */
  target?: Slot;
}

interface Slot {
  worker: Worker;
  /** Requests posted to this worker and not yet answered, oldest first (it answers in order). */
  jobs: Job[];
  /** Source tasks this worker was given the setup of (and not yet closed). */
  tasks: Set<string>;
}

/** Requests one worker holds at once: the one it runs and the one it starts next. */
const DEPTH = 2;

export class DataMoverPool {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private closed = false;
  private static sharedPool: DataMoverPool | null = null;

  constructor(size = availableParallelism()) {
    this.size = Math.max(1, size);
  }

  /** The process-wide pool (sized to the core count). */
  static shared(): DataMoverPool {
    DataMoverPool.sharedPool ??= new DataMoverPool();
    return DataMoverPool.sharedPool;
  }

  /** Runs one request on the next worker with room (an idle one first). */
  run(msg: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error('data mover pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, transfer, resolve, reject });
      this.pump();
    });
  }

  /**
   * Starts every worker not yet started, so a session's first request does not wait for them (a
   * worker takes ~100 ms of CPU to start with the compile cache, ~250 ms without). Resolves when
   * they are running; starting fails the same way at the first request, so failures are not
   * reported here. Nothing happens on a closed pool.
   */
  async warm(): Promise<void> {
    const starting: Promise<unknown>[] = [];
    while (!this.closed && this.slots.length < this.size) {
      const slot = this.spawn();
      // Held (ref'd) until it runs, so awaiting this keeps the process alive; idle again after.
      slot.worker.ref();
      starting.push(
        new Promise<void>((resolve) => {
          const done = () => {
            if (slot.jobs.length === 0) slot.worker.unref();
            resolve();
          };
          slot.worker.once('online', done);
          slot.worker.once('exit', done);
        }),
      );
    }
    await Promise.all(starting);
  }

  /** Sends a request to every started worker (task cleanup). */
  async broadcast(msg: WorkerRequest): Promise<void> {
    const jobs = this.slots.map(
      (target) =>
        new Promise<WorkerReply>((resolve, reject) => {
          this.queue.push({ msg, transfer: [], resolve, reject, target });
        }),
    );
    this.pump();
    await Promise.all(jobs);
  }

  /** Worker threads started and not yet ended. */
  get workerCount(): number {
    return this.slots.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Terminates the workers; requests still queued or in flight reject instead of hanging. */
  async close(): Promise<void> {
    this.closed = true;
    if (DataMoverPool.sharedPool === this) DataMoverPool.sharedPool = null;
    const lost = new Error('data mover pool is closed');
    for (const job of this.queue.splice(0)) job.reject(lost);
    for (const s of this.slots) for (const job of s.jobs.splice(0)) job.reject(lost);
    const workers = this.slots.splice(0).map((s) => s.worker);
    // A timer holds the process while they stop: the terminate of a worker still starting (warm())
    // does not keep the event loop alive by itself, ref'd or not, and the caller would see the
    // process exit under it.
    const hold = setInterval(() => {}, 1 << 30);
    try {
      await Promise.all(workers.map((w) => w.terminate()));
    } finally {
      clearInterval(hold);
    }
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length; ) {
      const job = this.queue[i]!;
      if (job.target && !this.slots.includes(job.target)) {
        this.queue.splice(i, 1);
        job.resolve({ ok: true, op: 'closed' });
        continue;
      }
      const slot = job.target ? (job.target.jobs.length < DEPTH ? job.target : undefined) : this.roomFor();
      if (!slot) {
        // No worker has room: only a request for one particular worker may still go.
        if (!job.target) return;
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      slot.jobs.push(job);
      slot.worker.ref();
      slot.worker.postMessage(forSlot(slot, job.msg), job.transfer);
    }
  }

  /** The worker to give the next request: an idle one, a new one while below size, else the least loaded with room. */
  private roomFor(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.jobs.length < DEPTH && (!best || s.jobs.length < best.jobs.length)) best = s;
    if ((!best || best.jobs.length > 0) && this.slots.length < this.size) return this.spawn();
    return best;
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./data-mover-worker.ts', import.meta.url));
    const slot: Slot = { worker, jobs: [], tasks: new Set() };
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.jobs.shift();
      if (slot.jobs.length === 0) worker.unref();
      job?.resolve(reply);
      this.pump();
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const job of slot.jobs.splice(0)) job.reject(e);
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`data mover worker exited with code ${code}`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}

/** A source request's setup goes to each worker once per task: the task's later requests there go without it. */
function forSlot(slot: Slot, msg: WorkerRequest): WorkerRequest {
  if (msg.op === 'close') slot.tasks.delete(msg.taskId);
  if (msg.op !== 'source' || msg.setup === undefined) return msg;
  if (!slot.tasks.has(msg.taskId)) {
    slot.tasks.add(msg.taskId);
    return msg;
  }
  const { setup: _sent, ...rest } = msg;
  return rest;
}
