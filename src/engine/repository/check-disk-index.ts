// The strict reader of a disk's index.json: every field of the documented shape and nothing else,
// whole non-negative numbers, records in order that do not overlap, stay inside the disk and their
// block, and point inside the data file. An unknown `kind`, a missing or extra key or an offset
// that is not a number makes the index damaged; nothing is skipped, so a damaged index can never
// be read as a different, wrong image.

import type { BlockRecord, DiskIndex, PointDisk } from './repository-format.ts';
import { GRAIN_SIZE } from './repository-format.ts';

const INDEX_KEYS = ['format', 'version', 'disk', 'size', 'full', 'blockSize', 'grainSize', 'records'];
const DATA_KEYS = ['offset', 'length', 'kind', 'at', 'stored', 'codec', 'checksum'];
const ZERO_KEYS = ['offset', 'length', 'kind'];
const CHECKSUM = /^[0-9a-f]{64}$/;

function sameKeys(o: object, keys: readonly string[]): boolean {
  const have = Object.keys(o);
  return have.length === keys.length && keys.every((k) => Object.hasOwn(o, k));
}

function count(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Checks a parsed index against the chain's entry for the disk; throws the first fault found. */
export function checkDiskIndex(value: unknown, disk: PointDisk, version: number): DiskIndex {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !sameKeys(value, INDEX_KEYS)) throw new Error('the index does not have the documented fields');
  const ix = value as DiskIndex;
  if (ix.format !== 'vbrs-index' || ix.version !== version) throw new Error(`the index is not a version ${version} vbrs index`);
  if (ix.disk !== disk.name || ix.size !== disk.size || ix.full !== disk.full || ix.blockSize !== disk.blockSize || ix.grainSize !== GRAIN_SIZE)
    throw new Error("the index's disk, size, full, blockSize or grainSize differ from chain.json");
  if (!Array.isArray(ix.records) || ix.records.length !== disk.records) throw new Error(`the index does not hold the ${disk.records} records chain.json names`);
  let end = 0;
  ix.records.forEach((r: BlockRecord, i) => {
    const bad = (why: string) => new Error(`record ${i} ${why}`);
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw bad('is not an object');
    if (r.kind === 'data') {
      if (!sameKeys(r, DATA_KEYS)) throw bad('does not have the fields of a data record');
      if (!count(r.at) || !count(r.stored) || r.stored === 0) throw bad('has a bad at or stored');
      if (r.at + r.stored > disk.storedBytes) throw bad(`lies past the end of the data file (${disk.storedBytes} bytes)`);
      if (r.codec !== 'zstd' && r.codec !== 'none') throw bad(`has an unknown codec '${String(r.codec)}'`);
      if (typeof r.checksum !== 'string' || !CHECKSUM.test(r.checksum)) throw bad('has a malformed checksum');
    } else if (r.kind === 'zero') {
      if (!sameKeys(r, ZERO_KEYS)) throw bad('does not have the fields of a zero record');
    } else throw bad(`has an unknown kind '${String((r as { kind: unknown }).kind)}'`);
    if (!count(r.offset) || !count(r.length) || r.length === 0) throw bad('has a bad offset or length');
    if (r.offset % GRAIN_SIZE !== 0 || (r.length % GRAIN_SIZE !== 0 && r.offset + r.length !== ix.size)) throw bad('is not aligned to grains');
    if (r.offset + r.length > ix.size) throw bad('lies past the end of the disk');
    if (Math.floor(r.offset / ix.blockSize) !== Math.floor((r.offset + r.length - 1) / ix.blockSize)) throw bad('crosses a block boundary');
    if (r.offset < end) throw bad('overlaps the record before it or is out of order');
    end = r.offset + r.length;
  });
  return ix;
}

/** Data records of one index, unique by position in the data file, in file order. */
export function storedRecords(ix: DiskIndex): Extract<BlockRecord, { kind: 'data' }>[] {
  const unique = new Map<number, Extract<BlockRecord, { kind: 'data' }>>();
  for (const r of ix.records) if (r.kind === 'data' && !unique.has(r.at)) unique.set(r.at, r);
  return [...unique.values()].sort((a, b) => a.at - b.at);
}

/** Why the records do not cover the data file exactly once, or null when they do. */
export function dataCoverageFault(ix: DiskIndex, storedBytes: number): string | null {
  let at = 0;
  for (const r of storedRecords(ix)) {
    if (r.at !== at) return r.at < at ? `records overlap at byte ${r.at} of the data file` : `bytes ${at}–${r.at} of the data file belong to no record`;
    at = r.at + r.stored;
  }
  return at === storedBytes ? null : `bytes ${at}–${storedBytes} of the data file belong to no record`;
}
