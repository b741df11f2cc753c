// Damaged blocks a health check found, kept in the repository beside the chain they belong to
// (`<job>/<vm>/damaged.json`, a sealed JSON file), so the next backup of that VM — in this process
// or another — re-sends them from the VM (or, when a whole file of the chain is damaged, sends the
// disk in full) and the chain heals, as Veeam's health check does. A mark is removed once a point
// that re-sent it is committed.

import type { RepositoryBackend } from './repository-backend.ts';
import { chainDir } from './repository-format.ts';
import { sealJson, unsealJson } from './sealed-json.ts';

export interface DamageMark {
  pointId: string;
  disk: string;
  /** The damaged file ('data' for a block; any other file makes the disk's next backup a full). */
  file: string;
  /** Block number and its size in the point; -1 for a whole file. */
  block: number;
  blockSize: number;
  reason: string;
}

interface DamageFile {
  format: 'vbrs-damaged';
  version: 2;
  marks: DamageMark[];
}

function key(job: string, vm: string): string {
  return `${chainDir(job, vm)}/damaged.json`;
}

/** The marks of a chain; an unreadable file counts as none (the next health check marks again). */
export async function readDamageMarks(backend: RepositoryBackend, job: string, vm: string): Promise<DamageMark[]> {
  if (!(await backend.stat(key(job, vm)))) return [];
  try {
    const f = unsealJson(await backend.get(key(job, vm))).value as DamageFile;
    return f.format === 'vbrs-damaged' && Array.isArray(f.marks) ? f.marks : [];
  } catch {
    return [];
  }
}

export async function writeDamageMarks(backend: RepositoryBackend, job: string, vm: string, marks: DamageMark[]): Promise<void> {
  if (marks.length === 0) {
    await backend.delete(key(job, vm));
    return;
  }
  const file: DamageFile = { format: 'vbrs-damaged', version: 2, marks };
  await backend.put(key(job, vm), sealJson(file, 1));
}

/** `marks` plus `more`, each (point, disk, file, block) once. */
export function mergeMarks(marks: DamageMark[], more: DamageMark[]): DamageMark[] {
  const out = new Map<string, DamageMark>();
  for (const m of [...marks, ...more]) out.set(`${m.pointId}\u0000${m.disk}\u0000${m.file}\u0000${m.block}`, m);
  return [...out.values()];
}
