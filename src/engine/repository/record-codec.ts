// Encoding and decoding of one record's bytes: zstd at the job's level, or stored as is when
// compression would not shrink it (random data: storing raw saves the restore a decode).
// Decoding always verifies the length and the grain tree hash, so damaged data is never returned.

import * as zlib from 'node:zlib';
import type { RecordCodec } from './repository-format.ts';
import { treeHash } from './grain-hash.ts';
import type { ZstdDecoder } from './zstd-decoder.ts';
import type { ZstdEncoder } from './zstd-encoder.ts';

export interface EncodedRecord {
  codec: RecordCodec;
  bytes: Uint8Array;
}

/** Big records are first tried on a sample; if that does not shrink, compressing the rest would not either. */
const SAMPLE = 32 * 1024;
const SAMPLE_MIN = 4 * SAMPLE;

function compress(data: Uint8Array, level: number): Buffer {
  // One output chunk the size of the input: node's default 16 KiB chunks cost a copy and a
  // concatenation per chunk, which halves throughput on 1 MiB blocks (measured).
  return zlib.zstdCompressSync(data, { chunkSize: Math.max(data.length, 64), params: { [zlib.constants.ZSTD_c_compressionLevel]: level, [zlib.constants.ZSTD_c_checksumFlag]: 1 } });
}

/**
 * With an `encoder` (a data mover worker's, at `zstdLevel`), compression reuses its context and
 * buffer, and the stored bytes are copied out at their exact size.
 */
export function encodeRecord(data: Uint8Array, zstdLevel: number | null, encoder?: ZstdEncoder): EncodedRecord {
  if (zstdLevel === null) return { codec: 'none', bytes: data };
  if (encoder && encoder.level === zstdLevel) {
    const z = smallerFrame(data, encoder);
    return z ? { codec: 'zstd', bytes: new Uint8Array(z) } : { codec: 'none', bytes: data };
  }
  // Already-compressed or encrypted data (a fifth of a typical disk) costs a full compression pass
  // for nothing; a 32 KiB probe that does not shrink by 3% skips it.
  if (data.length >= SAMPLE_MIN && compress(data.subarray(0, SAMPLE), zstdLevel).length > SAMPLE * 0.97) return { codec: 'none', bytes: data };
  const z = compress(data, zstdLevel);
  return z.length < data.length ? { codec: 'zstd', bytes: z } : { codec: 'none', bytes: data };
}

/**
 * encodeRecord with a worker's `encoder`, storing a frame over `data` itself: a frame is kept only
 * when it is shorter than the data, so it fits, and the record then needs no memory of its own (a
 * data mover hands the target one buffer per batch, which comes back for the next batch).
 * `data`'s bytes are overwritten when the result is 'zstd'; the result is a view of `data`.
 */
export function encodeRecordInPlace(data: Uint8Array, zstdLevel: number, encoder: ZstdEncoder): EncodedRecord {
  if (encoder.level !== zstdLevel) throw new Error(`encoder is at level ${encoder.level}, not ${zstdLevel}`);
  const z = smallerFrame(data, encoder);
  if (!z) return { codec: 'none', bytes: data };
  data.set(z);
  return { codec: 'zstd', bytes: data.subarray(0, z.length) };
}

/** The encoder's frame of `data` (a view of its buffer) when worth storing: null when not smaller, or the probe says so. */
function smallerFrame(data: Uint8Array, encoder: ZstdEncoder): Buffer | null {
  if (data.length >= SAMPLE_MIN && encoder.frame(data.subarray(0, SAMPLE)).length > SAMPLE * 0.97) return null;
  const z = encoder.frame(data);
  return z.length < data.length ? z : null;
}

/** Why a record is not what its index says, or null when it is. */
export type RecordFault = string | null;

/** With a `decoder`, zstd records decode into its reused buffer (valid until its next decode). */
export function decodeRecord(codec: RecordCodec, stored: Uint8Array, length: number, decoder?: ZstdDecoder): Buffer {
  if (codec === 'none') return Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  if (codec === 'zstd' && decoder) return decoder.decode(stored, length);
  if (codec === 'zstd') return zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(length, 1), chunkSize: Math.max(length, 64) });
  throw new Error(`unknown codec '${String(codec)}'`);
}

/**
 * True when a zstd frame carries its own content checksum (XXH64, Frame_Header_Descriptor bit 2),
 * which the decoder verifies: a damaged frame then fails to decode.
 */
export function hasFrameChecksum(stored: Uint8Array): boolean {
  return stored.length > 4 && stored[0] === 0x28 && stored[1] === 0xb5 && stored[2] === 0x2f && stored[3] === 0xfd && (stored[4]! & 0x04) !== 0;
}

/**
 * How a record is verified. 'tree' recomputes the grain tree hash of the index (health check, merge).
 * 'fast' lets a zstd frame's own checksum vouch for it and hashes only the rest (restore: the same
 * damage is caught for a fraction of the CPU; the health check still proves the index checksums).
 */
export type VerifyMode = 'tree' | 'fast';

/** Decodes and verifies; returns the bytes or the reason they are bad. */
export function decodeVerified(
  codec: RecordCodec,
  stored: Uint8Array,
  length: number,
  checksum: string,
  mode: VerifyMode = 'tree',
  decoder?: ZstdDecoder,
): { data: Buffer; fault: null } | { data: null; fault: string } {
  let data: Buffer;
  try {
    data = decodeRecord(codec, stored, length, decoder);
  } catch (e) {
    return { data: null, fault: `cannot be decoded (${e instanceof Error ? e.message : String(e)})` };
  }
  if (data.length !== length) return { data: null, fault: `decodes to ${data.length} bytes instead of ${length}` };
  if (mode === 'fast' && codec === 'zstd' && hasFrameChecksum(stored)) return { data, fault: null };
  if (treeHash(data) !== checksum) return { data: null, fault: 'checksum mismatch' };
  return { data, fault: null };
}
