// Retention by -RetainPoints: once a chain holds more points than that, the oldest goes. A full
// followed by a full is simply dropped; a full followed by an increment is merged with it into a new
// full (forever-forward incremental), written beside the old ones and swapped in by one atomic
// chain.json rewrite, so a crash at any moment leaves a complete chain (docs/repository-format.md).

import type { BackupRepository } from './backup-repository.ts';
import type { ObjectWriter } from './repository-backend.ts';
import type { BlockRecord, ChainFile, DataRecord, DiskIndex, PointDisk, PointEntry } from './repository-format.ts';
import { chainDir, dataFile, digestsFile, indexFile, ownerFile, FORMAT_VERSION, GRAIN_SIZE } from './repository-format.ts';
import { currentOwner } from './point-owner.ts';
import { sha256Hex } from './sealed-json.ts';
import type { CompressionLevel } from './compression-level.ts';
import { zstdLevel } from './compression-level.ts';
import { decodeVerified, encodeRecord } from './record-codec.ts';
import { isZero, treeHash } from './grain-hash.ts';
import type { RestorePoint } from './restore-point.ts';
import { EngineError } from '../engine-error.ts';
import { pausePoint } from '../test-pause-point.ts';

export interface RetentionResult {
  removed: string[];
  merged: { from: string[]; into: string }[];
  points: RestorePoint[];
}

export async function applyRetention(repo: BackupRepository, job: string, vm: string, retainPoints: number): Promise<RetentionResult> {
  if (!Number.isInteger(retainPoints) || retainPoints < 1)
    throw EngineError.invalid('Job', job, `RetainPoints must be a whole number of at least 1, not ${retainPoints}.`);
  return repo.withChainLock(job, vm, async () => {
    const result: RetentionResult = { removed: [], merged: [], points: [] };
    let chain = await repo.readChainFile(job, vm);
    while (chain.points.length > retainPoints) {
      const [first, second] = chain.points as [PointEntry, PointEntry | undefined];
      const oldDirs = [first.dir];
      if (!second || second.disks.every((d) => d.full)) {
        chain = { ...chain, points: chain.points.slice(1) };
        await repo.writeChainFile(chain);
        result.removed.push(first.id);
      } else {
        const merged = await mergePoints(repo, chain, first, second);
        oldDirs.push(second.dir);
        chain = { ...chain, points: [merged, ...chain.points.slice(2)] };
        await repo.writeChainFile(chain);
        result.merged.push({ from: [first.id, second.id], into: merged.id });
        result.removed.push(first.id);
      }
      const base = chainDir(job, vm);
      for (const d of oldDirs) await repo.removeFolder(`${base}/${d}`).catch(() => {});
      if (chain.points[0]?.dir !== first.dir) await repo.backend.delete(ownerFile(`${base}/${chain.points[0]!.dir}`)).catch(() => {});
    }
    result.points = chain.points.map((p) => repo.toRestorePoint(chain, p));
    return result;
  });
}

async function mergePoints(repo: BackupRepository, chain: ChainFile, first: PointEntry, second: PointEntry): Promise<PointEntry> {
  const base = chainDir(chain.job, chain.vm);
  const dir = `${second.id}-m${Math.random().toString(16).slice(2, 6)}`;
  // Written in place: the folder is garbage (and its owner record says whose) until chain.json names it.
  const tmp = `${base}/${dir}`;
  const firstPoint = repo.toRestorePoint(chain, first);
  const secondPoint = repo.toRestorePoint(chain, second);
  await repo.backend.put(ownerFile(tmp), Buffer.from(JSON.stringify(currentOwner()) + '\n'));
  try {
    const disks: PointDisk[] = [];
    for (const d of second.disks) {
      const a = first.disks.find((x) => x.name === d.name);
      if (d.full || !a) disks.push(await copyDisk(repo, secondPoint, d, tmp));
      else disks.push(await mergeDisk(repo, firstPoint, secondPoint, d, tmp));
    }
    pausePoint('retention-merge');
    // A disk the increment lacks but a later increment still builds on keeps its full.
    const later = chain.points.slice(2);
    for (const a of first.disks) {
      if (second.disks.some((x) => x.name === a.name)) continue;
      if (later.some((p) => p.disks.some((x) => x.name === a.name && !x.full))) disks.push(await copyDisk(repo, firstPoint, a, tmp));
    }
    return { id: second.id, type: 'Full', creationTime: second.creationTime, dir, disks };
  } catch (e) {
    await repo.removeFolder(tmp).catch(() => {});
    throw e;
  }
}

const COPY_CHUNK = 8 * 1024 * 1024;

async function copyFile(repo: BackupRepository, from: string, to: ObjectWriter, length: number): Promise<void> {
  for (let at = 0; at < length; at += COPY_CHUNK) await to.append(await repo.backend.getRange(from, at, Math.min(COPY_CHUNK, length - at)));
}

async function copyDisk(repo: BackupRepository, point: RestorePoint, d: PointDisk, tmp: string): Promise<PointDisk> {
  const out = await repo.backend.createWriter(dataFile(tmp, d.name));
  try {
    await copyFile(repo, dataFile(point.dir, d.name), out, d.storedBytes);
    await out.finish();
  } finally {
    await out.abort();
  }
  // Verified before copying: a merge never carries a damaged file into the new full.
  await repo.readIndex(point, d.name);
  await repo.backend.put(indexFile(tmp, d.name), await repo.backend.get(indexFile(point.dir, d.name)));
  await repo.backend.put(digestsFile(tmp, d.name), await repo.readDigests(point, d.name));
  return { ...d };
}

function corrupt(point: RestorePoint, disk: string, rec: DataRecord, blockSize: number, fault: string): EngineError {
  return new EngineError(
    'VBRS_CORRUPT_BLOCK',
    `Restore point '${point.id}' of VM '${point.vm}': disk '${disk}' block ${Math.floor(rec.offset / blockSize)} (offset ${rec.offset}) is damaged (${fault}); the merge was not done.`,
    { kind: 'RestorePoint', name: point.id },
  );
}

async function mergeDisk(repo: BackupRepository, first: RestorePoint, second: RestorePoint, d: PointDisk, tmp: string): Promise<PointDisk> {
  const a = await repo.readIndex(first, d.name);
  const b = await repo.readIndex(second, d.name);
  if (!a.full) throw new EngineError('VBRS_REPOSITORY_FORMAT', `Restore point '${first.id}': disk '${d.name}' is not a full backup and cannot take a merge.`, { kind: 'RestorePoint', name: first.id });
  const blockSize = a.blockSize;
  const size = b.size;
  const touched = new Map<number, BlockRecord[]>();
  for (const r of b.records) {
    for (let blk = Math.floor(r.offset / blockSize); blk * blockSize < r.offset + r.length; blk++) {
      const list = touched.get(blk) ?? [];
      list.push(r);
      touched.set(blk, list);
    }
  }
  const out = await repo.backend.createWriter(dataFile(tmp, d.name));
  const records: BlockRecord[] = [];
  const moved = new Map<number, number>();
  const fromA = dataFile(first.dir, d.name);
  const fromB = dataFile(second.dir, d.name);
  const load = async (point: RestorePoint, file: string, r: DataRecord) => {
    const res = decodeVerified(r.codec, await repo.backend.getRange(file, r.at, r.stored), r.length, r.checksum);
    if (res.fault !== null) throw corrupt(point, d.name, r, blockSize, res.fault);
    return res.data;
  };
  try {
    const aByBlock = new Map<number, DataRecord[]>();
    for (const r of a.records) {
      if (r.kind !== 'data' || r.offset >= size) continue;
      const blk = Math.floor(r.offset / blockSize);
      if (touched.has(blk)) {
        const list = aByBlock.get(blk) ?? [];
        list.push(r);
        aByBlock.set(blk, list);
        continue;
      }
      let at = moved.get(r.at);
      if (at === undefined) {
        at = out.size;
        await out.append(await repo.backend.getRange(fromA, r.at, r.stored));
        moved.set(r.at, at);
      }
      records.push({ ...r, at });
    }
    const level = zstdLevel(d.compression as CompressionLevel);
    for (const [blk, overlay] of touched) {
      const start = blk * blockSize;
      if (start >= size) continue;
      const buf = Buffer.alloc(Math.min(blockSize, size - start));
      // A block the increment rewrote whole needs nothing of the full: that is also how a block a
      // health check found damaged in the full (and the next backup re-sent) leaves the chain.
      if (!coversWhole(overlay, start, buf.length)) for (const r of aByBlock.get(blk) ?? []) (await load(first, fromA, r)).copy(buf, r.offset - start);
      for (const r of overlay) {
        const s = Math.max(r.offset, start);
        const e = Math.min(r.offset + r.length, start + buf.length);
        if (e <= s) continue;
        if (r.kind === 'zero') buf.fill(0, s - start, e - start);
        else (await load(second, fromB, r)).copy(buf, s - start, s - r.offset, e - r.offset);
      }
      if (isZero(buf)) continue;
      const enc = encodeRecord(buf, level);
      const at = out.size;
      await out.append(enc.bytes);
      records.push({ offset: start, length: buf.length, kind: 'data', at, stored: enc.bytes.length, codec: enc.codec, checksum: treeHash(buf) });
    }
    await out.finish();
  } finally {
    await out.abort();
  }
  records.sort((x, y) => x.offset - y.offset);
  const index: DiskIndex = { format: 'vbrs-index', version: FORMAT_VERSION, disk: d.name, size, full: true, blockSize, grainSize: GRAIN_SIZE, records };
  const indexBytes = Buffer.from(JSON.stringify(index));
  const digests = await repo.readDigests(second, d.name);
  await repo.backend.put(indexFile(tmp, d.name), indexBytes);
  await repo.backend.put(digestsFile(tmp, d.name), digests);
  return { ...d, full: true, blockSize, storedBytes: out.size, records: records.length, indexSha256: sha256Hex(indexBytes), digestsSha256: sha256Hex(digests) };
}

/** True when the records together cover [start, start + length) with no gap. */
function coversWhole(records: readonly BlockRecord[], start: number, length: number): boolean {
  let at = start;
  for (const r of [...records].sort((x, y) => x.offset - y.offset)) {
    if (r.offset > at) return false;
    at = Math.max(at, r.offset + r.length);
  }
  return at >= start + length;
}
