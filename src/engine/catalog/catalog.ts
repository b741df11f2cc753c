// The configuration database: one node:sqlite file in the data dir that every vbrs process opens,
// so a second process sees what the first created. WAL mode lets readers run beside a writer; a
// busy timeout plus a retry loop around BEGIN IMMEDIATE lets two writers take turns instead of
// failing; foreign keys keep references honest; every multi-row change goes through `tx()`.

import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../engine-error.ts';
import { MIGRATIONS } from './migrations/index.ts';
import type { Migration } from './migrations/index.ts';
import { dataHome } from './data-home.ts';

export type Row = Record<string, SQLOutputValue>;

export interface CatalogOptions {
  /** The data dir; defaults to `$VBRS_HOME` or the platform data folder. */
  home?: string;
  /** How long one statement waits for another process's lock, in ms. */
  busyTimeoutMs?: number;
  /** Schema steps to apply (defaults to all shipped steps); tests pass a prefix to test upgrades. */
  migrations?: readonly Migration[];
}

export const CATALOG_FILE = 'catalog.db';
const BUSY_RETRIES = 50;

function isBusy(e: unknown): boolean {
  const err = e as { errcode?: number; message?: string };
  return err?.errcode === 5 || err?.errcode === 6 || /database is (locked|busy)/i.test(err?.message ?? '');
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread while another process holds the write lock (the catalog API is synchronous). */
function backoff(attempt: number): void {
  Atomics.wait(sleeper, 0, 0, Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
}

export class Catalog {
  readonly home: string;
  readonly file: string;
  readonly db: DatabaseSync;
  private depth = 0;
  /** Prepared statements by SQL text: the inventory APIs run the same few hundred queries over and over. */
  private readonly statements = new Map<string, StatementSync>();

  private constructor(home: string, db: DatabaseSync) {
    this.home = home;
    this.file = path.join(home, CATALOG_FILE);
    this.db = db;
  }

  static open(options: CatalogOptions = {}): Catalog {
    const home = options.home ? path.resolve(options.home) : dataHome();
    try {
      fs.mkdirSync(home, { recursive: true });
    } catch (e) {
      throw new EngineError('VBRS_CATALOG', `Catalog '${home}': cannot create the data folder (${(e as Error).message}).`, { kind: 'Catalog', name: home });
    }
    const file = path.join(home, CATALOG_FILE);
    let db: DatabaseSync;
    try {
      db = new DatabaseSync(file, { timeout: options.busyTimeoutMs ?? 5000 });
    } catch (e) {
      throw new EngineError('VBRS_CATALOG', `Catalog '${file}': cannot open (${(e as Error).message}).`, { kind: 'Catalog', name: file });
    }
    const catalog = new Catalog(home, db);
    try {
      catalog.retry(() => db.exec('PRAGMA journal_mode = WAL'));
      db.exec('PRAGMA foreign_keys = ON');
      db.exec('PRAGMA synchronous = NORMAL');
      catalog.migrate(options.migrations ?? MIGRATIONS);
    } catch (e) {
      db.close();
      if (e instanceof EngineError) throw e;
      throw new EngineError('VBRS_CATALOG', `Catalog '${file}': ${(e as Error).message}`, { kind: 'Catalog', name: file });
    }
    return catalog;
  }

  get schemaVersion(): number {
    return Number((this.db.prepare('PRAGMA user_version').get() as Row).user_version);
  }

  /** Applies the steps above the file's version, each in its own transaction. */
  private migrate(steps: readonly Migration[]): void {
    const sorted = [...steps].sort((a, b) => a.version - b.version);
    const known = sorted.length ? sorted[sorted.length - 1]!.version : 0;
    if (this.schemaVersion > known) {
      throw new EngineError('VBRS_CATALOG', `Catalog '${this.file}' has schema version ${this.schemaVersion}, newer than this vbrs knows (${known}); use a newer vbrs.`, { kind: 'Catalog', name: this.file });
    }
    for (const step of sorted) {
      this.tx(() => {
        // Re-read inside the write lock: another process may have migrated meanwhile.
        if (this.schemaVersion >= step.version) return;
        step.up(this.db);
        this.db.exec(`PRAGMA user_version = ${step.version}`);
      });
    }
  }

  private retry<T>(fn: () => T): T {
    // node:sqlite's own words for this ("statement has been finalized") do not say what happened.
    if (!this.db.isOpen) throw new EngineError('VBRS_CLOSED', `Catalog '${this.file}' is closed (the engine was closed).`, { kind: 'Catalog', name: this.file });
    for (let attempt = 0; ; attempt++) {
      try {
        return fn();
      } catch (e) {
        if (!isBusy(e) || attempt >= BUSY_RETRIES) {
          if (isBusy(e)) throw new EngineError('VBRS_CATALOG_BUSY', `Catalog '${this.file}' stayed locked by another process.`, { kind: 'Catalog', name: this.file });
          throw e;
        }
        backoff(attempt);
      }
    }
  }

  /**
   * Runs `fn` in one write transaction (BEGIN IMMEDIATE, so the write lock is taken up front and two
   * processes cannot deadlock upgrading read locks). Nested calls become savepoints. If `fn` throws,
   * nothing it changed remains.
   */
  tx<T>(fn: () => T): T {
    if (this.depth > 0) {
      const sp = `sp${this.depth}`;
      this.db.exec(`SAVEPOINT ${sp}`);
      this.depth++;
      try {
        const result = fn();
        this.db.exec(`RELEASE ${sp}`);
        return result;
      } catch (e) {
        this.db.exec(`ROLLBACK TO ${sp}`);
        this.db.exec(`RELEASE ${sp}`);
        throw e;
      } finally {
        this.depth--;
      }
    }
    this.retry(() => this.db.exec('BEGIN IMMEDIATE'));
    this.depth++;
    try {
      const result = fn();
      if (result instanceof Promise) {
        result.catch(() => {});
        throw new EngineError('VBRS_CATALOG', 'Catalog.tx() needs a synchronous function; an async one would commit before it finished.', { kind: 'Catalog', name: this.file });
      }
      this.retry(() => this.db.exec('COMMIT'));
      return result;
    } catch (e) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw e;
    } finally {
      this.depth--;
    }
  }

  private statement(sql: string): StatementSync {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.retry(() => this.db.prepare(sql));
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, st);
    }
    return st;
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    const st = this.statement(sql);
    return this.retry(() => st.get(...params) as Row | undefined);
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    const st = this.statement(sql);
    return this.retry(() => st.all(...params) as Row[]);
  }

  /** Runs one statement; returns the new row id for inserts. */
  run(sql: string, ...params: SQLInputValue[]): number {
    const st = this.statement(sql);
    const r = this.retry(() => st.run(...params));
    return Number(r.lastInsertRowid);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
