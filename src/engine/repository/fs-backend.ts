// The repository backend for a local folder. Durability follows docs/repository-format.md: whole
// files are written to a temp name, fsynced and renamed, and the folder is fsynced after renames so
// a crash never leaves a half-written chain.json.

import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { Appender, RepositoryBackend } from './repository-backend.ts';
import { backendError, intoView } from './repository-backend.ts';
import { EngineError } from '../engine-error.ts';

const FLUSH_EVERY = 32 * 1024 * 1024;

export class FsBackend implements RepositoryBackend {
  readonly location: string;

  constructor(root: string) {
    this.location = path.resolve(root);
  }

  private abs(rel: string): string {
    const full = path.resolve(this.location, rel);
    if (full !== this.location && !full.startsWith(this.location + path.sep))
      throw new EngineError('VBRS_INVALID_ARGUMENT', `Repository '${this.location}': path '${rel}' is outside the repository.`, {
        kind: 'Repository',
        name: this.location,
      });
    return full;
  }

  async readFile(rel: string): Promise<Buffer> {
    try {
      return await fsp.readFile(this.abs(rel));
    } catch (e) {
      throw backendError(this.location, `read '${rel}'`, e);
    }
  }

  async readRange(rel: string, offset: number, length: number, into?: Uint8Array): Promise<Buffer> {
    let fh: fsp.FileHandle | undefined;
    try {
      fh = await fsp.open(this.abs(rel), 'r');
      const buf = into ? intoView(into, length) : Buffer.allocUnsafe(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      if (done < length) throw new Error(`file ends after ${offset + done} bytes, wanted ${length} at ${offset}`);
      return buf;
    } catch (e) {
      throw backendError(this.location, `read '${rel}'`, e);
    } finally {
      await fh?.close();
    }
  }

  async writeFileAtomic(rel: string, data: Uint8Array): Promise<void> {
    const target = this.abs(rel);
    const tmp = `${target}.tmp`;
    try {
      const fh = await fsp.open(tmp, 'w');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.rename(tmp, target);
      await this.syncAbsDir(path.dirname(target));
    } catch (e) {
      await fsp.rm(tmp, { force: true }).catch(() => {});
      throw backendError(this.location, `write '${rel}'`, e);
    }
  }

  async writeFile(rel: string, data: Uint8Array): Promise<void> {
    try {
      const fh = await fsp.open(this.abs(rel), 'w');
      try {
        await fh.writeFile(data);
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw backendError(this.location, `write '${rel}'`, e);
    }
  }

  async openAppender(rel: string): Promise<Appender> {
    const location = this.location;
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(this.abs(rel), 'a');
    } catch (e) {
      throw backendError(location, `create '${rel}'`, e);
    }
    let size = (await fh.stat()).size;
    // Writeback is started every FLUSH_EVERY bytes in the background, so the commit's fsync finds
    // little left to write instead of the whole point (it overlaps with the data movers' work).
    let unflushed = 0;
    let flushing: Promise<void> | null = null;
    return {
      get size() {
        return size;
      },
      async append(data: Uint8Array) {
        try {
          let done = 0;
          while (done < data.length) {
            const { bytesWritten } = await fh.write(data, done, data.length - done);
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
          throw backendError(location, `write '${rel}'`, e);
        }
      },
      async sync() {
        try {
          await flushing;
          await fh.sync();
        } catch (e) {
          throw backendError(location, `sync '${rel}'`, e);
        }
      },
      async close() {
        await flushing;
        await fh.close().catch(() => {});
      },
    };
  }

  async mkdir(rel: string): Promise<void> {
    const full = this.abs(rel);
    try {
      await fsp.mkdir(full, { recursive: true });
    } catch (e) {
      // Node's recursive mkdir reports ENOENT on a read-only file system; a plain mkdir of the
      // last level (its parent exists) tells the real reason.
      let real = e;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') real = await fsp.mkdir(full).then(() => null, (e2: unknown) => e2);
      if (real !== null) throw backendError(this.location, `create folder '${rel}'`, real);
    }
  }

  async list(rel: string): Promise<string[]> {
    try {
      return (await fsp.readdir(this.abs(rel))).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw backendError(this.location, `list '${rel}'`, e);
    }
  }

  async exists(rel: string): Promise<boolean> {
    try {
      await fsp.access(this.abs(rel));
      return true;
    } catch {
      return false;
    }
  }

  async rename(from: string, to: string): Promise<void> {
    const dst = this.abs(to);
    try {
      if (await this.exists(to)) throw new Error(`'${to}' already exists`);
      await fsp.rename(this.abs(from), dst);
      await this.syncAbsDir(path.dirname(dst));
    } catch (e) {
      throw backendError(this.location, `rename '${from}' to '${to}'`, e);
    }
  }

  async remove(rel: string): Promise<void> {
    try {
      await fsp.rm(this.abs(rel), { recursive: true, force: true });
    } catch (e) {
      throw backendError(this.location, `remove '${rel}'`, e);
    }
  }

  async syncDir(rel: string): Promise<void> {
    try {
      await this.syncAbsDir(this.abs(rel));
    } catch (e) {
      throw backendError(this.location, `sync folder '${rel}'`, e);
    }
  }

  private async syncAbsDir(dir: string): Promise<void> {
    const fh = await fsp.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}
