// Puts backup from storage snapshots into a jobs API: builds the StorageSnapshotSource over the
// engine's inventory with the regular VM snapshot source beside it, and, once the jobs API exists,
// lets the source see running sessions (their live tasks) and ended ones (the snapshot hunter).
// Separate from the source so the Engine facade (and tests) need one call before and one after
// createJobs.

import type { FrozenImageSource } from '../jobs/backup-ports.ts';
import type { JobsApi } from '../jobs/jobs-api.ts';
import { VmSnapshotSource } from '../jobs/vm-snapshot-source.ts';
import type { BfssInventory } from './bfss-ports.ts';
import { StorageSnapshotSource } from './storage-snapshot-source.ts';

export interface StorageSnapshotWiring {
  /** Pass as `createJobs(engine, { frozenImages })`. */
  frozenImages: FrozenImageSource;
  /** Call with the jobs API createJobs returned. */
  attach(jobs: JobsApi): void;
}

export function storageSnapshotWiring(inventory: BfssInventory): StorageSnapshotWiring {
  let jobs: JobsApi | null = null;
  const regular = new VmSnapshotSource(inventory.vms, (id) => {
    if (!jobs) return false;
    jobs.sessions.closeAbandoned(new Date());
    return jobs.sessions.list({ id })[0]?.State === 'Stopped';
  });
  const frozenImages = new StorageSnapshotSource({
    inventory,
    regular,
    session: (job, sessionId) => {
      const h = jobs?.running(job);
      return h && h.id === sessionId ? { tasks: h.tasks, events: h.events } : null;
    },
  });
  return { frozenImages, attach: (j) => void (jobs = j) };
}
