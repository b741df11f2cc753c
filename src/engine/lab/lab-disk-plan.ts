// Which disk files a lab build lays down, worked out from the preset before a byte is written: the
// total is known up front, so progress can be reported as "written of total" from the first chunk.

import type { Extent } from '../infra/block-bitmap.ts';
import type { GuestOS } from '../infra/vms.ts';
import type { LabPreset } from './demo-preset.ts';

export const MiB = 1024 * 1024;

export interface LabDiskSpec {
  vm: string;
  disk: string;
  /** Whole MiB. */
  size: number;
  guestOS: GuestOS;
  /** The swap (Linux) or pagefile (Windows) range, on each VM's system disk only. */
  swap: Extent | null;
}

export interface LabDiskPlan {
  disks: LabDiskSpec[];
  /** Sum of the disk sizes: what "done" means for progress (holes count as laid down). */
  totalBytes: number;
}

/** Sizes scaled by `scale`, kept whole MiB and at least 4 MiB, as the preset's VMs get them. */
export function scaledSizes(sizes: readonly number[], scale: number): number[] {
  return sizes.map((s) => Math.max(4, Math.round((s * scale) / MiB)) * MiB);
}

/** An eighth of the system disk near its end (one extent earlier on Windows, where the pagefile sits). */
function swapRange(size: number, guestOS: GuestOS): Extent {
  const extents = Math.floor(size / MiB);
  const length = Math.max(1, Math.floor(extents / 8));
  const first = extents - length - (guestOS === 'Windows' ? 1 : 0);
  return { offset: first * MiB, length: length * MiB };
}

export function planLabDisks(preset: LabPreset, scale: number): LabDiskPlan {
  const disks = preset.VMs.flatMap((v) =>
    scaledSizes(v.DiskSize, scale).map((size, i) => ({
      vm: v.Name,
      disk: `disk${i + 1}`,
      size,
      guestOS: v.GuestOS,
      swap: i === 0 ? swapRange(size, v.GuestOS) : null,
    })),
  );
  return { disks, totalBytes: disks.reduce((n, d) => n + d.size, 0) };
}
