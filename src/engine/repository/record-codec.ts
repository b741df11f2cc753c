// Encoding and decoding of one record's bytes: zstd at the job's level, or stored as is when
// compression would not shrink it (random data: storing raw saves the restore a decode).
// Decoding always verifies the length and the grain tree hash, so damaged data is never returned.

import * as zlib from 'node:zlib';
import type { RecordCodec } from './repository-format.ts';
import { treeHash } from './grain-hash.ts';

export interface EncodedRecord {
  codec: RecordCodec;
  bytes: Uint8Array;
}

export function encodeRecord(data: Uint8Array, zstdLevel: number | null): EncodedRecord {
  if (zstdLevel === null) return { codec: 'none', bytes: data };
  const z = zlib.zstdCompressSync(data, { params: { [zlib.constants.ZSTD_c_compressionLevel]: zstdLevel } });
  return z.length < data.length ? { codec: 'zstd', bytes: z } : { codec: 'none', bytes: data };
}

/** Why a record is not what its index says, or null when it is. */
export type RecordFault = string | null;

export function decodeRecord(codec: RecordCodec, stored: Uint8Array, length: number): Buffer {
  if (codec === 'none') return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (codec === 'zstd') return zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(length, 1) });
  throw new Error(`unknown codec '${String(codec)}'`);
}

/** Decodes and verifies; returns the bytes or the reason they are bad. */
export function decodeVerified(
  codec: RecordCodec,
  stored: Uint8Array,
  length: number,
  checksum: string,
): { data: Buffer; fault: null } | { data: null; fault: string } {
  let data: Buffer;
  try {
    data = decodeRecord(codec, stored, length);
  } catch (e) {
    return { data: null, fault: `cannot be decoded (${e instanceof Error ? e.message : String(e)})` };
  }
  if (data.length !== length) return { data: null, fault: `decodes to ${data.length} bytes instead of ${length}` };
  if (treeHash(data) !== checksum) return { data: null, fault: 'checksum mismatch' };
  return { data, fault: null };
}
