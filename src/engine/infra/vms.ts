// VMs of the modelled inventory and their virtual disks (Add-VM / Get-VM / Set-VM / Remove-VM).
// A disk is a sparse raw file created under the datastore's folder (`DiskSize`) or an existing raw
// image attached in place (`DiskPath`, never copied). Snapshots, CBT and block I/O are reached
// through here by VM and disk name.

import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { Extent } from './block-bitmap.ts';
import { allocatedExtentsOf, changedExtents, currentChangeId } from './changed-block-tracking.ts';
import { BlockBitmap } from './block-bitmap.ts';
import { blockCount, loadDiskState, resetCbt } from './disk-state.ts';
import type { EngineContext } from './engine-context.ts';
import { checkName, checkPositiveInt } from './object-name.ts';
import { createSparseFile, fileStamp } from './sparse-file.ts';
import { VirtualDisk } from './virtual-disk.ts';
import { createVmSnapshot, getVmSnapshot, removeVmSnapshot } from './vm-snapshot.ts';
import type { SnapshotCommitResult, VmSnapshot } from './vm-snapshot.ts';
import { matchesName } from './wildcard.ts';

export type GuestOS = 'Windows' | 'Linux';

export interface VmDisk {
  Name: string;
  /** The datastore holding the disk file (the VM's own unless the disk was added elsewhere). */
  Datastore: string;
  Size: number;
  /** Absolute path of the real (base) file. */
  Path: string;
  /** True when the file was attached in place with -DiskPath (vbrs never deletes it). */
  Attached: boolean;
  /** Guest swap/pagefile byte ranges the data mover may skip. */
  SwapExtents: Extent[];
}

export interface VM {
  Name: string;
  Host: string;
  Datastore: string;
  GuestOS: GuestOS;
  IPAddress: string;
  ToolsState: 'Running' | 'NotInstalled';
  NetworkReachable: boolean;
  CbtEnabled: boolean;
  Credential: string | null;
  Disks: VmDisk[];
  Snapshot: string | null;
  CreationTime: Date;
}

export interface AddVmOptions {
  Name: string;
  Host: string;
  Datastore: string;
  GuestOS: GuestOS;
  DiskSize?: number[];
  DiskPath?: string[];
  Credential?: string;
  IPAddress?: string;
  NoTools?: boolean;
  NoCbt?: boolean;
  NoNetwork?: boolean;
}

export interface SetVmOptions {
  GuestOS?: GuestOS;
  Host?: string;
  IPAddress?: string;
  Credential?: string | null;
  Tools?: boolean;
  Network?: boolean;
  Cbt?: boolean;
}

const GUEST_OS: readonly GuestOS[] = ['Windows', 'Linux'];

function checkGuestOS(name: string, os: unknown): GuestOS {
  const hit = GUEST_OS.find((g) => typeof os === 'string' && g.toLowerCase() === os.toLowerCase());
  if (!hit) throw EngineError.invalid('VM', name, `GuestOS must be Windows or Linux (got '${String(os)}').`);
  return hit;
}

export class VMs {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private rows(where = '', ...params: (string | number)[]): Row[] {
    return this.ctx.catalog.all(
      `SELECT v.*, h.name AS host_name, d.name AS ds_name, c.name AS cred_name, s.name AS snap_name
         FROM vms v JOIN hosts h ON h.id = v.host_id JOIN datastores d ON d.id = v.datastore_id
         LEFT JOIN credentials c ON c.id = v.credential_id LEFT JOIN vm_snapshots s ON s.vm_id = v.id
        ${where} ORDER BY v.id`,
      ...params,
    );
  }

  private toRecord(r: Row): VM {
    const disks = this.ctx.catalog.all(
      'SELECT d.*, ds.name AS ds_name FROM disks d LEFT JOIN datastores ds ON ds.id = d.datastore_id WHERE d.vm_id = ? ORDER BY d.id',
      Number(r.id),
    );
    return {
      Name: String(r.name),
      Host: String(r.host_name),
      Datastore: String(r.ds_name),
      GuestOS: String(r.guest_os) as GuestOS,
      IPAddress: String(r.ip),
      ToolsState: Number(r.tools) ? 'Running' : 'NotInstalled',
      NetworkReachable: Number(r.network) === 1,
      CbtEnabled: Number(r.cbt) === 1,
      Credential: r.cred_name === null ? null : String(r.cred_name),
      Disks: disks.map((d) => ({
        Name: String(d.name),
        Datastore: d.ds_name === null ? String(r.ds_name) : String(d.ds_name),
        Size: Number(d.size),
        Path: String(d.path),
        Attached: Number(d.attached) === 1,
        SwapExtents: JSON.parse(String(d.swap_extents)) as Extent[],
      })),
      Snapshot: r.snap_name === null ? null : String(r.snap_name),
      CreationTime: new Date(Number(r.created_at)),
    };
  }

  get(name: string): VM {
    const r = this.rows('WHERE v.name = ?', name)[0];
    if (!r) throw EngineError.notFound('VM', name);
    return this.toRecord(r);
  }

  list(pattern?: string): VM[] {
    return this.rows().filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  private credentialId(vm: string, cred: string | null | undefined): number | null {
    if (cred === undefined || cred === null) return null;
    const r = this.ctx.catalog.get('SELECT id FROM credentials WHERE name = ?', cred);
    if (!r) throw EngineError.invalid('VM', vm, `credential '${cred}' was not found.`);
    return Number(r.id);
  }

  /**
   * A host sees its own local datastores and every datastore on array storage (shared SAN, as
   * transport mode selection assumes); a VM or disk anywhere else could never be read.
   */
  private requireVisible(vm: string, hostId: number, datastoreId: number): void {
    const r = this.ctx.catalog.get(
      `SELECT d.name, d.volume_id, d.host_id, dh.name AS ds_host, h.name AS host_name
         FROM datastores d JOIN hosts dh ON dh.id = d.host_id JOIN hosts h ON h.id = ?
        WHERE d.id = ?`,
      hostId, datastoreId,
    );
    if (!r || r.volume_id !== null || Number(r.host_id) === hostId) return;
    throw EngineError.invalid('VM', vm, `datastore '${r.name}' is not visible from host '${r.host_name}' (it is local storage of host '${r.ds_host}').`);
  }

  add(opts: AddVmOptions): VM {
    const name = checkName('VM', opts.Name);
    const guestOS = checkGuestOS(name, opts.GuestOS);
    const sizes = opts.DiskSize ?? [];
    const paths = opts.DiskPath ?? [];
    if ((sizes.length === 0) === (paths.length === 0)) {
      throw EngineError.invalid('VM', name, 'give either DiskSize (new sparse disks) or DiskPath (existing images attached in place), not both or neither.');
    }
    sizes.forEach((s) => checkPositiveInt('VM', name, 'DiskSize', s));
    const attached = paths.map((p) => {
      const abs = path.resolve(p);
      let st: fs.Stats;
      try { st = fs.statSync(abs); } catch { throw EngineError.invalid('VM', name, `disk image '${abs}' does not exist.`); }
      if (!st.isFile() || st.size === 0) throw EngineError.invalid('VM', name, `disk image '${abs}' is not a non-empty regular file.`);
      return { path: abs, size: st.size };
    });
    const c = this.ctx.catalog;
    const created: string[] = [];
    try {
      c.tx(() => {
        if (c.get('SELECT 1 FROM vms WHERE name = ?', name)) throw EngineError.duplicate('VM', name);
        const host = c.get('SELECT id FROM hosts WHERE name = ?', opts.Host ?? '');
        if (!host) throw EngineError.notFound('Host', String(opts.Host));
        const ds = c.get('SELECT id, folder FROM datastores WHERE name = ?', opts.Datastore ?? '');
        if (!ds) throw EngineError.notFound('Datastore', String(opts.Datastore));
        this.requireVisible(name, Number(host.id), Number(ds.id));
        for (const a of attached) {
          const owner = c.get('SELECT v.name FROM disks d JOIN vms v ON v.id = d.vm_id WHERE d.path = ?', a.path);
          if (owner) throw EngineError.invalid('VM', name, `disk image '${a.path}' is already attached to VM '${owner.name}'.`);
        }
        const credId = this.credentialId(name, opts.Credential);
        const now = Date.now();
        const vmId = c.run(
          'INSERT INTO vms (name, host_id, datastore_id, guest_os, ip, tools, network, cbt, credential_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          name, Number(host.id), Number(ds.id), guestOS, opts.IPAddress ?? '', opts.NoTools ? 0 : 1, opts.NoNetwork ? 0 : 1, opts.NoCbt ? 0 : 1, credId, now,
        );
        if (!opts.IPAddress) c.run('UPDATE vms SET ip = ? WHERE id = ?', `10.0.${Math.floor(vmId / 250) % 256}.${(vmId % 250) + 2}`, vmId);
        const disks = sizes.length
          ? sizes.map((size, i) => ({ path: path.join(String(ds.folder), name, `disk${i + 1}.img`), size, attached: false }))
          : attached.map((a) => ({ ...a, attached: true }));
        disks.forEach((d, i) => {
          if (!d.attached) {
            createSparseFile(d.path, d.size);
            created.push(d.path);
          }
          // A new sparse disk is all holes; an attached image's allocation is unknown until scanned.
          c.run(
            'INSERT INTO disks (vm_id, name, size, path, attached, cbt_uuid, cbt_stat, alloc_map, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            vmId, `disk${i + 1}`, d.size, d.path, d.attached ? 1 : 0, randomUUID(), fileStamp(d.path),
            d.attached ? null : new BlockBitmap(blockCount(d.size)).toBuffer(), now,
          );
        });
      });
    } catch (e) {
      for (const p of created) fs.rmSync(p, { force: true });
      if (e instanceof EngineError) throw e;
      throw new EngineError('VBRS_IO', `VM '${name}': cannot create its disks (${(e as Error).message}).`, { kind: 'VM', name, cause: e });
    }
    this.ctx.events.emitEvent({ kind: 'vm-added', vm: name });
    return this.get(name);
  }

  /**
   * Adds one disk to a VM: a new sparse file of `Size` bytes, or an existing image attached in place
   * with `Path`; on `Datastore` when given (else the VM's own). Refused while a VM snapshot is open.
   */
  addDisk(vmName: string, opts: { Size?: number; Path?: string; Datastore?: string }): VmDisk {
    const vm = this.get(vmName);
    if ((opts.Size === undefined) === (opts.Path === undefined)) throw EngineError.invalid('VM', vm.Name, 'a new disk needs either Size or Path.');
    if (opts.Size !== undefined) checkPositiveInt('VM', vm.Name, 'DiskSize', opts.Size);
    const c = this.ctx.catalog;
    let created: string | null = null;
    try {
      c.tx(() => {
        const row = c.get('SELECT v.id, v.host_id, v.datastore_id FROM vms v WHERE v.name = ?', vm.Name)!;
        const vmId = Number(row.id);
        if (c.get('SELECT 1 FROM vm_snapshots WHERE vm_id = ?', vmId)) {
          throw new EngineError('VBRS_SNAPSHOT_EXISTS', `VM '${vm.Name}' has an open snapshot; disks cannot be added until it is removed.`, { kind: 'VM', name: vm.Name });
        }
        const ds = c.get('SELECT id, folder FROM datastores WHERE ' + (opts.Datastore === undefined ? 'id = ?' : 'name = ?'), opts.Datastore ?? Number(row.datastore_id));
        if (!ds) throw EngineError.notFound('Datastore', String(opts.Datastore));
        this.requireVisible(vm.Name, Number(row.host_id), Number(ds.id));
        const used = new Set(c.all('SELECT name FROM disks WHERE vm_id = ?', vmId).map((d) => String(d.name).toLowerCase()));
        let n = 1;
        while (used.has(`disk${n}`)) n++;
        const diskName = `disk${n}`;
        let file: string;
        let size: number;
        if (opts.Path !== undefined) {
          file = path.resolve(opts.Path);
          let st: fs.Stats;
          try { st = fs.statSync(file); } catch { throw EngineError.invalid('VM', vm.Name, `disk image '${file}' does not exist.`); }
          if (!st.isFile() || st.size === 0) throw EngineError.invalid('VM', vm.Name, `disk image '${file}' is not a non-empty regular file.`);
          const owner = c.get('SELECT v.name FROM disks d JOIN vms v ON v.id = d.vm_id WHERE d.path = ?', file);
          if (owner) throw EngineError.invalid('VM', vm.Name, `disk image '${file}' is already attached to VM '${owner.name}'.`);
          size = st.size;
        } else {
          size = opts.Size!;
          file = path.join(String(ds.folder), vm.Name, `${diskName}.img`);
          createSparseFile(file, size);
          created = file;
        }
        c.run(
          'INSERT INTO disks (vm_id, name, size, path, attached, cbt_uuid, cbt_stat, alloc_map, datastore_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
          vmId, diskName, size, file, opts.Path !== undefined ? 1 : 0, randomUUID(), fileStamp(file),
          opts.Path !== undefined ? null : new BlockBitmap(blockCount(size)).toBuffer(),
          Number(ds.id) === Number(row.datastore_id) ? null : Number(ds.id), Date.now(),
        );
      });
    } catch (e) {
      if (created) fs.rmSync(created, { force: true });
      if (e instanceof EngineError) throw e;
      throw new EngineError('VBRS_IO', `VM '${vm.Name}': cannot create the disk (${(e as Error).message}).`, { kind: 'VM', name: vm.Name, cause: e });
    }
    return this.get(vm.Name).Disks.at(-1)!;
  }

  set(name: string, changes: SetVmOptions): VM {
    const c = this.ctx.catalog;
    c.tx(() => {
      const vm = this.get(name);
      const id = Number(c.get('SELECT id FROM vms WHERE name = ?', name)!.id);
      if (changes.GuestOS !== undefined) c.run('UPDATE vms SET guest_os = ? WHERE id = ?', checkGuestOS(vm.Name, changes.GuestOS), id);
      if (changes.Host !== undefined) {
        const host = c.get('SELECT id FROM hosts WHERE name = ?', changes.Host);
        if (!host) throw EngineError.notFound('Host', changes.Host);
        const stores = c.all('SELECT datastore_id AS id FROM vms WHERE id = ? UNION SELECT datastore_id FROM disks WHERE vm_id = ? AND datastore_id IS NOT NULL', id, id);
        for (const ds of stores) this.requireVisible(vm.Name, Number(host.id), Number(ds.id));
        c.run('UPDATE vms SET host_id = ? WHERE id = ?', Number(host.id), id);
      }
      if (changes.IPAddress !== undefined) c.run('UPDATE vms SET ip = ? WHERE id = ?', changes.IPAddress, id);
      if (changes.Credential !== undefined) c.run('UPDATE vms SET credential_id = ? WHERE id = ?', this.credentialId(vm.Name, changes.Credential), id);
      if (changes.Tools !== undefined) c.run('UPDATE vms SET tools = ? WHERE id = ?', changes.Tools ? 1 : 0, id);
      if (changes.Network !== undefined) c.run('UPDATE vms SET network = ? WHERE id = ?', changes.Network ? 1 : 0, id);
      if (changes.Cbt !== undefined && changes.Cbt !== vm.CbtEnabled) {
        c.run('UPDATE vms SET cbt = ? WHERE id = ?', changes.Cbt ? 1 : 0, id);
        // Writes while CBT was off were not tracked: re-enabling starts a fresh history.
        if (changes.Cbt) for (const d of c.all('SELECT id FROM disks WHERE vm_id = ?', id)) resetCbt(c, Number(d.id));
      }
    });
    return this.get(name);
  }

  /** Removes the VM; disk files vbrs created (and open snapshot deltas) are deleted, attached images stay. */
  remove(name: string): void {
    const c = this.ctx.catalog;
    const files: string[] = [];
    c.tx(() => {
      const vm = this.get(name);
      const id = Number(c.get('SELECT id FROM vms WHERE name = ?', name)!.id);
      for (const d of c.all('SELECT s.delta_path FROM snapshot_deltas s JOIN disks d ON d.id = s.disk_id WHERE d.vm_id = ?', id)) files.push(String(d.delta_path));
      for (const d of vm.Disks) if (!d.Attached) files.push(d.Path);
      c.run('DELETE FROM vms WHERE id = ?', id);
    });
    for (const f of files) {
      this.ctx.guard.beforeDelete(f);
      fs.rmSync(f, { force: true });
    }
  }

  private diskId(vm: string, disk: string): number {
    const r = this.ctx.catalog.get('SELECT d.id FROM disks d JOIN vms v ON v.id = d.vm_id WHERE v.name = ? AND d.name = ?', vm, disk);
    if (!r) {
      this.get(vm);
      throw EngineError.notFound('Disk', `${vm}/${disk}`);
    }
    return Number(r.id);
  }

  /** Block read/write access to one disk through the single write path. */
  disk(vm: string, disk: string): VirtualDisk {
    return new VirtualDisk(this.ctx.catalog, this.diskId(vm, disk), this.ctx.guard);
  }

  setSwapExtents(vm: string, disk: string, extents: Extent[]): void {
    const id = this.diskId(vm, disk);
    const size = Number(this.ctx.catalog.get('SELECT size FROM disks WHERE id = ?', id)!.size);
    for (const e of extents) {
      if (!Number.isSafeInteger(e.offset) || !Number.isSafeInteger(e.length) || e.offset < 0 || e.length <= 0 || e.offset + e.length > size) {
        throw EngineError.invalid('Disk', `${vm}/${disk}`, `swap extent ${e.offset}+${e.length} is outside the disk.`);
      }
    }
    const clean = extents.map((e) => ({ offset: e.offset, length: e.length }));
    this.ctx.catalog.run('UPDATE disks SET swap_extents = ? WHERE id = ?', JSON.stringify(clean), id);
  }

  createSnapshot(vm: string, name = `vbrs-${Date.now()}`): VmSnapshot {
    return createVmSnapshot(this.ctx.catalog, vm, name, this.ctx.events);
  }

  getSnapshot(vm: string): VmSnapshot | null {
    return getVmSnapshot(this.ctx.catalog, vm);
  }

  /** Commits (merges) the snapshot's deltas into the base disks; the result carries the measured time. */
  removeSnapshot(vm: string): SnapshotCommitResult {
    return removeVmSnapshot(this.ctx.catalog, vm, this.ctx.guard, this.ctx.events);
  }

  changedExtents(vm: string, disk: string, sinceChangeId: string): Extent[] {
    return changedExtents(this.ctx.catalog, this.diskId(vm, disk), sinceChangeId);
  }

  /**
   * Extents of the disk that may hold data (holes excluded) in the image a backup reads: answered
   * from the allocation bitmap without reading the file when vbrs knows it, else by a scan.
   */
  allocatedExtents(vm: string, disk: string): Extent[] {
    return allocatedExtentsOf(this.ctx.catalog, loadDiskState(this.ctx.catalog, this.diskId(vm, disk)));
  }

  currentChangeId(vm: string, disk: string): string {
    return currentChangeId(this.ctx.catalog, this.diskId(vm, disk));
  }

  /** Forgets every disk's CBT history: the next incremental must compare digests. */
  resetCbt(vm: string): void {
    const id = Number(this.ctx.catalog.get('SELECT id FROM vms WHERE name = ?', this.get(vm).Name)!.id);
    this.ctx.catalog.tx(() => {
      for (const d of this.ctx.catalog.all('SELECT id FROM disks WHERE vm_id = ?', id)) resetCbt(this.ctx.catalog, Number(d.id));
    });
  }
}
