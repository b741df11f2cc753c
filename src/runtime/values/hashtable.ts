// PowerShell's @{} hashtable: keys compare case-insensitively when they are strings but keep the
// case they were written with, and enumeration follows insertion order (PowerShell's own order is
// hash order; insertion order is what scripts and tests can rely on). `[ordered]` sets `ordered`,
// which only changes the type name a script sees.

import { PSNumber } from './ps-number.ts';

/** Map key that makes string keys case-insensitive while other keys compare by value/identity. */
function slot(key: unknown): unknown {
  if (key instanceof PSNumber) return `n:${key.type}:${key.value}`;
  return typeof key === 'string' ? 's:' + key.toLowerCase() : key;
}

export class PSHashtable {
  ordered: boolean;
  readonly #entries = new Map<unknown, { key: unknown; value: unknown }>();

  constructor(ordered = false) {
    this.ordered = ordered;
  }

  static from(entries: Iterable<[unknown, unknown]>, ordered = false): PSHashtable {
    const h = new PSHashtable(ordered);
    for (const [k, v] of entries) h.set(k, v);
    return h;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(key: unknown): boolean {
    return this.#entries.has(slot(key));
  }

  get(key: unknown): unknown {
    const e = this.#entries.get(slot(key));
    return e === undefined ? null : e.value;
  }

  /** Replaces the value of an existing key but keeps the key's original spelling and position. */
  set(key: unknown, value: unknown): void {
    const s = slot(key);
    const e = this.#entries.get(s);
    if (e) e.value = value;
    else this.#entries.set(s, { key, value });
  }

  delete(key: unknown): boolean {
    return this.#entries.delete(slot(key));
  }

  clear(): void {
    this.#entries.clear();
  }

  keys(): unknown[] {
    return [...this.#entries.values()].map((e) => e.key);
  }

  values(): unknown[] {
    return [...this.#entries.values()].map((e) => e.value);
  }

  entries(): [unknown, unknown][] {
    return [...this.#entries.values()].map((e) => [e.key, e.value]);
  }

  clone(): PSHashtable {
    return PSHashtable.from(this.entries(), this.ordered);
  }
}
