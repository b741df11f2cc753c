// The error for a damaged file of a restore point (VBRS_REPOSITORY_DAMAGED): one line naming the
// point, VM, disk and file, plus the bare reason, so a health check can list the problem under the
// point and file it already names without repeating them.

import { EngineError } from '../engine-error.ts';
import type { RestorePoint } from './restore-point.ts';

export class DamagedFileError extends EngineError {
  /** Why the file is damaged ('checksum mismatch', 'record 3 overlaps …'). */
  readonly reason: string;

  constructor(point: RestorePoint, disk: string, file: string, reason: string) {
    super('VBRS_REPOSITORY_DAMAGED', `Restore point '${point.id}' of VM '${point.vm}': the ${file} of disk '${disk}' is damaged (${reason}).`, {
      kind: 'RestorePoint',
      name: point.id,
    });
    this.reason = reason;
  }
}
