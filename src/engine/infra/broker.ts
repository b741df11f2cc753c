// The Broker Service: answers the scheduler's inventory questions (VMs, hosts, datastores) from a
// cache, so planning a job with many tasks does not re-query the catalog for each. The cache is
// dropped whenever the catalog changed — by this connection (total_changes) or by another process
// (PRAGMA data_version) — so answers are never stale.

import type { EngineContext } from './engine-context.ts';
import type { Datastore } from './datastores.ts';
import type { Datastores } from './datastores.ts';
import type { ViHost } from './hosts.ts';
import type { Hosts } from './hosts.ts';
import type { VM, VMs } from './vms.ts';

export interface BrokerStats {
  hits: number;
  misses: number;
}

export class Broker {
  private readonly ctx: EngineContext;
  private readonly sources: { vms: VMs; hosts: Hosts; datastores: Datastores };
  private version = '';
  private cache = new Map<string, unknown>();
  readonly stats: BrokerStats = { hits: 0, misses: 0 };

  constructor(ctx: EngineContext, sources: { vms: VMs; hosts: Hosts; datastores: Datastores }) {
    this.ctx = ctx;
    this.sources = sources;
  }

  private catalogVersion(): string {
    const r = this.ctx.catalog.get('SELECT total_changes() AS t');
    const d = this.ctx.catalog.get('PRAGMA data_version');
    return `${r!.t}:${d!.data_version}`;
  }

  private cached<T>(key: string, load: () => T): T {
    const v = this.catalogVersion();
    if (v !== this.version) {
      this.cache.clear();
      this.version = v;
    }
    if (this.cache.has(key)) {
      this.stats.hits++;
      return this.cache.get(key) as T;
    }
    this.stats.misses++;
    const value = load();
    this.cache.set(key, value);
    return value;
  }

  vms(): VM[] {
    return this.cached('vms', () => this.sources.vms.list());
  }

  vm(name: string): VM | undefined {
    return this.vms().find((v) => v.Name.toLowerCase() === name.toLowerCase());
  }

  hosts(): ViHost[] {
    return this.cached('hosts', () => this.sources.hosts.list());
  }

  datastores(): Datastore[] {
    return this.cached('datastores', () => this.sources.datastores.list());
  }

  datastore(name: string): Datastore | undefined {
    return this.datastores().find((d) => d.Name.toLowerCase() === name.toLowerCase());
  }
}
