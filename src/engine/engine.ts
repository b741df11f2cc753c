// The Engine facade: one object a cmdlet (or a runbook tool) opens to reach every part of the
// engine through typed sub-APIs, all sharing one catalog connection and one event stream.
// Other engine parts add their sub-API here as they land.

import { Catalog } from './catalog/catalog.ts';
import { dataHome } from './catalog/data-home.ts';
import { EngineEvents } from './engine-events.ts';
import type { EngineContext } from './infra/engine-context.ts';
import { Datastores } from './infra/datastores.ts';
import { Hosts } from './infra/hosts.ts';
import { VMs } from './infra/vms.ts';
import { Credentials } from './infra/credentials.ts';
import { Proxies } from './infra/proxies.ts';
import { Repositories } from './infra/repositories.ts';
import { ThrottlingRules } from './infra/throttling-rules.ts';
import { Broker } from './infra/broker.ts';
import { Workloads } from './infra/workload.ts';
import { createJobs } from './jobs/engine-jobs.ts';
import { storageSnapshotWiring } from './bfss/storage-snapshot-wiring.ts';
import type { JobsApi, SessionsApi } from './jobs/index.ts';
import { Labs } from './lab/labs.ts';
import type { JobSchedules } from './schedules/index.ts';
import { StorageCopyOnWrite } from './storage/copy-on-write-guard.ts';
import { StorageArrays } from './storage/storage-arrays.ts';
import { StorageSnapshots } from './storage/storage-snapshots.ts';
import { DataMoverPool } from './datamover/data-mover-pool.ts';
import { Restores } from './datamover/restores.ts';
import { HealthChecks } from './jobs/health-checks.ts';
import { EngineOperations } from './engine-operations.ts';
import type { BackupRepository } from './repository/backup-repository.ts';
import { RepositoryOpener } from './repository/open-repository.ts';
import { postRecoveredSessions, recoverDataFolder, type RecoveryReport } from './recovery/index.ts';
import { SessionStore } from './jobs/session-store.ts';

export interface EngineOptions {
  /** Data dir; defaults to `$VBRS_HOME`, else the platform data folder. */
  home?: string;
}

export class Engine {
  readonly home: string;
  readonly catalog: Catalog;
  readonly events: EngineEvents;
  readonly context: EngineContext;
  readonly hosts: Hosts;
  readonly datastores: Datastores;
  readonly vms: VMs;
  readonly credentials: Credentials;
  readonly proxies: Proxies;
  readonly repositories: Repositories;
  readonly throttling: ThrottlingRules;
  readonly broker: Broker;
  readonly workload: Workloads;
  readonly lab: Labs;
  readonly jobs: JobsApi;
  readonly sessions: SessionsApi;
  /** Job schedules: timings, retry policies, backup windows, next-run times. */
  readonly schedules: JobSchedules;
  readonly arrays: StorageArrays;
  readonly storageSnapshots: StorageSnapshots;
  /** The worker threads this engine's backups run their data movers in; ended by close(). */
  readonly dataMovers: DataMoverPool;
  /** Health checks and restores: registered runs that close() stops and waits for. */
  readonly operations: EngineOperations;
  readonly healthChecks: HealthChecks;
  readonly restores: Restores;
  /** What crash recovery found and cleaned when this engine opened its data folder. */
  readonly recovery: RecoveryReport;
  #closing: Promise<void> | null = null;
  /** Claims and posts the sessions recovery closed that are due (recovery-notifications.ts). */
  readonly #postRecovered: () => void;
  readonly #repositoryOpener = new RepositoryOpener();

  private constructor(catalog: Catalog) {
    this.dataMovers = new DataMoverPool();
    this.catalog = catalog;
    this.home = catalog.home;
    this.events = new EngineEvents();
    this.context = { catalog, home: catalog.home, events: this.events, guard: new StorageCopyOnWrite(catalog) };
    this.hosts = new Hosts(this.context);
    this.datastores = new Datastores(this.context);
    this.vms = new VMs(this.context);
    // Before any job can start: what a killed process left is cleaned first (src/engine/recovery).
    this.recovery = recoverDataFolder({ catalog, sessions: new SessionStore(catalog), vms: this.vms, events: this.events });
    this.credentials = new Credentials(this.context);
    this.proxies = new Proxies(this.context);
    this.repositories = new Repositories(this.context, (r) => this.#repositoryOpener.openExisting(r));
    this.throttling = new ThrottlingRules(this.context);
    this.arrays = new StorageArrays(this.context);
    this.storageSnapshots = new StorageSnapshots(this.context);
    this.workload = new Workloads(this.context, this.vms);
    this.broker = new Broker(this.context, { vms: this.vms, hosts: this.hosts, datastores: this.datastores });
    this.lab = new Labs(this.context, {
      hosts: this.hosts, datastores: this.datastores, vms: this.vms, credentials: this.credentials,
      proxies: this.proxies, repositories: this.repositories, arrays: this.arrays,
    });
    // Backup from storage snapshots decides per VM and falls back to VM snapshots (src/engine/bfss).
    const bfss = storageSnapshotWiring(this);
    ({ jobs: this.jobs, sessions: this.sessions } = createJobs(this, {
      frozenImages: bfss.frozenImages,
      pool: this.dataMovers,
      openRepository: (r) => this.openRepository(r.name),
    }));
    bfss.attach(this.jobs);
    // The sessions recovery closed — now, or later when a job start finds one abandoned — are
    // posted to their job's webhook, once each, in the background (src/engine/recovery).
    this.#postRecovered = () => void postRecoveredSessions({ catalog, sessions: this.jobs.sessions, notifications: this.jobs.notifications });
    this.jobs.sessions.onAbandonedClosed(this.#postRecovered);
    this.#postRecovered();
    this.schedules = this.jobs.schedules;
    this.operations = new EngineOperations();
    this.restores = new Restores(this.operations, this.dataMovers);
    this.healthChecks = new HealthChecks({
      jobs: this.jobs,
      operations: this.operations,
      pool: this.dataMovers,
      openRepository: (name) => this.openRepository(name),
    });
  }

  /**
   * The contents of a catalog repository (its restore point chains), opened once per engine and
   * shared by jobs, restores, health checks and Get-RestorePoint.
   */
  openRepository(name: string): Promise<BackupRepository> {
    return this.#repositoryOpener.open(this.repositories.get(name));
  }

  static open(options: EngineOptions = {}): Engine {
    return new Engine(Catalog.open({ home: options.home ?? dataHome() }));
  }

  /**
   * Stops what runs in this engine — job sessions and health checks end Failed with a log line
   * saying the engine closed, restores stop and remove their images, background workloads stop,
   * storage snapshot transfers under way end —
   * waits until all of it has settled (snapshots removed, no partial restore point or image,
   * session records saved), then closes the catalog. With nothing running
   * the catalog is closed before this returns. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    // A session closed as abandoned just before (its listeners run on the next turn) is claimed and
    // posted now, so closing does not leave it Due until some later process starts.
    this.#postRecovered();
    const idle = this.jobs.activeCount === 0 && this.operations.activeCount === 0 && this.storageSnapshots.transfersInFlight === 0 && this.jobs.notifications.pendingCount === 0;
    const sessions = this.jobs.close();
    const operations = this.operations.close();
    const workloads = this.workload.list();
    for (const w of workloads) w.stop();
    if (idle && workloads.length === 0) this.#closing = this.#release();
    // Snapshot transfers an array started for a session end when the session deletes their source.
    else this.#closing = Promise.allSettled([sessions, operations, ...workloads.map((w) => w.done)]).then(() => this.storageSnapshots.settled()).then(() => this.jobs.notifications.settled()).then(() => this.#release());
    return this.#closing;
  }

  #release(): Promise<void> {
    this.catalog.close();
    return this.dataMovers.close();
  }
}
