// One zstd decompression context and one output buffer, reused for every record a data mover
// worker decodes. `zlib.zstdDecompressSync` makes a new context per call and Node frees a zstd
// context only when its handle is garbage-collected (ZstdContext::Close() is empty), so each 1 MiB
// record left ~1.3 MiB of native memory V8 does not see plus a 1 MiB output buffer until the next
// collection: the restore's peak RSS grew by ~100 MB over the backup's. Public zlib has no way to
// decode into a caller's buffer, so this drives the stream's native handle the way Node's own
// synchronous path does (`handle.writeSync` + `_writeState`); when a Node version lacks those
// internals, it falls back to zstdDecompressSync.

import * as zlib from 'node:zlib';

/** The parts of Node's zlib stream internals used here (lib/zlib.js processChunkSync). */
interface NativeZstdHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code: string) => void;
  close(): void;
}

interface NativeEngine {
  handle: NativeZstdHandle;
  /** [avail_out, avail_in] after the last write. */
  state: Uint32Array;
  error: string | null;
}

function nativeEngine(): NativeEngine | null {
  const stream = zlib.createZstdDecompress() as unknown as { _handle?: NativeZstdHandle; _writeState?: unknown };
  const handle = stream._handle;
  const state = stream._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length !== 2) return null;
  const engine: NativeEngine = { handle, state, error: null };
  // Replaces the stream's handler (which would destroy the stream): the error is read after the call.
  handle.onerror = (message) => {
    engine.error = message;
  };
  return engine;
}

export class ZstdDecoder {
  #engine: NativeEngine | null | undefined;
  #out: Buffer = Buffer.alloc(0);

  /**
   * Decodes one whole zstd frame that must hold exactly `length` bytes. The result is a view of
   * this decoder's buffer, valid until the next call. Throws when the frame is damaged, truncated
   * (its checksum is verified when it has one) or decodes to another length.
   */
  decode(stored: Uint8Array, length: number): Buffer {
    if (this.#engine === undefined) this.#engine = nativeEngine();
    const engine = this.#engine;
    if (engine === null) return zlib.zstdDecompressSync(stored, { maxOutputLength: Math.max(length, 1), chunkSize: Math.max(length, 64) });
    // One spare byte: a frame that decodes to more than `length` fills it, and a frame cut short
    // leaves room, which makes the handle report 'unexpected end of file' at the end directive.
    if (this.#out.length < length + 1) this.#out = Buffer.allocUnsafe(length + 1);
    engine.error = null;
    engine.handle.writeSync(zlib.constants.ZSTD_e_end, stored, 0, stored.length, this.#out, 0, length + 1);
    const produced = length + 1 - engine.state[0]!;
    const leftIn = engine.state[1]!;
    if (engine.error !== null || produced !== length || leftIn !== 0) {
      // The context is mid-frame or holds a sticky error (reset() does not clear it): start afresh.
      engine.handle.close();
      this.#engine = undefined;
      if (engine.error !== null) throw new Error(engine.error);
      throw new Error(produced > length ? `decodes to more than ${length} bytes` : leftIn !== 0 ? 'data after the end of the frame' : `decodes to ${produced} bytes`);
    }
    return this.#out.subarray(0, length);
  }
}
