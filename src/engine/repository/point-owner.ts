// Who is writing an uncommitted point folder: a small `owner.json` put before any of the point's
// other objects, naming the process and host. A sweep of leftovers removes a folder only when its
// owner is gone (a dead pid on this host) or, with no owner record (a folder of an older writer) or
// an owner on another host, when nothing in it has changed for a long time, so a concurrent
// writer in another process never loses its point.

import * as os from 'node:os';
import { processAlive } from '../process-alive.ts';

export interface PointOwner {
  format: 'vbrs-writer';
  pid: number;
  host: string;
  started: string;
}

/** A folder without a live owner is left alone this long after its last write. */
export const ORPHAN_AGE_MS = 60 * 60 * 1000;

export function currentOwner(now = new Date()): PointOwner {
  return { format: 'vbrs-writer', pid: process.pid, host: os.hostname(), started: now.toISOString() };
}

/** Parses an owner record; null when the bytes are not one. */
export function parseOwner(bytes: Buffer | null): PointOwner | null {
  if (!bytes) return null;
  try {
    const o = JSON.parse(bytes.toString('utf8')) as Partial<PointOwner>;
    if (o.format === 'vbrs-writer' && Number.isSafeInteger(o.pid) && typeof o.host === 'string') return o as PointOwner;
  } catch {
    // an unreadable record counts as none
  }
  return null;
}

/** Why an uncommitted folder may be removed, or null while its writer may still be at work. */
export function orphanReason(owner: PointOwner | null, lastWrite: Date, now = new Date()): string | null {
  if (owner && owner.host === os.hostname()) return processAlive(owner.pid) ? null : `its writer (pid ${owner.pid}) is gone`;
  const idle = now.getTime() - lastWrite.getTime();
  if (idle < ORPHAN_AGE_MS) return null;
  const mins = Math.round(idle / 60_000);
  return owner ? `its writer on host '${owner.host}' has not written for ${mins} min` : `it has no owner record and was last written ${mins} min ago`;
}
