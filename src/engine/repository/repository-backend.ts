// The narrow storage interface a BackupRepository writes through: objects under '/'-separated keys,
// shaped like restic's backend (Save/Load/List/Remove) so a local folder (FsBackend), memory
// (MemoryBackend, for tests and fault injection) and later an object store all fit. There are no
// folders, renames or directory syncs: chain.json is the only commit (docs/repository-format.md),
// so a point's objects need only be durable before the chain that names them is put. Every
// implementation passes the one conformance suite (tests/engine/repository/fixtures/backend-conformance.ts).

import { EngineError } from '../engine-error.ts';

/** What a backend knows of one stored object. */
export interface ObjectInfo {
  key: string;
  size: number;
  /** When it was last written (an object store's LastModified, a file's mtime). */
  modified: Date;
}

/**
 * An object written in many appends (a point's data file, written while the data movers run): a
 * multipart upload on an object store, a temporary file renamed into place on a filesystem. Nothing
 * is visible under the key until finish(); abort() leaves the key as it was.
 */
export interface ObjectWriter {
  /** Bytes appended so far (the offset the next append lands at). */
  readonly size: number;
  /** Appends `data`; once the promise settles the writer holds no reference to it (callers reuse the buffer). */
  append(data: Uint8Array): Promise<void>;
  /** Makes everything appended durable and visible under the key, replacing any object there. */
  finish(): Promise<void>;
  /** Drops what was appended. Safe after finish() (then it does nothing) and twice. */
  abort(): Promise<void>;
}

export interface RepositoryBackend {
  /** A human name for messages (the folder path for a filesystem backend). */
  readonly location: string;
  /** Stores a whole object durably and atomically: readers see the old bytes or the new, never a mix. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** A whole object; a missing one is an error (VBRS_IO). */
  get(key: string): Promise<Buffer>;
  /**
   * Exactly `length` bytes at `offset`; a short object is an error (VBRS_IO). With `into` (at least
   * `length` bytes) they are read into it and the result is a view of it: readers that reuse their
   * buffers (restore, health check) allocate nothing per read.
   */
  getRange(key: string, offset: number, length: number, into?: Uint8Array): Promise<Buffer>;
  /** The object's size and time, or null when there is none. */
  stat(key: string): Promise<ObjectInfo | null>;
  /** Every object whose key starts with `prefix` (all depths), sorted by key. */
  list(prefix: string): Promise<ObjectInfo[]>;
  /** Removes an object; no error if it is already gone. */
  delete(key: string): Promise<void>;
  /** Starts an object written in appends (see ObjectWriter). */
  createWriter(key: string): Promise<ObjectWriter>;
  /**
   * Removes what writes killed before they finished left under `prefix` and list() never shows (a
   * folder's `.part-…` files whose writer is gone), and returns it: a backend whose puts leave
   * nothing behind (memory, an object store's aborted uploads expire by themselves) returns [].
   */
  sweepTemporary(prefix: string): Promise<ObjectInfo[]>;
}

/** Checks a key the way every backend must: relative, no empty, '.' or '..' segment. */
export function checkKey(location: string, key: string): string {
  const parts = key.split('/');
  if (key === '' || parts.some((p) => p === '' || p === '.' || p === '..'))
    throw new EngineError('VBRS_INVALID_ARGUMENT', `Repository '${location}': '${key}' is not a valid object key.`, { kind: 'Repository', name: location });
  return key;
}

/**
 * Turns an operating-system failure into the one engine error, so "disk full" and "read-only" reach
 * the user as a clear line naming the repository, whatever backend produced them.
 */
export function backendError(location: string, action: string, e: unknown): EngineError {
  if (e instanceof EngineError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const init = { kind: 'Repository', name: location, cause: e } as const;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new EngineError('VBRS_REPOSITORY_FULL', `Repository '${location}' is full: cannot ${action}.`, init);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
    return new EngineError('VBRS_REPOSITORY_READ_ONLY', `Repository '${location}' is read-only: cannot ${action}.`, init);
  const reason = e instanceof Error ? e.message : String(e);
  return new EngineError('VBRS_IO', `Repository '${location}': cannot ${action}: ${reason}`, init);
}

/** The first `length` bytes of a caller's buffer, as a Buffer over the same memory. */
export function intoView(into: Uint8Array, length: number): Buffer {
  if (into.byteLength < length) throw new Error(`read buffer of ${into.byteLength} bytes is smaller than ${length}`);
  return Buffer.from(into.buffer, into.byteOffset, length);
}
