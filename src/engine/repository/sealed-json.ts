// The self-checking JSON files of format version 2 (chain.json, repository.json): the JSON text and
// a last line `#sha256 <hex>` holding the SHA-256 of every byte before that line, so a reader can
// tell a damaged file from a good one before trusting any of it (docs/repository-format.md).

import { createHash } from 'node:crypto';

const TRAILER = /^#sha256 ([0-9a-f]{64})$/;

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `value` as a sealed file: JSON text, newline, the hash line. */
export function sealJson(value: unknown, indent?: number): Buffer {
  const body = Buffer.from(JSON.stringify(value, null, indent) + '\n');
  return Buffer.concat([body, Buffer.from(`#sha256 ${sha256Hex(body)}\n`)]);
}

/**
 * The parsed JSON of a file and whether it was sealed. A file with a hash line must match it; one
 * without is returned unsealed (a version 1 file: the caller checks that its version says so).
 * Throws a short reason when the file is damaged or not JSON.
 */
export function unsealJson(bytes: Buffer): { value: unknown; sealed: boolean } {
  let body = bytes;
  let sealed = false;
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0a) {
    const start = bytes.lastIndexOf(0x0a, bytes.length - 2) + 1;
    const m = TRAILER.exec(bytes.subarray(start, bytes.length - 1).toString('latin1'));
    if (m) {
      body = bytes.subarray(0, start);
      if (sha256Hex(body) !== m[1]) throw new Error('checksum mismatch');
      sealed = true;
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Error('not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return { value, sealed };
}
