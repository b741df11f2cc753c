// ESXi hosts of the modelled vCenter inventory (Add-ViHost / Get-ViHost / Remove-ViHost).

import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { EngineContext } from './engine-context.ts';
import { checkName } from './object-name.ts';
import { matchesName } from './wildcard.ts';

export interface ViHost {
  Name: string;
  Datastores: string[];
  VMs: string[];
  CreationTime: Date;
}

export interface AddHostOptions {
  Name: string;
}

export class Hosts {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private toRecord(r: Row): ViHost {
    const c = this.ctx.catalog;
    return {
      Name: String(r.name),
      Datastores: c.all('SELECT name FROM datastores WHERE host_id = ? ORDER BY name', Number(r.id)).map((x) => String(x.name)),
      VMs: c.all('SELECT name FROM vms WHERE host_id = ? ORDER BY name', Number(r.id)).map((x) => String(x.name)),
      CreationTime: new Date(Number(r.created_at)),
    };
  }

  add(opts: AddHostOptions): ViHost {
    const name = checkName('Host', opts.Name);
    const c = this.ctx.catalog;
    c.tx(() => {
      if (c.get('SELECT 1 FROM hosts WHERE name = ?', name)) throw EngineError.duplicate('Host', name);
      c.run('INSERT INTO hosts (name, created_at) VALUES (?, ?)', name, Date.now());
    });
    return this.get(name);
  }

  get(name: string): ViHost {
    const r = this.ctx.catalog.get('SELECT * FROM hosts WHERE name = ?', name);
    if (!r) throw EngineError.notFound('Host', name);
    return this.toRecord(r);
  }

  list(pattern?: string): ViHost[] {
    return this.ctx.catalog.all('SELECT * FROM hosts ORDER BY id').filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  remove(name: string): void {
    const c = this.ctx.catalog;
    c.tx(() => {
      const h = this.get(name);
      const proxies = c.all('SELECT p.name FROM proxies p JOIN hosts h ON h.id = p.host_id WHERE h.name = ?', name).map((x) => String(x.name));
      const users = [...h.VMs.map((v) => `VM '${v}'`), ...h.Datastores.map((d) => `datastore '${d}'`), ...proxies.map((p) => `proxy '${p}'`)];
      if (users.length) throw new EngineError('VBRS_IN_USE', `Host '${h.Name}' is in use by ${users.join(', ')}.`, { kind: 'Host', name: h.Name });
      c.run('DELETE FROM hosts WHERE name = ?', name);
    });
  }
}
