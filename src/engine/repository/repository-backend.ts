// The narrow storage interface a BackupRepository writes through. It knows files, not restore
// points, so a repository can live on a local folder (FsBackend), in memory (MemoryBackend, for
// tests and fault injection) or later on anything else that passes the one conformance suite
// (tests/engine/repository/backend-conformance.ts). Paths are relative, '/'-separated.

import { EngineError } from '../engine-error.ts';

/** An open file that only grows: the target data mover appends records to a point's data file. */
export interface Appender {
  /** Bytes written so far (the offset the next append lands at). */
  readonly size: number;
  append(data: Uint8Array): Promise<void>;
  /** Makes everything appended so far durable. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface RepositoryBackend {
  /** A human name for messages (the folder path for a filesystem backend). */
  readonly location: string;
  readFile(path: string): Promise<Buffer>;
  /**
   * Exactly `length` bytes at `offset`; a short file is an error (VBRS_IO). With `into` (at least
   * `length` bytes) they are read into it and the result is a view of it: readers that reuse their
   * buffers (restore, health check) allocate nothing per read.
   */
  readRange(path: string, offset: number, length: number, into?: Uint8Array): Promise<Buffer>;
  /** Writes a whole file durably and atomically: temp file, fsync, rename, fsync of the folder. */
  writeFileAtomic(path: string, data: Uint8Array): Promise<void>;
  /**
   * Writes a whole file and makes it durable, without the temp-and-rename dance: for files inside a
   * folder that is itself published atomically (a point's temporary folder).
   */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  openAppender(path: string): Promise<Appender>;
  /** Creates a folder and its parents; no error if it exists. */
  mkdir(path: string): Promise<void>;
  /** Names directly inside a folder (files and folders); [] when it does not exist. */
  list(path: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** Renames a file or folder (the destination must not exist), then makes the rename durable. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a folder tree; no error if it is already gone. */
  remove(path: string): Promise<void>;
  /** Makes a folder's entries durable (after files were created in it). */
  syncDir(path: string): Promise<void>;
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
