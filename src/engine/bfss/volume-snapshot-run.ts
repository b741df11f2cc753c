// One storage snapshot serving every VM of a job on one volume, from creation to deletion
// (docs/storage-snapshots.md): the temporary snapshot on the primary (and, for synchronous replication, on the
// secondary), the transfer to a snapshot-transfer secondary (started by the array itself on
// Nimble-like arrays and running while the VM snapshots are removed; the mount waits for it), the
// mount to the proxy, and at the end unmount and delete — keeping the
// transferred copy as a long-term snapshot under the secondary's retention. A primary may have
// several secondaries: they are tried in the order they were added, and one that cannot be used
// (unreachable, unlicensed, no proxy, or no usable copy of the snapshot) gives way to the next
// before the job fails over to the primary's snapshot (FailoverToPrimary). A synchronous-replication
// secondary is only usable from the start (its snapshot is taken with the primary's), and losing it
// later fails the job, as docs/storage-snapshots.md says.
// Each phase returns its log lines so every VM of the group records the same steps.

import { EngineError } from '../engine-error.ts';
import type { ImageDescriptor } from '../infra/image-view.ts';
import type { JobInfo } from '../jobs/job-settings.ts';
import type { SnapshotSource } from '../jobs/session-info.ts';
import type { StorageArray } from '../storage/storage-arrays.ts';
import type { BfssInventory } from './bfss-ports.ts';

export interface RunLine {
  severity: 'Info' | 'Warning' | 'Error';
  text: string;
}

export interface VolumeSnapshotPlan {
  job: JobInfo;
  sessionId: number;
  array: string;
  volume: string;
  /** The proxy with a direct SAN connection to the primary array, or null when none has one (then only the secondary can be read). */
  primaryProxy: string | null;
  /** The proxy the scheduler gave the VM: preferred for mounting when it sees the array. */
  preferredProxy: string;
  /** Proxies the job may use, for finding one that sees the secondary. */
  proxies: { Name: string; SanAccess: string[] }[];
  /** VMs served by this snapshot. */
  members: string[];
}

type Mode = 'Primary' | 'SnapshotTransfer' | 'SyncReplication';

export interface MountedSnapshot {
  source: SnapshotSource;
  array: string;
  name: string;
  proxy: string;
}

/** An error's text for embedding mid-sentence ("…failed: X: failing over"), without its full stop. */
function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
}

function sees(p: { SanAccess: string[] }, array: string): boolean {
  return p.SanAccess.some((a) => a.toLowerCase() === array.toLowerCase());
}

let runSeq = 0;

export class VolumeSnapshotRun {
  readonly #inv: BfssInventory;
  readonly #plan: VolumeSnapshotPlan;
  readonly #primary: StorageArray;
  #mode: Mode = 'Primary';
  #secondary: StorageArray | null = null;
  #secondaryProxy: string | null = null;
  /** Secondaries not tried yet, in the order they were added to the primary. */
  readonly #untried: string[];
  /** Why each secondary tried so far could not be used. */
  readonly #skipped: string[] = [];
  /** Whether the primary's temporary snapshot already exists (a sync secondary can no longer join). */
  #created = false;
  readonly name: string;
  /** Snapshots this run created and must delete (array, name). */
  readonly #temporary: { array: string; name: string }[] = [];
  /** The secondary the snapshot was transferred to and is read from (snapshot transfer). */
  #transferredTo: string | null = null;
  #mounted: MountedSnapshot | null = null;
  readonly #holders: Set<string>;
  readonly #removed = new Set<string>();
  #allRemoved!: () => void;
  readonly #vmSnapshotsGone: Promise<void>;
  #mountResult: Promise<{ mounted: MountedSnapshot; lines: RunLine[] }> | null = null;
  /** What the cleanup after a failed mount did (or could not do), until a member logs it. */
  #failureCleanup: RunLine[] = [];

  constructor(inv: BfssInventory, plan: VolumeSnapshotPlan) {
    this.#inv = inv;
    this.#plan = plan;
    this.#primary = inv.arrays.get(plan.array);
    this.#untried = [...this.#primary.Secondaries];
    // Unique per run (a volume can get a second group in one session) and within the 80-character name limit.
    this.name = `VBRS-${plan.job.Name.slice(0, 24).trim()}-${plan.sessionId}-${plan.volume.slice(0, 20).trim()}-${Date.now().toString(36)}${(++runSeq).toString(36)}`;
    this.#holders = new Set(plan.members);
    this.#vmSnapshotsGone = new Promise<void>((resolve) => (this.#allRemoved = resolve));
  }

  get members(): readonly string[] {
    return this.#plan.members;
  }

  /** Step 4: the temporary storage snapshot(s), with the secondary decided first. Throws with a clear reason. */
  create(): RunLine[] {
    try {
      return this.#createNow();
    } catch (e) {
      this.cleanup();
      throw e;
    }
  }

  #createNow(): RunLine[] {
    const lines: RunLine[] = [];
    const { job, volume } = this.#plan;
    const primary = this.#primary;
    if (job.SnapshotSource === 'Secondary') this.#chooseSecondary(lines);
    const vendorNote = `${primary.Vendor} array '${primary.Name}'`;
    this.#inv.storageSnapshots.create({ Array: primary.Name, Volume: volume, Name: this.name, Kind: 'Temporary' });
    this.#created = true;
    this.#temporary.push({ array: primary.Name, name: this.name });
    lines.push({ severity: 'Info', text: `Storage snapshot '${this.name}' of volume '${primary.Name}/${volume}' created on ${vendorNote} (one temporary snapshot for ${this.#plan.members.length} VM(s) of the job: ${this.#plan.members.join(', ')})` });
    if (this.#mode === 'SyncReplication') {
      const sec = this.#secondary!;
      try {
        this.#inv.storageSnapshots.create({ Array: sec.Name, Volume: volume, Name: this.name, Kind: 'Temporary' });
      } catch (e) {
        throw new EngineError('VBRS_SECONDARY_UNAVAILABLE', `secondary array '${sec.Name}' (synchronous replication) was lost during the job: ${message(e)}`, { kind: 'StorageArray', name: sec.Name });
      }
      this.#temporary.push({ array: sec.Name, name: this.name });
      lines.push({ severity: 'Info', text: `Synchronous replication: storage snapshot '${this.name}' also created on secondary array '${sec.Name}'; only the secondary's snapshot will be read` });
    }
    // The array started the transfer to its snapshot-transfer secondaries by itself; it runs while
    // the VM snapshots are removed, and the mount (step 6) waits for it.
    if (this.#mode === 'SnapshotTransfer' && primary.Profile.TransferOnCreate) {
      lines.push({ severity: 'Info', text: `${primary.Vendor} array '${primary.Name}' started snapshot transport to secondary '${this.#secondary!.Name}' as soon as the snapshot was created; it runs while the VM snapshots are removed` });
    }
    return lines;
  }

  /** Step 5 done for one VM (or it left the group); the mount waits for every VM. */
  vmSnapshotRemoved(vm: string): void {
    this.#removed.add(vm);
    if (this.#plan.members.every((m) => this.#removed.has(m))) this.#allRemoved();
  }

  /** Step 6: after every VM snapshot of the group is removed, transfer if needed and mount to the proxy (once). */
  mount(): Promise<{ mounted: MountedSnapshot; lines: RunLine[] }> {
    this.#mountResult ??= this.#vmSnapshotsGone.then(async () => {
      try {
        return await this.#mountNow();
      } catch (e) {
        // A snapshot that cannot be deleted (its array is gone) must be reported, not left silently.
        this.#failureCleanup = this.cleanup();
        throw e;
      }
    });
    return this.#mountResult;
  }

  image(vm: string, disk: string): ImageDescriptor {
    const m = this.#mounted!;
    return this.#inv.storageSnapshots.diskImage(m.array, m.name, vm, disk);
  }

  /** Step 8 for one VM; the last one unmounts and deletes the temporary snapshot(s). After a failed
   *  mount, the first VM to let go gets the lines of the cleanup that already happened. */
  release(vm: string): RunLine[] {
    if (!this.#holders.delete(vm)) return this.#failureCleanup.splice(0);
    if (this.#holders.size > 0) {
      return [{ severity: 'Info', text: `Done with storage snapshot '${this.name}'; it stays mounted for ${[...this.#holders].join(', ')}` }];
    }
    return this.cleanup();
  }

  /** Unmounts and deletes what this run created; the transferred long-term snapshot stays. */
  cleanup(): RunLine[] {
    const lines: RunLine[] = [];
    const m = this.#mounted;
    this.#mounted = null;
    this.#holders.clear();
    if (m) {
      try {
        this.#inv.storageSnapshots.unmount(m.array, m.name);
        lines.push({ severity: 'Info', text: `Storage snapshot '${m.name}' unmounted from proxy '${m.proxy}'` });
      } catch (e) {
        lines.push({ severity: 'Warning', text: `Unmounting storage snapshot '${m.name}' from array '${m.array}' failed: ${message(e)}` });
      }
    }
    for (const t of this.#temporary.splice(0)) {
      try {
        this.#inv.storageSnapshots.remove(t.array, t.name);
        lines.push({ severity: 'Info', text: `Temporary storage snapshot '${t.name}' deleted from array '${t.array}'` });
      } catch (e) {
        lines.push({ severity: 'Warning', text: `Deleting temporary storage snapshot '${t.name}' from array '${t.array}' failed: ${message(e)}` });
      }
    }
    if (this.#transferredTo !== null && this.#mode === 'SnapshotTransfer') {
      lines.push({ severity: 'Info', text: `Transferred snapshot '${this.name}' read from and kept on secondary array '${this.#transferredTo}' as a long-term snapshot under its retention` });
    }
    return lines;
  }

  async #mountNow(): Promise<{ mounted: MountedSnapshot; lines: RunLine[] }> {
    const lines: RunLine[] = [];
    const primary = this.#primary;
    const snaps = this.#inv.storageSnapshots;
    // Snapshot transfer: the copy on the secondary is needed now — wait for the transfer the array
    // started (Nimble-like) or transfer now, then mount; a secondary where either fails gives way to
    // the next one, then to the primary.
    while (this.#mode === 'SnapshotTransfer') {
      const sec = this.#secondary!;
      if (this.#transferredTo !== sec.Name) {
        try {
          const byArray = primary.Profile.TransferOnCreate;
          const started = byArray ? snaps.startedTransfer(primary.Name, this.name, sec.Name) : null;
          if (byArray && started === null) throw new Error(`${primary.Vendor} array '${primary.Name}' did not start it`);
          const r = await (started ?? snaps.transferAsync(primary.Name, this.name, { Target: sec.Name }));
          this.#transferredTo = sec.Name;
          const how = byArray ? ', started by the array when the snapshot was created' : '';
          lines.push({ severity: 'Info', text: `Snapshot '${this.name}' transferred to secondary array '${sec.Name}': ${r.TransferredBytes} of ${r.ScannedBytes} bytes sent in ${Math.round(r.DurationMs)} ms${how}` });
          if (r.Auxiliary) lines.push({ severity: 'Info', text: `${primary.Vendor} keeps auxiliary snapshot '${r.Auxiliary.Name}' on the primary as the base of the next transfer` });
        } catch (e) {
          this.#secondaryFailed(lines, `the transfer of snapshot '${this.name}' to secondary array '${sec.Name}' failed: ${message(e)}`);
          continue;
        }
      }
      const proxy = this.#secondaryProxy!;
      try {
        snaps.mount(sec.Name, this.name, proxy);
        this.#mounted = { source: 'SecondaryStorage', array: sec.Name, name: this.name, proxy };
        lines.push({ severity: 'Info', text: `Storage snapshot '${this.name}' on secondary array '${sec.Name}' mounted to proxy '${proxy}'` });
        break;
      } catch (e) {
        this.#transferredTo = null;
        this.#secondaryFailed(lines, `snapshot '${this.name}' cannot be mounted from secondary array '${sec.Name}': ${message(e)}`);
      }
    }
    if (this.#mode === 'SyncReplication') {
      const sec = this.#secondary!;
      const proxy = this.#secondaryProxy!;
      try {
        snaps.mount(sec.Name, this.name, proxy);
      } catch (e) {
        throw new EngineError('VBRS_SECONDARY_UNAVAILABLE', `secondary array '${sec.Name}' (synchronous replication) was lost during the job: ${message(e)}`, { kind: 'StorageArray', name: sec.Name });
      }
      this.#mounted = { source: 'SecondaryStorage', array: sec.Name, name: this.name, proxy };
      lines.push({ severity: 'Info', text: `Storage snapshot '${this.name}' on secondary array '${sec.Name}' mounted to proxy '${proxy}'` });
    }
    if (!this.#mounted) {
      const proxy = this.#plan.primaryProxy;
      if (proxy === null) {
        throw new EngineError('VBRS_PROXY_UNAVAILABLE', `cannot read the primary array's snapshot: no backup proxy has a direct SAN connection to storage array '${primary.Name}'`, { kind: 'StorageArray', name: primary.Name });
      }
      snaps.mount(primary.Name, this.name, proxy);
      this.#mounted = { source: 'PrimaryStorage', array: primary.Name, name: this.name, proxy };
      lines.push({ severity: 'Info', text: `Storage snapshot '${this.name}' on primary array '${primary.Name}' mounted to proxy '${proxy}'` });
    }
    return { mounted: this.#mounted, lines };
  }

  /** The first usable secondary, or failover to the primary (or failure) when none is. */
  #chooseSecondary(lines: RunLine[]): void {
    if (this.#untried.length === 0) {
      this.#failover(lines, `array '${this.#primary.Name}' has no secondary array`);
      return;
    }
    if (!this.#nextSecondary(lines)) this.#failover(lines, this.#skipped.join('; '));
  }

  /**
   * Takes the next secondary that can be used now, logging each one passed over; false when none is
   * left. After the primary's snapshot exists only snapshot transfer can still bring it anywhere.
   */
  #nextSecondary(lines: RunLine[]): boolean {
    while (this.#untried.length > 0) {
      const sec = this.#inv.arrays.get(this.#untried.shift()!);
      const proxy =
        this.#plan.proxies.find((p) => p.Name === this.#plan.preferredProxy && sees(p, sec.Name)) ?? this.#plan.proxies.find((p) => sees(p, sec.Name));
      const problem = !sec.Connected
        ? `secondary array '${sec.Name}' is not connected`
        : !sec.ExportLicense && sec.Profile.ExportLicenseRequired
          ? `secondary array '${sec.Name}' has no volume export licence`
          : !proxy
            ? `no backup proxy has a direct SAN connection to secondary array '${sec.Name}'`
            : this.#created && sec.ReplicationMode === 'SyncReplication'
              ? `secondary array '${sec.Name}' (synchronous replication) has no snapshot taken with the primary's`
              : null;
      this.#secondary = sec;
      if (problem !== null) {
        this.#passOver(lines, problem);
        continue;
      }
      this.#secondaryProxy = proxy!.Name;
      this.#mode = sec.ReplicationMode === 'SyncReplication' ? 'SyncReplication' : 'SnapshotTransfer';
      lines.push({
        severity: 'Info',
        text: this.#mode === 'SyncReplication'
          ? `Secondary array '${sec.Name}' is linked by synchronous replication: snapshots on both arrays, data read from the secondary`
          : `Secondary array '${sec.Name}' is linked by snapshot transfer: the primary's snapshot is transferred there and read from there`,
      });
      return true;
    }
    return false;
  }

  /** Records why a secondary cannot be used; says which one is tried instead when one is left. */
  #passOver(lines: RunLine[], problem: string): void {
    this.#skipped.push(problem);
    const next = this.#untried[0];
    if (next !== undefined) lines.push({ severity: 'Warning', text: `${problem}; trying the next secondary array '${next}'` });
  }

  /** The secondary failed after the start (transfer, mount): the next secondary, else the primary, else fail. */
  #secondaryFailed(lines: RunLine[], problem: string): void {
    this.#passOver(lines, problem);
    if (this.#nextSecondary(lines)) return;
    this.#failover(lines, this.#skipped.join('; '));
  }

  #failover(lines: RunLine[], problem: string): void {
    if (!this.#plan.job.FailoverToPrimary) {
      throw new EngineError('VBRS_SECONDARY_UNAVAILABLE', `${problem}, and failover to the primary storage is off (FailoverToPrimary)`, { kind: 'StorageArray', name: this.#secondary?.Name ?? this.#primary.Name });
    }
    this.#mode = 'Primary';
    lines.push({ severity: 'Warning', text: `${problem}: failing over to the primary array's snapshot (FailoverToPrimary)` });
  }
}
