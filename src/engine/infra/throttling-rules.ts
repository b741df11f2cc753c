// Throttling rules cap the bytes per second that may flow between two components (a proxy and a
// repository, a host and a proxy …). Rule ends are component names or wildcard patterns; data movers
// ask `limitFor(source, target)` and get the tightest matching limit.

import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { EngineContext } from './engine-context.ts';
import { checkName, checkPositiveInt } from './object-name.ts';
import { hasWildcard, matchesName } from './wildcard.ts';

export interface ThrottlingRule {
  Name: string;
  Source: string;
  Target: string;
  /** Bytes per second. */
  Limit: number;
  CreationTime: Date;
}

export interface AddThrottlingRuleOptions {
  Source: string;
  Target: string;
  Limit: number;
  Name?: string;
}

const COMPONENT_TABLES = ['proxies', 'repositories', 'hosts', 'storage_arrays'] as const;

export class ThrottlingRules {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private toRecord(r: Row): ThrottlingRule {
    return { Name: String(r.name), Source: String(r.source), Target: String(r.target), Limit: Number(r.limit_bps), CreationTime: new Date(Number(r.created_at)) };
  }

  private checkEnd(rule: string, what: string, end: unknown): string {
    if (typeof end !== 'string' || end === '') throw EngineError.invalid('ThrottlingRule', rule, `${what} must be a component name.`);
    if (hasWildcard(end)) return end;
    const known = COMPONENT_TABLES.some((t) => this.ctx.catalog.get(`SELECT 1 FROM ${t} WHERE name = ?`, end));
    if (!known) throw EngineError.invalid('ThrottlingRule', rule, `${what} '${end}' is not a known proxy, repository, host or storage array.`);
    return end;
  }

  add(opts: AddThrottlingRuleOptions): ThrottlingRule {
    const name = checkName('ThrottlingRule', opts.Name ?? `${opts.Source}-${opts.Target}`.replace(/[*?[\]]/g, 'any'));
    const c = this.ctx.catalog;
    c.tx(() => {
      if (c.get('SELECT 1 FROM throttling_rules WHERE name = ?', name)) throw EngineError.duplicate('ThrottlingRule', name);
      const source = this.checkEnd(name, 'Source', opts.Source);
      const target = this.checkEnd(name, 'Target', opts.Target);
      const limit = checkPositiveInt('ThrottlingRule', name, 'Limit (bytes per second)', opts.Limit);
      c.run('INSERT INTO throttling_rules (name, source, target, limit_bps, created_at) VALUES (?, ?, ?, ?, ?)', name, source, target, limit, Date.now());
    });
    return this.get(name);
  }

  get(name: string): ThrottlingRule {
    const r = this.ctx.catalog.get('SELECT * FROM throttling_rules WHERE name = ?', name);
    if (!r) throw EngineError.notFound('ThrottlingRule', name);
    return this.toRecord(r);
  }

  list(pattern?: string): ThrottlingRule[] {
    return this.ctx.catalog.all('SELECT * FROM throttling_rules ORDER BY id').filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  set(name: string, changes: { Limit?: number; Source?: string; Target?: string }): ThrottlingRule {
    const c = this.ctx.catalog;
    c.tx(() => {
      this.get(name);
      if (changes.Limit !== undefined) c.run('UPDATE throttling_rules SET limit_bps = ? WHERE name = ?', checkPositiveInt('ThrottlingRule', name, 'Limit (bytes per second)', changes.Limit), name);
      if (changes.Source !== undefined) c.run('UPDATE throttling_rules SET source = ? WHERE name = ?', this.checkEnd(name, 'Source', changes.Source), name);
      if (changes.Target !== undefined) c.run('UPDATE throttling_rules SET target = ? WHERE name = ?', this.checkEnd(name, 'Target', changes.Target), name);
    });
    return this.get(name);
  }

  remove(name: string): void {
    this.ctx.catalog.tx(() => {
      this.get(name);
      this.ctx.catalog.run('DELETE FROM throttling_rules WHERE name = ?', name);
    });
  }

  /** The tightest limit (bytes/s) of the rules between `source` and `target`, or null when unthrottled. */
  limitFor(source: string, target: string): number | null {
    const hits = this.list().filter((r) => matchesName(source, r.Source) && matchesName(target, r.Target));
    return hits.length ? Math.min(...hits.map((r) => r.Limit)) : null;
  }
}
