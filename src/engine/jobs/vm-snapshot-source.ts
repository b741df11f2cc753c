// The regular way a job gets a frozen image of a VM: a VM snapshot. Creating it freezes every
// disk's base file (writes go to delta files), so the image of each disk is its base file; removing
// it commits the deltas with real I/O. The snapshot's lifetime — creation to the end of the commit —
// is what the task session reports as VMSnapshotLifetime.

import type { SnapshotCommitResult, VmSnapshot } from '../infra/vm-snapshot.ts';
import { dataRegions } from '../infra/data-regions.ts';
import type { Extent } from '../datamover/extent.ts';
import type { FreezeContext, FrozenDisk, FrozenImageSource, FrozenLog, FrozenVm, ManagedVm } from './backup-ports.ts';

/** What this source needs from the infrastructure (the engine's `vms`). */
export interface VmSnapshotter {
  createSnapshot(vm: string, name: string): VmSnapshot;
  removeSnapshot(vm: string): SnapshotCommitResult;
  getSnapshot(vm: string): VmSnapshot | null;
}

/** Names vbrs gives its backup snapshots: `VBRS-<job>-<session id>`. */
export function backupSnapshotName(job: string, sessionId: number): string {
  return `VBRS-${job}-${sessionId}`;
}

/** The session id in a backup snapshot's name; null for any other snapshot. */
export function snapshotSession(snapshotName: string): number | null {
  const m = /^VBRS-.*-(\d+)$/.exec(snapshotName);
  return m ? Number(m[1]) : null;
}

export class VmSnapshotSource implements FrozenImageSource {
  readonly #vms: VmSnapshotter;
  readonly #sessionEnded: (id: number) => boolean;

  /**
   * `sessionEnded` tells whether a session has ended (or was abandoned by a dead process): a backup
   * snapshot such a session left behind is removed before a new one is taken (a snapshot hunter).
   */
  constructor(vms: VmSnapshotter, sessionEnded: (id: number) => boolean = () => false) {
    this.#vms = vms;
    this.#sessionEnded = sessionEnded;
  }

  async freeze(vm: ManagedVm, context: FreezeContext, log: FrozenLog): Promise<FrozenVm> {
    const stale = this.#vms.getSnapshot(vm.name);
    const owner = stale ? snapshotSession(stale.Name) : null;
    if (stale && owner !== null && owner !== context.sessionId && this.#sessionEnded(owner)) {
      // Cleaning up after a process that died is routine, not a problem of this run: Info.
      log('Info', `Found snapshot '${stale.Name}' left behind by session ${owner}; removing it first`);
      const r = this.#vms.removeSnapshot(vm.name);
      log('Info', `Left-over snapshot '${stale.Name}' committed: ${r.DeltaBytes} bytes of delta merged in ${Math.round(r.CommitDurationMs)} ms`);
    }
    const snap = this.#vms.createSnapshot(vm.name, context.snapshotName);
    log('Info', `VM snapshot '${snap.Name}' created on host '${vm.host}'`);
    const disks = withDataRegions(snap.Disks.map((d) => ({ disk: d.Disk, image: d.Image, changeId: d.ChangeId })));
    let released = false;
    return {
      source: 'VM',
      disks,
      release: async (releaseLog) => {
        if (released) return { lifetimeMs: 0 };
        released = true;
        releaseLog('Info', `Removing VM snapshot '${snap.Name}' (committing the delta files)`);
        const r = this.#vms.removeSnapshot(vm.name);
        releaseLog('Info', `VM snapshot '${snap.Name}' committed: ${r.DeltaBytes} bytes of delta merged in ${Math.round(r.CommitDurationMs)} ms`);
        return { lifetimeMs: Date.now() - snap.CreationTime.getTime() };
      },
    };
  }
}

/**
 * Gives the disks whose frozen base file vbrs has no allocation map of (attached with -DiskPath,
 * never written by vbrs) a way to ask the file system for its data regions. The first task that
 * asks asks for all of them, in one process; the snapshot has frozen the files by then, so the
 * regions describe exactly what the tasks read.
 */
function withDataRegions(disks: FrozenDisk[]): FrozenDisk[] {
  const unmapped = disks.filter((d) => d.image.kind === 'raw' && !d.image.allocated);
  let asked: Promise<(Extent[] | null)[]> | null = null;
  const ask = () => (asked ??= dataRegions(unmapped.map((d) => ({ path: (d.image as { path: string }).path, size: d.image.size }))));
  return disks.map((d) => {
    const k = unmapped.indexOf(d);
    return k < 0 ? d : { ...d, dataRegions: () => ask().then((r) => r[k] ?? null) };
  });
}
