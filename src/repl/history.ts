// Command history: persisted in the data folder (one JSON string per line, so multi-line entries
// survive), no duplicates (re-running a command moves it to the end), capped at the configured
// size, and searchable backwards for Ctrl+R.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export class History {
  readonly file: string | null;
  readonly max: number;
  #entries: string[] = [];

  /** `file` null keeps history in memory only (tests, read-only data folders). */
  constructor(file: string | null, max = 1000) {
    this.file = file;
    this.max = Math.max(1, max);
    if (file) this.#entries = load(file).slice(-this.max);
  }

  get entries(): readonly string[] {
    return this.#entries;
  }

  get length(): number {
    return this.#entries.length;
  }

  at(index: number): string | undefined {
    return this.#entries[index];
  }

  /** Records an entry; blank ones are ignored and an earlier identical one is removed. */
  add(entry: string): void {
    const text = entry.replace(/\s+$/, '');
    if (!text.trim()) return;
    const previous = this.#entries.indexOf(text);
    if (previous >= 0) this.#entries.splice(previous, 1);
    this.#entries.push(text);
    const trimmed = this.#entries.length > this.max;
    if (trimmed) this.#entries.splice(0, this.#entries.length - this.max);
    this.#save(previous >= 0 || trimmed ? null : text);
  }

  /** Index of the newest entry before `before` that contains `query` (case-insensitive), or -1. */
  search(query: string, before = this.#entries.length): number {
    const q = query.toLowerCase();
    for (let i = Math.min(before, this.#entries.length) - 1; i >= 0; i--) {
      if (this.#entries[i]!.toLowerCase().includes(q)) return i;
    }
    return -1;
  }

  /** Appends one new line when that is all that changed, else rewrites the file. A history that
   *  cannot be written is not worth interrupting the user for. */
  #save(appended: string | null): void {
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      if (appended !== null) appendFileSync(this.file, JSON.stringify(appended) + '\n');
      else writeFileSync(this.file, this.#entries.map((e) => JSON.stringify(e) + '\n').join(''));
    } catch {
      // read-only or full data folder: keep the in-memory history
    }
  }
}

function load(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: string[] = [];
  const seen = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = line; // a hand-edited plain line is still history
    }
    if (typeof entry !== 'string' || !entry.trim()) continue;
    const at = seen.get(entry);
    if (at !== undefined) out[at] = '';
    seen.set(entry, out.length);
    out.push(entry);
  }
  return out.filter((e) => e !== '');
}
