// The worker threads data movers run in: one per core, shared by every task so that parallel tasks
// (and the blocks of one big disk) spread over the machine. Idle workers are unref'd so an idle pool
// never keeps the process alive.

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
  job: Job | null;
}

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

  /** Runs one request on the next free worker. */
  run(msg: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.closed) return Promise.reject(new Error('data mover pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, transfer, resolve, reject });
      this.pump();
    });
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
    for (const s of this.slots) {
      s.job?.reject(lost);
      s.job = null;
    }
    const workers = this.slots.splice(0).map((s) => s.worker);
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length; ) {
      const job = this.queue[i]!;
      let slot = job.target ?? this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot || slot.job !== null) {
        if (!job.target && this.slots.every((s) => s.job !== null)) return;
        i++;
        continue;
      }
      if (job.target && !this.slots.includes(job.target)) {
        this.queue.splice(i, 1);
        job.resolve({ ok: true, op: 'closed' });
        continue;
      }
      this.queue.splice(i, 1);
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.msg, job.transfer);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./data-mover-worker.ts', import.meta.url));
    const slot: Slot = { worker, job: null };
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      slot.job = null;
      worker.unref();
      job?.resolve(reply);
      this.pump();
    });
    const fail = (e: Error) => {
      const job = slot.job;
      slot.job = null;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      job?.reject(e);
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
