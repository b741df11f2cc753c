// Backup proxies: task slots, the transport mode they are set to, the arrays they can reach over
// the SAN, the host they run on as a VM (HotAdd) and whether they fail over to network mode.
// `transportFor` answers which mode a proxy would use for a VM and why, for the resource scheduler.

import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { EngineContext } from './engine-context.ts';
import { checkName, checkPositiveInt } from './object-name.ts';
import { matchesName } from './wildcard.ts';

export type TransportMode = 'DirectSAN' | 'HotAdd' | 'NBD';
export type ProxyTransportMode = 'Auto' | TransportMode;
const MODES: readonly ProxyTransportMode[] = ['Auto', 'DirectSAN', 'HotAdd', 'NBD'];

export interface BackupProxy {
  Name: string;
  MaxTasks: number;
  TransportMode: ProxyTransportMode;
  /** The host this proxy runs on as a VM (HotAdd capable), or null for a physical proxy. */
  Host: string | null;
  SanAccess: string[];
  FailoverToNetwork: boolean;
  CreationTime: Date;
}

export interface AddProxyOptions {
  Name: string;
  MaxTasks?: number;
  TransportMode?: ProxyTransportMode;
  Host?: string | null;
  SanAccess?: string[];
  FailoverToNetwork?: boolean;
}

export type SetProxyOptions = Omit<AddProxyOptions, 'Name'>;

export interface TransportChoice {
  Proxy: string;
  VM: string;
  /** The mode the proxy would use, or null when it cannot process this VM. */
  Mode: TransportMode | null;
  /** Modes this proxy could use for this VM, best first. */
  Available: TransportMode[];
  /** True when the configured mode was unavailable and the proxy fell back to NBD. */
  FailedOver: boolean;
  Reason: string | null;
}

function checkMode(name: string, mode: unknown): ProxyTransportMode {
  const hit = MODES.find((m) => typeof mode === 'string' && m.toLowerCase() === mode.toLowerCase());
  if (!hit) throw EngineError.invalid('Proxy', name, `TransportMode must be one of ${MODES.join(', ')} (got '${String(mode)}').`);
  return hit;
}

export class Proxies {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private toRecord(r: Row): BackupProxy {
    return {
      Name: String(r.name),
      MaxTasks: Number(r.max_tasks),
      TransportMode: String(r.transport_mode) as ProxyTransportMode,
      Host: r.host_name === null ? null : String(r.host_name),
      SanAccess: this.ctx.catalog
        .all('SELECT a.name FROM proxy_san_access s JOIN storage_arrays a ON a.id = s.array_id WHERE s.proxy_id = ? ORDER BY a.name', Number(r.id))
        .map((x) => String(x.name)),
      FailoverToNetwork: Number(r.failover_to_network) === 1,
      CreationTime: new Date(Number(r.created_at)),
    };
  }

  private rows(where = '', ...params: string[]): Row[] {
    return this.ctx.catalog.all(`SELECT p.*, h.name AS host_name FROM proxies p LEFT JOIN hosts h ON h.id = p.host_id ${where} ORDER BY p.id`, ...params);
  }

  /** Applies every given option to proxy `id` (inside the caller's transaction). */
  private apply(id: number, name: string, o: SetProxyOptions): void {
    const c = this.ctx.catalog;
    if (o.MaxTasks !== undefined) c.run('UPDATE proxies SET max_tasks = ? WHERE id = ?', checkPositiveInt('Proxy', name, 'MaxTasks', o.MaxTasks), id);
    if (o.TransportMode !== undefined) c.run('UPDATE proxies SET transport_mode = ? WHERE id = ?', checkMode(name, o.TransportMode), id);
    if (o.FailoverToNetwork !== undefined) c.run('UPDATE proxies SET failover_to_network = ? WHERE id = ?', o.FailoverToNetwork ? 1 : 0, id);
    if (o.Host !== undefined) {
      let hostId: number | null = null;
      if (o.Host !== null) {
        const h = c.get('SELECT id FROM hosts WHERE name = ?', o.Host);
        if (!h) throw EngineError.invalid('Proxy', name, `host '${o.Host}' was not found.`);
        hostId = Number(h.id);
      }
      c.run('UPDATE proxies SET host_id = ? WHERE id = ?', hostId, id);
    }
    if (o.SanAccess !== undefined) {
      c.run('DELETE FROM proxy_san_access WHERE proxy_id = ?', id);
      for (const a of o.SanAccess) {
        const arr = c.get('SELECT id FROM storage_arrays WHERE name = ?', a);
        if (!arr) throw EngineError.invalid('Proxy', name, `storage array '${a}' was not found.`);
        c.run('INSERT OR IGNORE INTO proxy_san_access (proxy_id, array_id) VALUES (?, ?)', id, Number(arr.id));
      }
    }
  }

  add(opts: AddProxyOptions): BackupProxy {
    const name = checkName('Proxy', opts.Name);
    const c = this.ctx.catalog;
    c.tx(() => {
      if (c.get('SELECT 1 FROM proxies WHERE name = ?', name)) throw EngineError.duplicate('Proxy', name);
      const id = c.run('INSERT INTO proxies (name, failover_to_network, created_at) VALUES (?, 0, ?)', name, Date.now());
      this.apply(id, name, opts);
    });
    return this.get(name);
  }

  get(name: string): BackupProxy {
    const r = this.rows('WHERE p.name = ?', name)[0];
    if (!r) throw EngineError.notFound('Proxy', name);
    return this.toRecord(r);
  }

  list(pattern?: string): BackupProxy[] {
    return this.rows().filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  set(name: string, changes: SetProxyOptions): BackupProxy {
    const c = this.ctx.catalog;
    c.tx(() => {
      const r = c.get('SELECT id FROM proxies WHERE name = ?', name);
      if (!r) throw EngineError.notFound('Proxy', name);
      this.apply(Number(r.id), name, changes);
    });
    return this.get(name);
  }

  remove(name: string): void {
    this.ctx.catalog.tx(() => {
      this.get(name);
      this.ctx.catalog.run('DELETE FROM proxies WHERE name = ?', name);
    });
  }

  /**
   * Which transport mode `proxy` would use for `vm`: Direct SAN needs SAN access to the connected
   * array hosting the VM's datastore; HotAdd needs the proxy to be a VM on a host that sees the
   * datastore (the datastore's host, or any host for shared array storage); NBD always works
   * through the host. Auto takes the best available; a fixed mode that is unavailable falls back
   * to NBD only when the proxy allows failover to network.
   */
  transportFor(proxy: string, vm: string): TransportChoice {
    const p = this.get(proxy);
    const ds = this.ctx.catalog.get(
      `SELECT v.name AS vm_name, h.name AS ds_host, a.name AS array_name, a.connected
         FROM vms v JOIN datastores d ON d.id = v.datastore_id JOIN hosts h ON h.id = d.host_id
         LEFT JOIN volumes vol ON vol.id = d.volume_id LEFT JOIN storage_arrays a ON a.id = vol.array_id
        WHERE v.name = ?`,
      vm,
    );
    if (!ds) throw EngineError.notFound('VM', vm);
    const array = ds.array_name === null ? null : String(ds.array_name);
    const available: TransportMode[] = [];
    const why: Partial<Record<TransportMode, string>> = {};
    if (array === null) why.DirectSAN = `VM '${ds.vm_name}' is on local storage`;
    else if (!p.SanAccess.some((a) => a.toLowerCase() === array.toLowerCase())) why.DirectSAN = `proxy '${p.Name}' has no SAN access to array '${array}'`;
    else if (Number(ds.connected) !== 1) why.DirectSAN = `array '${array}' is disconnected`;
    else available.push('DirectSAN');
    if (p.Host === null) why.HotAdd = `proxy '${p.Name}' is not a VM on a host`;
    else if (array === null && p.Host.toLowerCase() !== String(ds.ds_host).toLowerCase()) why.HotAdd = `host '${p.Host}' does not see the datastore of VM '${ds.vm_name}'`;
    else available.push('HotAdd');
    available.push('NBD');
    const base = { Proxy: p.Name, VM: String(ds.vm_name), Available: available };
    if (p.TransportMode === 'Auto') return { ...base, Mode: available[0]!, FailedOver: false, Reason: null };
    if (available.includes(p.TransportMode)) return { ...base, Mode: p.TransportMode, FailedOver: false, Reason: null };
    const reason = why[p.TransportMode] ?? `${p.TransportMode} is unavailable`;
    if (p.FailoverToNetwork) return { ...base, Mode: 'NBD', FailedOver: true, Reason: reason };
    return { ...base, Mode: null, FailedOver: false, Reason: reason };
  }
}
