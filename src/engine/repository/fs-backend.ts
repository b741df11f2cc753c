// The repository backend for a local folder: an object is a file at its key's path. Durability
// follows docs/repository-format.md: an object is written under a temporary name beside its key
// (`.part-…`, never listed), fsynced and renamed into place, and the folder is fsynced, so a crash
// leaves the old object or the new one. Folders exist only as far as keys need them.

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ObjectInfo, ObjectWriter, RepositoryBackend } from './repository-backend.ts';
import { backendError, checkKey, intoView } from './repository-backend.ts';
import { ORPHAN_AGE_MS } from './point-owner.ts';
import { processAlive } from '../process-alive.ts';
import { EngineError } from '../engine-error.ts';
import { pausePoint } from '../test-pause-point.ts';

const FLUSH_EVERY = 32 * 1024 * 1024;
// Appends go to the file in pieces of at most 256 KiB: on this machine a new file filled by 1 MiB
// writes was 1.2-7x slower than by 256 KiB ones (docs/performance.md, "Restore").
const WRITE_PIECE = 256 * 1024;
/** Names of objects being written; list() skips them, a key may not use the prefix. */
const PART = '.part-';

export class FsBackend implements RepositoryBackend {
  readonly location: string;

  constructor(root: string) {
    this.location = path.resolve(root);
  }

  private abs(key: string): string {
    checkKey(this.location, key);
    if (key.split('/').some((p) => p.startsWith(PART)))
      throw new EngineError('VBRS_INVALID_ARGUMENT', `Repository '${this.location}': '${key}' is not a valid object key.`, { kind: 'Repository', name: this.location });
    return path.join(this.location, ...key.split('/'));
  }

  private partOf(file: string): string {
    return path.join(path.dirname(file), `${PART}${path.basename(file)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    const target = this.abs(key);
    const tmp = this.partOf(target);
    try {
      await this.ensureDir(path.dirname(target));
      const fh = await fsp.open(tmp, 'w');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      if (process.env.VBRS_TEST_PAUSE_AT !== undefined) pausePoint(`atomic-write:${path.basename(target)}`);
      await fsp.rename(tmp, target);
      await syncAbsDir(path.dirname(target));
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => {});
      throw backendError(this.location, `write '${key}'`, e);
    }
    // A writer of this key killed mid-put left its temporary file; this put replaced what it wrote.
    await removeOrphanParts(path.dirname(target), path.basename(target));
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await fsp.readFile(this.abs(key));
    } catch (e) {
      throw backendError(this.location, `read '${key}'`, e);
    }
  }

  async getRange(key: string, offset: number, length: number, into?: Uint8Array): Promise<Buffer> {
    let fh: fsp.FileHandle | undefined;
    try {
      fh = await fsp.open(this.abs(key), 'r');
      const buf = into ? intoView(into, length) : Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      if (done < length) throw new Error(`object ends after ${offset + done} bytes, wanted ${length} at ${offset}`);
      return buf;
    } catch (e) {
      throw backendError(this.location, `read '${key}'`, e);
    } finally {
      await fh?.close();
    }
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    try {
      const s = await fsp.stat(this.abs(key));
      return s.isFile() ? { key, size: s.size, modified: s.mtime } : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
      throw backendError(this.location, `read '${key}'`, e);
    }
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    await this.#walk(prefix, `list '${prefix}'`, async (key, name, full) => {
      if (name.startsWith(PART) || !key.startsWith(prefix)) return;
      const s = await fsp.stat(full).catch(() => null);
      if (s) out.push({ key, size: s.size, modified: s.mtime });
    });
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async sweepTemporary(prefix: string): Promise<ObjectInfo[]> {
    const removed: ObjectInfo[] = [];
    await this.#walk(prefix, `sweep '${prefix}'`, async (key, name, full) => {
      if (!name.startsWith(PART) || !key.startsWith(prefix)) return;
      const s = await fsp.stat(full).catch(() => null);
      if (!s || !orphanPart(name, s.mtimeMs)) return;
      await fsp.rm(full, { force: true });
      removed.push({ key, size: s.size, modified: s.mtime });
    });
    // A folder that held nothing but the temporary file (a point killed at its first owner.json)
    // goes too, and the folders that left empty above it.
    for (const o of removed) {
      for (let dir = path.dirname(path.join(this.location, ...o.key.split('/'))); dir !== this.location && dir.startsWith(this.location + path.sep); dir = path.dirname(dir)) {
        if (!(await fsp.rmdir(dir).then(() => true, () => false))) break;
      }
    }
    return removed;
  }

  /** Calls `visit` for each file under the folder `prefix` names (or the one its last segment is
   *  in), walking only that part of the tree; `key` is the file's path as a key would spell it. */
  async #walk(prefix: string, action: string, visit: (key: string, name: string, full: string) => Promise<void>): Promise<void> {
    const slash = prefix.lastIndexOf('/');
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(rel === '' ? this.location : path.join(this.location, ...rel.split('/')), { withFileTypes: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return;
        throw backendError(this.location, action, e);
      }
      for (const ent of entries) {
        const key = rel === '' ? ent.name : `${rel}/${ent.name}`;
        if (!key.startsWith(prefix) && !prefix.startsWith(key + '/')) continue;
        if (ent.isDirectory()) {
          if (!ent.name.startsWith(PART)) await walk(key);
        } else if (ent.isFile()) await visit(key, ent.name, path.join(this.location, ...key.split('/')));
      }
    };
    await walk(slash < 0 ? '' : prefix.slice(0, slash));
  }

  async delete(key: string): Promise<void> {
    const file = this.abs(key);
    try {
      await fsp.rm(file, { force: true });
    } catch (e) {
      throw backendError(this.location, `remove '${key}'`, e);
    }
    // Folders exist for keys only: drop the ones this left empty (a concurrent put re-creates them).
    for (let dir = path.dirname(file); dir !== this.location && dir.startsWith(this.location + path.sep); dir = path.dirname(dir)) {
      await removeOrphanParts(dir);
      if (!(await fsp.rmdir(dir).then(() => true, () => false))) break;
    }
  }

  async createWriter(key: string): Promise<ObjectWriter> {
    const location = this.location;
    const target = this.abs(key);
    const tmp = this.partOf(target);
    let fh: fsp.FileHandle;
    try {
      await this.ensureDir(path.dirname(target));
      fh = await fsp.open(tmp, 'w');
    } catch (e) {
      throw backendError(location, `create '${key}'`, e);
    }
    let size = 0;
    let state: 'open' | 'finished' | 'aborted' = 'open';
    // Writeback is started every FLUSH_EVERY bytes in the background, so the commit's fsync finds
    // little left to write instead of the whole point (it overlaps with the data movers' work).
    let unflushed = 0;
    let flushing: Promise<void> | null = null;
    return {
      get size() {
        return size;
      },
      async append(data: Uint8Array) {
        if (state !== 'open') throw backendError(location, `write '${key}'`, new Error(`the object is already ${state}`));
        try {
          // One writev of WRITE_PIECE views: the pieces' sizes without a request (and two thread
          // wake-ups) per piece.
          let done = 0;
          while (done < data.length) {
            const pieces: Uint8Array[] = [];
            for (let at = done; at < data.length; at += WRITE_PIECE) pieces.push(data.subarray(at, Math.min(at + WRITE_PIECE, data.length)));
            const { bytesWritten } = await fh.writev(pieces);
            done += bytesWritten;
          }
          size += data.length;
          unflushed += data.length;
          if (unflushed >= FLUSH_EVERY && !flushing) {
            unflushed = 0;
            flushing = fh.datasync().then(
              () => {
                flushing = null;
              },
              () => {
                flushing = null;
              },
            );
          }
        } catch (e) {
          throw backendError(location, `write '${key}'`, e);
        }
      },
      async finish() {
        if (state !== 'open') throw backendError(location, `write '${key}'`, new Error(`the object is already ${state}`));
        try {
          await flushing;
          await fh.sync();
          await fh.close();
          state = 'finished';
          await fsp.rename(tmp, target);
          await syncAbsDir(path.dirname(target));
        } catch (e) {
          state = 'aborted';
          await fh.close().catch(() => {});
          await fsp.rm(tmp, { force: true }).catch(() => {});
          throw backendError(location, `write '${key}'`, e);
        }
      },
      async abort() {
        if (state !== 'open') return;
        state = 'aborted';
        await flushing;
        await fh.close().catch(() => {});
        await fsp.rm(tmp, { force: true }).catch(() => {});
      },
    };
  }

  /** Creates a folder and its parents; the entries of new folders are made durable too. */
  private async ensureDir(dir: string): Promise<void> {
    let first: string | undefined;
    try {
      first = await fsp.mkdir(dir, { recursive: true });
    } catch (e) {
      // Node's recursive mkdir reports ENOENT on a read-only file system; a plain mkdir of the
      // last level (its parent exists) tells the real reason.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') await fsp.mkdir(dir);
      throw e;
    }
    if (first === undefined) return;
    for (let d = dir; ; d = path.dirname(d)) {
      await syncAbsDir(path.dirname(d));
      if (d === first || path.dirname(d) === d) break;
    }
  }
}

/**
 * Temporary files killed writers left: when deleting left a folder holding only `.part-` files (its
 * objects are deleted only once its writer is gone), or, with `of`, those of one key after a put of
 * it. They go if their writer is gone (orphanPart).
 */
async function removeOrphanParts(dir: string, of?: string): Promise<void> {
  let names = await fsp.readdir(dir).catch(() => [] as string[]);
  if (of !== undefined) names = names.filter((n) => n.startsWith(`${PART}${of}-`));
  else if (!names.every((n) => n.startsWith(PART))) return;
  for (const n of names) {
    const s = await fsp.stat(path.join(dir, n)).catch(() => null);
    if (s && orphanPart(n, s.mtimeMs)) await fsp.rm(path.join(dir, n), { force: true }).catch(() => {});
  }
}

/** A temporary file whose writer is gone: its pid (in the name) is not alive here, or it has not
 *  been written for ORPHAN_AGE_MS (a writer on another host sharing the folder). */
function orphanPart(name: string, mtimeMs: number): boolean {
  const pid = Number(/-(\d+)-[a-z0-9]+$/.exec(name)?.[1]);
  return (Number.isSafeInteger(pid) && !processAlive(pid)) || Date.now() - mtimeMs > ORPHAN_AGE_MS;
}

async function syncAbsDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
