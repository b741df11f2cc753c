// Storage arrays and their volumes/LUNs (Add-StorageArray, Add-Volume, Connect/Disconnect drills).
// A secondary array is linked to its primary by snapshot transfer or synchronous replication and
// mirrors every volume of its source under the same name: adding a volume to a primary adds it to
// each of its secondaries. Each array has a folder under the data dir for volumes and snapshots.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { EngineContext } from '../infra/engine-context.ts';
import { checkName } from '../infra/object-name.ts';
import { matchesName } from '../infra/wildcard.ts';
import { VENDORS, vendorProfile } from './vendor-profile.ts';
import type { StorageVendor, VendorProfile } from './vendor-profile.ts';

export type ArrayRole = 'Primary' | 'Secondary';
export type ReplicationMode = 'SnapshotTransfer' | 'SyncReplication';

export interface StorageArray {
  Name: string;
  Vendor: StorageVendor;
  Role: ArrayRole;
  /** For a secondary: the primary it mirrors. */
  Source: string | null;
  ReplicationMode: ReplicationMode | null;
  Connected: boolean;
  ExportLicense: boolean;
  Volumes: string[];
  Secondaries: string[];
  Profile: VendorProfile;
  CreationTime: Date;
}

export interface StorageVolume {
  Name: string;
  Array: string;
  Datastores: string[];
  Path: string;
  CreationTime: Date;
}

export interface AddStorageArrayOptions {
  Name: string;
  Vendor: string;
  Role?: ArrayRole;
  Source?: string;
  ReplicationMode?: ReplicationMode;
  ExportLicense?: boolean;
}

export function arrayFolder(home: string, array: string): string {
  return path.join(home, 'arrays', array);
}

export class StorageArrays {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private toRecord(r: Row): StorageArray {
    const c = this.ctx.catalog;
    return {
      Name: String(r.name),
      Vendor: String(r.vendor) as StorageVendor,
      Role: String(r.role) as ArrayRole,
      Source: r.source_name === null ? null : String(r.source_name),
      ReplicationMode: r.replication_mode === null ? null : (String(r.replication_mode) as ReplicationMode),
      Connected: Number(r.connected) === 1,
      ExportLicense: Number(r.export_license) === 1,
      Volumes: c.all('SELECT name FROM volumes WHERE array_id = ? ORDER BY id', Number(r.id)).map((x) => String(x.name)),
      Secondaries: c.all('SELECT name FROM storage_arrays WHERE source_id = ? ORDER BY id', Number(r.id)).map((x) => String(x.name)),
      Profile: vendorProfile(String(r.vendor))!,
      CreationTime: new Date(Number(r.created_at)),
    };
  }

  private rows(where = '', ...params: string[]): Row[] {
    return this.ctx.catalog.all(`SELECT a.*, s.name AS source_name FROM storage_arrays a LEFT JOIN storage_arrays s ON s.id = a.source_id ${where} ORDER BY a.id`, ...params);
  }

  add(opts: AddStorageArrayOptions): StorageArray {
    const name = checkName('StorageArray', opts.Name);
    const profile = vendorProfile(String(opts.Vendor ?? ''));
    if (!profile) throw EngineError.invalid('StorageArray', name, `Vendor must be one of ${VENDORS.join(', ')} (got '${String(opts.Vendor)}').`);
    const role: ArrayRole | undefined = opts.Role === undefined ? (opts.Source ? 'Secondary' : 'Primary') : (['Primary', 'Secondary'] as const).find((x) => x.toLowerCase() === String(opts.Role).toLowerCase());
    if (!role) throw EngineError.invalid('StorageArray', name, `Role must be Primary or Secondary (got '${String(opts.Role)}').`);
    const c = this.ctx.catalog;
    c.tx(() => {
      if (c.get('SELECT 1 FROM storage_arrays WHERE name = ?', name)) throw EngineError.duplicate('StorageArray', name);
      let sourceId: number | null = null;
      let mode: ReplicationMode | null = null;
      if (role === 'Secondary') {
        if (!opts.Source) throw EngineError.invalid('StorageArray', name, 'a secondary array needs -Source, the primary array it mirrors.');
        const src = c.get('SELECT id, role FROM storage_arrays WHERE name = ?', opts.Source);
        if (!src) throw EngineError.invalid('StorageArray', name, `source array '${opts.Source}' was not found.`);
        if (String(src.role) !== 'Primary') throw EngineError.invalid('StorageArray', name, `source array '${opts.Source}' is not a primary array.`);
        const m = (['SnapshotTransfer', 'SyncReplication'] as const).find((x) => x.toLowerCase() === String(opts.ReplicationMode ?? 'SnapshotTransfer').toLowerCase());
        if (!m) throw EngineError.invalid('StorageArray', name, `ReplicationMode must be SnapshotTransfer or SyncReplication (got '${String(opts.ReplicationMode)}').`);
        sourceId = Number(src.id);
        mode = m;
      } else if (opts.Source || opts.ReplicationMode) {
        throw EngineError.invalid('StorageArray', name, 'only a secondary array has a Source and ReplicationMode.');
      }
      const id = c.run(
        'INSERT INTO storage_arrays (name, vendor, role, source_id, replication_mode, connected, export_license, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)',
        name, profile.Vendor, role, sourceId, mode, opts.ExportLicense === false ? 0 : 1, Date.now(),
      );
      fs.mkdirSync(arrayFolder(this.ctx.home, name), { recursive: true });
      if (sourceId !== null) {
        for (const v of c.all('SELECT name FROM volumes WHERE array_id = ? ORDER BY id', sourceId)) this.insertVolume(id, name, String(v.name));
      }
    });
    return this.get(name);
  }

  get(name: string): StorageArray {
    const r = this.rows('WHERE a.name = ?', name)[0];
    if (!r) throw EngineError.notFound('StorageArray', name);
    return this.toRecord(r);
  }

  list(pattern?: string): StorageArray[] {
    return this.rows().filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  set(name: string, changes: { ExportLicense?: boolean; Connected?: boolean }): StorageArray {
    const c = this.ctx.catalog;
    c.tx(() => {
      this.get(name);
      if (changes.ExportLicense !== undefined) c.run('UPDATE storage_arrays SET export_license = ? WHERE name = ?', changes.ExportLicense ? 1 : 0, name);
      if (changes.Connected !== undefined) c.run('UPDATE storage_arrays SET connected = ? WHERE name = ?', changes.Connected ? 1 : 0, name);
    });
    const a = this.get(name);
    if (changes.Connected !== undefined) this.ctx.events.emitEvent({ kind: a.Connected ? 'array-connected' : 'array-disconnected', array: a.Name });
    return a;
  }

  /** Fault drill: the array stops answering (snapshots, mounts and Direct SAN fail) until connected again. */
  disconnect(name: string): StorageArray {
    return this.set(name, { Connected: false });
  }

  connect(name: string): StorageArray {
    return this.set(name, { Connected: true });
  }

  /** Removes the array with its volumes and snapshots; refused while a datastore or secondary depends on it. */
  remove(name: string): void {
    const c = this.ctx.catalog;
    const a = this.get(name);
    c.tx(() => {
      if (a.Secondaries.length) throw new EngineError('VBRS_IN_USE', `StorageArray '${a.Name}' is the source of ${a.Secondaries.map((s) => `'${s}'`).join(', ')}.`, { kind: 'StorageArray', name: a.Name });
      const ds = c.all('SELECT d.name FROM datastores d JOIN volumes v ON v.id = d.volume_id JOIN storage_arrays a ON a.id = v.array_id WHERE a.name = ?', name);
      if (ds.length) throw new EngineError('VBRS_IN_USE', `StorageArray '${a.Name}' hosts datastore ${ds.map((d) => `'${d.name}'`).join(', ')}.`, { kind: 'StorageArray', name: a.Name });
      c.run('DELETE FROM storage_arrays WHERE name = ?', name);
    });
    fs.rmSync(arrayFolder(this.ctx.home, a.Name), { recursive: true, force: true });
  }

  // ---- volumes ----

  private insertVolume(arrayId: number, arrayName: string, volume: string): void {
    const c = this.ctx.catalog;
    if (c.get('SELECT 1 FROM volumes WHERE array_id = ? AND name = ?', arrayId, volume)) throw EngineError.duplicate('Volume', `${arrayName}/${volume}`);
    c.run('INSERT INTO volumes (array_id, name, created_at) VALUES (?, ?, ?)', arrayId, volume, Date.now());
    fs.mkdirSync(path.join(arrayFolder(this.ctx.home, arrayName), 'volumes', volume), { recursive: true });
  }

  addVolume(opts: { Array: string; Name: string }): StorageVolume {
    const name = checkName('Volume', opts.Name);
    const c = this.ctx.catalog;
    c.tx(() => {
      const a = this.get(opts.Array);
      if (a.Role === 'Secondary') throw EngineError.invalid('Volume', `${a.Name}/${name}`, `array '${a.Name}' is a secondary; it mirrors the volumes of '${a.Source}'.`);
      const id = Number(c.get('SELECT id FROM storage_arrays WHERE name = ?', a.Name)!.id);
      this.insertVolume(id, a.Name, name);
      for (const s of a.Secondaries) this.insertVolume(Number(c.get('SELECT id FROM storage_arrays WHERE name = ?', s)!.id), s, name);
    });
    return this.getVolume(opts.Array, name);
  }

  getVolume(array: string, name: string): StorageVolume {
    const r = this.ctx.catalog.get(
      'SELECT v.*, a.name AS array_name FROM volumes v JOIN storage_arrays a ON a.id = v.array_id WHERE a.name = ? AND v.name = ?', array, name,
    );
    if (!r) {
      this.get(array);
      throw EngineError.notFound('Volume', `${array}/${name}`);
    }
    return this.volumeRecord(r);
  }

  private volumeRecord(r: Row): StorageVolume {
    return {
      Name: String(r.name),
      Array: String(r.array_name),
      Datastores: this.ctx.catalog.all('SELECT name FROM datastores WHERE volume_id = ? ORDER BY id', Number(r.id)).map((x) => String(x.name)),
      Path: path.join(arrayFolder(this.ctx.home, String(r.array_name)), 'volumes', String(r.name)),
      CreationTime: new Date(Number(r.created_at)),
    };
  }

  listVolumes(opts: { Array?: string; Name?: string } = {}): StorageVolume[] {
    return this.ctx.catalog
      .all('SELECT v.*, a.name AS array_name FROM volumes v JOIN storage_arrays a ON a.id = v.array_id ORDER BY a.id, v.id')
      .filter((r) => matchesName(String(r.array_name), opts.Array) && matchesName(String(r.name), opts.Name))
      .map((r) => this.volumeRecord(r));
  }

  /** Removes a primary volume and its mirrors; refused while a datastore lives on it. */
  removeVolume(array: string, name: string): void {
    const c = this.ctx.catalog;
    const a = this.get(array);
    if (a.Role === 'Secondary') throw EngineError.invalid('Volume', `${a.Name}/${name}`, `array '${a.Name}' is a secondary; remove the volume from '${a.Source}'.`);
    const v = this.getVolume(array, name);
    if (v.Datastores.length) throw new EngineError('VBRS_IN_USE', `Volume '${a.Name}/${v.Name}' hosts datastore ${v.Datastores.map((d) => `'${d}'`).join(', ')}.`, { kind: 'Volume', name: `${a.Name}/${v.Name}` });
    c.tx(() => {
      for (const arr of [a.Name, ...a.Secondaries]) {
        c.run('DELETE FROM volumes WHERE name = ? AND array_id = (SELECT id FROM storage_arrays WHERE name = ?)', name, arr);
      }
    });
    for (const arr of [a.Name, ...a.Secondaries]) fs.rmSync(path.join(arrayFolder(this.ctx.home, arr), 'volumes', v.Name), { recursive: true, force: true });
  }
}
