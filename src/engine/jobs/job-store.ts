// Job definitions in the catalog (one JSON row per job, so adding a setting needs no migration).
// Script-block hooks are live callbacks that cannot be stored: the row keeps their name and this
// process keeps the callback; a later process asks the hook resolver to rebuild it from the name.

import { EngineError } from '../engine-error.ts';
import type { Catalog } from '../catalog/index.ts';
import type { GuestHook } from '../guest/index.ts';
import {
  newJobInfo,
  validateJob,
  type GuestProcessingChanges,
  type JobChanges,
  type JobInfo,
  type NewJob,
  type StoredHook,
} from './job-settings.ts';

/** Checks that names a job refers to exist; each throws EngineError.notFound otherwise. */
export interface JobReferences {
  checkVm(name: string): void;
  checkRepository(name: string): void;
  checkProxy(name: string): void;
  /** Optional: guest credentials are checked when given. */
  checkCredential?(name: string): void;
}

export type HookResolver = (name: string) => GuestHook | null;
export type HookSlot = 'PreFreezeScript' | 'PostThawScript';

export class JobStore {
  readonly #catalog: Catalog;
  readonly #refs: JobReferences;
  readonly #callbacks = new Map<string, GuestHook>();
  #resolver: HookResolver | null = null;

  constructor(catalog: Catalog, refs: JobReferences) {
    this.#catalog = catalog;
    this.#refs = refs;
  }

  /** Lets the shell rebuild script-block hooks of jobs defined by an earlier process. */
  setHookResolver(resolver: HookResolver | null): void {
    this.#resolver = resolver;
  }

  add(job: NewJob): JobInfo {
    const info = newJobInfo(job);
    this.#checkRefs(info);
    return this.#catalog.tx(() => {
      if (this.find(info.Name)) throw EngineError.duplicate('Job', info.Name);
      this.#catalog.run('INSERT INTO jobs (name, settings) VALUES (?, ?)', info.Name, JSON.stringify(info));
      return info;
    });
  }

  find(name: string): JobInfo | null {
    const row = this.#catalog.get('SELECT settings FROM jobs WHERE name = ?', name);
    return row ? (JSON.parse(String(row.settings)) as JobInfo) : null;
  }

  get(name: string): JobInfo {
    const job = this.find(name);
    if (!job) throw EngineError.notFound('Job', name);
    return job;
  }

  /** All jobs, or those whose name matches a PowerShell wildcard (`*`, `?`), sorted by name. */
  list(pattern?: string): JobInfo[] {
    const re = pattern === undefined ? null : wildcard(pattern);
    return this.#catalog
      .all('SELECT settings FROM jobs ORDER BY name')
      .map((r) => JSON.parse(String(r.settings)) as JobInfo)
      .filter((j) => re === null || re.test(j.Name));
  }

  set(name: string, changes: JobChanges): JobInfo {
    return this.#update(name, (job) => {
      const next: JobInfo = { ...job, ...changes, Name: job.Name, GuestProcessing: job.GuestProcessing };
      validateJob(next);
      this.#checkRefs(next);
      return next;
    });
  }

  enable(name: string): JobInfo {
    return this.set(name, { Enabled: true });
  }

  disable(name: string): JobInfo {
    return this.set(name, { Enabled: false });
  }

  setGuestProcessing(name: string, changes: GuestProcessingChanges): JobInfo {
    return this.#update(name, (job) => {
      const gp = { ...job.GuestProcessing };
      if (changes.Enabled !== undefined) gp.Enabled = changes.Enabled;
      if (changes.ApplicationAware !== undefined) gp.ApplicationAware = changes.ApplicationAware;
      if (changes.Credential !== undefined) {
        if (changes.Credential !== null) this.#refs.checkCredential?.(changes.Credential);
        gp.Credential = changes.Credential;
      }
      if (changes.ScriptTimeout !== undefined) gp.ScriptTimeout = changes.ScriptTimeout;
      if (changes.IgnoreScriptErrors !== undefined) gp.IgnoreScriptErrors = changes.IgnoreScriptErrors;
      for (const slot of ['PreFreezeScript', 'PostThawScript'] as const) {
        const hook = changes[slot];
        if (hook === undefined) continue;
        this.#callbacks.delete(key(job.Name, slot));
        if (hook === null) gp[slot] = null;
        else if (hook.kind === 'file') gp[slot] = { kind: 'file', path: hook.path };
        else {
          this.#callbacks.set(key(job.Name, slot), hook);
          gp[slot] = { kind: 'callback', name: hook.name };
        }
      }
      const next = { ...job, GuestProcessing: gp };
      validateJob(next);
      return next;
    });
  }

  remove(name: string): void {
    const job = this.get(name);
    this.#catalog.run('DELETE FROM jobs WHERE name = ?', job.Name);
    this.#callbacks.delete(key(job.Name, 'PreFreezeScript'));
    this.#callbacks.delete(key(job.Name, 'PostThawScript'));
  }

  /** The runnable hook of a job, or a one-line reason it cannot be run in this process. */
  hook(job: JobInfo, slot: HookSlot): GuestHook | { error: string } | null {
    const stored: StoredHook | null = job.GuestProcessing[slot];
    if (stored === null) return null;
    if (stored.kind === 'file') return stored;
    const live = this.#callbacks.get(key(job.Name, slot)) ?? this.#resolver?.(stored.name) ?? null;
    if (live) return live;
    return { error: `script block hook '${stored.name}' of job '${job.Name}' was defined in another process and cannot be run here` };
  }

  #update(name: string, change: (job: JobInfo) => JobInfo): JobInfo {
    return this.#catalog.tx(() => {
      const next = change(this.get(name));
      this.#catalog.run('UPDATE jobs SET settings = ? WHERE name = ?', JSON.stringify(next), next.Name);
      return next;
    });
  }

  #checkRefs(job: JobInfo): void {
    for (const vm of job.VMs) this.#refs.checkVm(vm);
    this.#refs.checkRepository(job.Repository);
    if (job.Proxy !== 'Auto') for (const p of job.Proxy) this.#refs.checkProxy(p);
  }
}

function key(job: string, slot: HookSlot): string {
  return `${job.toLowerCase()}\u0000${slot}`;
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
