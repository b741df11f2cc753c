// Why a folder could not be created or written, in words a user acts on. `mkdir -p` under a
// read-only mount fails with ENOENT (the missing folder cannot be made, so the path "does not
// exist"), which sends the user looking for a typo; the real cause is found by asking the nearest
// folder that does exist whether it can be written.

import * as fs from 'node:fs';
import * as path from 'node:path';

export type WriteFailureKind = 'read-only' | 'full' | 'denied' | 'other';

export interface WriteFailure {
  kind: WriteFailureKind;
  /** e.g. "the filesystem is read-only (EROFS)". */
  reason: string;
}

const REASONS: Record<string, [WriteFailureKind, string]> = {
  EROFS: ['read-only', 'the filesystem is read-only'],
  ENOSPC: ['full', 'the filesystem is full'],
  EDQUOT: ['full', 'the disk quota is used up'],
  EACCES: ['denied', 'permission denied'],
  EPERM: ['denied', 'permission denied'],
};

/** The real cause of `e`, raised while creating or writing `target`. */
export function writeFailure(target: string, e: unknown): WriteFailure {
  let code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') code = ancestorProblem(target) ?? code;
  const known = code ? REASONS[code] : undefined;
  if (known) return { kind: known[0], reason: `${known[1]} (${code})` };
  // An existing, writable folder that still refuses new entries: /proc, /sys and the like.
  if (code === 'ENOENT') return { kind: 'other', reason: `'${nearestExisting(target)}' does not accept new files or folders (ENOENT)` };
  return { kind: 'other', reason: code ?? (e instanceof Error ? e.message : String(e)) };
}

/** The errno code that stops writing into the nearest existing ancestor of `target`, if any. */
function ancestorProblem(target: string): string | undefined {
  const at = nearestExisting(target);
  try {
    fs.accessSync(at, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code;
  }
}

/** `target`, or the closest of its ancestors that exists. */
function nearestExisting(target: string): string {
  let at = path.resolve(target);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  return at;
}
