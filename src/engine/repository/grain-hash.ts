// The checksum rule of the format: SHA-256 per 64 KiB grain, and a record's checksum is SHA-256 over
// its grains' digests. One pass of hashing gives both the digest table (change detection for the
// next incremental) and the record checksum (verification), so a backup hashes each byte once.

import { createHash } from 'node:crypto';
import { GRAIN_SIZE } from './repository-format.ts';

const ZERO_GRAIN = Buffer.alloc(GRAIN_SIZE);
const zeroDigests = new Map<number, Buffer>();

/** SHA-256 of `length` zero bytes, cached: zero grains are common and need no hashing. */
export function zeroGrainDigest(length: number): Buffer {
  let d = zeroDigests.get(length);
  if (!d) {
    d = createHash('sha256').update(ZERO_GRAIN.subarray(0, length)).digest();
    zeroDigests.set(length, d);
  }
  return d;
}

export function isZero(buf: Uint8Array): boolean {
  for (let at = 0; at < buf.length; at += GRAIN_SIZE) {
    const n = Math.min(GRAIN_SIZE, buf.length - at);
    if (!ZERO_GRAIN.subarray(0, n).equals(buf.subarray(at, at + n))) return false;
  }
  return true;
}

/** Writes the digest of each grain of `data` into `out` (32 bytes each) starting at `outAt`. */
export function grainDigests(data: Uint8Array, out: Uint8Array, outAt = 0): void {
  for (let at = 0, i = 0; at < data.length; at += GRAIN_SIZE, i++) {
    const g = data.subarray(at, Math.min(at + GRAIN_SIZE, data.length));
    const d = ZERO_GRAIN.subarray(0, g.length).equals(g) ? zeroGrainDigest(g.length) : createHash('sha256').update(g).digest();
    out.set(d, outAt + i * 32);
  }
}

/** The record checksum from already computed grain digests (concatenated, 32 bytes each). */
export function treeHashOfDigests(digests: Uint8Array): string {
  return createHash('sha256').update(digests).digest('hex');
}

/** The record checksum of uncompressed bytes. */
export function treeHash(data: Uint8Array): string {
  const digests = Buffer.alloc(Math.ceil(data.length / GRAIN_SIZE) * 32);
  grainDigests(data, digests);
  return treeHashOfDigests(digests);
}
