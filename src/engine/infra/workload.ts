// Guest workload (Start-Workload): writes real data to a VM's disks through the normal write path,
// so CBT marks it and an open VM snapshot's delta receives it. Two modes:
//  - ChangePercent P: rewrites P% of each disk's aligned 1 MiB extents, chosen from the seed;
//  - WriteMBps R for DurationMs D: writes 1 MiB extents at that rate, paced against the clock
//    (rate-limited real writes; the pauses only keep the rate, they do not stand in for work).
// Deterministic from the seed; run synchronously (ChangePercent) or in the background.

import { EngineError } from '../engine-error.ts';
import type { EngineContext } from './engine-context.ts';
import { guestContent, pickContentKind } from './guest-content.ts';
import { SeededRandom } from './seeded-random.ts';
import type { VMs } from './vms.ts';

export const WORKLOAD_EXTENT = 1024 * 1024;

export interface WorkloadOptions {
  VM: string;
  /** Only this disk (default: every disk of the VM). */
  Disk?: string;
  ChangePercent?: number;
  WriteMBps?: number;
  DurationMs?: number;
  Seed?: number;
}

export interface WorkloadResult {
  VM: string;
  Mode: 'ChangePercent' | 'Rate';
  BytesWritten: number;
  ExtentsWritten: number;
  DurationMs: number;
  Disks: { Disk: string; BytesWritten: number }[];
}

export interface WorkloadRun {
  Id: number;
  VM: string;
  readonly State: 'Running' | 'Completed' | 'Failed' | 'Stopped';
  done: Promise<WorkloadResult>;
  stop(): void;
}

interface DiskTarget { name: string; size: number }

export class Workloads {
  private readonly ctx: EngineContext;
  private readonly vms: VMs;
  private nextId = 1;
  private readonly running = new Map<number, WorkloadRun>();

  constructor(ctx: EngineContext, vms: VMs) {
    this.ctx = ctx;
    this.vms = vms;
  }

  private targets(opts: WorkloadOptions): DiskTarget[] {
    const vm = this.vms.get(opts.VM);
    const disks = vm.Disks.filter((d) => opts.Disk === undefined || d.Name.toLowerCase() === opts.Disk.toLowerCase());
    if (disks.length === 0) throw EngineError.notFound('Disk', `${vm.Name}/${opts.Disk}`);
    return disks.map((d) => ({ name: d.Name, size: d.Size }));
  }

  private validate(opts: WorkloadOptions): 'ChangePercent' | 'Rate' {
    const hasPct = opts.ChangePercent !== undefined;
    const hasRate = opts.WriteMBps !== undefined || opts.DurationMs !== undefined;
    if (hasPct === hasRate) throw EngineError.invalid('VM', opts.VM, 'a workload needs either ChangePercent, or WriteMBps with Duration.');
    if (hasPct) {
      const p = opts.ChangePercent!;
      if (typeof p !== 'number' || !(p > 0 && p <= 100)) throw EngineError.invalid('VM', opts.VM, `ChangePercent must be above 0 and at most 100 (got ${String(p)}).`);
      return 'ChangePercent';
    }
    if (!(typeof opts.WriteMBps === 'number' && opts.WriteMBps > 0)) throw EngineError.invalid('VM', opts.VM, `WriteMBps must be a positive number (got ${String(opts.WriteMBps)}).`);
    if (!(typeof opts.DurationMs === 'number' && opts.DurationMs > 0)) throw EngineError.invalid('VM', opts.VM, `Duration must be positive (got ${String(opts.DurationMs)}).`);
    return 'Rate';
  }

  private writeExtent(vm: string, disk: DiskTarget, extent: number, rng: SeededRandom): number {
    const offset = extent * WORKLOAD_EXTENT;
    const length = Math.min(WORKLOAD_EXTENT, disk.size - offset);
    this.vms.disk(vm, disk.name).write(offset, guestContent(pickContentKind(rng), length, rng));
    return length;
  }

  /** ChangePercent mode, synchronously. */
  runSync(opts: WorkloadOptions): WorkloadResult {
    if (this.validate(opts) !== 'ChangePercent') throw EngineError.invalid('VM', opts.VM, 'only a ChangePercent workload runs synchronously; use start() for a rate workload.');
    const started = process.hrtime.bigint();
    const rng = new SeededRandom(opts.Seed ?? 1);
    const vm = this.vms.get(opts.VM).Name;
    const disks: WorkloadResult['Disks'] = [];
    let extents = 0;
    for (const d of this.targets(opts)) {
      const total = Math.ceil(d.size / WORKLOAD_EXTENT);
      const chosen = rng.sample(total, Math.max(1, Math.round((total * opts.ChangePercent!) / 100))).sort((a, b) => a - b);
      let bytes = 0;
      for (const x of chosen) bytes += this.writeExtent(vm, d, x, rng);
      extents += chosen.length;
      disks.push({ Disk: d.name, BytesWritten: bytes });
      this.ctx.events.emitEvent({ kind: 'workload-progress', vm, disk: d.name, bytes });
    }
    const result: WorkloadResult = {
      VM: vm, Mode: 'ChangePercent', BytesWritten: disks.reduce((a, d) => a + d.BytesWritten, 0), ExtentsWritten: extents,
      DurationMs: Number(process.hrtime.bigint() - started) / 1e6, Disks: disks,
    };
    this.ctx.events.emitEvent({ kind: 'workload-completed', vm, bytes: result.BytesWritten, durationMs: result.DurationMs });
    return result;
  }

  /** Starts a workload in the background (either mode); `done` settles with the measured result. */
  start(opts: WorkloadOptions): WorkloadRun {
    const mode = this.validate(opts);
    const targets = this.targets(opts);
    const vm = this.vms.get(opts.VM).Name;
    let state: WorkloadRun['State'] = 'Running';
    let stopped = false;
    const id = this.nextId++;
    const rate = async (): Promise<WorkloadResult> => {
      const rng = new SeededRandom(opts.Seed ?? 1);
      const bytesPerMs = (opts.WriteMBps! * 1024 * 1024) / 1000;
      const t0 = performance.now();
      const perDisk = new Map(targets.map((d) => [d.name, 0]));
      let written = 0;
      let extents = 0;
      while (!stopped) {
        const elapsed = performance.now() - t0;
        if (elapsed >= opts.DurationMs!) break;
        if (written >= bytesPerMs * elapsed) {
          // ahead of the rate: wait until the budget allows the next extent (or the run ends)
          const wait = Math.min((written - bytesPerMs * elapsed) / bytesPerMs + 1, opts.DurationMs! - elapsed);
          await new Promise((r) => setTimeout(r, Math.max(1, wait)));
          continue;
        }
        const d = targets[rng.below(targets.length)]!;
        const n = this.writeExtent(vm, d, rng.below(Math.ceil(d.size / WORKLOAD_EXTENT)), rng);
        perDisk.set(d.name, perDisk.get(d.name)! + n);
        written += n;
        extents++;
        if (extents % 16 === 0) {
          this.ctx.events.emitEvent({ kind: 'workload-progress', vm, bytes: written });
          await new Promise((r) => setImmediate(r));
        }
      }
      const result: WorkloadResult = {
        VM: vm, Mode: 'Rate', BytesWritten: written, ExtentsWritten: extents, DurationMs: performance.now() - t0,
        Disks: [...perDisk].map(([Disk, BytesWritten]) => ({ Disk, BytesWritten })),
      };
      this.ctx.events.emitEvent({ kind: 'workload-completed', vm, bytes: written, durationMs: result.DurationMs });
      return result;
    };
    const done = (async () => {
      await new Promise((r) => setImmediate(r));
      return mode === 'Rate' ? rate() : this.runSync(opts);
    })().then(
      (r) => { state = stopped ? 'Stopped' : 'Completed'; this.running.delete(id); return r; },
      (e) => { state = 'Failed'; this.running.delete(id); throw e; },
    );
    const run: WorkloadRun = { Id: id, VM: vm, get State() { return state; }, done, stop() { stopped = true; } };
    this.running.set(id, run);
    return run;
  }

  /** Runs a workload to completion (synchronous ChangePercent or paced rate). */
  run(opts: WorkloadOptions): Promise<WorkloadResult> {
    return this.start(opts).done;
  }

  list(): WorkloadRun[] {
    return [...this.running.values()];
  }
}
