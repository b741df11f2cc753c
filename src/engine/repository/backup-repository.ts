// A backup repository: the folder (or any RepositoryBackend) holding every job's restore point
// chains in the format of docs/repository-format.md. It answers "which points exist", opens a point
// for writing, and serialises changes to one chain (commit, retention) so chain.json is never
// rewritten by two writers at once within this process.

import type { RepositoryBackend } from './repository-backend.ts';
import type { ChainFile, DiskIndex, PointDisk, PointEntry, PointType, RepositoryManifest } from './repository-format.ts';
import { chainDir, dataFile, digestsFile, encodeName, indexFile, newPointId, FORMAT_VERSION, GRAIN_SIZE } from './repository-format.ts';
import { sealJson, sha256Hex, unsealJson } from './sealed-json.ts';
import { checkDiskIndex } from './check-disk-index.ts';
import type { CompressionLevel } from './compression-level.ts';
import { zstdLevel } from './compression-level.ts';
import type { RestorePoint } from './restore-point.ts';
import { PointWriter } from './point-writer.ts';
import type { DiskHeal, DiskWriterInit } from './point-writer.ts';
import { mergeMarks, readDamageMarks, writeDamageMarks, type DamageMark } from './damage-marks.ts';
import { FsBackend } from './fs-backend.ts';
import { sweepTemporary, type SweepOptions, type SweptFolder } from './sweep-temporary.ts';
import { EngineError } from '../engine-error.ts';
import { DamagedFileError } from './damaged-file-error.ts';

const MANIFEST = 'repository.json';
const CHAIN = 'chain.json';

export interface BeginPointOptions {
  job: string;
  vm: string;
  /** 'Full' writes every disk in full; 'Increment' lets disks with a previous point send changes. */
  type: PointType;
  disks: { name: string; size: number }[];
  blockSize: number;
  compression: CompressionLevel;
  creationTime?: Date;
}

export class BackupRepository {
  readonly backend: RepositoryBackend;
  private readonly locks = new Map<string, Promise<unknown>>();

  /** The format version of repository.json: 1 until the first write by this version upgrades it. */
  #version: number;

  private constructor(backend: RepositoryBackend, version: number) {
    this.backend = backend;
    this.#version = version;
  }

  /**
   * Opens (creating when needed) a repository on a backend; a string is a local folder (tests and
   * tools; the engine opens repositories through openRepository(record)).
   */
  static async open(where: string | RepositoryBackend): Promise<BackupRepository> {
    const backend = typeof where === 'string' ? new FsBackend(where) : where;
    const existing = await BackupRepository.openExisting(backend);
    if (existing) return existing;
    await backend.put(MANIFEST, manifestBytes());
    return new BackupRepository(backend, FORMAT_VERSION);
  }

  /** Opens a repository only if it was ever written (it has repository.json); never writes, so
   *  asking what a folder holds does not create it. null when there is none. */
  static async openExisting(where: string | RepositoryBackend): Promise<BackupRepository | null> {
    const backend = typeof where === 'string' ? new FsBackend(where) : where;
    if (!(await backend.stat(MANIFEST))) return null;
    const bytes = await backend.get(MANIFEST);
    const fault = manifestFault(bytes);
    if (fault === 'unsupported')
      throw new EngineError('VBRS_REPOSITORY_FORMAT', `Repository '${backend.location}' is not a vbrs repository of version 1 or ${FORMAT_VERSION}.`, { kind: 'Repository', name: backend.location });
    if (fault !== null) throw new EngineError('VBRS_REPOSITORY_DAMAGED', `Repository '${backend.location}': repository.json is damaged (${fault}).`, { kind: 'Repository', name: backend.location });
    return new BackupRepository(backend, manifestVersion(bytes));
  }

  /** Why repository.json is not good now (re-read: a health check does not trust the copy read at open), or null. */
  async manifestProblem(): Promise<string | null> {
    try {
      const fault = manifestFault(await this.backend.get(MANIFEST));
      return fault === 'unsupported' ? 'not a supported vbrs repository version' : fault;
    } catch (e) {
      return (e as Error).message;
    }
  }

  get location(): string {
    return this.backend.location;
  }

  /** Runs `fn` with the chain of job/vm to itself (within this process). */
  async withChainLock<T>(job: string, vm: string, fn: () => Promise<T>): Promise<T> {
    const key = chainDir(job, vm);
    const before = this.locks.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const settled = run.catch(() => {});
    this.locks.set(key, settled);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    }
  }

  /** @internal the raw chain file, verified; an empty chain when none was committed. */
  async readChainFile(job: string, vm: string): Promise<ChainFile> {
    const file = `${chainDir(job, vm)}/${CHAIN}`;
    if (!(await this.backend.stat(file))) return { format: 'vbrs-chain', version: FORMAT_VERSION, job, vm, points: [] };
    const bytes = await this.backend.get(file);
    try {
      const { value, sealed } = unsealJson(bytes);
      const chain = value as ChainFile;
      if (chain.format !== 'vbrs-chain' || chain.version !== (sealed ? FORMAT_VERSION : 1)) throw new Error('not a vbrs chain of a known version');
      if (chain.job !== job || chain.vm !== vm) throw new Error('it names another job or VM');
      if (!Array.isArray(chain.points) || chain.points.some((p) => !p || typeof p.id !== 'string' || typeof p.dir !== 'string' || !Array.isArray(p.disks)))
        throw new Error('its points are malformed');
      return chain;
    } catch (e) {
      throw new EngineError('VBRS_REPOSITORY_DAMAGED', `Repository '${this.location}': the chain of VM '${vm}' in job '${job}' (chain.json) is damaged (${(e as Error).message}).`, {
        kind: 'Repository',
        name: this.location,
      });
    }
  }

  /** @internal replaces chain.json atomically: the commit point of every change to a chain. */
  async writeChainFile(chain: ChainFile): Promise<void> {
    // A version 1 repository becomes version 2 before its first version 2 chain, so an older vbrs
    // refuses it cleanly instead of misreading it.
    if (this.#version < FORMAT_VERSION) {
      await this.backend.put(MANIFEST, manifestBytes());
      this.#version = FORMAT_VERSION;
    }
    await this.backend.put(`${chainDir(chain.job, chain.vm)}/${CHAIN}`, sealJson({ ...chain, version: FORMAT_VERSION }, 1));
  }

  /** Removes every object of a point folder (a path relative to the repository root). */
  async removeFolder(dir: string): Promise<void> {
    for (const o of await this.backend.list(`${dir}/`)) await this.backend.delete(o.key);
  }

  /**
   * Removes point folders that killed or crashed writers left (never one whose writer may still be
   * at work, in this process or another) and returns what it removed.
   */
  sweepTemporary(filter: SweepOptions = {}): Promise<SweptFolder[]> {
    return sweepTemporary(this, filter);
  }

  /** Every chain folder (job, vm) that holds objects, with or without a committed chain.json. */
  async chainFolders(job?: string): Promise<{ job: string; vm: string; committed: boolean }[]> {
    const seen = new Map<string, { job: string; vm: string; committed: boolean }>();
    for (const o of await this.backend.list(job === undefined ? '' : `${encodeName(job)}/`)) {
      const parts = o.key.split('/');
      if (parts.length < 3) continue;
      const key = `${parts[0]}/${parts[1]}`;
      let c = seen.get(key);
      if (!c) {
        const names = decodeNames(parts[0]!, parts[1]!);
        if (!names) continue;
        seen.set(key, (c = { ...names, committed: false }));
      }
      if (parts.length === 3 && parts[2] === CHAIN) c.committed = true;
    }
    return [...seen.values()];
  }

  toRestorePoint(chain: ChainFile, entry: PointEntry): RestorePoint {
    return {
      id: entry.id,
      job: chain.job,
      vm: chain.vm,
      type: entry.type,
      creationTime: new Date(entry.creationTime),
      dir: `${chainDir(chain.job, chain.vm)}/${entry.dir}`,
      disks: entry.disks,
      size: entry.disks.reduce((n, d) => n + d.storedBytes, 0),
    };
  }

  /** The committed restore points of one VM in one job, oldest first. */
  async chain(job: string, vm: string): Promise<RestorePoint[]> {
    const chain = await this.readChainFile(job, vm);
    return chain.points.map((p) => this.toRestorePoint(chain, p));
  }

  /** Every (job, vm) that has a chain, optionally for one job. */
  async chains(job?: string): Promise<{ job: string; vm: string }[]> {
    return (await this.chainFolders(job)).filter((c) => c.committed).map(({ job: j, vm }) => ({ job: j, vm }));
  }

  /** Finds a point by id anywhere in the repository. */
  async findPoint(id: string): Promise<RestorePoint> {
    for (const c of await this.chains()) {
      const hit = (await this.chain(c.job, c.vm)).find((p) => p.id === id);
      if (hit) return hit;
    }
    throw new EngineError('VBRS_NO_RESTORE_POINT', `Restore point '${id}' was not found in repository '${this.location}'.`, { kind: 'RestorePoint', name: id });
  }

  /** A disk's index at a point, verified against chain.json (its hash, its shape, every record). */
  async readIndex(point: RestorePoint, disk: string): Promise<DiskIndex> {
    const entry = this.#diskEntry(point, disk);
    const bytes = await this.#readPointFile(point, disk, 'index', indexFile(point.dir, disk));
    try {
      if (entry.indexSha256 !== undefined && sha256Hex(bytes) !== entry.indexSha256) throw new Error('checksum mismatch');
      let value: unknown;
      try {
        value = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new Error('not valid JSON');
      }
      return checkDiskIndex(value, entry, entry.indexSha256 !== undefined ? FORMAT_VERSION : 1);
    } catch (e) {
      throw damaged(point, disk, 'index', (e as Error).message);
    }
  }

  /** A disk's grain digests at a point, verified (hash, and one entry per grain). */
  async readDigests(point: RestorePoint, disk: string): Promise<Buffer> {
    const entry = this.#diskEntry(point, disk);
    const bytes = await this.#readPointFile(point, disk, 'digests', digestsFile(point.dir, disk));
    if (entry.digestsSha256 !== undefined && sha256Hex(bytes) !== entry.digestsSha256) throw damaged(point, disk, 'digests', 'checksum mismatch');
    const want = Math.ceil(entry.size / GRAIN_SIZE) * 32;
    if (bytes.length !== want) throw damaged(point, disk, 'digests', `${bytes.length} bytes instead of ${want}`);
    return bytes;
  }

  /** Why a disk's data file is not the size chain.json says, or null when it is. */
  async dataFileProblem(point: RestorePoint, disk: string): Promise<string | null> {
    const entry = this.#diskEntry(point, disk);
    const info = await this.backend.stat(dataFile(point.dir, disk));
    const size = info?.size ?? 0;
    if (entry.storedBytes === 0 && !info) return null;
    if (!info) return 'the data file is missing';
    return size === entry.storedBytes ? null : `the data file holds ${size} bytes, chain.json says ${entry.storedBytes}`;
  }

  #diskEntry(point: RestorePoint, disk: string): PointDisk {
    const entry = point.disks.find((d) => d.name === disk);
    if (!entry) throw EngineError.notFound('Disk', disk);
    return entry;
  }

  async #readPointFile(point: RestorePoint, disk: string, what: string, key: string): Promise<Buffer> {
    try {
      return await this.backend.get(key);
    } catch (e) {
      if (e instanceof EngineError && e.code !== 'VBRS_IO') throw e;
      throw damaged(point, disk, what, 'missing or unreadable');
    }
  }

  /** The points a disk's image at `point` is rebuilt from: its base full up to `point`, oldest first. */
  async diskChain(point: RestorePoint, disk: string): Promise<RestorePoint[]> {
    const all = await this.chain(point.job, point.vm);
    const at = all.findIndex((p) => p.id === point.id);
    if (at < 0) throw new EngineError('VBRS_NO_RESTORE_POINT', `Restore point '${point.id}' of VM '${point.vm}' is no longer in the repository.`, { kind: 'RestorePoint', name: point.id });
    const out: RestorePoint[] = [];
    for (let i = at; i >= 0; i--) {
      const d = all[i]!.disks.find((x) => x.name === disk);
      if (!d) continue;
      out.unshift(all[i]!);
      if (d.full) return out;
    }
    throw new EngineError('VBRS_REPOSITORY_FORMAT', `Restore point '${point.id}': disk '${disk}' has no full backup in its chain.`, { kind: 'RestorePoint', name: point.id });
  }

  /** Records damage a health check found, so the next backup of the VM re-sends it. */
  async markDamaged(job: string, vm: string, marks: DamageMark[]): Promise<void> {
    if (marks.length === 0) return;
    await this.withChainLock(job, vm, async () => writeDamageMarks(this.backend, job, vm, mergeMarks(await readDamageMarks(this.backend, job, vm), marks)));
  }

  /** The damage marks of a chain (what its next backup will re-send). */
  damageMarks(job: string, vm: string): Promise<DamageMark[]> {
    return readDamageMarks(this.backend, job, vm);
  }

  /**
   * How an increment on top of `prev` heals the disk: marks on points its image is built from make
   * their blocks be read again (their previous digests are forgotten, so a digest compare sends
   * them; CBT extents get them added), and a damaged file among them, or unreadable previous
   * digests, makes the disk a full.
   */
  async #planHeal(prev: RestorePoint, disk: string, marks: DamageMark[]): Promise<{ previousDigests: Buffer | null; heal: DiskHeal | null }> {
    let base: Set<string>;
    try {
      base = new Set((await this.diskChain(prev, disk)).map((p) => p.id));
    } catch {
      base = new Set([prev.id]);
    }
    const mine = marks.filter((m) => m.disk === disk && base.has(m.pointId));
    let previousDigests: Buffer | null;
    try {
      previousDigests = await this.readDigests(prev, disk);
    } catch (e) {
      const mark: DamageMark = { pointId: prev.id, disk, file: 'digests', block: -1, blockSize: 0, reason: (e as Error).message };
      return { previousDigests: null, heal: { full: true, extents: [], marks: [...mine, mark] } };
    }
    if (mine.length === 0) return { previousDigests, heal: null };
    if (mine.some((m) => m.file !== 'data' || m.block < 0)) return { previousDigests: null, heal: { full: true, extents: [], marks: mine } };
    const size = prev.disks.find((x) => x.name === disk)!.size;
    const extents = mine.map((m) => ({ offset: m.block * m.blockSize, length: Math.min(m.blockSize, size - m.block * m.blockSize) })).filter((e) => e.length > 0);
    const forgotten = Buffer.from(previousDigests);
    for (const e of extents) forgotten.fill(0, Math.floor(e.offset / GRAIN_SIZE) * 32, Math.min(forgotten.length, Math.ceil((e.offset + e.length) / GRAIN_SIZE) * 32));
    return { previousDigests: forgotten, heal: { full: false, extents, marks: mine } };
  }

  /** Opens a new restore point for writing; it becomes visible only on commit(). */
  async beginPoint(opts: BeginPointOptions): Promise<PointWriter> {
    zstdLevel(opts.compression);
    if (!(opts.blockSize > 0) || opts.blockSize % GRAIN_SIZE !== 0)
      throw EngineError.invalid('Job', opts.job, `block size ${opts.blockSize} is not a positive multiple of ${GRAIN_SIZE}.`);
    const names = new Set<string>();
    for (const d of opts.disks) {
      if (!Number.isSafeInteger(d.size) || d.size < 0) throw EngineError.invalid('Disk', d.name, `size ${String(d.size)} is not a byte count.`);
      if (names.has(d.name)) throw EngineError.duplicate('Disk', d.name);
      names.add(d.name);
    }
    const creationTime = opts.creationTime ?? new Date();
    const id = newPointId(creationTime);
    // What killed writers of this chain left goes first (never a live writer's folder).
    await this.sweepTemporary({ job: opts.job, vm: opts.vm });
    const points = await this.chain(opts.job, opts.vm);
    const marks = await readDamageMarks(this.backend, opts.job, opts.vm);
    const disks: DiskWriterInit[] = [];
    for (const d of opts.disks) {
      let previousDigests: Buffer | null = null;
      let blockSize = opts.blockSize;
      let heal: DiskHeal | null = null;
      if (opts.type === 'Increment') {
        const prev = [...points].reverse().find((p) => p.disks.some((x) => x.name === d.name));
        if (prev) {
          blockSize = prev.disks.find((x) => x.name === d.name)!.blockSize;
          const planned = await this.#planHeal(prev, d.name, marks);
          heal = planned.heal;
          previousDigests = planned.previousDigests;
          if (previousDigests === null) blockSize = opts.blockSize;
        }
      }
      disks.push({ name: d.name, size: d.size, blockSize, compression: opts.compression, previousDigests, heal });
    }
    const dir = chainDir(opts.job, opts.vm);
    const writer = new PointWriter({
      backend: this.backend,
      id,
      job: opts.job,
      vm: opts.vm,
      chainDir: dir,
      creationTime,
      disks,
      publish: (entry) =>
        this.withChainLock(opts.job, opts.vm, async () => {
          const chain = await this.readChainFile(opts.job, opts.vm);
          chain.points.push(entry);
          await this.writeChainFile(chain);
          // What this point re-sent is healed in it: those marks go.
          const healed = new Set(disks.flatMap((d) => d.heal?.marks ?? []));
          if (healed.size > 0) {
            const live = new Set(chain.points.map((p) => p.id));
            const left = (await readDamageMarks(this.backend, opts.job, opts.vm)).filter((m) => live.has(m.pointId) && ![...healed].some((h) => sameMark(h, m)));
            await writeDamageMarks(this.backend, opts.job, opts.vm, left).catch(() => {});
          }
        }),
    });
    await writer.prepare();
    return writer;
  }
}

/** A chain folder's job and VM names, or null for a folder whose names are not encoded by vbrs. */
function decodeNames(job: string, vm: string): { job: string; vm: string } | null {
  try {
    return { job: decodeURIComponent(job), vm: decodeURIComponent(vm) };
  } catch {
    return null;
  }
}

/** The one-line error for a damaged file of a point: which point, VM, disk and file, and why. */
export function damaged(point: RestorePoint, disk: string, file: string, reason: string): DamagedFileError {
  return new DamagedFileError(point, disk, file, reason);
}

function manifestBytes(): Buffer {
  const manifest: RepositoryManifest = { format: 'vbrs-repository', version: FORMAT_VERSION, grainSize: GRAIN_SIZE };
  return sealJson(manifest);
}

/** Why repository.json is damaged, 'unsupported' for another format or version, or null when it is good. */
function manifestFault(bytes: Buffer): string | null {
  let parsed;
  try {
    parsed = unsealJson(bytes);
  } catch (e) {
    return (e as Error).message;
  }
  const m = parsed.value as RepositoryManifest;
  if (m.format !== 'vbrs-repository' || m.grainSize !== GRAIN_SIZE) return parsed.sealed ? 'unsupported' : 'not a vbrs repository manifest';
  if (parsed.sealed ? m.version !== FORMAT_VERSION : m.version !== 1) return 'unsupported';
  return null;
}

function manifestVersion(bytes: Buffer): number {
  return (unsealJson(bytes).value as RepositoryManifest).version;
}

function sameMark(a: DamageMark, b: DamageMark): boolean {
  return a.pointId === b.pointId && a.disk === b.disk && a.file === b.file && a.block === b.block;
}
