// Datastores: a folder that holds VM disk files, either local to one host or on an array
// volume/LUN (`array/volume`), in which case storage snapshots of that volume capture its files and
// every host sees it (shared SAN storage).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { EngineContext } from './engine-context.ts';
import { checkName } from './object-name.ts';
import { matchesName } from './wildcard.ts';

export interface Datastore {
  Name: string;
  Host: string;
  /** `array/volume` for a datastore on an array LUN, else null (local storage). */
  Volume: string | null;
  Array: string | null;
  Type: 'Local' | 'SAN';
  Path: string;
  VMs: string[];
  CreationTime: Date;
}

export interface AddDatastoreOptions {
  Name: string;
  Host: string;
  Volume?: string | null;
}

/** Resolves `array/volume` to its row, or throws a clear error. */
export function findVolume(ctx: EngineContext, spec: string): { id: number; array: string; arrayId: number; name: string; role: string } {
  const slash = spec.indexOf('/');
  if (slash <= 0 || slash === spec.length - 1) {
    throw new EngineError('VBRS_INVALID_ARGUMENT', `Volume '${spec}' must be written as array/volume (e.g. fas01/vol1).`, { kind: 'Volume', name: spec });
  }
  const r = ctx.catalog.get(
    `SELECT v.id, v.name, a.id AS array_id, a.name AS array_name, a.role FROM volumes v JOIN storage_arrays a ON a.id = v.array_id
      WHERE a.name = ? AND v.name = ?`,
    spec.slice(0, slash), spec.slice(slash + 1),
  );
  if (!r) throw EngineError.notFound('Volume', spec);
  return { id: Number(r.id), array: String(r.array_name), arrayId: Number(r.array_id), name: String(r.name), role: String(r.role) };
}

export function volumeFolder(home: string, array: string, volume: string): string {
  return path.join(home, 'arrays', array, 'volumes', volume);
}

export class Datastores {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private toRecord(r: Row): Datastore {
    return {
      Name: String(r.name),
      Host: String(r.host_name),
      Volume: r.volume_name === null ? null : `${r.array_name}/${r.volume_name}`,
      Array: r.array_name === null ? null : String(r.array_name),
      Type: r.volume_name === null ? 'Local' : 'SAN',
      Path: String(r.folder),
      VMs: this.ctx.catalog
        .all('SELECT name FROM vms WHERE datastore_id = ? UNION SELECT v.name FROM disks d JOIN vms v ON v.id = d.vm_id WHERE d.datastore_id = ? ORDER BY name', Number(r.id), Number(r.id))
        .map((x) => String(x.name)),
      CreationTime: new Date(Number(r.created_at)),
    };
  }

  private rows(where = '', ...params: (string | number)[]): Row[] {
    return this.ctx.catalog.all(
      `SELECT d.*, h.name AS host_name, v.name AS volume_name, a.name AS array_name
         FROM datastores d JOIN hosts h ON h.id = d.host_id
         LEFT JOIN volumes v ON v.id = d.volume_id LEFT JOIN storage_arrays a ON a.id = v.array_id
        ${where} ORDER BY d.id`,
      ...params,
    );
  }

  add(opts: AddDatastoreOptions): Datastore {
    const name = checkName('Datastore', opts.Name);
    const c = this.ctx.catalog;
    c.tx(() => {
      if (c.get('SELECT 1 FROM datastores WHERE name = ?', name)) throw EngineError.duplicate('Datastore', name);
      const host = c.get('SELECT id FROM hosts WHERE name = ?', opts.Host ?? '');
      if (!host) throw EngineError.notFound('Host', String(opts.Host));
      let volumeId: number | null = null;
      let folder = path.join(this.ctx.home, 'datastores', name);
      if (opts.Volume) {
        const vol = findVolume(this.ctx, opts.Volume);
        if (vol.role !== 'Primary') {
          throw EngineError.invalid('Datastore', name, `volume '${opts.Volume}' is on secondary array '${vol.array}'; datastores live on primary storage.`);
        }
        volumeId = vol.id;
        folder = path.join(volumeFolder(this.ctx.home, vol.array, vol.name), name);
      }
      fs.mkdirSync(folder, { recursive: true });
      c.run('INSERT INTO datastores (name, host_id, volume_id, folder, created_at) VALUES (?, ?, ?, ?, ?)', name, Number(host.id), volumeId, folder, Date.now());
    });
    return this.get(name);
  }

  get(name: string): Datastore {
    const r = this.rows('WHERE d.name = ?', name)[0];
    if (!r) throw EngineError.notFound('Datastore', name);
    return this.toRecord(r);
  }

  list(pattern?: string): Datastore[] {
    return this.rows().filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  /** Moves a datastore to another host (the only thing that can change without moving files). */
  set(name: string, changes: { Host?: string }): Datastore {
    const c = this.ctx.catalog;
    c.tx(() => {
      this.get(name);
      if (changes.Host !== undefined) {
        const host = c.get('SELECT id FROM hosts WHERE name = ?', changes.Host);
        if (!host) throw EngineError.notFound('Host', changes.Host);
        c.run('UPDATE datastores SET host_id = ? WHERE name = ?', Number(host.id), name);
      }
    });
    return this.get(name);
  }

  remove(name: string): void {
    const c = this.ctx.catalog;
    c.tx(() => {
      const ds = this.get(name);
      if (ds.VMs.length) throw new EngineError('VBRS_IN_USE', `Datastore '${ds.Name}' is in use by VM ${ds.VMs.map((v) => `'${v}'`).join(', ')}.`, { kind: 'Datastore', name: ds.Name });
      c.run('DELETE FROM datastores WHERE name = ?', name);
    });
  }
}
