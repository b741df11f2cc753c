// One service per data folder: `$VBRS_HOME/service.lock` holds the pid and address of the service
// that owns the folder. It is created exclusively; a lock whose pid no longer runs (the service
// was killed with kill -9) is stale and taken over. The REPL reads it to show that a service owns
// the folder.

import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../engine/process-alive.ts';

export interface ServiceLockInfo {
  pid: number;
  /** `http://HOST:PORT`, or null while the service is still starting to listen. */
  address: string | null;
}

/** The second service on a data folder: the message names the first one. */
export class ServiceLockedError extends Error {
  readonly owner: ServiceLockInfo;

  constructor(home: string, owner: ServiceLockInfo) {
    const where = owner.address ? `at ${owner.address}` : 'still starting';
    super(`the data folder ${home} already has a vbrs service (pid ${owner.pid}, ${where}); stop it first or set VBRS_HOME to another folder`);
    this.owner = owner;
  }
}

export function serviceLockPath(home: string): string {
  return join(home, 'service.lock');
}

/** The live service that owns the data folder, or null (no lock, or a stale one). */
export function readServiceLock(home: string): ServiceLockInfo | null {
  const info = readLockFile(serviceLockPath(home));
  return info && info.pid !== process.pid && processAlive(info.pid) ? info : null;
}

export class ServiceLock {
  readonly #path: string;
  #address: string | null = null;
  #released = false;

  private constructor(path: string) {
    this.#path = path;
  }

  /** Takes the data folder for this process; throws ServiceLockedError when a live service has it. */
  static acquire(home: string): ServiceLock {
    mkdirSync(home, { recursive: true });
    const path = serviceLockPath(home);
    const lock = new ServiceLock(path);
    for (let attempt = 0; ; attempt++) {
      try {
        writeFileSync(path, lock.#content(), { flag: 'wx', mode: 0o644 });
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw e;
      }
      const text = safeRead(path);
      const owner = text === null ? null : parseLock(text);
      if (owner && processAlive(owner.pid)) throw new ServiceLockedError(home, owner);
      // Stale: its process is gone (or the file is half-written). Removed only if it is still the
      // file just read, so a service that took the folder over a moment ago keeps its lock.
      if (text !== null && safeRead(path) === text) unlinkSync(path);
    }
  }

  /** Records where this service listens, for the next one's error and for the REPL. */
  setAddress(address: string): void {
    this.#address = address;
    writeFileSync(this.#path, this.#content());
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (readLockFile(this.#path)?.pid === process.pid) unlinkSync(this.#path);
  }

  #content(): string {
    return `${JSON.stringify({ pid: process.pid, address: this.#address } satisfies ServiceLockInfo)}\n`;
  }
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readLockFile(path: string): ServiceLockInfo | null {
  const text = safeRead(path);
  return text === null ? null : parseLock(text);
}

function parseLock(text: string): ServiceLockInfo | null {
  try {
    const v = JSON.parse(text) as Partial<ServiceLockInfo>;
    if (typeof v.pid !== 'number') return null;
    return { pid: v.pid, address: typeof v.address === 'string' ? v.address : null };
  } catch {
    return null; // a half-written lock is treated as stale
  }
}
