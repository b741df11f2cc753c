// `New-Lab`: builds a ready lab from a preset in one transaction (so a failure leaves nothing), with
// realistic disk content written through the normal write path: text-like, random, repeated and
// zero 1 MiB extents, and a swap/pagefile range the engine knows about so data movers can skip it.
// `Force` removes the preset's objects first and builds it again.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../engine-error.ts';
import type { EngineContext } from '../infra/engine-context.ts';
import type { Credentials } from '../infra/credentials.ts';
import type { Datastores } from '../infra/datastores.ts';
import { guestContent, pickContentKind } from '../infra/guest-content.ts';
import type { ContentKind } from '../infra/guest-content.ts';
import type { Hosts } from '../infra/hosts.ts';
import type { Proxies } from '../infra/proxies.ts';
import type { Repositories } from '../infra/repositories.ts';
import { SeededRandom } from '../infra/seeded-random.ts';
import type { VMs } from '../infra/vms.ts';
import type { StorageArrays } from '../storage/storage-arrays.ts';
import { arrayFolder } from '../storage/storage-arrays.ts';
import { DEMO_PRESET } from './demo-preset.ts';
import type { LabPreset } from './demo-preset.ts';

const MiB = 1024 * 1024;
const FIRST_KINDS: readonly ContentKind[] = ['text', 'random', 'zero', 'repeated'];
const PRESETS: Record<string, LabPreset> = { demo: DEMO_PRESET };

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
    for (const r of p.Repositories) if (exists('repositories', r.Name)) repositories.remove(r.Name);
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

  /** Fills one disk with mixed content and a swap/pagefile range; returns bytes written. */
  private fillDisk(vm: string, disk: string, size: number, guestOS: string, rng: SeededRandom, withSwap: boolean): number {
    const handle = this.parts.vms.disk(vm, disk);
    const extents = Math.floor(size / MiB);
    // Swap (Linux) or pagefile (Windows): an eighth of the system disk, near its end.
    const swapFirst = withSwap ? extents - Math.max(1, Math.floor(extents / 8)) - (guestOS === 'Windows' ? 1 : 0) : extents;
    const swapLast = withSwap ? swapFirst + Math.max(1, Math.floor(extents / 8)) - 1 : -1;
    let written = 0;
    for (let x = 0; x < extents; x++) {
      if (x >= swapFirst && x <= swapLast) {
        handle.write(x * MiB, guestContent('random', MiB, rng));
        written += MiB;
        continue;
      }
      // The first extents show every kind on every disk; the rest are drawn with realistic weights.
      const kind: ContentKind = x < FIRST_KINDS.length ? FIRST_KINDS[x]! : rng.next() < 0.35 ? 'zero' : pickContentKind(rng);
      if (kind === 'zero') continue; // left as a hole: reads as zeros
      handle.write(x * MiB, guestContent(kind, MiB, rng));
      written += MiB;
    }
    if (withSwap) this.parts.vms.setSwapExtents(vm, disk, [{ offset: swapFirst * MiB, length: (swapLast - swapFirst + 1) * MiB }]);
    return written;
  }

  create(opts: NewLabOptions = {}): Lab {
    const p = this.preset(opts.Preset ?? 'Demo');
    const scale = opts.DiskScale ?? 1;
    if (!(typeof scale === 'number' && scale > 0 && scale <= 64)) throw EngineError.invalid('Lab', p.Name, `DiskScale must be above 0 and at most 64 (got ${String(scale)}).`);
    const c = this.ctx.catalog;
    if (!opts.Force) {
      if (c.get('SELECT 1 FROM labs WHERE name = ?', p.Name)) {
        throw new EngineError('VBRS_DUPLICATE_NAME', `Lab '${p.Name}' already exists; use -Force to recreate it.`, { kind: 'Lab', name: p.Name });
      }
      const clash = this.conflicts(p);
      if (clash.length) throw new EngineError('VBRS_DUPLICATE_NAME', `Lab '${p.Name}' cannot be built: ${clash.join(', ')} already exist; use -Force to replace them.`, { kind: 'Lab', name: p.Name });
    }
    const { hosts, credentials, arrays, datastores, vms, proxies, repositories } = this.parts;
    const rng = new SeededRandom(opts.Seed ?? 2024);
    const repoFolders = p.Repositories.map((r) => path.join(this.ctx.home, 'repositories', r.Folder));
    const created = Date.now();
    let written = 0;
    this.ctx.events.emitEvent({ kind: 'lab-started', lab: p.Name });
    try {
      c.tx(() => {
        if (opts.Force) this.removeObjects(p);
        for (const h of p.Hosts) hosts.add({ Name: h });
        for (const x of p.Credentials) credentials.add(x);
        for (const a of p.Arrays.filter((x) => x.Role !== 'Secondary')) arrays.add(a);
        for (const v of p.Volumes) arrays.addVolume(v);
        for (const a of p.Arrays.filter((x) => x.Role === 'Secondary')) arrays.add(a);
        for (const d of p.Datastores) datastores.add(d);
        p.Repositories.forEach((r, i) => repositories.add({ Name: r.Name, Path: repoFolders[i]!, MaxTasks: r.MaxTasks }));
        for (const x of p.Proxies) proxies.add(x);
        for (const v of p.VMs) {
          const sizes = v.DiskSize.map((s) => Math.max(4, Math.round((s * scale) / MiB)) * MiB);
          vms.add({ Name: v.Name, Host: v.Host, Datastore: v.Datastore, GuestOS: v.GuestOS, DiskSize: sizes, Credential: v.Credential });
          sizes.forEach((size, i) => {
            written += this.fillDisk(v.Name, `disk${i + 1}`, size, v.GuestOS, rng, i === 0);
            this.ctx.events.emitEvent({ kind: 'lab-progress', lab: p.Name, vm: v.Name, disk: `disk${i + 1}`, bytes: written });
          });
        }
        c.run('INSERT INTO labs (name, preset, created_at) VALUES (?, ?, ?)', p.Name, p.Name, created);
      });
    } catch (e) {
      // The rows are rolled back; the files the rolled-back objects had made must go too.
      for (const a of p.Arrays) if (!c.get('SELECT 1 FROM storage_arrays WHERE name = ?', a.Name)) fs.rmSync(arrayFolder(this.ctx.home, a.Name), { recursive: true, force: true });
      for (const d of p.Datastores) if (!d.Volume && !c.get('SELECT 1 FROM datastores WHERE name = ?', d.Name)) fs.rmSync(path.join(this.ctx.home, 'datastores', d.Name), { recursive: true, force: true });
      throw e;
    }
    this.ctx.events.emitEvent({ kind: 'lab-completed', lab: p.Name, bytes: written });
    return this.summary(p, created, written);
  }

  /** Removes the lab's objects and their disk files (repository folders stay). */
  remove(name = 'Demo'): void {
    const lab = this.get(name);
    this.ctx.catalog.tx(() => this.removeObjects(this.preset(lab.Preset)));
  }
}
