// A restore point being written. Target data movers append records through a DiskWriter into the
// point's own folder; nothing is visible to readers until commit() has made every object durable
// and rewritten chain.json to name the point (the only commit of docs/repository-format.md). Until
// then the folder is garbage to every reader; its owner record tells a sweep whether its writer is
// still at work. abort() removes every trace.

import type { ObjectWriter, RepositoryBackend } from './repository-backend.ts';
import type { BlockRecord, DataRecord, DiskIndex, PointDisk, PointEntry, RecordCodec } from './repository-format.ts';
import { dataFile, digestsFile, indexFile, ownerFile, FORMAT_VERSION, GRAIN_SIZE } from './repository-format.ts';
import { currentOwner } from './point-owner.ts';
import { sha256Hex } from './sealed-json.ts';
import type { DamageMark } from './damage-marks.ts';
import type { CompressionLevel } from './compression-level.ts';
import type { RestorePoint } from './restore-point.ts';
import { EngineError } from '../engine-error.ts';
import { pausePoint } from '../test-pause-point.ts';

export interface DiskWriterInit {
  name: string;
  size: number;
  blockSize: number;
  compression: CompressionLevel;
  /** Grain digests of the disk at the previous point of its chain; null when there is none. */
  previousDigests: Buffer | null;
  /** Damage a health check marked that this point re-sends; null when there is none. */
  heal?: DiskHeal | null;
}

/** What a point re-sends of a disk because a health check marked it damaged. */
export interface DiskHeal {
  /** The disk is sent in full (a whole file of its chain is damaged). */
  full: boolean;
  /** Otherwise the extents (whole blocks) read again from the VM. */
  extents: { offset: number; length: number }[];
  marks: DamageMark[];
}

/** The target side of one task: appends one disk's records to the point's data file. */
export class DiskWriter {
  readonly name: string;
  readonly size: number;
  readonly blockSize: number;
  readonly compression: CompressionLevel;
  readonly previousDigests: Buffer | null;
  readonly heal: DiskHeal | null;
  /** Set by the data mover: true when this disk's records alone hold the whole disk. */
  full = false;
  digests: Buffer | null = null;
  readonly records: BlockRecord[] = [];
  private readonly seen = new Map<string, DataRecord>();
  private appender: ObjectWriter | null = null;
  private readonly openAppender: () => Promise<ObjectWriter>;

  constructor(init: DiskWriterInit, openAppender: () => Promise<ObjectWriter>) {
    this.name = init.name;
    this.size = init.size;
    this.blockSize = init.blockSize;
    this.compression = init.compression;
    this.previousDigests = init.previousDigests;
    this.heal = init.heal ?? null;
    this.openAppender = openAppender;
  }

  get storedBytes(): number {
    return this.appender?.size ?? 0;
  }

  /** True when a record with this checksum is already stored in this point (dedupe). */
  has(checksum: string): boolean {
    return this.seen.has(checksum);
  }

  /**
   * Adds a data record. `bytes` may be null only when `has(checksum)`: the stored copy is shared.
   * Returns the number of bytes actually written (0 for a deduplicated record).
   */
  async addData(offset: number, length: number, codec: RecordCodec, checksum: string, bytes: Uint8Array | null): Promise<number> {
    const same = this.seen.get(checksum);
    if (same && same.length === length) {
      this.records.push({ ...same, offset });
      return 0;
    }
    if (!bytes) throw new Error(`record at ${offset} of disk '${this.name}' has no bytes and no earlier copy`);
    this.appender ??= await this.openAppender();
    const at = this.appender.size;
    await this.appender.append(bytes);
    const rec: DataRecord = { offset, length, kind: 'data', at, stored: bytes.length, codec, checksum };
    this.records.push(rec);
    this.seen.set(checksum, rec);
    return bytes.length;
  }

  addZero(offset: number, length: number): void {
    this.records.push({ offset, length, kind: 'zero' });
  }

  /** @internal used by PointWriter.commit */
  async finish(): Promise<void> {
    await this.appender?.finish();
  }

  /** @internal */
  async close(): Promise<void> {
    await this.appender?.abort();
  }
}

export interface PointWriterInit {
  backend: RepositoryBackend;
  id: string;
  job: string;
  vm: string;
  chainDir: string;
  creationTime: Date;
  disks: DiskWriterInit[];
  /** Appends the entry to chain.json atomically; the commit point. */
  publish: (entry: PointEntry) => Promise<void>;
}

export class PointWriter {
  readonly id: string;
  readonly job: string;
  readonly vm: string;
  readonly creationTime: Date;
  private readonly backend: RepositoryBackend;
  private readonly dir: string;
  private readonly writers = new Map<string, DiskWriter>();
  private readonly publish: (entry: PointEntry) => Promise<void>;
  private state: 'open' | 'committed' | 'aborted' = 'open';

  constructor(init: PointWriterInit) {
    this.id = init.id;
    this.job = init.job;
    this.vm = init.vm;
    this.creationTime = init.creationTime;
    this.backend = init.backend;
    this.dir = `${init.chainDir}/${init.id}`;
    this.publish = init.publish;
    for (const d of init.disks) {
      this.writers.set(d.name, new DiskWriter(d, () => this.backend.createWriter(dataFile(this.dir, d.name))));
    }
  }

  /** @internal claims the point's folder: its owner record goes before any other object. */
  async prepare(): Promise<void> {
    await this.backend.put(ownerFile(this.dir), Buffer.from(JSON.stringify(currentOwner(this.creationTime)) + '\n'));
  }

  get diskNames(): string[] {
    return [...this.writers.keys()];
  }

  disk(name: string): DiskWriter {
    const w = this.writers.get(name);
    if (!w) throw EngineError.notFound('Disk', name);
    return w;
  }

  /** Makes the point durable and visible; returns it as readers will see it. */
  async commit(): Promise<RestorePoint> {
    if (this.state !== 'open') throw new EngineError('VBRS_INVALID_ARGUMENT', `Restore point '${this.id}' is already ${this.state}.`, { kind: 'RestorePoint', name: this.id });
    try {
      const disks: PointDisk[] = [];
      const writes: Promise<void>[] = [];
      for (const w of this.writers.values()) {
        if (!w.digests) throw new Error(`disk '${w.name}' was never transferred`);
        await w.finish();
        w.records.sort((a, b) => a.offset - b.offset);
        const index: DiskIndex = {
          format: 'vbrs-index',
          version: FORMAT_VERSION,
          disk: w.name,
          size: w.size,
          full: w.full,
          blockSize: w.blockSize,
          grainSize: GRAIN_SIZE,
          records: w.records,
        };
        const indexBytes = Buffer.from(JSON.stringify(index));
        writes.push(this.backend.put(indexFile(this.dir, w.name), indexBytes));
        writes.push(this.backend.put(digestsFile(this.dir, w.name), w.digests));
        disks.push({
          name: w.name,
          size: w.size,
          full: w.full,
          blockSize: w.blockSize,
          compression: w.compression,
          storedBytes: w.storedBytes,
          records: w.records.length,
          // chain.json names each file with its hash, so a reader verifies them before trusting them.
          indexSha256: sha256Hex(indexBytes),
          digestsSha256: sha256Hex(w.digests),
        });
      }
      const settled = await Promise.allSettled(writes);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      pausePoint('point-commit');
      const entry: PointEntry = {
        id: this.id,
        type: disks.every((d) => d.full) ? 'Full' : 'Increment',
        creationTime: this.creationTime.toISOString(),
        dir: this.id,
        disks,
      };
      await this.publish(entry);
      this.state = 'committed';
      // The point is committed; a leftover owner record (a crash right here) is swept later.
      await this.backend.delete(ownerFile(this.dir)).catch(() => {});
      return {
        id: entry.id,
        job: this.job,
        vm: this.vm,
        type: entry.type,
        creationTime: this.creationTime,
        dir: this.dir,
        disks,
        size: disks.reduce((n, d) => n + d.storedBytes, 0),
      };
    } catch (e) {
      await this.abort().catch(() => {});
      if (e instanceof EngineError) throw e;
      throw new EngineError('VBRS_IO', `Restore point '${this.id}' of VM '${this.vm}' could not be committed: ${e instanceof Error ? e.message : String(e)}`, {
        kind: 'RestorePoint',
        name: this.id,
        cause: e,
      });
    }
  }

  /** Drops everything written; the chain is as before beginPoint. Safe to call twice. */
  async abort(): Promise<void> {
    if (this.state === 'committed') return;
    this.state = 'aborted';
    for (const w of this.writers.values()) await w.close();
    // The owner record goes last, so a failure half-way leaves a folder a sweep can still judge.
    const objects = (await this.backend.list(`${this.dir}/`)).map((o) => o.key);
    const owner = ownerFile(this.dir);
    for (const key of objects) if (key !== owner) await this.backend.delete(key);
    await this.backend.delete(owner);
  }
}
