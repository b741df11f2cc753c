// Storage snapshots of array volumes: create, list, mount to a proxy, unmount, transfer to the
// secondary, delete. A snapshot captures every file on its volume (VM base disks and open VM
// snapshot deltas of the datastores on it) by copy-on-write: nothing is copied at creation, and the
// single write path preserves old blocks before overwriting them (copy-on-write-guard.ts). A disk's
// image in a snapshot is an `overlay` ImageDescriptor that a data mover opens like any other image.
// A secondary linked by synchronous replication holds the same bytes as its primary volume, so its
// snapshots capture the primary's files; one linked by snapshot transfer keeps mirror files that
// `transfer` updates with the blocks that differ (real copies), then snapshots them as LongTerm.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import { BlockBitmap } from '../infra/block-bitmap.ts';
import { DISK_BLOCK_SIZE } from '../infra/disk-state.ts';
import type { EngineContext } from '../infra/engine-context.ts';
import { openImage } from '../infra/image-view.ts';
import type { ImageDescriptor } from '../infra/image-view.ts';
import { checkName } from '../infra/object-name.ts';
import { matchesName } from '../infra/wildcard.ts';
import { storeFiles } from './copy-on-write-guard.ts';
import { arrayFolder } from './storage-arrays.ts';
import { vendorProfile } from './vendor-profile.ts';

export type StorageSnapshotKind = 'Temporary' | 'Auxiliary' | 'LongTerm';
const KINDS: readonly StorageSnapshotKind[] = ['Temporary', 'Auxiliary', 'LongTerm'];

export interface StorageSnapshot {
  Name: string;
  Array: string;
  Volume: string;
  Kind: StorageSnapshotKind;
  CreationTime: Date;
  MountedTo: string | null;
  /** `array/name` of the snapshot this one was transferred or cloned from. */
  SourceSnapshot: string | null;
  /** The live (primary) paths of the files the snapshot images. */
  Files: string[];
}

export interface CreateStorageSnapshotOptions {
  Array: string;
  Volume: string;
  Name?: string;
  Kind?: StorageSnapshotKind;
}

export interface SnapshotTransferResult {
  Source: StorageSnapshot;
  Target: StorageSnapshot;
  /** Auxiliary snapshot kept on the primary as the next transfer's base (vendors that need one). */
  Auxiliary: StorageSnapshot | null;
  ScannedBytes: number;
  TransferredBytes: number;
  DurationMs: number;
}

export interface TransferOptions {
  /** The snapshot-transfer secondary (default: the primary's first). */
  Target?: string;
  /** LongTerm snapshots the secondary keeps per volume (default 7). */
  Retain?: number;
}

/** How much one slice of an asynchronous transfer copies before it lets the job run. */
const TRANSFER_SLICE = 4 * 1024 * 1024;

/** A transfer between its checks and its LongTerm snapshot: where the copy has got to. */
interface TransferRun {
  started: bigint;
  src: ArrayRow;
  dst: ArrayRow;
  name: string;
  snapId: number;
  snapKind: string;
  volume: string;
  manifestPath: string;
  manifest: Record<string, string>;
  /** Captured files (primary paths) and the copy position: file index, byte offset in it. */
  files: string[];
  file: number;
  pos: number;
  scanned: number;
  transferred: number;
  retain: number;
}

function transferKey(array: string, name: string, target: string): string {
  return `${array}/${name}->${target}`.toLowerCase();
}

interface ArrayRow {
  id: number;
  name: string;
  vendor: string;
  role: string;
  connected: boolean;
  exportLicense: boolean;
  sourceId: number | null;
  mode: string | null;
}

export class StorageSnapshots {
  private readonly ctx: EngineContext;
  private seq = 0;
  /** Asynchronous transfers under way, by source snapshot and target. */
  private readonly inFlight = new Map<string, Promise<SnapshotTransferResult>>();
  /** Transfers a Nimble-like array started on creation, kept until the source snapshot is deleted. */
  private readonly byArray = new Map<string, Promise<SnapshotTransferResult>>();

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private array(name: string): ArrayRow {
    const r = this.ctx.catalog.get('SELECT * FROM storage_arrays WHERE name = ?', name);
    if (!r) throw EngineError.notFound('StorageArray', name);
    return {
      id: Number(r.id), name: String(r.name), vendor: String(r.vendor), role: String(r.role), connected: Number(r.connected) === 1,
      exportLicense: Number(r.export_license) === 1, sourceId: r.source_id === null ? null : Number(r.source_id), mode: r.replication_mode === null ? null : String(r.replication_mode),
    };
  }

  private connectedArray(name: string): ArrayRow {
    const a = this.array(name);
    if (!a.connected) throw new EngineError('VBRS_ARRAY_DISCONNECTED', `StorageArray '${a.name}' is disconnected.`, { kind: 'StorageArray', name: a.name });
    return a;
  }

  private toRecord(r: Row): StorageSnapshot {
    const src = r.source_snapshot_id === null ? undefined
      : this.ctx.catalog.get('SELECT s.name, a.name AS array_name FROM storage_snapshots s JOIN volumes v ON v.id = s.volume_id JOIN storage_arrays a ON a.id = v.array_id WHERE s.id = ?', Number(r.source_snapshot_id));
    return {
      Name: String(r.name),
      Array: String(r.array_name),
      Volume: String(r.volume_name),
      Kind: String(r.kind) as StorageSnapshotKind,
      CreationTime: new Date(Number(r.created_at)),
      MountedTo: r.proxy_name === null ? null : String(r.proxy_name),
      SourceSnapshot: src ? `${src.array_name}/${src.name}` : null,
      Files: this.ctx.catalog.all('SELECT source_path FROM storage_snapshot_files WHERE snapshot_id = ? ORDER BY rowid', Number(r.id)).map((x) => String(x.source_path)),
    };
  }

  private rows(where = '', ...params: (string | number)[]): Row[] {
    return this.ctx.catalog.all(
      `SELECT s.*, v.name AS volume_name, a.name AS array_name, p.name AS proxy_name
         FROM storage_snapshots s JOIN volumes v ON v.id = s.volume_id JOIN storage_arrays a ON a.id = v.array_id
         LEFT JOIN proxies p ON p.id = s.mounted_proxy_id ${where} ORDER BY s.created_at, s.id`,
      ...params,
    );
  }

  private row(array: string, name: string): Row {
    const r = this.rows('WHERE a.name = ? AND s.name = ?', array, name)[0];
    if (!r) {
      this.array(array);
      throw EngineError.notFound('StorageSnapshot', `${array}/${name}`);
    }
    return r;
  }

  get(array: string, name: string): StorageSnapshot {
    return this.toRecord(this.row(array, name));
  }

  list(filter: { Array?: string; Volume?: string; Name?: string; Kind?: StorageSnapshotKind } = {}): StorageSnapshot[] {
    return this.rows()
      .filter((r) => matchesName(String(r.array_name), filter.Array) && matchesName(String(r.volume_name), filter.Volume) && matchesName(String(r.name), filter.Name))
      .filter((r) => filter.Kind === undefined || String(r.kind) === filter.Kind)
      .map((r) => this.toRecord(r));
  }

  private mirrorFolder(array: string, volume: string): string {
    return path.join(arrayFolder(this.ctx.home, array), 'volumes', volume, 'mirror');
  }

  private mirrorPath(array: string, volume: string, source: string): string {
    const tag = createHash('sha1').update(source).digest('hex').slice(0, 12);
    return path.join(this.mirrorFolder(array, volume), `${tag}-${path.basename(source)}`);
  }

  /** The files a snapshot of this volume captures: `{ path, source }` pairs (live file, primary path). */
  private volumeFiles(a: ArrayRow, volume: string): { path: string; source: string }[] {
    const c = this.ctx.catalog;
    if (a.role === 'Secondary' && a.mode === 'SnapshotTransfer') {
      const manifest = path.join(this.mirrorFolder(a.name, volume), 'manifest.json');
      const map = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as Record<string, string>) : {};
      return Object.entries(map).filter(([p]) => fs.existsSync(p)).map(([p, source]) => ({ path: p, source }));
    }
    const arrayId = a.role === 'Secondary' ? a.sourceId! : a.id;
    const vol = c.get('SELECT id FROM volumes WHERE array_id = ? AND name = ?', arrayId, volume);
    if (!vol) return [];
    // A disk lives on its own datastore when it has one, else on its VM's; a VM snapshot's delta
    // lives in the VM's home folder on the VM's datastore.
    const paths = c.all(
      `SELECT d.path AS p FROM disks d JOIN vms v ON v.id = d.vm_id JOIN datastores ds ON ds.id = COALESCE(d.datastore_id, v.datastore_id) WHERE ds.volume_id = ?
       UNION ALL
       SELECT s.delta_path AS p FROM snapshot_deltas s JOIN disks d ON d.id = s.disk_id JOIN vms v ON v.id = d.vm_id
         JOIN datastores ds ON ds.id = v.datastore_id WHERE ds.volume_id = ?`,
      Number(vol.id), Number(vol.id),
    );
    return paths.map((r) => String(r.p)).filter((p) => fs.existsSync(p)).map((p) => ({ path: p, source: p }));
  }

  create(opts: CreateStorageSnapshotOptions): StorageSnapshot {
    const kind = KINDS.find((k) => k.toLowerCase() === String(opts.Kind ?? 'Temporary').toLowerCase());
    const a = this.connectedArray(opts.Array);
    const name = checkName('StorageSnapshot', opts.Name ?? `vbrs-${String(kind ?? 'snap').toLowerCase()}-${Date.now()}-${++this.seq}`);
    if (!kind) throw EngineError.invalid('StorageSnapshot', name, `Kind must be one of ${KINDS.join(', ')} (got '${String(opts.Kind)}').`);
    const c = this.ctx.catalog;
    c.tx(() => {
      const vol = c.get('SELECT id FROM volumes WHERE array_id = ? AND name = ?', a.id, opts.Volume);
      if (!vol) throw EngineError.notFound('Volume', `${a.name}/${opts.Volume}`);
      if (c.get('SELECT 1 FROM storage_snapshots s JOIN volumes v ON v.id = s.volume_id WHERE v.array_id = ? AND s.name = ?', a.id, name)) {
        throw EngineError.duplicate('StorageSnapshot', `${a.name}/${name}`);
      }
      const id = c.run('INSERT INTO storage_snapshots (name, volume_id, kind, folder, created_at) VALUES (?, ?, ?, ?, ?)', name, Number(vol.id), kind, '', Date.now());
      const folder = path.join(arrayFolder(this.ctx.home, a.name), 'snapshots', String(id));
      fs.mkdirSync(folder, { recursive: true });
      c.run('UPDATE storage_snapshots SET folder = ? WHERE id = ?', folder, id);
      this.volumeFiles(a, String(opts.Volume)).forEach((f, i) => {
        c.run(
          'INSERT INTO storage_snapshot_files (snapshot_id, path, source_path, size, base_path, store) VALUES (?, ?, ?, ?, ?, ?)',
          id, f.path, f.source, fs.statSync(f.path).size, f.path, path.join(folder, `f${i}`),
        );
      });
    });
    const snap = this.get(a.name, name);
    this.ctx.events.emitEvent({ kind: 'storage-snapshot-created', array: a.name, volume: snap.Volume, snapshot: name });
    // Nimble/Alletra start transport by themselves as soon as a snapshot exists; it runs on while
    // the caller goes on (docs/storage-snapshots.md: in parallel with VM snapshot deletion). startedTransfer() gives
    // its outcome.
    if (a.role === 'Primary' && vendorProfile(a.vendor)!.TransferOnCreate && kind !== 'Auxiliary') {
      for (const s of c.all("SELECT name FROM storage_arrays WHERE source_id = ? AND replication_mode = 'SnapshotTransfer' ORDER BY id", a.id)) {
        const target = String(s.name);
        const transfer = this.transferAsync(a.name, name, { Target: target });
        transfer.catch((e: unknown) => {
          this.ctx.events.emitEvent({ kind: 'storage-snapshot-transfer-failed', array: a.name, snapshot: name, target, error: e instanceof Error ? e.message : String(e) });
        });
        this.byArray.set(transferKey(a.name, name, target), transfer);
      }
    }
    return this.get(a.name, name);
  }

  /** The overlay image of one captured file, by its primary (live) path. */
  fileImage(array: string, name: string, sourcePath: string): ImageDescriptor {
    const snap = this.row(array, name);
    this.connectedArray(array);
    const f = this.ctx.catalog.get('SELECT * FROM storage_snapshot_files WHERE snapshot_id = ? AND source_path = ?', Number(snap.id), sourcePath);
    if (!f) throw new EngineError('VBRS_UNKNOWN_OBJECT', `StorageSnapshot '${array}/${name}' does not contain '${sourcePath}'.`, { kind: 'StorageSnapshot', name: `${array}/${name}` });
    const store = storeFiles(String(f.store));
    const desc: ImageDescriptor = { kind: 'overlay', size: Number(f.size), basePath: String(f.base_path), blockSize: DISK_BLOCK_SIZE, preservedData: store.data, preservedIndex: store.index };
    // For a VM disk, the disk's allocation bitmap only grows, so today's bitmap covers everything
    // the file held at snapshot time: a hint that lets readers skip holes.
    const disk = this.ctx.catalog.get('SELECT alloc_map, size FROM disks WHERE path = ?', sourcePath);
    if (disk && disk.alloc_map !== null) {
      const size = Number(f.size);
      desc.allocated = new BlockBitmap(Math.ceil(size / DISK_BLOCK_SIZE), disk.alloc_map as Uint8Array).toExtents(DISK_BLOCK_SIZE, size);
    }
    return desc;
  }

  /** The image of a VM disk as the snapshot captured it (the frozen base while a VM snapshot was open). */
  diskImage(array: string, name: string, vm: string, disk: string): ImageDescriptor {
    const d = this.ctx.catalog.get('SELECT d.path FROM disks d JOIN vms v ON v.id = d.vm_id WHERE v.name = ? AND d.name = ?', vm, disk);
    if (!d) throw EngineError.notFound('Disk', `${vm}/${disk}`);
    return this.fileImage(array, name, String(d.path));
  }

  mount(array: string, name: string, proxy: string): StorageSnapshot {
    const a = this.connectedArray(array);
    const snap = this.row(array, name);
    const p = this.ctx.catalog.get('SELECT id, name FROM proxies WHERE name = ?', proxy);
    if (!p) throw EngineError.notFound('Proxy', proxy);
    if (!this.ctx.catalog.get('SELECT 1 FROM proxy_san_access WHERE proxy_id = ? AND array_id = ?', Number(p.id), a.id)) {
      throw new EngineError('VBRS_PROXY_UNAVAILABLE', `Proxy '${p.name}' has no SAN access to array '${a.name}'; cannot mount snapshot '${name}'.`, { kind: 'Proxy', name: String(p.name) });
    }
    if (!a.exportLicense && vendorProfile(a.vendor)!.ExportLicenseRequired) {
      throw new EngineError('VBRS_NO_EXPORT_LICENSE', `StorageArray '${a.name}' has no volume export licence; cannot mount snapshot '${name}'.`, { kind: 'StorageArray', name: a.name });
    }
    this.ctx.catalog.run('UPDATE storage_snapshots SET mounted_proxy_id = ? WHERE id = ?', Number(p.id), Number(snap.id));
    this.ctx.events.emitEvent({ kind: 'storage-snapshot-mounted', array: a.name, snapshot: name, proxy: String(p.name) });
    return this.get(array, name);
  }

  unmount(array: string, name: string): StorageSnapshot {
    const snap = this.row(array, name);
    this.ctx.catalog.run('UPDATE storage_snapshots SET mounted_proxy_id = NULL WHERE id = ?', Number(snap.id));
    return this.get(array, name);
  }

  remove(array: string, name: string): void {
    this.connectedArray(array);
    const snap = this.row(array, name);
    if (snap.proxy_name !== null) {
      throw new EngineError('VBRS_IN_USE', `StorageSnapshot '${array}/${name}' is mounted to proxy '${snap.proxy_name}'; unmount it first.`, { kind: 'StorageSnapshot', name: `${array}/${name}` });
    }
    this.ctx.catalog.run('DELETE FROM storage_snapshots WHERE id = ?', Number(snap.id));
    fs.rmSync(String(snap.folder), { recursive: true, force: true });
    const prefix = `${array}/${name}->`.toLowerCase();
    for (const key of this.byArray.keys()) if (key.startsWith(prefix)) this.byArray.delete(key);
    this.ctx.events.emitEvent({ kind: 'storage-snapshot-deleted', array, snapshot: name });
  }

  /** A new snapshot with the same content as `snap` (its own copy of the preserved stores). */
  private clone(snap: Row, name: string, kind: StorageSnapshotKind): void {
    const c = this.ctx.catalog;
    c.tx(() => {
      const id = c.run(
        'INSERT INTO storage_snapshots (name, volume_id, kind, folder, source_snapshot_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        name, Number(snap.volume_id), kind, '', Number(snap.id), Number(snap.created_at),
      );
      const folder = path.join(path.dirname(String(snap.folder)), String(id));
      fs.mkdirSync(folder, { recursive: true });
      c.run('UPDATE storage_snapshots SET folder = ? WHERE id = ?', folder, id);
      c.all('SELECT * FROM storage_snapshot_files WHERE snapshot_id = ? ORDER BY rowid', Number(snap.id)).forEach((f, i) => {
        const from = storeFiles(String(f.store));
        const prefix = path.join(folder, `f${i}`);
        const to = storeFiles(prefix);
        if (fs.existsSync(from.data)) fs.copyFileSync(from.data, to.data);
        if (fs.existsSync(from.index)) fs.copyFileSync(from.index, to.index);
        const detached = String(f.base_path) !== String(f.path);
        if (detached) fs.linkSync(String(f.base_path), to.base);
        c.run(
          'INSERT INTO storage_snapshot_files (snapshot_id, path, source_path, size, base_path, store) VALUES (?, ?, ?, ?, ?, ?)',
          id, String(f.path), String(f.source_path), Number(f.size), detached ? to.base : String(f.path), prefix,
        );
      });
    });
  }

  /**
   * Snapshot transfer: materialises the primary snapshot's view into the secondary's mirror files
   * (only blocks that differ are written, through the write path so older secondary snapshots keep
   * their bytes), then snapshots the mirror as a LongTerm snapshot of the same name. The secondary
   * keeps `Retain` LongTerm snapshots per volume. Vendors with auxiliary snapshots keep one on the
   * primary as the base of the next transfer. All at once: see transferAsync for one that lets the
   * job go on meanwhile.
   */
  transfer(array: string, name: string, opts: TransferOptions = {}): SnapshotTransferResult {
    const run = this.beginTransfer(array, name, opts);
    if ('done' in run) return run.done;
    while (!this.copySome(run, Infinity));
    return this.finishTransfer(run);
  }

  /**
   * The same transfer, copied a few MiB at a time with the event loop free in between, so the
   * job (VM snapshot deletion above all) goes on while the array transfers. A transfer of the same
   * snapshot to the same secondary already under way is joined, not started twice. The source
   * snapshot deleted meanwhile ends it with an error and no LongTerm snapshot on the secondary.
   */
  transferAsync(array: string, name: string, opts: TransferOptions = {}): Promise<SnapshotTransferResult> {
    let run: TransferRun | { done: SnapshotTransferResult };
    try {
      run = this.beginTransfer(array, name, opts);
    } catch (e) {
      return Promise.reject(e);
    }
    if ('done' in run) return Promise.resolve(run.done);
    const key = transferKey(run.src.name, name, run.dst.name);
    const joined = this.inFlight.get(key);
    if (joined) return joined;
    const started = (async () => {
      this.ctx.events.emitEvent({ kind: 'storage-snapshot-transfer-started', array: run.src.name, target: run.dst.name, snapshot: name });
      do {
        await setImmediate();
        if (!this.rows('WHERE s.id = ?', run.snapId)[0]) {
          throw new EngineError('VBRS_IO', `StorageSnapshot '${run.src.name}/${name}' was deleted while it was being transferred to '${run.dst.name}'.`, { kind: 'StorageSnapshot', name: `${run.src.name}/${name}` });
        }
      } while (!this.copySome(run, TRANSFER_SLICE));
      return this.finishTransfer(run);
    })();
    this.inFlight.set(key, started);
    const forget = () => {
      if (this.inFlight.get(key) === started) this.inFlight.delete(key);
    };
    started.then(forget, forget);
    return started;
  }

  /**
   * The transfer a Nimble-like array started by itself when it created `name` (see create): its
   * outcome, or null when it started none to `target`.
   */
  startedTransfer(array: string, name: string, target: string): Promise<SnapshotTransferResult> | null {
    return this.byArray.get(transferKey(array, name, target)) ?? null;
  }

  /** Resolves once no transfer is under way (engine shutdown waits for this). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Transfers under way. */
  get transfersInFlight(): number {
    return this.inFlight.size;
  }

  private beginTransfer(array: string, name: string, opts: TransferOptions): TransferRun | { done: SnapshotTransferResult } {
    const started = process.hrtime.bigint();
    const src = this.connectedArray(array);
    const snap = this.row(array, name);
    const c = this.ctx.catalog;
    const targets = c.all("SELECT name FROM storage_arrays WHERE source_id = ? AND replication_mode = 'SnapshotTransfer' ORDER BY id", src.id).map((r) => String(r.name));
    const targetName = opts.Target ?? targets[0];
    if (!targetName || !targets.some((t) => t.toLowerCase() === targetName.toLowerCase())) {
      throw new EngineError('VBRS_INVALID_ARGUMENT', `StorageArray '${src.name}' has no snapshot-transfer secondary${opts.Target ? ` named '${opts.Target}'` : ''}.`, { kind: 'StorageArray', name: src.name });
    }
    const dst = this.connectedArray(targetName);
    const volume = String(snap.volume_name);
    // Already transferred (e.g. a Nimble-like array did it on create): nothing to copy again.
    const done = this.rows('WHERE a.name = ? AND s.name = ? AND s.source_snapshot_id = ?', dst.name, name, Number(snap.id))[0];
    if (done) {
      const aux = this.rows("WHERE a.name = ? AND s.name = ? AND s.kind = 'Auxiliary'", src.name, `${name}-aux`)[0];
      return {
        done: {
          Source: this.toRecord(snap), Target: this.toRecord(done), Auxiliary: aux ? this.toRecord(aux) : null,
          ScannedBytes: 0, TransferredBytes: 0, DurationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
      };
    }
    const mirror = this.mirrorFolder(dst.name, volume);
    fs.mkdirSync(mirror, { recursive: true });
    const manifestPath = path.join(mirror, 'manifest.json');
    const manifest = fs.existsSync(manifestPath) ? (JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, string>) : {};
    const files = c.all('SELECT source_path FROM storage_snapshot_files WHERE snapshot_id = ?', Number(snap.id)).map((f) => String(f.source_path));
    return { started, src, dst, name, snapId: Number(snap.id), snapKind: String(snap.kind), volume, manifestPath, manifest, files, file: 0, pos: 0, scanned: 0, transferred: 0, retain: opts.Retain ?? 7 };
  }

  /** Copies up to `budget` bytes of the snapshot's view into the mirror; true when all is copied. */
  private copySome(run: TransferRun, budget: number): boolean {
    const buf = Buffer.alloc(DISK_BLOCK_SIZE);
    let spent = 0;
    while (run.file < run.files.length && spent < budget) {
      const source = run.files[run.file]!;
      const view = openImage(this.fileImage(run.src.name, run.name, source));
      const target = this.mirrorPath(run.dst.name, run.volume, source);
      run.manifest[target] = source;
      if (!fs.existsSync(target)) fs.writeFileSync(target, '');
      if (fs.statSync(target).size < view.size) fs.truncateSync(target, view.size);
      const fd = fs.openSync(target, 'r+');
      try {
        for (; run.pos < view.size && spent < budget; run.pos += DISK_BLOCK_SIZE) {
          const n = Math.min(DISK_BLOCK_SIZE, view.size - run.pos);
          const want = view.readSync(run.pos, n);
          const have = buf.subarray(0, n);
          const got = fs.readSync(fd, have, 0, n, run.pos);
          if (got < n) have.fill(0, got);
          run.scanned += n;
          spent += n;
          if (want.equals(have)) continue;
          this.ctx.guard.beforeWrite(target, run.pos, n);
          fs.writeSync(fd, want, 0, n, run.pos);
          run.transferred += n;
        }
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
        view.close();
      }
      if (run.pos >= view.size) {
        run.file++;
        run.pos = 0;
      }
    }
    return run.file >= run.files.length;
  }

  private finishTransfer(run: TransferRun): SnapshotTransferResult {
    const { src, dst, name, volume } = run;
    const c = this.ctx.catalog;
    fs.writeFileSync(run.manifestPath, JSON.stringify(run.manifest, null, 2));
    const existing = this.rows('WHERE a.name = ? AND s.name = ?', dst.name, name)[0];
    if (existing) this.remove(dst.name, name);
    this.create({ Array: dst.name, Volume: volume, Name: name, Kind: 'LongTerm' });
    c.run(
      'UPDATE storage_snapshots SET source_snapshot_id = ? WHERE name = ? AND volume_id = (SELECT v.id FROM volumes v JOIN storage_arrays a ON a.id = v.array_id WHERE a.name = ? AND v.name = ?)',
      run.snapId, name, dst.name, volume,
    );
    const longTerm = this.list({ Array: dst.name, Volume: volume, Kind: 'LongTerm' });
    for (const old of longTerm.slice(0, Math.max(0, longTerm.length - run.retain))) if (old.MountedTo === null) this.remove(dst.name, old.Name);
    let auxiliary: StorageSnapshot | null = null;
    if (vendorProfile(src.vendor)!.AuxiliarySnapshots && run.snapKind !== 'Auxiliary') {
      const auxName = `${name}-aux`;
      const previous = this.list({ Array: src.name, Volume: volume, Kind: 'Auxiliary' });
      if (!this.rows('WHERE a.name = ? AND s.name = ?', src.name, auxName)[0]) this.clone(this.row(src.name, name), auxName, 'Auxiliary');
      for (const p of previous) if (p.Name !== auxName && p.MountedTo === null) this.remove(src.name, p.Name);
      auxiliary = this.get(src.name, auxName);
    }
    const result: SnapshotTransferResult = {
      Source: this.get(src.name, name),
      Target: this.get(dst.name, name),
      Auxiliary: auxiliary,
      ScannedBytes: run.scanned,
      TransferredBytes: run.transferred,
      DurationMs: Number(process.hrtime.bigint() - run.started) / 1e6,
    };
    this.ctx.events.emitEvent({ kind: 'storage-snapshot-transferred', array: src.name, target: dst.name, snapshot: name, bytes: run.transferred, durationMs: result.DurationMs });
    return result;
  }
}
