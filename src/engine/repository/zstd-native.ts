// Drives one Node zstd stream's native handle synchronously, so a data mover worker can reuse one
// zstd context and one output buffer for every record instead of making both per call (what
// zstdCompressSync / zstdDecompressSync do; Node frees a zstd context only when its handle is
// garbage-collected — ZstdContext::Close() is empty — and V8 does not see that native memory, so
// it piled up in the workers: ~100 MB of the bench's peak RSS). Public zlib has no call that
// writes into a caller's buffer, so this uses what Node's own sync path uses (lib/zlib.js
// processChunkSync: `handle.writeSync` and `_writeState`). Null when a Node version lacks them;
// callers then fall back to the public one-shot calls.

import type { Transform } from 'node:stream';

interface NativeHandle {
  writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number): void;
  onerror: (message: string, errno: number, code: string) => void;
  close(): void;
}

export interface NativeZstd {
  /** One write with the end directive; the error the handle reported, if any. */
  write(input: Uint8Array, out: Uint8Array, outLen: number): { written: number; inputLeft: number; error: string | null };
  close(): void;
}

export function nativeZstd(stream: Transform): NativeZstd | null {
  const internals = stream as unknown as { _handle?: NativeHandle; _writeState?: unknown };
  const handle = internals._handle;
  const state = internals._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length !== 2) return null;
  let error: string | null = null;
  // Replaces the stream's handler (which would destroy the stream): the error is read after the call.
  handle.onerror = (message) => {
    error = message;
  };
  const ZSTD_E_END = 2;
  return {
    write(input, out, outLen) {
      error = null;
      handle.writeSync(ZSTD_E_END, input, 0, input.length, out, 0, outLen);
      // state: [avail_out, avail_in] after the call.
      return { written: outLen - state[0]!, inputLeft: state[1]!, error };
    },
    close: () => handle.close(),
  };
}
