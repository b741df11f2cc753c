// One zstd compression context at one level and one output buffer, reused for every block a data
// mover worker compresses (why: zstd-native.ts); zstdCompressSync when Node's internals are not
// there. Frames carry what zstdCompressSync's do — the level's parameters, the content size and an
// XXH64 content checksum, which lets a restore trust the frame (record-codec.ts 'fast') — and are
// byte-identical to them from level 1 up (the fastest levels may split blocks differently).

import * as zlib from 'node:zlib';
import { nativeZstd, type NativeZstd } from './zstd-native.ts';

export class ZstdEncoder {
  readonly level: number;
  #engine: NativeZstd | null | undefined;
  #out: Buffer = Buffer.alloc(0);

  constructor(level: number) {
    this.level = level;
  }

  #params(): zlib.ZstdOptions {
    return { params: { [zlib.constants.ZSTD_c_compressionLevel]: this.level, [zlib.constants.ZSTD_c_checksumFlag]: 1 } };
  }

  /** The frame of `data`, as a view of this encoder's buffer valid until the next call. */
  frame(data: Uint8Array): Buffer {
    if (this.#engine === undefined) this.#engine = nativeZstd(zlib.createZstdCompress(this.#params()));
    const engine = this.#engine;
    // One output chunk the size of the input: node's default 16 KiB chunks cost a copy and a
    // concatenation per chunk, which halves throughput on 1 MiB blocks (measured).
    if (engine === null) return zlib.zstdCompressSync(data, { ...this.#params(), chunkSize: Math.max(data.length, 64) });
    // At least zstd's compress bound, so one call always completes the frame.
    const capacity = data.length + (data.length >> 8) + 1024;
    if (this.#out.length < capacity) this.#out = Buffer.allocUnsafe(capacity);
    const { written, inputLeft, error } = engine.write(data, this.#out, capacity);
    if (error !== null || inputLeft !== 0 || written === capacity) {
      engine.close();
      this.#engine = undefined;
      throw new Error(`zstd compression failed: ${error ?? 'the frame did not fit its bound'}`);
    }
    return this.#out.subarray(0, written);
  }
}
