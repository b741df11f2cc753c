// An in-memory repository backend: fast tests without a disk, and the place to inject the faults a
// real disk produces rarely on demand (full at N bytes, read-only, a failing fsync) with the same
// error codes the operating system gives, so the engine's error paths can be tested exactly.

import type { Appender, RepositoryBackend } from './repository-backend.ts';
import { backendError, intoView } from './repository-backend.ts';

export interface MemoryBackendFaults {
  /** Total bytes the backend may hold; writes past it fail with ENOSPC. */
  capacityBytes?: number;
  /** Every write fails with EROFS. */
  readOnly?: boolean;
}

function errno(code: string, message: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: ${message}`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

function norm(p: string): string {
  return p.split('/').filter((s) => s !== '' && s !== '.').join('/');
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export class MemoryBackend implements RepositoryBackend {
  readonly location: string;
  faults: MemoryBackendFaults;
  private files = new Map<string, Buffer[]>();
  private dirs = new Set<string>(['']);

  constructor(location = 'memory', faults: MemoryBackendFaults = {}) {
    this.location = location;
    this.faults = faults;
  }

  /** Bytes held by all files (what `capacityBytes` is checked against). */
  usedBytes(): number {
    let n = 0;
    for (const chunks of this.files.values()) for (const c of chunks) n += c.length;
    return n;
  }

  /** Test hook: the live chunks of a file, to corrupt bytes in place. */
  rawFile(p: string): Buffer | undefined {
    const chunks = this.files.get(norm(p));
    if (!chunks) return undefined;
    const whole = Buffer.concat(chunks);
    this.files.set(norm(p), [whole]);
    return whole;
  }

  private checkWrite(action: string, bytes: number): void {
    if (this.faults.readOnly) throw backendError(this.location, action, errno('EROFS', 'read-only file system'));
    const cap = this.faults.capacityBytes;
    if (cap !== undefined && this.usedBytes() + bytes > cap)
      throw backendError(this.location, action, errno('ENOSPC', 'no space left on device'));
  }

  private requireParent(p: string, action: string): void {
    if (!this.dirs.has(parentOf(p))) throw backendError(this.location, action, errno('ENOENT', `no folder '${parentOf(p)}'`));
  }

  async readFile(p: string): Promise<Buffer> {
    const chunks = this.files.get(norm(p));
    if (!chunks) throw backendError(this.location, `read '${p}'`, errno('ENOENT', 'no such file'));
    return Buffer.from(Buffer.concat(chunks));
  }

  async readRange(p: string, offset: number, length: number, into?: Uint8Array): Promise<Buffer> {
    const whole = await this.readFile(p);
    if (offset + length > whole.length)
      throw backendError(this.location, `read '${p}'`, new Error(`file ends after ${whole.length} bytes, wanted ${length} at ${offset}`));
    if (!into) return whole.subarray(offset, offset + length);
    const view = intoView(into, length);
    whole.copy(view, 0, offset, offset + length);
    return view;
  }

  async writeFileAtomic(p: string, data: Uint8Array): Promise<void> {
    const key = norm(p);
    const action = `write '${p}'`;
    this.requireParent(key, action);
    const old = this.files.get(key);
    const oldSize = old ? old.reduce((n, c) => n + c.length, 0) : 0;
    this.checkWrite(action, Math.max(0, data.length - oldSize));
    this.files.set(key, [Buffer.from(data)]);
  }

  async writeFile(p: string, data: Uint8Array): Promise<void> {
    await this.writeFileAtomic(p, data);
  }

  async openAppender(p: string): Promise<Appender> {
    const key = norm(p);
    this.requireParent(key, `create '${p}'`);
    this.checkWrite(`create '${p}'`, 0);
    if (!this.files.has(key)) this.files.set(key, []);
    const chunks = this.files.get(key)!;
    let size = chunks.reduce((n, c) => n + c.length, 0);
    return {
      get size() {
        return size;
      },
      append: async (data: Uint8Array) => {
        this.checkWrite(`write '${p}'`, data.length);
        const live = this.files.get(key);
        if (!live) throw backendError(this.location, `write '${p}'`, errno('ENOENT', 'file was removed'));
        live.push(Buffer.from(data));
        size += data.length;
      },
      sync: async () => {},
      close: async () => {},
    };
  }

  async mkdir(p: string): Promise<void> {
    const key = norm(p);
    if (this.dirs.has(key)) return;
    this.checkWrite(`create folder '${p}'`, 0);
    const parts = key.split('/');
    for (let i = 1; i <= parts.length; i++) this.dirs.add(parts.slice(0, i).join('/'));
  }

  async list(p: string): Promise<string[]> {
    const key = norm(p);
    const prefix = key === '' ? '' : key + '/';
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k === key || !k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      if (rest !== '') names.add(rest.split('/')[0]!);
    }
    return [...names].sort();
  }

  async exists(p: string): Promise<boolean> {
    const key = norm(p);
    return this.files.has(key) || this.dirs.has(key);
  }

  async rename(from: string, to: string): Promise<void> {
    const src = norm(from);
    const dst = norm(to);
    const action = `rename '${from}' to '${to}'`;
    if (await this.exists(dst)) throw backendError(this.location, action, errno('EEXIST', `'${to}' already exists`));
    if (!(await this.exists(src))) throw backendError(this.location, action, errno('ENOENT', `no '${from}'`));
    this.requireParent(dst, action);
    this.checkWrite(action, 0);
    const move = (k: string) => (k === src ? dst : k.startsWith(src + '/') ? dst + k.slice(src.length) : k);
    this.files = new Map([...this.files].map(([k, v]) => [move(k), v]));
    this.dirs = new Set([...this.dirs].map(move));
  }

  async remove(p: string): Promise<void> {
    const key = norm(p);
    if (!(await this.exists(key))) return;
    if (this.faults.readOnly) throw backendError(this.location, `remove '${p}'`, errno('EROFS', 'read-only file system'));
    const inside = (k: string) => k === key || k.startsWith(key + '/');
    for (const k of [...this.files.keys()]) if (inside(k)) this.files.delete(k);
    for (const k of [...this.dirs]) if (inside(k) && k !== '') this.dirs.delete(k);
  }

  async syncDir(): Promise<void> {}
}
