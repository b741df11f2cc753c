// `New-Lab`: builds a ready lab from a preset with realistic disk content (text-like, random,
// repeated and zero 1 MiB extents, and a swap/pagefile range the engine knows about so data movers
// can skip it). The disks are written first into a staging folder, chunk by chunk, then the whole
// lab is recorded in one short transaction (so a failure or a stop leaves nothing). `create` does
// it in one go; `createAsync` lets the event loop run between chunks and honours an AbortSignal.
// `Force` removes the preset's objects (in that same transaction) and builds it again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError, isEngineError } from '../engine-error.ts';
import type { EngineContext } from '../infra/engine-context.ts';
import type { Credentials } from '../infra/credentials.ts';
import type { Datastores } from '../infra/datastores.ts';
import { loadDiskState, recordStamp, recordWrite } from '../infra/disk-state.ts';
import type { Hosts } from '../infra/hosts.ts';
import type { Proxies } from '../infra/proxies.ts';
import type { Repositories } from '../infra/repositories.ts';
import { SeededRandom } from '../infra/seeded-random.ts';
import type { VMs } from '../infra/vms.ts';
import type { StorageArrays } from '../storage/storage-arrays.ts';
import { arrayFolder } from '../storage/storage-arrays.ts';
import { DEMO_PRESET } from './demo-preset.ts';
import type { LabPreset } from './demo-preset.ts';
import { planLabDisks } from './lab-disk-plan.ts';
import type { LabDiskPlan } from './lab-disk-plan.ts';
import { LabStaging } from './lab-staging.ts';
import { runSteps, runStepsAsync } from './run-steps.ts';
import { stageLabDisks } from './stage-lab-disks.ts';
import type { LabStageStep, StagedDisk } from './stage-lab-disks.ts';

const PRESETS: Record<string, LabPreset> = { demo: DEMO_PRESET };

/** The presets New-Lab builds, by name (what -Preset completes and accepts). */
export const labPresetNames: readonly string[] = Object.values(PRESETS).map((p) => p.Name);

export interface LabParts {
  hosts: Hosts;
  datastores: Datastores;
  vms: VMs;
  credentials: Credentials;
  proxies: Proxies;
  repositories: Repositories;
  arrays: StorageArrays;
}

export interface NewLabOptions {
  Preset?: string;
  Force?: boolean;
  /** Multiplies every disk size (e.g. 0.125 for tests); sizes stay whole MiB, at least 4 MiB. */
  DiskScale?: number;
  Seed?: number;
}

/** How an async build is run: `signal` stops it (Ctrl+C, Stop-…) between chunks. */
export interface CreateLabRun {
  signal?: AbortSignal;
}

/** One build in progress, from its checks to its commit. */
interface LabBuild {
  preset: LabPreset;
  opts: NewLabOptions;
  plan: LabDiskPlan;
  staging: LabStaging;
  steps: Generator<LabStageStep, StagedDisk[]>;
  started: number;
  /** Bytes laid down so far (for the failure event). */
  bytes: number;
}

export interface Lab {
  Name: string;
  Preset: string;
  Hosts: string[];
  StorageArrays: string[];
  Datastores: string[];
  VMs: string[];
  Proxies: string[];
  Repositories: string[];
  /** Bytes of guest data written into the disks. */
  DataWritten: number;
  CreationTime: Date;
}

export class Labs {
  private readonly ctx: EngineContext;
  private readonly parts: LabParts;

  constructor(ctx: EngineContext, parts: LabParts) {
    this.ctx = ctx;
    this.parts = parts;
  }

  private preset(name: string): LabPreset {
    const p = PRESETS[name.toLowerCase()];
    if (!p) throw EngineError.invalid('Lab', name, `unknown preset; available: ${Object.values(PRESETS).map((x) => x.Name).join(', ')}.`);
    return p;
  }

  private summary(p: LabPreset, created: number, written: number): Lab {
    return {
      Name: p.Name,
      Preset: p.Name,
      Hosts: [...p.Hosts],
      StorageArrays: p.Arrays.map((a) => a.Name),
      Datastores: p.Datastores.map((d) => d.Name),
      VMs: p.VMs.map((v) => v.Name),
      Proxies: p.Proxies.map((x) => x.Name),
      Repositories: p.Repositories.map((r) => r.Name),
      DataWritten: written,
      CreationTime: new Date(created),
    };
  }

  get(name = 'Demo'): Lab {
    const r = this.ctx.catalog.get('SELECT * FROM labs WHERE name = ?', name);
    if (!r) throw EngineError.notFound('Lab', name);
    return this.summary(this.preset(String(r.preset)), Number(r.created_at), 0);
  }

  list(): Lab[] {
    return this.ctx.catalog.all('SELECT name FROM labs ORDER BY created_at').map((r) => this.get(String(r.name)));
  }

  /** Names of preset objects that already exist, as "Kind 'name'" strings. */
  private conflicts(p: LabPreset): string[] {
    const c = this.ctx.catalog;
    const check: [string, string, string[]][] = [
      ['Host', 'hosts', p.Hosts],
      ['Credential', 'credentials', p.Credentials.map((x) => x.Name)],
      ['StorageArray', 'storage_arrays', p.Arrays.map((x) => x.Name)],
      ['Datastore', 'datastores', p.Datastores.map((x) => x.Name)],
      ['VM', 'vms', p.VMs.map((x) => x.Name)],
      ['Proxy', 'proxies', p.Proxies.map((x) => x.Name)],
      ['Repository', 'repositories', p.Repositories.map((x) => x.Name)],
    ];
    return check.flatMap(([kind, table, names]) => names.filter((n) => c.get(`SELECT 1 FROM ${table} WHERE name = ?`, n)).map((n) => `${kind} '${n}'`));
  }

  /** Removes every object of the preset that exists (dependents first). */
  private removeObjects(p: LabPreset): void {
    const { vms, proxies, repositories, datastores, arrays, hosts, credentials } = this.parts;
    const c = this.ctx.catalog;
    const exists = (table: string, name: string) => c.get(`SELECT 1 FROM ${table} WHERE name = ?`, name) !== undefined;
    for (const v of p.VMs) if (exists('vms', v.Name)) {
      if (vms.getSnapshot(v.Name)) vms.removeSnapshot(v.Name);
      vms.remove(v.Name);
    }
    for (const x of p.Proxies) if (exists('proxies', x.Name)) proxies.remove(x.Name);
    for (const r of p.Repositories) if (exists('repositories', r.Name)) repositories.forget(r.Name); // a rebuild (-Force) replaces it
    for (const d of p.Datastores) if (exists('datastores', d.Name)) datastores.remove(d.Name);
    for (const a of [...p.Arrays].reverse()) if (exists('storage_arrays', a.Name)) {
      for (const s of c.all('SELECT s.id FROM storage_snapshots s JOIN volumes v ON v.id = s.volume_id JOIN storage_arrays a ON a.id = v.array_id WHERE a.name = ?', a.Name)) {
        c.run('DELETE FROM storage_snapshots WHERE id = ?', Number(s.id));
      }
      arrays.remove(a.Name);
    }
    for (const h of p.Hosts) if (exists('hosts', h)) hosts.remove(h);
    for (const x of p.Credentials) if (exists('credentials', x.Name)) credentials.remove(x.Name);
    c.run('DELETE FROM labs WHERE name = ?', p.Name);
  }

  /** Refuses a build over an existing lab or over objects of the preset that already exist. */
  private checkFree(p: LabPreset): void {
    if (this.ctx.catalog.get('SELECT 1 FROM labs WHERE name = ?', p.Name)) {
      throw new EngineError('VBRS_DUPLICATE_NAME', `Lab '${p.Name}' already exists; use -Force to recreate it.`, { kind: 'Lab', name: p.Name });
    }
    const clash = this.conflicts(p);
    if (clash.length) throw new EngineError('VBRS_DUPLICATE_NAME', `Lab '${p.Name}' cannot be built: ${clash.join(', ')} already exist; use -Force to replace them.`, { kind: 'Lab', name: p.Name });
  }

  /** Checks the options, makes the staging folder and announces the build with its total size. */
  private begin(opts: NewLabOptions): LabBuild {
    const p = this.preset(opts.Preset ?? 'Demo');
    const scale = opts.DiskScale ?? 1;
    if (!(typeof scale === 'number' && scale > 0 && scale <= 64)) throw EngineError.invalid('Lab', p.Name, `DiskScale must be above 0 and at most 64 (got ${String(scale)}).`);
    if (!opts.Force) this.checkFree(p);
    const plan = planLabDisks(p, scale);
    const staging = LabStaging.create(this.ctx.home);
    const steps = stageLabDisks(plan, (d) => staging.fileFor(d.vm, d.disk), new SeededRandom(opts.Seed ?? 2024));
    const build: LabBuild = { preset: p, opts, plan, staging, steps, started: Date.now(), bytes: 0 };
    this.ctx.events.emitEvent({
      kind: 'lab-started', lab: p.Name, totalBytes: plan.totalBytes, startTime: build.started,
      disks: plan.disks.map((d) => ({ vm: d.vm, disk: d.disk, size: d.size })),
    });
    return build;
  }

  private progress(b: LabBuild, step: LabStageStep): void {
    b.bytes = step.bytes;
    this.ctx.events.emitEvent({ kind: 'lab-progress', lab: b.preset.Name, ...step, elapsedMs: Date.now() - b.started });
  }

  private failed(b: LabBuild, e: unknown): void {
    this.ctx.events.emitEvent({
      kind: 'lab-failed', lab: b.preset.Name, bytes: b.bytes, totalBytes: b.plan.totalBytes, elapsedMs: Date.now() - b.started,
      stopped: isEngineError(e, 'VBRS_CANCELLED'), error: e instanceof Error ? e.message : String(e),
    });
  }

  /** Moves one staged disk file over the empty disk `vms.add` made, and records its blocks as written. */
  private adopt(s: StagedDisk): void {
    const c = this.ctx.catalog;
    const row = c.get('SELECT d.id, d.path FROM disks d JOIN vms v ON v.id = d.vm_id WHERE v.name = ? AND d.name = ?', s.spec.vm, s.spec.disk)!;
    fs.renameSync(s.file, String(row.path));
    // The same bookkeeping the write path does per write (allocation map, CBT epoch, file stamp),
    // so backups see exactly what they would have seen had each extent gone through VirtualDisk.
    const state = loadDiskState(c, Number(row.id));
    for (const [first, last] of s.writtenBlocks) recordWrite(c, state, first, last);
    recordStamp(c, state);
    if (s.spec.swap) this.parts.vms.setSwapExtents(s.spec.vm, s.spec.disk, [s.spec.swap]);
  }

  /**
   * Records the whole lab in one short transaction once its disk files are staged. Files first, then
   * the catalog: a build that is stopped or fails while writing (the long part, with awaits between
   * chunks) has recorded nothing, so there is no half lab to undo, other processes never see one,
   * and with Force the old lab stays whole until the new one replaces it in this one transaction.
   * The reverse order would hold the catalog's write lock across awaits, or expose a half lab.
   */
  private commit(b: LabBuild, staged: StagedDisk[]): Lab {
    const p = b.preset;
    const c = this.ctx.catalog;
    const { hosts, credentials, arrays, datastores, vms, proxies, repositories } = this.parts;
    const repoFolders = p.Repositories.map((r) => path.join(this.ctx.home, 'repositories', r.Folder));
    const sizes = new Map<string, number[]>();
    for (const d of b.plan.disks) sizes.set(d.vm, [...(sizes.get(d.vm) ?? []), d.size]);
    try {
      c.tx(() => {
        // Checked again inside the write lock: another process may have added a clashing object meanwhile.
        if (b.opts.Force) this.removeObjects(p);
        else this.checkFree(p);
        for (const h of p.Hosts) hosts.add({ Name: h });
        for (const x of p.Credentials) credentials.add(x);
        for (const a of p.Arrays.filter((x) => x.Role !== 'Secondary')) arrays.add(a);
        for (const v of p.Volumes) arrays.addVolume(v);
        for (const a of p.Arrays.filter((x) => x.Role === 'Secondary')) arrays.add(a);
        for (const d of p.Datastores) datastores.add(d);
        p.Repositories.forEach((r, i) => repositories.add({ Name: r.Name, Path: repoFolders[i]!, MaxTasks: r.MaxTasks }));
        for (const x of p.Proxies) proxies.add(x);
        for (const v of p.VMs) vms.add({ Name: v.Name, Host: v.Host, Datastore: v.Datastore, GuestOS: v.GuestOS, DiskSize: sizes.get(v.Name)!, Credential: v.Credential });
        for (const s of staged) this.adopt(s);
        c.run('INSERT INTO labs (name, preset, created_at) VALUES (?, ?, ?)', p.Name, p.Name, b.started);
      });
    } catch (e) {
      // The rows are rolled back; the files the rolled-back objects had made must go too.
      for (const a of p.Arrays) if (!c.get('SELECT 1 FROM storage_arrays WHERE name = ?', a.Name)) fs.rmSync(arrayFolder(this.ctx.home, a.Name), { recursive: true, force: true });
      for (const d of p.Datastores) if (!d.Volume && !c.get('SELECT 1 FROM datastores WHERE name = ?', d.Name)) fs.rmSync(path.join(this.ctx.home, 'datastores', d.Name), { recursive: true, force: true });
      throw e;
    }
    const dataBytes = staged.reduce((n, s) => n + s.dataBytes, 0);
    this.ctx.events.emitEvent({
      kind: 'lab-completed', lab: p.Name, bytes: b.plan.totalBytes, totalBytes: b.plan.totalBytes, dataBytes, elapsedMs: Date.now() - b.started,
    });
    return this.summary(p, b.started, dataBytes);
  }

  private cancelled(b: LabBuild): EngineError {
    return new EngineError('VBRS_CANCELLED', `Lab '${b.preset.Name}' was not built: stopped by the user (nothing was kept).`, { kind: 'Lab', name: b.preset.Name });
  }

  /** Builds the lab in one go (blocks the event loop until done; scripts and tests that need no progress). */
  create(opts: NewLabOptions = {}): Lab {
    const b = this.begin(opts);
    try {
      return this.commit(b, runSteps(b.steps, (s) => this.progress(b, s)));
    } catch (e) {
      this.failed(b, e);
      throw e;
    } finally {
      b.staging.dispose();
    }
  }

  /**
   * Builds the lab writing its disks in chunks, with the event loop turning between chunks (so
   * `lab-progress` events can be drawn as they come), and stops when `signal` aborts: then it
   * rejects with VBRS_CANCELLED, and neither catalog rows nor disk files of the lab are left.
   */
  async createAsync(opts: NewLabOptions = {}, run: CreateLabRun = {}): Promise<Lab> {
    const b = this.begin(opts);
    try {
      const staged = await runStepsAsync(b.steps, (s) => this.progress(b, s), run.signal, () => this.cancelled(b));
      if (run.signal?.aborted) throw this.cancelled(b);
      return this.commit(b, staged);
    } catch (e) {
      this.failed(b, e);
      throw e;
    } finally {
      b.staging.dispose();
    }
  }

  /** Removes the lab's objects and their disk files (repository folders stay). */
  remove(name = 'Demo'): void {
    const lab = this.get(name);
    this.ctx.catalog.tx(() => this.removeObjects(this.preset(lab.Preset)));
  }
}
