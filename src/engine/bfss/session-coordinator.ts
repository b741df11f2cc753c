// Within one job session, the Backup Manager processes VMs in parallel and asks for each VM's frozen
// image on its own. Backup from storage snapshots needs them together: one storage snapshot per
// volume serves every VM of the job on it, and in a mixed job the VM snapshots of regular VMs are
// taken only after those storage snapshots exist. The coordinator gathers the VMs of a volume into a
// group and closes it when every VM of the session that belongs there has arrived — or cannot come
// (its tasks failed, or it is still waiting for a proxy/repository slot; such a VM gets a group of
// its own later, so nobody waits on a slot another VM holds). It reads the session's live task
// records and events, which the Backup Manager fills before any VM freezes.

import type { SessionEvent } from '../jobs/live-session.ts';
import type { SessionView } from './bfss-ports.ts';

export interface VolumeGroup {
  readonly key: string;
  /** VMs in arrival order; the first is the leader that drives the storage snapshot. */
  readonly members: string[];
  /** Resolves when the group is closed (no more VMs will join it). */
  readonly closed: Promise<void>;
}

interface Member {
  /** Volume key (`array/volume`) while the VM is expected to use a storage snapshot; null for a VM snapshot. */
  key: string | null;
  arrived: boolean;
  /** Its group's storage snapshot was created, or failed. */
  settled: boolean;
}

interface OpenGroup extends VolumeGroup {
  members: string[];
  close(): void;
}

const waitingPrefix = 'Waiting for infrastructure resources';
const assignedPrefix = 'Resource scheduler assigned';

export class SessionCoordinator {
  readonly #view: SessionView;
  readonly #signal: AbortSignal;
  readonly #members = new Map<string, Member>();
  readonly #open = new Map<string, OpenGroup>();
  #regularWaiters: (() => void)[] = [];
  readonly #waiting = new Set<number>();
  readonly #scheduled = new Set<number>();
  readonly #listener: (e: SessionEvent) => void;

  /** `volumeOf` answers where a VM's disks live: its volume key, or null when it is not on an array. */
  constructor(view: SessionView, signal: AbortSignal, volumeOf: (vm: string) => string | null) {
    this.#view = view;
    this.#signal = signal;
    for (const t of view.tasks) {
      if (this.#members.has(t.VM)) continue;
      let key: string | null = null;
      try {
        key = volumeOf(t.VM);
      } catch {
        key = null; // a VM removed since the job was defined: its tasks fail on their own
      }
      this.#members.set(t.VM, { key, arrived: false, settled: false });
    }
    // Slot state per task: from the log lines already written, then from the structured events.
    for (const t of view.tasks) {
      if (t.Log.some((l) => l.Text.startsWith(assignedPrefix))) this.#scheduled.add(t.Index);
      else if (t.Log.some((l) => l.Text.startsWith(waitingPrefix))) this.#waiting.add(t.Index);
    }
    this.#listener = (e) => {
      if (e.kind === 'task-waiting') this.#waiting.add(e.task.Index);
      else if (e.kind === 'task-scheduled') this.#scheduled.add(e.task.Index);
      else if (e.kind !== 'task-finished') return;
      this.#settle();
    };
    view.events.on('event', this.#listener);
    signal.addEventListener('abort', () => this.#settle(), { once: true });
  }

  /** A VM ready to join the storage snapshot of volume `key` (its VM snapshot is open). */
  joinVolume(vm: string, key: string): VolumeGroup {
    const m = this.#member(vm);
    m.key = key;
    m.arrived = true;
    let g = this.#open.get(key);
    if (!g) {
      let close!: () => void;
      const closed = new Promise<void>((resolve) => (close = resolve));
      g = { key, members: [], closed, close };
      this.#open.set(key, g);
    }
    g.members.push(vm);
    this.#settle();
    return g;
  }

  /** The storage snapshot of this VM's group exists now, or failed: regular VMs may go on. */
  settled(vm: string): void {
    this.#member(vm).settled = true;
    this.#settle();
  }

  /**
   * A VM that takes a VM snapshot: resolves once no storage snapshot of this session is still being
   * gathered or created, so its VM snapshot comes after them.
   */
  afterStorageSnapshots(vm: string): Promise<void> {
    const m = this.#member(vm);
    m.key = null;
    m.arrived = true;
    m.settled = true;
    return new Promise<void>((resolve) => {
      this.#regularWaiters.push(resolve);
      this.#settle();
    });
  }

  /** A VM that will not join any storage snapshot (it failed before): nobody waits for it. */
  leave(vm: string): void {
    const m = this.#member(vm);
    m.key = null;
    m.arrived = true;
    m.settled = true;
    this.#settle();
  }

  /** VMs expected on a storage snapshot that have not reached it yet and are not blocked. */
  pendingStorageVms(): string[] {
    return [...this.#members.entries()].filter(([vm, m]) => m.key !== null && !m.settled && !this.#cannotCome(vm, m)).map(([vm]) => vm);
  }

  dispose(): void {
    this.#view.events.off('event', this.#listener);
    for (const g of this.#open.values()) g.close();
    this.#open.clear();
    for (const w of this.#regularWaiters) w();
    this.#regularWaiters = [];
  }

  #member(vm: string): Member {
    let m = this.#members.get(vm);
    if (!m) {
      m = { key: null, arrived: false, settled: false };
      this.#members.set(vm, m);
    }
    return m;
  }

  /** Not arrived and not coming soon: every task failed, or none has a slot and one is waiting for one. */
  #cannotCome(vm: string, m: Member): boolean {
    if (m.arrived) return false;
    const tasks = this.#view.tasks.filter((t) => t.VM === vm);
    if (tasks.length > 0 && tasks.every((t) => t.EndTime !== null)) return true;
    return !tasks.some((t) => this.#scheduled.has(t.Index)) && tasks.some((t) => this.#waiting.has(t.Index));
  }

  #settle(): void {
    const aborted = this.#signal.aborted;
    for (const [key, g] of [...this.#open]) {
      const gathered = [...this.#members].every(([vm, m]) => m.key !== key || m.arrived || this.#cannotCome(vm, m));
      if (aborted || gathered) {
        this.#open.delete(key);
        g.close();
      }
    }
    if (this.#regularWaiters.length === 0) return;
    const storageDone = [...this.#members].every(([vm, m]) => m.key === null || m.settled || this.#cannotCome(vm, m));
    if (aborted || storageDone) {
      const waiters = this.#regularWaiters;
      this.#regularWaiters = [];
      for (const w of waiters) w();
    }
  }
}
