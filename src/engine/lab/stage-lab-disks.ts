// Lays down a lab's disk content in staging files, as a generator that stops after every chunk:
// the synchronous build runs it straight through, the async one yields to the event loop between
// chunks (so the REPL redraws and Ctrl+C is heard) and can stop it there. No catalog access here:
// the files are written before anything is recorded, and handed over whole (see labs.ts).
//
// Content per 1 MiB extent: the first extents of every disk show each kind (text, random, zero,
// repeated), the rest are drawn with realistic weights; zero extents stay holes; the swap/pagefile
// range is random bytes the data movers learn to skip.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pwriteFully } from '../infra/virtual-disk.ts';
import { DISK_BLOCK_SIZE } from '../infra/disk-state.ts';
import { guestContent, pickContentKind } from '../infra/guest-content.ts';
import type { ContentKind } from '../infra/guest-content.ts';
import type { SeededRandom } from '../infra/seeded-random.ts';
import { MiB } from './lab-disk-plan.ts';
import type { LabDiskPlan, LabDiskSpec } from './lab-disk-plan.ts';

const FIRST_KINDS: readonly ContentKind[] = ['text', 'random', 'zero', 'repeated'];
/** Extents per chunk: small enough that a chunk takes milliseconds, large enough to keep events few. */
export const CHUNK_EXTENTS = 4;

/** Where the build is, after a chunk. Bytes count holes too: a hole is laid down as much as data. */
export interface LabStageStep {
  vm: string;
  disk: string;
  diskBytes: number;
  diskTotalBytes: number;
  bytes: number;
  totalBytes: number;
  /** Bytes of non-zero guest data actually written so far. */
  dataBytes: number;
}

export interface StagedDisk {
  spec: LabDiskSpec;
  file: string;
  dataBytes: number;
  /** Inclusive runs of DISK_BLOCK_SIZE blocks that hold written data (for CBT and the allocation map). */
  writtenBlocks: [number, number][];
}

function kindOf(x: number, spec: LabDiskSpec, rng: SeededRandom): ContentKind {
  const swap = spec.swap;
  if (swap && x * MiB >= swap.offset && x * MiB < swap.offset + swap.length) return 'random';
  return x < FIRST_KINDS.length ? FIRST_KINDS[x]! : rng.next() < 0.35 ? 'zero' : pickContentKind(rng);
}

function* stageDisk(spec: LabDiskSpec, file: string, rng: SeededRandom, done: { bytes: number; dataBytes: number }, totalBytes: number): Generator<LabStageStep, StagedDisk> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'wx');
  const staged: StagedDisk = { spec, file, dataBytes: 0, writtenBlocks: [] };
  const perExtent = MiB / DISK_BLOCK_SIZE;
  try {
    fs.ftruncateSync(fd, spec.size);
    const extents = spec.size / MiB;
    for (let x = 0; x < extents; x++) {
      const kind = kindOf(x, spec, rng);
      if (kind !== 'zero') {
        pwriteFully(fd, guestContent(kind, MiB, rng), x * MiB);
        staged.dataBytes += MiB;
        done.dataBytes += MiB;
        const last = staged.writtenBlocks.at(-1);
        if (last && last[1] === x * perExtent - 1) last[1] += perExtent;
        else staged.writtenBlocks.push([x * perExtent, (x + 1) * perExtent - 1]);
      }
      done.bytes += MiB;
      if ((x + 1) % CHUNK_EXTENTS === 0 || x === extents - 1) {
        yield {
          vm: spec.vm, disk: spec.disk, diskBytes: (x + 1) * MiB, diskTotalBytes: spec.size,
          bytes: done.bytes, totalBytes, dataBytes: done.dataBytes,
        };
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return staged;
}

/** Writes every planned disk to `fileFor(disk)`; yields after each chunk; returns what was staged. */
export function* stageLabDisks(plan: LabDiskPlan, fileFor: (d: LabDiskSpec) => string, rng: SeededRandom): Generator<LabStageStep, StagedDisk[]> {
  const done = { bytes: 0, dataBytes: 0 };
  const staged: StagedDisk[] = [];
  for (const spec of plan.disks) staged.push(yield* stageDisk(spec, fileFor(spec), rng, done, plan.totalBytes));
  return staged;
}
