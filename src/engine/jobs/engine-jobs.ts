// Builds the jobs and sessions sub-APIs of the Engine facade from the engine's inventory parts:
// the broker adapter over VMs/datastores/hosts/proxies/repositories/throttling, the VM snapshot
// as the frozen-image source, and the repository target with the data mover pool. Kept here so the
// facade only needs one call.

import type { Catalog } from '../catalog/index.ts';
import type { DataMoverPool } from '../datamover/data-mover-pool.ts';
import type { Extent } from '../infra/block-bitmap.ts';
import type { SnapshotCommitResult, VmSnapshot } from '../infra/vm-snapshot.ts';
import { ChangeIdStore } from './change-id-store.ts';
import { EngineInfrastructure, type InventoryVm } from './engine-infrastructure.ts';
import { JobsApi } from './jobs-api.ts';
import type { SessionEvent } from './live-session.ts';
import { applyRetention } from '../repository/index.ts';
import { RepositoryTarget, type RepositoryTargetOptions } from './repository-target.ts';
import { SessionsApi } from './sessions-api.ts';
import type { BackupTarget, FrozenImageSource } from './backup-ports.ts';
import type { TransportMode } from './transport-mode.ts';
import { VmSnapshotSource } from './vm-snapshot-source.ts';

/** The engine parts jobs are built on (the Engine facade's own sub-APIs fit this shape). */
export interface JobsEngineParts {
  catalog: Catalog;
  vms: {
    get(name: string): InventoryVm;
    changedExtents(vm: string, disk: string, since: string): Extent[];
    createSnapshot(vm: string, name: string): VmSnapshot;
    removeSnapshot(vm: string): SnapshotCommitResult;
    getSnapshot(vm: string): VmSnapshot | null;
  };
  datastores: { get(name: string): { Host: string; Array: string | null } };
  hosts: { list(): { Name: string }[] };
  proxies: {
    get(name: string): unknown;
    list(): { Name: string; MaxTasks: number; TransportMode: 'Auto' | TransportMode; Host: string | null; SanAccess: string[]; FailoverToNetwork: boolean }[];
    transportFor(proxy: string, vm: string): { Available: TransportMode[] };
  };
  repositories: { get(name: string): { Name: string; Path: string; MaxTasks: number }; list(): { Name: string; Path: string; MaxTasks: number }[] };
  throttling: { limitFor(source: string, target: string): number | null };
  credentials: { get(name: string): unknown };
  /** The engine's event stream: every session event is forwarded there too. */
  events?: { emitEvent(event: SessionEvent): void };
}

export interface JobsWiringOptions {
  /** Replaces the VM snapshot as the way frozen images are obtained (backup from storage snapshots). */
  frozenImages?: FrozenImageSource;
  retention?: RepositoryTargetOptions['retention'];
  openRepository?: RepositoryTargetOptions['openRepository'];
  /** Replaces the repository as the place restore points go (tests use an in-memory target). */
  target?: BackupTarget;
  /** The data mover workers backups run on; the process-wide pool when not given. */
  pool?: DataMoverPool;
}

export function createJobs(e: JobsEngineParts, options: JobsWiringOptions = {}): { jobs: JobsApi; sessions: SessionsApi; target: RepositoryTarget } {
  const infrastructure = new EngineInfrastructure({
    vms: e.vms,
    datastores: e.datastores,
    hosts: e.hosts,
    proxies: () =>
      e.proxies.list().map((p) => ({
        name: p.Name,
        maxTasks: p.MaxTasks,
        transportMode: p.TransportMode,
        host: p.Host,
        sanAccess: p.SanAccess,
        failoverToNetwork: p.FailoverToNetwork,
      })),
    repository: (name) => {
      const r = e.repositories.list().find((x) => x.Name.toLowerCase() === name.toLowerCase());
      return r ? { name: r.Name, path: r.Path, maxTasks: r.MaxTasks } : null;
    },
    availableModes: (proxy, vm) => e.proxies.transportFor(proxy, vm).Available,
    throttle: (proxy, repository) => e.throttling.limitFor(proxy, repository),
  });
  const target = new RepositoryTarget({
    changeIds: new ChangeIdStore(e.catalog),
    retention: options.retention ?? applyRetention,
    ...(options.openRepository ? { openRepository: options.openRepository } : {}),
    ...(options.pool ? { pool: options.pool } : {}),
  });
  const jobs = new JobsApi({
    catalog: e.catalog,
    references: {
      checkVm: (n) => void e.vms.get(n),
      checkRepository: (n) => void e.repositories.get(n),
      checkProxy: (n) => void e.proxies.get(n),
      checkCredential: (n) => void e.credentials.get(n),
    },
    infrastructure,
    frozenImages: options.frozenImages ?? new VmSnapshotSource(e.vms, (id) => sessionEnded(id)),
    target: options.target ?? target,
  });
  const sessionEnded = (id: number) => {
    jobs.sessions.closeAbandoned(new Date());
    return jobs.sessions.list({ id })[0]?.State === 'Stopped';
  };
  const events = e.events;
  if (events) jobs.events.on('event', (ev) => events.emitEvent(ev));
  return { jobs, sessions: new SessionsApi(jobs), target };
}
