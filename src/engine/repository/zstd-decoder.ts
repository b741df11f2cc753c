// One zstd decompression context and one output buffer, reused for every record a data mover
// worker decodes (why: zstd-native.ts); zstdDecompressSync when Node's internals are not there.

import * as zlib from 'node:zlib';
import { nativeZstd, type NativeZstd } from './zstd-native.ts';

export class ZstdDecoder {
  #engine: NativeZstd | null | undefined;
  #out: Buffer = Buffer.alloc(0);

  /**
   * Decodes one whole zstd frame that must hold exactly `length` bytes. The result is a view of
   * this decoder's buffer, valid until the next call. Throws when the frame is damaged, truncated
   * (its checksum is verified when it has one) or decodes to another length.
   */
  decode(stored: Uint8Array, length: number): Buffer {
    if (this.#engine === undefined) this.#engine = nativeZstd(zlib.createZstdDecompress());
    const engine = this.#engine;
    if (engine === null) return zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(length, 1), chunkSize: Math.max(length, 64) });
    // One spare byte: a frame that decodes to more than `length` fills it, and a frame cut short
    // leaves room, which makes the handle report 'unexpected end of file' at the end directive.
    if (this.#out.length < length + 1) this.#out = Buffer.allocUnsafe(length + 1);
    const { written, inputLeft, error } = engine.write(stored, this.#out, length + 1);
    if (error !== null || written !== length || inputLeft !== 0) {
      // The context is mid-frame or holds a sticky error (its reset does not clear it): start afresh.
      engine.close();
      this.#engine = undefined;
      if (error !== null) throw new Error(error);
      throw new Error(written > length ? `decodes to more than ${length} bytes` : inputLeft !== 0 ? 'data after the end of the frame' : `decodes to ${written} bytes`);
    }
    return this.#out.subarray(0, length);
  }
}
