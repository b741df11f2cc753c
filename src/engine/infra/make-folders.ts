// `mkdir -p` that always ends. Node's `mkdir(…, { recursive: true })` loops forever where a
// folder exists but refuses children with ENOENT (/proc, /sys: `Start-Restore -Path /proc/x`
// hung for minutes), so the missing levels are made one at a time with plain mkdir, which fails
// at once with the real errno. The folders made are returned so that a failed operation can
// remove exactly what it created and leave nothing behind.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

/** The levels of `target` that do not exist yet, outermost first. */
function missingLevels(target: string): string[] {
  const missing: string[] = [];
  for (let at = path.resolve(target); !fs.existsSync(at); at = path.dirname(at)) {
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  return missing;
}

/** Creates `target` and its missing parents; returns the folders it made, outermost first. */
export function makeFoldersSync(target: string): string[] {
  const made: string[] = [];
  try {
    for (const dir of missingLevels(target)) {
      fs.mkdirSync(dir);
      made.push(dir);
    }
  } catch (e) {
    removeFoldersSync(made);
    throw e;
  }
  return made;
}

/** Creates `target` and its missing parents; returns the folders it made, outermost first. */
export async function makeFolders(target: string): Promise<string[]> {
  const made: string[] = [];
  try {
    for (const dir of missingLevels(target)) {
      await fsp.mkdir(dir);
      made.push(dir);
    }
  } catch (e) {
    await removeFolders(made);
    throw e;
  }
  return made;
}

/** Removes folders `makeFolders` made (innermost first), keeping any that are no longer empty. */
export async function removeFolders(made: readonly string[]): Promise<void> {
  for (const dir of [...made].reverse()) await fsp.rmdir(dir).catch(() => {});
}

function removeFoldersSync(made: readonly string[]): void {
  for (const dir of [...made].reverse()) {
    try {
      fs.rmdirSync(dir);
    } catch {
      // not empty any more: someone else's now
    }
  }
}
