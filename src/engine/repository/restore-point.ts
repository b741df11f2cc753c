// What a committed restore point looks like to the rest of the engine: the chain.json entry plus
// the job and VM it belongs to. Plain data, so it can cross into the catalog or a worker.

import type { PointDisk, PointType } from './repository-format.ts';

export interface RestorePoint {
  id: string;
  job: string;
  vm: string;
  type: PointType;
  creationTime: Date;
  /** The point's folder, relative to the repository root. */
  dir: string;
  disks: PointDisk[];
  /** Stored bytes of all disks. */
  size: number;
}
