// The on-disk shapes of docs/repository-format.md as types, plus the path rules. Keeping them in one
// file means the doc and the code have one place to disagree, and the reader script can be checked
// against it.

/** The version vbrs writes; version 1 repositories, chains and points are still read. */
export const FORMAT_VERSION = 2;
/** The unit of change detection; every block size is a multiple of it. */
export const GRAIN_SIZE = 64 * 1024;

export type PointType = 'Full' | 'Increment';
export type RecordCodec = 'zstd' | 'none';

export interface RepositoryManifest {
  format: 'vbrs-repository';
  version: number;
  grainSize: number;
}

export interface DataRecord {
  offset: number;
  length: number;
  kind: 'data';
  /** Byte offset in the disk's .data file. */
  at: number;
  /** Encoded length in the .data file. */
  stored: number;
  codec: RecordCodec;
  /** Grain tree hash of the uncompressed bytes, lowercase hex. */
  checksum: string;
}

export interface ZeroRecord {
  offset: number;
  length: number;
  kind: 'zero';
}

export type BlockRecord = DataRecord | ZeroRecord;

export interface DiskIndex {
  format: 'vbrs-index';
  version: number;
  disk: string;
  size: number;
  full: boolean;
  blockSize: number;
  grainSize: number;
  records: BlockRecord[];
}

export interface PointDisk {
  name: string;
  size: number;
  full: boolean;
  blockSize: number;
  compression: string;
  storedBytes: number;
  records: number;
  /** SHA-256 (hex) of the disk's index.json and .digests files; absent in version 1 points. */
  indexSha256?: string;
  digestsSha256?: string;
}

export interface PointEntry {
  id: string;
  type: PointType;
  creationTime: string;
  dir: string;
  disks: PointDisk[];
}

export interface ChainFile {
  format: 'vbrs-chain';
  version: number;
  job: string;
  vm: string;
  points: PointEntry[];
}

/** A name as it appears in a path: URI-encoded, with '.' and '*' escaped too (see the doc). */
export function encodeName(name: string): string {
  return encodeURIComponent(name).replace(/\./g, '%2E').replace(/\*/g, '%2A');
}

export function chainDir(job: string, vm: string): string {
  return `${encodeName(job)}/${encodeName(vm)}`;
}

export function dataFile(pointDir: string, disk: string): string {
  return `${pointDir}/${encodeName(disk)}.data`;
}

export function indexFile(pointDir: string, disk: string): string {
  return `${pointDir}/${encodeName(disk)}.index.json`;
}

export function digestsFile(pointDir: string, disk: string): string {
  return `${pointDir}/${encodeName(disk)}.digests`;
}

/** The record of the process writing an uncommitted point folder (see sweep-temporary.ts). */
export function ownerFile(pointDir: string): string {
  return `${pointDir}/owner.json`;
}

/** Sortable, unique enough for one repository: creation time to the millisecond plus randomness. */
export function newPointId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${Math.random().toString(16).slice(2, 6).padEnd(4, '0')}`;
}
