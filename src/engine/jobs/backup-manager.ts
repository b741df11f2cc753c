// The Backup Manager: runs one job session the way the user guide's "How Backup Works" describes
// it, and writes each step as a log line in that order — read the job settings, build one task per
// VM disk, get proxy and repository slots from the resource scheduler, connect the data movers and
// set throttling, query the broker, process the guest, freeze the image (VM snapshot), release the
// guest, transport each disk in the chosen mode, commit the snapshot, publish the restore point.
// Per-VM work is a pipeline whose "obtain a frozen image" step is a FrozenImageSource, so backup
// from storage snapshots can replace it without touching the rest.

import { EngineError } from '../engine-error.ts';
import { GuestProcessor, type GuestHook, type GuestProcessingSettings } from '../guest/index.ts';
import type {
  BackupInfrastructure,
  BackupTarget,
  FrozenImageSource,
  FrozenVm,
  ManagedVm,
  PointSession,
} from './backup-ports.ts';
import type { JobInfo } from './job-settings.ts';
import type { LiveSession } from './live-session.ts';
import type { ResourceScheduler, SlotLease } from './resource-scheduler.ts';
import type { LogSeverity, TaskSessionInfo } from './session-info.ts';
import { transportModes, transportRank } from './transport-mode.ts';
import { runDiskTask } from './disk-task.ts';
import { backupSnapshotName } from './vm-snapshot-source.ts';
import { stopCause, stoppedError } from './session-stop.ts';
import { pausePoint } from '../test-pause-point.ts';

export interface BackupRunOptions {
  /** -FullBackup */
  full: boolean;
  /** The VMs to process (all of the job's, or the failed ones for -RetryBackup). */
  vms: string[];
  signal: AbortSignal;
  /** The runnable pre-freeze / post-thaw hooks, or why they cannot run. */
  hooks: { preFreeze: GuestHook | { error: string } | null; postThaw: GuestHook | { error: string } | null };
}

export interface BackupManagerParts {
  infrastructure: BackupInfrastructure;
  scheduler: ResourceScheduler;
  /** How the frozen image of each VM is obtained (VM snapshot, or storage snapshot later). */
  frozenImages: FrozenImageSource;
  target: BackupTarget;
}

type VmOutcome = 'Success' | 'Warning' | 'Failed';

export class BackupManager {
  readonly #parts: BackupManagerParts;

  constructor(parts: BackupManagerParts) {
    this.#parts = parts;
  }

  /** Drives the session to its end; never throws (every failure becomes log lines and a result). */
  async run(job: JobInfo, session: LiveSession, options: BackupRunOptions): Promise<void> {
    const { infrastructure } = this.#parts;
    session.log('Info', `Job '${job.Name}' started${options.full ? ' with -FullBackup' : ''}: ${options.vms.length} VM(s) to process`);
    session.log('Info', `Backup Manager: read job settings from the configuration database (repository '${job.Repository}', proxy ${job.Proxy === 'Auto' ? 'Auto' : job.Proxy.join(', ')}, compression ${job.Compression}, block size ${job.BlockSize} bytes)`);
    session.setState('Working');
    pausePoint('session-started');
    try {
      const repository = infrastructure.repository(job.Repository);
      if (!repository) {
        session.log('Error', `Repository '${job.Repository}' was not found: nothing can be backed up`);
        for (const vm of options.vms) this.#failedVm(session, vm, `repository '${job.Repository}' was not found`);
        return;
      }
      const vms: ManagedVm[] = [];
      for (const name of options.vms) {
        const vm = infrastructure.vm(name);
        if (vm) vms.push(vm);
        else this.#failedVm(session, name, `VM '${name}' was not found in the infrastructure (it may have been removed)`);
      }
      const plan = vms.map((vm) => ({ vm, tasks: vm.disks.map((d) => session.addTask(vm.name, d.name, d.size)) }));
      const taskCount = plan.reduce((n, p) => n + p.tasks.length, 0);
      session.log('Info', `Backup Manager: created ${taskCount} task(s) for ${vms.length} VM(s), one per virtual disk`);
      for (const { vm, tasks } of plan) {
        for (const t of tasks) session.log('Info', `Task ${t.Index + 1}: VM '${vm.name}' disk '${t.Disk}' (${t.TotalBytes} bytes)`);
      }
      if (taskCount > 0) session.log('Info', 'Backup Manager: connected to the Backup Service resource scheduler');
      const outcomes = await Promise.all(plan.map((p) => this.#processVm(job, session, options, p.vm, p.tasks, repository)));
      if (options.signal.aborted) session.log('Error', `${stopCause(options.signal).summary}: open snapshots were removed and no partial restore point was kept`);
      const failed = outcomes.filter((o) => o === 'Failed').length;
      session.log(failed > 0 ? 'Error' : 'Info', `Processed ${plan.length - failed} of ${options.vms.length} VM(s) successfully`);
    } catch (e) {
      session.log('Error', `Job failed: ${message(e)}`);
    }
  }

  #failedVm(session: LiveSession, vm: string, reason: string): void {
    const t = session.addTask(vm, '', 0);
    session.log('Error', `VM '${vm}': ${reason}`);
    session.taskLog(t, 'Error', reason);
    session.finishTask(t, 'Failed');
  }

  async #processVm(
    job: JobInfo,
    session: LiveSession,
    options: BackupRunOptions,
    vm: ManagedVm,
    tasks: TaskSessionInfo[],
    repository: { name: string; path: string; maxTasks: number },
  ): Promise<VmOutcome> {
    const { infrastructure, scheduler } = this.#parts;
    const vmLog = (severity: LogSeverity, text: string) => {
      session.log(severity, `VM '${vm.name}': ${text}`);
      for (const t of tasks) session.taskLog(t, severity, text);
    };
    const failAll = (reason: string): VmOutcome => {
      for (const t of tasks) {
        if (t.EndTime !== null) continue;
        session.taskLog(t, 'Error', reason);
        session.finishTask(t, 'Failed');
      }
      return 'Failed';
    };
    if (tasks.length === 0) {
      vmLog('Warning', 'the VM has no virtual disks; nothing to back up');
      return 'Warning';
    }
    let warned = false;

    // Resource scheduling: every task asks for a proxy slot and a repository slot on its own, so a
    // task never holds a slot while waiting for another and two jobs cannot deadlock each other.
    const allowed = job.Proxy === 'Auto' ? null : new Set(job.Proxy.map((p) => p.toLowerCase()));
    const configured = infrastructure.proxies().filter((p) => allowed === null || allowed.has(p.name.toLowerCase()));
    const source = this.#parts.frozenImages;
    const proxies = source.proxiesFor ? source.proxiesFor(vm, job, configured) : configured;
    const leases = new Map<TaskSessionInfo, Promise<SlotLease>>();
    for (const t of tasks) {
      const candidates = proxies
        .map((p) => ({ proxy: p, modes: transportModes(p, vm.transport) }))
        .filter((c) => c.modes.length > 0)
        .map((c) => ({ proxy: c.proxy, rank: transportRank(c.modes[0]!) }));
      if (candidates.length === 0) {
        const names = proxies.map((p) => `'${p.name}'`).join(', ');
        const what =
          allowed !== null && proxies.length === 0
            ? `none of the job's proxies (${[...allowed].join(', ')}) exists any more`
            : proxies.length === 0
              ? 'no backup proxy is configured'
              : `no transport mode of proxy ${names} can read it (transport mode setting without network failover)`;
        leases.set(t, Promise.reject(new EngineError('VBRS_PROXY_UNAVAILABLE', `disk '${t.Disk}': ${what}`, { kind: 'Proxy' })));
        continue;
      }
      leases.set(
        t,
        scheduler.acquire({
          task: `${vm.name}/${t.Disk}`,
          proxies: candidates,
          repository,
          signal: options.signal,
          onWait: (reason) => session.taskWaiting(t, reason),
        }),
      );
    }
    for (const [t, p] of leases) {
      p.then(
        (l) => session.taskScheduled(t, l.proxy, l.repository),
        () => {},
      );
    }

    let first: SlotLease;
    try {
      first = await Promise.any(leases.values());
    } catch {
      const reasons = await Promise.all([...leases.values()].map((p) => p.then(() => '', (e) => message(e))));
      return failAll(`resource scheduling failed: ${[...new Set(reasons)].join('; ')}`);
    }
    const proxyFacts = (name: string) => proxies.find((p) => p.name === name)!;
    const throttle = infrastructure.throttle(first.proxy, repository.name);
    session.log('Info', `VM '${vm.name}': resource scheduler assigned backup proxy '${first.proxy}' and repository '${repository.name}'`);
    vmLog('Info', `Connecting to the data movers on proxy '${first.proxy}' and repository '${repository.name}'`);
    this.#parts.target.warmUp?.();
    vmLog('Info', throttle === null ? 'No network traffic throttling rule applies' : `Throttling rule applied: at most ${throttle} bytes/s from '${first.proxy}' to '${repository.name}'`);
    vmLog('Info', `Data movers on proxy '${first.proxy}' and repository '${repository.name}' connected to each other`);
    vmLog('Info', `Broker Service: VM '${vm.name}' is on host '${vm.host}', datastore '${vm.datastore}', ${vm.disks.length} disk(s), ${vm.guestOS} guest`);

    // Guest processing, then the frozen image, then the guest is released.
    const guest = new GuestProcessor(
      this.#guestSettings(job, options),
      {
        name: vm.name,
        guestOS: vm.guestOS,
        toolsInstalled: vm.toolsInstalled,
        networkReachable: vm.networkReachable,
        credential: vm.credential,
      },
      { VM: vm.name, Job: job.Name, Session: String(session.id) },
      vmLog,
      options.signal,
      true,
    );
    let frozen: FrozenVm | null = null;
    let point: PointSession | null = null;
    let outcome: VmOutcome = 'Success';
    const ownLeases = new Set<SlotLease>();
    try {
      const hookProblem = [options.hooks.preFreeze, options.hooks.postThaw].find((h) => h !== null && 'error' in h);
      if (guest.active && hookProblem && 'error' in hookProblem) {
        vmLog(job.GuestProcessing.IgnoreScriptErrors ? 'Warning' : 'Error', `Guest processing: ${hookProblem.error}`);
        if (!job.GuestProcessing.IgnoreScriptErrors) return failAll(hookProblem.error);
        warned = true;
      }
      const freeze = await guest.freeze();
      warned ||= freeze.warned;
      if (!freeze.ok) {
        await guest.thaw();
        return failAll(`guest processing failed: ${freeze.error}`);
      }
      this.#checkStop(options.signal);
      vmLog('Info', 'Creating VM snapshot');
      try {
        frozen = await this.#parts.frozenImages.freeze(
          vm,
          { job, sessionId: session.id, snapshotName: backupSnapshotName(job.Name, session.id), proxy: proxyFacts(first.proxy), signal: options.signal },
          vmLog,
        );
      } catch (e) {
        vmLog('Error', `VM snapshot failed: ${message(e)}`);
        const thaw = await guest.thaw();
        if (!thaw.ok && thaw.error) vmLog('Error', `Post-thaw processing failed too: ${thaw.error}`);
        return failAll(`VM snapshot failed: ${message(e)}`);
      }
      vmLog('Info', frozen.source === 'VM' || frozen.complete ? 'VM snapshot created; disks are read-only, writes go to delta files' : `Frozen image ready from the ${frozen.source === 'PrimaryStorage' ? 'primary' : 'secondary'} storage snapshot`);
      const thaw = await guest.thaw();
      warned ||= thaw.warned;
      if (!thaw.ok) {
        outcome = failAll(`post-thaw processing failed: ${thaw.error}`);
        return outcome;
      }
      this.#checkStop(options.signal);
      if (frozen.complete) {
        // The source finishes the frozen image now that the guest is released (storage snapshot).
        frozen = await frozen.complete(vmLog);
        vmLog('Info', `Frozen image ready from the ${frozen.source === 'PrimaryStorage' ? 'primary' : frozen.source === 'SecondaryStorage' ? 'secondary' : 'VM'} ${frozen.source === 'VM' ? 'snapshot' : 'storage snapshot'}`);
      }

      try {
        point = await this.#parts.target.begin({
          job: job.Name,
          vm: vm.name,
          repository,
          disks: vm.disks,
          blockSize: job.BlockSize,
          compression: job.Compression,
          retainPoints: job.RetainPoints,
          forceFull: options.full,
        });
      } catch (e) {
        const reason = `cannot write to repository '${repository.name}': ${message(e)}`;
        session.log('Error', `VM '${vm.name}': ${reason}`);
        outcome = failAll(reason);
        return outcome;
      }
      if (point.leftovers?.length) {
        vmLog('Info', `Removed what an interrupted session left unfinished in repository '${repository.name}' (${point.leftovers.length} item(s)): ${point.leftovers.join(', ')}`);
      }

      // Transport: each disk task waits for its own slot, picks its mode and moves its data.
      const changeIds: Record<string, string | null> = {};
      // The first disk's failure, named in the session's own log (a full repository, say).
      let firstFailure: string | null = null;
      const results = await Promise.all(
        tasks.map(async (t) => {
          let lease: SlotLease;
          try {
            lease = await leases.get(t)!;
          } catch (e) {
            session.taskLog(t, 'Error', message(e));
            session.finishTask(t, 'Failed');
            return 'Failed' as const;
          }
          ownLeases.add(lease);
          try {
            const frozenDisk = frozen!.disks.find((d) => d.disk === t.Disk);
            if (!frozenDisk) throw new Error(`the frozen image has no disk '${t.Disk}'`);
            changeIds[t.Disk] = frozenDisk.changeId;
            this.#checkStop(options.signal);
            // Only now is the task known to read from this source: a VM that fails earlier (even
            // after a storage snapshot was planned) reports none.
            t.SnapshotSource = frozen!.source;
            return await runDiskTask({
              session,
              task: t,
              vm,
              proxy: proxyFacts(lease.proxy),
              repository: repository.name,
              point: point!,
              frozen: frozenDisk,
              forcedMode: frozen!.transportMode ?? null,
              full: options.full,
              signal: options.signal,
              infrastructure: this.#parts.infrastructure,
            });
          } catch (e) {
            const reason = options.signal.aborted ? stopCause(options.signal).stopped : message(e);
            firstFailure ??= `disk '${t.Disk}': ${reason}`;
            session.taskLog(t, 'Error', reason);
            session.finishTask(t, 'Failed');
            return 'Failed' as const;
          } finally {
            lease.release();
            ownLeases.delete(lease);
          }
        }),
      );
      outcome = results.includes('Failed') ? 'Failed' : results.includes('Warning') ? 'Warning' : 'Success';
      if (outcome !== 'Failed' && options.signal.aborted) outcome = 'Failed';
      // Snapshot commit comes after the reads and before the point is published, as in the guide.
      const lifetime = await this.#release(frozen, vmLog);
      frozen = null;
      if (lifetime !== null) for (const t of tasks) t.VMSnapshotLifetime = lifetime;
      else warned = true;
      if (outcome === 'Failed') {
        await point.abort().catch(() => {});
        point = null;
        vmLog('Error', `Restore point discarded: not every disk was backed up${firstFailure ? ` (${firstFailure})` : ''}; earlier restore points are untouched`);
        return failAll('VM processing failed');
      }
      const committed = await point.commit(changeIds);
      point = null;
      vmLog('Info', `Restore point ${committed.id} (${committed.type}) created in repository '${repository.name}'`);
      for (const [i, t] of tasks.entries()) {
        session.finishTask(t, warned || results[i] === 'Warning' ? 'Warning' : 'Success');
      }
      return warned && outcome === 'Success' ? 'Warning' : outcome;
    } catch (e) {
      const reason = options.signal.aborted ? stopCause(options.signal).stopped : message(e);
      vmLog('Error', reason);
      outcome = failAll(reason);
      return outcome;
    } finally {
      if (frozen) {
        const lifetime = await this.#release(frozen, vmLog);
        if (lifetime !== null) for (const t of tasks) t.VMSnapshotLifetime = lifetime;
      }
      if (point) {
        await point.abort().catch(() => {});
        vmLog('Warning', 'Partial restore point discarded');
      }
      for (const l of ownLeases) l.release();
      // Slots granted after this VM already failed must go back too.
      for (const p of leases.values()) p.then((l) => l.release(), () => {});
      for (const t of tasks) if (t.EndTime === null) session.finishTask(t, 'Failed');
    }
  }

  async #release(frozen: FrozenVm, log: (s: LogSeverity, t: string) => void): Promise<number | null> {
    try {
      const { lifetimeMs } = await frozen.release(log);
      log('Info', `${frozen.source === 'VM' ? 'VM snapshot' : 'Snapshot'} released; VM snapshot lifetime ${lifetimeMs} ms`);
      return lifetimeMs;
    } catch (e) {
      log('Error', `Snapshot removal failed: ${message(e)}`);
      return null;
    }
  }

  #guestSettings(job: JobInfo, options: BackupRunOptions): GuestProcessingSettings {
    const gp = job.GuestProcessing;
    const runnable = (h: GuestHook | { error: string } | null) => (h !== null && !('error' in h) ? h : null);
    return {
      enabled: gp.Enabled,
      applicationAware: gp.ApplicationAware,
      credential: gp.Credential,
      preFreeze: runnable(options.hooks.preFreeze),
      postThaw: runnable(options.hooks.postThaw),
      scriptTimeoutMs: gp.ScriptTimeout,
      ignoreScriptErrors: gp.IgnoreScriptErrors,
    };
  }

  #checkStop(signal: AbortSignal): void {
    if (signal.aborted) throw stoppedError(signal);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
