// An in-memory repository backend: fast tests without a disk, and the place to inject the faults a
// real disk produces rarely on demand (full at N bytes, read-only) with the same error codes the
// operating system gives, so the engine's error paths can be tested exactly.

import type { ObjectInfo, ObjectWriter, RepositoryBackend } from './repository-backend.ts';
import { backendError, checkKey, intoView } from './repository-backend.ts';

export interface MemoryBackendFaults {
  /** Total bytes the backend may hold (objects and writers' pending parts); writes past it fail with ENOSPC. */
  capacityBytes?: number;
  /** Every write fails with EROFS. */
  readOnly?: boolean;
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: ${message}`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

interface StoredObject {
  bytes: Buffer;
  modified: Date;
}

export class MemoryBackend implements RepositoryBackend {
  readonly location: string;
  faults: MemoryBackendFaults;
  private objects = new Map<string, StoredObject>();
  /** Bytes appended to writers not yet finished (they count against the capacity). */
  private pending = 0;

  constructor(location = 'memory', faults: MemoryBackendFaults = {}) {
    this.location = location;
    this.faults = faults;
  }

  /** Bytes held by all objects and unfinished writers (what `capacityBytes` is checked against). */
  usedBytes(): number {
    let n = this.pending;
    for (const o of this.objects.values()) n += o.bytes.length;
    return n;
  }

  /** Test hook: the live bytes of an object, to corrupt them in place. */
  rawObject(key: string): Buffer | undefined {
    return this.objects.get(key)?.bytes;
  }

  /** Test hook: replaces an object's bytes without any check (a damaged or foreign write). */
  setRaw(key: string, bytes: Uint8Array, modified = new Date()): void {
    this.objects.set(key, { bytes: Buffer.from(bytes), modified });
  }

  private checkWrite(action: string, bytes: number): void {
    if (this.faults.readOnly) throw backendError(this.location, action, errno('EROFS', 'read-only file system'));
    const cap = this.faults.capacityBytes;
    if (cap !== undefined && this.usedBytes() + bytes > cap)
      throw backendError(this.location, action, errno('ENOSPC', 'no space left on device'));
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    checkKey(this.location, key);
    const old = this.objects.get(key)?.bytes.length ?? 0;
    this.checkWrite(`write '${key}'`, Math.max(0, data.length - old));
    this.objects.set(key, { bytes: Buffer.from(data), modified: new Date() });
  }

  async get(key: string): Promise<Buffer> {
    const o = this.objects.get(checkKey(this.location, key));
    if (!o) throw backendError(this.location, `read '${key}'`, errno('ENOENT', 'no such object'));
    return Buffer.from(o.bytes);
  }

  async getRange(key: string, offset: number, length: number, into?: Uint8Array): Promise<Buffer> {
    const o = this.objects.get(checkKey(this.location, key));
    if (!o) throw backendError(this.location, `read '${key}'`, errno('ENOENT', 'no such object'));
    if (offset + length > o.bytes.length)
      throw backendError(this.location, `read '${key}'`, new Error(`object ends after ${o.bytes.length} bytes, wanted ${length} at ${offset}`));
    const view = into ? intoView(into, length) : Buffer.allocUnsafe(length);
    o.bytes.copy(view, 0, offset, offset + length);
    return view;
  }

  async stat(key: string): Promise<ObjectInfo | null> {
    const o = this.objects.get(checkKey(this.location, key));
    return o ? { key, size: o.bytes.length, modified: o.modified } : null;
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    for (const [key, o] of this.objects) if (key.startsWith(prefix)) out.push({ key, size: o.bytes.length, modified: o.modified });
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    checkKey(this.location, key);
    if (!this.objects.has(key)) return;
    if (this.faults.readOnly) throw backendError(this.location, `remove '${key}'`, errno('EROFS', 'read-only file system'));
    this.objects.delete(key);
  }

  /** A put here is one map write: a killed writer leaves nothing half-written. */
  async sweepTemporary(_prefix: string): Promise<ObjectInfo[]> {
    return [];
  }

  async createWriter(key: string): Promise<ObjectWriter> {
    checkKey(this.location, key);
    this.checkWrite(`create '${key}'`, 0);
    const chunks: Buffer[] = [];
    let size = 0;
    let state: 'open' | 'finished' | 'aborted' = 'open';
    const release = () => {
      this.pending -= size;
    };
    return {
      get size() {
        return size;
      },
      append: async (data: Uint8Array) => {
        if (state !== 'open') throw backendError(this.location, `write '${key}'`, new Error(`the object is already ${state}`));
        this.checkWrite(`write '${key}'`, data.length);
        chunks.push(Buffer.from(data));
        size += data.length;
        this.pending += data.length;
      },
      finish: async () => {
        if (state !== 'open') throw backendError(this.location, `write '${key}'`, new Error(`the object is already ${state}`));
        if (this.faults.readOnly) throw backendError(this.location, `write '${key}'`, errno('EROFS', 'read-only file system'));
        state = 'finished';
        release();
        this.objects.set(key, { bytes: Buffer.concat(chunks), modified: new Date() });
      },
      abort: async () => {
        if (state !== 'open') return;
        state = 'aborted';
        release();
      },
    };
  }
}
