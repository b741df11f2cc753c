// Backup from storage snapshots as the Backup Manager's frozen-image source (the FreezeContext seam
// in src/engine/jobs). Per VM it follows the eight steps of docs/storage-snapshots.md, each a log line
// in order:
//   1. the VM's disks are on a supported array volume and a proxy has a direct SAN connection to it
//   2. VM snapshot            3. disk layout and CBT read from it
//   4. one temporary storage snapshot for all VMs of the job on the volume (session-coordinator.ts)
//   5. VM snapshots removed at once (the clone lives on in the storage snapshot)
//   6. storage snapshot mounted to the proxy      7. VM data read from it in Direct SAN mode
//   8. unmounted and deleted (by the last VM of the volume)
// freeze() does steps 1–3 and returns a pending FrozenVm (its image is the VM snapshot); the Backup
// Manager releases the guest, then calls complete() for steps 4–7 — so applications are quiesced only
// for the VM snapshot, as with VMware, not while the volume's other VMs are gathered.
// A VM on other storage, or with a disk off the array, takes a regular VM snapshot — only after the
// job's storage snapshots exist (mixed jobs). With no proxy reaching the array the VM fails, or is
// processed the regular way with a warning under FailoverToStandardBackup. Jobs without
// EnableStorageSnapshots go straight to the regular source.

import { EventEmitter } from 'node:events';
import { EngineError } from '../engine-error.ts';
import type { FreezeContext, FrozenImageSource, FrozenLog, FrozenVm, ManagedProxy, ManagedVm } from '../jobs/backup-ports.ts';
import type { JobInfo } from '../jobs/job-settings.ts';
import type { SessionEvent } from '../jobs/live-session.ts';
import type { BfssInventory, SessionView } from './bfss-ports.ts';
import { SessionCoordinator, type VolumeGroup } from './session-coordinator.ts';
import { storagePlacement } from './storage-placement.ts';
import { stoppedError } from '../jobs/session-stop.ts';
import { VolumeSnapshotRun, type RunLine } from './volume-snapshot-run.ts';

export interface StorageSnapshotSourceParts {
  inventory: BfssInventory;
  /** The regular way: a VM snapshot (VmSnapshotSource). Also takes the VM snapshots of step 2. */
  regular: FrozenImageSource;
  /** The running session's live tasks and events, or null when it is not known (a lone VM then gets its own snapshot). */
  session(job: string, sessionId: number): SessionView | null;
}

type Decision = { kind: 'regular' } | { kind: 'storage'; array: string; volume: string; key: string; proxy: string | null };

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class StorageSnapshotSource implements FrozenImageSource {
  readonly #parts: StorageSnapshotSourceParts;
  readonly #coordinators = new Map<number, SessionCoordinator>();
  readonly #runs = new WeakMap<VolumeGroup, Promise<{ run: VolumeSnapshotRun; lines: RunLine[] }>>();
  /** Each group member's log, so step 4 is written to every VM when the snapshot is really created. */
  readonly #memberLogs = new WeakMap<VolumeGroup, Map<string, FrozenLog>>();

  constructor(parts: StorageSnapshotSourceParts) {
    this.#parts = parts;
  }

  async freeze(vm: ManagedVm, context: FreezeContext, log: FrozenLog): Promise<FrozenVm> {
    if (!context.job.EnableStorageSnapshots) return this.#parts.regular.freeze(vm, context, log);
    const coordinator = this.#coordinator(context);
    let decision: Decision;
    try {
      decision = this.#decide(vm, context, log);
    } catch (e) {
      coordinator.leave(vm.name);
      throw e;
    }
    if (decision.kind === 'regular') {
      if (coordinator.pendingStorageVms().length > 0) log('Info', 'Mixed job: the VM snapshot is taken after the job\'s storage snapshots are created');
      await coordinator.afterStorageSnapshots(vm.name);
      if (context.signal.aborted) throw stoppedError(context.signal);
      return this.#parts.regular.freeze(vm, context, log);
    }
    return this.#fromStorage(vm, context, log, coordinator, decision);
  }

  /**
   * Before scheduling: a VM that will be read from a storage snapshot gets only proxies with SAN
   * access to its array (or to the secondary it is read from), so its tasks run where the snapshot
   * is mounted. Otherwise (or when no proxy qualifies) the list is left as it is.
   */
  proxiesFor(vm: ManagedVm, job: JobInfo, proxies: ManagedProxy[]): ManagedProxy[] {
    if (!job.EnableStorageSnapshots) return proxies;
    try {
      const placement = storagePlacement(this.#parts.inventory, vm.name);
      if (!placement.onArray) return proxies;
      const arrays = this.#readableArrays(placement.array, job);
      const san = proxies.filter((p) => p.sanAccess.some((a) => arrays.has(a.toLowerCase())));
      return san.length > 0 ? san : proxies;
    } catch {
      return proxies; // an inventory problem shows up, with its reason, when the VM is frozen
    }
  }

  /** The arrays (lower-case) a storage-snapshot read of a VM on `array` may be mounted from. */
  #readableArrays(array: string, job: JobInfo): Set<string> {
    const names = new Set([array.toLowerCase()]);
    if (job.SnapshotSource === 'Secondary') for (const s of this.#parts.inventory.arrays.get(array).Secondaries) names.add(s.toLowerCase());
    return names;
  }

  /** Step 1: storage snapshot or the regular way, and which proxy sees the array. */
  #decide(vm: ManagedVm, context: FreezeContext, log: FrozenLog): Decision {
    const inv = this.#parts.inventory;
    const placement = storagePlacement(inv, vm.name);
    if (!placement.onArray) {
      log('Info', `Storage snapshots: ${placement.reason}; the VM is processed the regular way (VM snapshot)`);
      return { kind: 'regular' };
    }
    const array = inv.arrays.get(placement.array);
    const allowed = context.job.Proxy === 'Auto' ? null : new Set(context.job.Proxy.map((p) => p.toLowerCase()));
    const proxies = inv.proxies.list().filter((p) => allowed === null || allowed.has(p.Name.toLowerCase()));
    const sees = (p: { SanAccess: readonly string[] }, a: string) => p.SanAccess.some((x) => x.toLowerCase() === a.toLowerCase());
    const primaryProxy = sees({ SanAccess: context.proxy.sanAccess }, array.Name) ? context.proxy.name : (proxies.find((p) => sees(p, array.Name))?.Name ?? null);
    const secondaries = context.job.SnapshotSource === 'Secondary' ? array.Secondaries : [];
    const secondaryProxy = proxies.find((p) => secondaries.some((s) => sees(p, s)))?.Name ?? null;
    const proxy = primaryProxy ?? secondaryProxy;
    const problem = !array.Connected
      ? `storage array '${array.Name}' is not connected`
      : proxy === null
        ? `no backup proxy has a direct SAN connection to storage array '${array.Name}'${secondaries.length ? ` or its secondary ${secondaries.map((s) => `'${s}'`).join(', ')}` : ''}`
        : null;
    if (problem !== null) {
      if (context.job.FailoverToStandardBackup) {
        log('Warning', `Storage snapshots: ${problem}; failing over to the regular backup (VM snapshot, HotAdd or NBD) as FailoverToStandardBackup allows`);
        return { kind: 'regular' };
      }
      throw new EngineError('VBRS_PROXY_UNAVAILABLE', `backup from storage snapshots is impossible: ${problem} (FailoverToStandardBackup is off)`, { kind: 'StorageArray', name: array.Name });
    }
    log('Info', `Step 1/8: disks are on volume '${array.Name}/${placement.volume}' of ${array.Vendor} array '${array.Name}'; proxy '${proxy}' has a direct SAN connection to ${primaryProxy !== null ? 'it' : 'its secondary'}`);
    return { kind: 'storage', array: array.Name, volume: placement.volume, key: `${array.Name}/${placement.volume}`, proxy: primaryProxy };
  }

  async #fromStorage(vm: ManagedVm, context: FreezeContext, log: FrozenLog, coordinator: SessionCoordinator, d: Extract<Decision, { kind: 'storage' }>): Promise<FrozenVm> {
    let vmSnapshot: FrozenVm;
    try {
      log('Info', 'Step 2/8: creating the VM snapshot');
      vmSnapshot = await this.#parts.regular.freeze(vm, context, log);
    } catch (e) {
      coordinator.leave(vm.name);
      throw e;
    }
    log('Info', `Step 3/8: disk layout and CBT read from the VM snapshot: ${vmSnapshot.disks.map((x) => `'${x.disk}' (${vm.disks.find((y) => y.name === x.disk)?.size ?? 0} bytes, change id ${x.changeId ?? 'none'})`).join(', ')}`);

    const group = coordinator.joinVolume(vm.name, d.key);
    if (!this.#memberLogs.has(group)) this.#memberLogs.set(group, new Map());
    this.#memberLogs.get(group)!.set(vm.name, log);
    if (group.members[0] === vm.name) {
      this.#runs.set(
        group,
        group.closed.then(() => {
          if (context.signal.aborted) throw stoppedError(context.signal);
          const proxies = this.#parts.inventory.proxies.list();
          const allowed = context.job.Proxy === 'Auto' ? proxies : proxies.filter((p) => (context.job.Proxy as string[]).some((n) => n.toLowerCase() === p.Name.toLowerCase()));
          const run = new VolumeSnapshotRun(this.#parts.inventory, {
            job: context.job,
            sessionId: context.sessionId,
            array: d.array,
            volume: d.volume,
            primaryProxy: d.proxy,
            preferredProxy: context.proxy.name,
            proxies: allowed,
            members: [...group.members],
          });
          return { run, lines: run.create() };
        }),
      );
      // Regular VMs of a mixed job wait for this, not for the group's VMs to resume after thaw.
      const settle = () => group.members.forEach((m) => coordinator.settled(m));
      this.#runs.get(group)!.then((created) => {
        for (const [, memberLog] of this.#memberLogs.get(group)!) {
          memberLog('Info', 'Step 4/8: temporary storage snapshot created');
          created.lines.forEach((x) => memberLog(x.severity, x.text));
        }
        settle();
      }, settle);
    }
    const pending = this.#runs.get(group)!;
    pending.catch(() => {}); // every member reads the outcome in complete() or release()
    const state = { vmSnapshotOpen: true, lifetimeMs: 0, finished: false, run: null as VolumeSnapshotRun | null };

    // Lets go of everything this VM holds when it does not reach (or fails in) steps 4–7.
    const abandon = async (l: FrozenLog) => {
      if (state.finished) return;
      state.finished = true;
      coordinator.settled(vm.name);
      if (state.vmSnapshotOpen) {
        state.vmSnapshotOpen = false;
        try {
          ({ lifetimeMs: state.lifetimeMs } = await vmSnapshot.release(l));
        } catch (err) {
          l('Error', `VM snapshot removal failed: ${message(err)}`);
        }
      }
      const run = state.run ?? (await pending.then((c) => c.run, () => null));
      if (run) {
        run.vmSnapshotRemoved(vm.name);
        run.release(vm.name).forEach((x) => l(x.severity, x.text));
      }
    };

    // Steps 4–7, after the guest is released: the VM snapshot is the guest's consistent point.
    const complete = async (l: FrozenLog): Promise<FrozenVm> => {
      const replayTo = (lines: RunLine[]) => lines.forEach((x) => l(x.severity, x.text));
      try {
        const created = await pending;
        const run = (state.run = created.run);
        coordinator.settled(vm.name);

        ({ lifetimeMs: state.lifetimeMs } = await vmSnapshot.release(l));
        state.vmSnapshotOpen = false;
        run.vmSnapshotRemoved(vm.name);
        l('Info', `Step 5/8: VM snapshot removed right after the storage snapshot was created (VM snapshot lifetime ${state.lifetimeMs} ms); the frozen clone stays on the storage snapshot`);

        const { mounted, lines } = await run.mount();
        replayTo(lines);
        l('Info', `Step 6/8: storage snapshot '${mounted.name}' mounted to proxy '${mounted.proxy}' from ${mounted.source === 'SecondaryStorage' ? 'the secondary' : 'the primary'} array '${mounted.array}'`);
        const disks = vmSnapshot.disks.map((x) => ({ disk: x.disk, changeId: x.changeId, image: run.image(vm.name, x.disk) }));
        l('Info', `Step 7/8: reading VM data from the mounted storage snapshot in Direct SAN mode (${disks.length} disk(s); changed blocks only for an incremental)`);
        state.finished = true;
        return {
          source: mounted.source,
          transportMode: 'DirectSAN',
          disks,
          release: async (releaseLog) => {
            const out = run.release(vm.name);
            releaseLog('Info', `Step 8/8: ${out.some((x) => /unmounted/.test(x.text)) ? 'storage snapshot unmounted and the temporary snapshot deleted' : 'done reading the storage snapshot (other VMs still read it)'}`);
            out.forEach((x) => releaseLog(x.severity, x.text));
            return { lifetimeMs: state.lifetimeMs };
          },
        };
      } catch (e) {
        await abandon(l);
        throw e;
      }
    };

    // Until completed, the frozen image is the VM snapshot itself (a Backup Manager that never
    // calls complete() still gets a consistent regular backup).
    return {
      source: context.job.SnapshotSource === 'Secondary' ? 'SecondaryStorage' : 'PrimaryStorage',
      disks: vmSnapshot.disks,
      complete,
      release: async (l) => {
        await abandon(l);
        return { lifetimeMs: state.lifetimeMs };
      },
    };
  }

  #coordinator(context: FreezeContext): SessionCoordinator {
    let c = this.#coordinators.get(context.sessionId);
    if (c) return c;
    const view = this.#parts.session(context.job.Name, context.sessionId) ?? { tasks: [], events: new EventEmitter<{ event: [SessionEvent] }>() };
    const inv = this.#parts.inventory;
    c = new SessionCoordinator(view, context.signal, (name) => {
      const p = storagePlacement(inv, name);
      return p.onArray ? `${p.array}/${p.volume}` : null;
    });
    this.#coordinators.set(context.sessionId, c);
    const done = (e: SessionEvent) => {
      if (e.kind !== 'session-finished') return;
      view.events.off('event', done);
      this.#coordinators.get(context.sessionId)?.dispose();
      this.#coordinators.delete(context.sessionId);
    };
    view.events.on('event', done);
    return c;
  }
}
