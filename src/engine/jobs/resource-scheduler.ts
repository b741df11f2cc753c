// The Backup Service's resource scheduler: every task needs one task slot on a backup proxy and one
// on the backup repository. It gets the proxy with the best transport mode for its disk among
// those with a free slot, the least loaded one on a tie; when no slot is free the task waits,
// first come first served, until another task releases one. One scheduler serves all jobs of an
// engine, so concurrent jobs share proxies and repositories.

import { EngineError } from '../engine-error.ts';

export interface SlotHolder {
  name: string;
  maxTasks: number;
}

export interface SlotCandidate {
  proxy: SlotHolder;
  /** Lower is better (see transportRank). */
  rank: number;
}

export interface SlotRequest {
  task: string;
  proxies: readonly SlotCandidate[];
  repository: SlotHolder;
  signal?: AbortSignal;
  /** Called once when the request has to wait, with the reason. */
  onWait?: (reason: string) => void;
}

export interface SlotLease {
  proxy: string;
  repository: string;
  /** True when the task had to wait for a slot. */
  waited: boolean;
  release(): void;
}

interface Waiter {
  request: SlotRequest;
  grant(lease: SlotLease): void;
  fail(error: unknown): void;
}

export class ResourceScheduler {
  readonly #proxyUse = new Map<string, number>();
  readonly #repoUse = new Map<string, number>();
  #waiters: Waiter[] = [];

  /** Slots currently held, by proxy and by repository name. */
  usage(): { proxies: Record<string, number>; repositories: Record<string, number> } {
    return { proxies: Object.fromEntries(this.#proxyUse), repositories: Object.fromEntries(this.#repoUse) };
  }

  get waiting(): number {
    return this.#waiters.length;
  }

  acquire(request: SlotRequest): Promise<SlotLease> {
    const usable = request.proxies.filter((c) => c.proxy.maxTasks > 0);
    if (usable.length === 0) {
      const names = request.proxies.map((c) => c.proxy.name);
      const why = names.length === 0 ? 'no backup proxy can reach its disk' : `proxy ${names.map((n) => `'${n}'`).join(', ')} has no task slots`;
      return Promise.reject(new EngineError('VBRS_PROXY_UNAVAILABLE', `Task '${request.task}': ${why}.`, { kind: 'Proxy', name: names[0] ?? '' }));
    }
    if (request.repository.maxTasks <= 0) {
      return Promise.reject(
        new EngineError('VBRS_REPOSITORY_UNAVAILABLE', `Repository '${request.repository.name}' has no task slots.`, {
          kind: 'Repository',
          name: request.repository.name,
        }),
      );
    }
    // An already-aborted signal never fires its abort listener again: refuse here, or the caller
    // (a job stopped right after it started) would wait forever.
    if (request.signal?.aborted) return Promise.reject(cancelledWhileWaiting(request));
    const now = this.#tryGrant(request, false);
    if (now) return Promise.resolve(now);
    return new Promise<SlotLease>((resolve, reject) => {
      const waiter: Waiter = { request, grant: resolve, fail: reject };
      this.#waiters.push(waiter);
      request.onWait?.(this.#waitReason(request));
      request.signal?.addEventListener(
        'abort',
        () => {
          if (!this.#waiters.includes(waiter)) return;
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          reject(cancelledWhileWaiting(request));
        },
        { once: true },
      );
    });
  }

  #tryGrant(request: SlotRequest, waited: boolean): SlotLease | null {
    if (request.signal?.aborted) return null;
    const repo = request.repository;
    if ((this.#repoUse.get(repo.name) ?? 0) >= repo.maxTasks) return null;
    const free = request.proxies.filter((c) => (this.#proxyUse.get(c.proxy.name) ?? 0) < c.proxy.maxTasks);
    if (free.length === 0) return null;
    const load = (p: SlotHolder) => (this.#proxyUse.get(p.name) ?? 0) / p.maxTasks;
    free.sort((a, b) => a.rank - b.rank || load(a.proxy) - load(b.proxy) || a.proxy.name.localeCompare(b.proxy.name));
    const proxy = free[0]!.proxy.name;
    this.#proxyUse.set(proxy, (this.#proxyUse.get(proxy) ?? 0) + 1);
    this.#repoUse.set(repo.name, (this.#repoUse.get(repo.name) ?? 0) + 1);
    let released = false;
    return {
      proxy,
      repository: repo.name,
      waited,
      release: () => {
        if (released) return;
        released = true;
        this.#proxyUse.set(proxy, this.#proxyUse.get(proxy)! - 1);
        this.#repoUse.set(repo.name, this.#repoUse.get(repo.name)! - 1);
        this.#pump();
      },
    };
  }

  #pump(): void {
    for (const waiter of [...this.#waiters]) {
      const lease = this.#tryGrant(waiter.request, true);
      if (!lease) continue;
      this.#waiters = this.#waiters.filter((w) => w !== waiter);
      waiter.grant(lease);
    }
  }

  #waitReason(request: SlotRequest): string {
    const repo = request.repository;
    if ((this.#repoUse.get(repo.name) ?? 0) >= repo.maxTasks) {
      return `all ${repo.maxTasks} task slots of repository '${repo.name}' are busy`;
    }
    const names = request.proxies.map((c) => `'${c.proxy.name}'`).join(', ');
    return `all task slots of proxy ${names} are busy`;
  }
}

function cancelledWhileWaiting(request: SlotRequest): EngineError {
  return new EngineError('VBRS_CANCELLED', `Task '${request.task}' was cancelled while waiting for resources.`);
}
