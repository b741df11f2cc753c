// Backup repositories as infrastructure objects: a folder (created when missing) and the number of
// task slots the resource scheduler may fill at once. What is written inside is the repository
// module's business.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { EngineContext } from './engine-context.ts';
import { checkName, checkPositiveInt } from './object-name.ts';
import { matchesName } from './wildcard.ts';
import { writeFailure } from './write-failure.ts';
import { makeFoldersSync } from './make-folders.ts';
import { countPoints, jobsUsing, type RepositoryUsage } from './repository-usage.ts';
import type { BackupRepository } from '../repository/backup-repository.ts';

/** A repository as the catalog records it (what Get-Repository shows); its contents are a BackupRepository. */
export interface RepositoryRecord {
  Name: string;
  Path: string;
  MaxTasks: number;
  CreationTime: Date;
}

export interface AddRepositoryOptions {
  Name: string;
  Path: string;
  MaxTasks?: number;
}

/** The repository seam as the manager needs it: a record's contents, opened read only (null when
 *  it was never written). The engine passes its shared opener. */
export type OpenExistingRepository = (record: RepositoryRecord) => Promise<BackupRepository | null>;

export class Repositories {
  private readonly ctx: EngineContext;
  readonly #openExisting: OpenExistingRepository;

  constructor(ctx: EngineContext, openExisting: OpenExistingRepository) {
    this.ctx = ctx;
    this.#openExisting = openExisting;
  }

  private toRecord(r: Row): RepositoryRecord {
    return { Name: String(r.name), Path: String(r.path), MaxTasks: Number(r.max_tasks), CreationTime: new Date(Number(r.created_at)) };
  }

  private makeFolder(name: string, p: string): void {
    const refuse = (e: unknown, what: string): never => {
      const f = writeFailure(p, e);
      if (f.kind === 'read-only')
        throw new EngineError('VBRS_REPOSITORY_READ_ONLY', `Repository '${name}': ${what} '${p}': ${f.reason}.`, { kind: 'Repository', name, cause: e });
      throw EngineError.invalid('Repository', name, `${what} '${p}' (${f.reason}).`);
    };
    try {
      makeFoldersSync(p);
    } catch (e) {
      refuse(e, 'cannot create folder');
    }
    if (!fs.statSync(p).isDirectory()) throw EngineError.invalid('Repository', name, `'${p}' is not a folder.`);
    // A new repository writes its repository.json on first use: a folder that cannot take it is
    // refused now, not at the first backup (an existing repository mounted read-only is kept).
    if (!fs.existsSync(path.join(p, 'repository.json'))) {
      try {
        fs.accessSync(p, fs.constants.W_OK);
      } catch (e) {
        refuse(e, 'cannot write into folder');
      }
    }
  }

  add(opts: AddRepositoryOptions): RepositoryRecord {
    const name = checkName('Repository', opts.Name);
    if (typeof opts.Path !== 'string' || opts.Path === '') throw EngineError.invalid('Repository', name, 'Path must be a non-empty string.');
    const maxTasks = checkPositiveInt('Repository', name, 'MaxTasks', opts.MaxTasks ?? 4);
    const p = path.resolve(opts.Path);
    const c = this.ctx.catalog;
    c.tx(() => {
      if (c.get('SELECT 1 FROM repositories WHERE name = ?', name)) throw EngineError.duplicate('Repository', name);
      const other = c.get('SELECT name FROM repositories WHERE path = ?', p);
      if (other) throw EngineError.invalid('Repository', name, `folder '${p}' already belongs to repository '${other.name}'.`);
      this.makeFolder(name, p);
      c.run('INSERT INTO repositories (name, path, max_tasks, created_at) VALUES (?, ?, ?, ?)', name, p, maxTasks, Date.now());
    });
    return this.get(name);
  }

  get(name: string): RepositoryRecord {
    const r = this.ctx.catalog.get('SELECT * FROM repositories WHERE name = ?', name);
    if (!r) throw EngineError.notFound('Repository', name);
    return this.toRecord(r);
  }

  list(pattern?: string): RepositoryRecord[] {
    return this.ctx.catalog.all('SELECT * FROM repositories ORDER BY id').filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  set(name: string, changes: { MaxTasks?: number }): RepositoryRecord {
    this.ctx.catalog.tx(() => {
      this.get(name);
      if (changes.MaxTasks !== undefined) {
        this.ctx.catalog.run('UPDATE repositories SET max_tasks = ? WHERE name = ?', checkPositiveInt('Repository', name, 'MaxTasks', changes.MaxTasks), name);
      }
    });
    return this.get(name);
  }

  /**
   * Forgets the repository; its folder and backup files stay on disk. A repository that holds
   * restore points (or whose points cannot be counted) and is used by a job is refused
   * (VBRS_IN_USE, naming the jobs and the point count) unless `force`; returns what was detached.
   * The points are counted before the catalog transaction (reading the repository is async), the
   * jobs inside it.
   */
  async remove(name: string, options: { force?: boolean } = {}): Promise<RepositoryUsage> {
    const record = this.get(name);
    const counted = await countPoints(() => this.#openExisting(record));
    return this.ctx.catalog.tx(() => {
      const r = this.get(name);
      const usage: RepositoryUsage = { jobs: jobsUsing(this.ctx.catalog, r.Name), ...counted };
      if (!options.force && usage.jobs.length > 0 && (usage.points > 0 || usage.unreadable !== null)) {
        const jobs = `job ${usage.jobs.map((j) => `'${j}'`).join(', ')}`;
        const what = usage.unreadable !== null ? `is used by ${jobs} and its restore points cannot be counted (${usage.unreadable})` : `holds ${usage.points} restore point(s) and is used by ${jobs}`;
        throw new EngineError('VBRS_IN_USE', `Repository '${r.Name}' ${what}; use -Force to remove it anyway.`, { kind: 'Repository', name: r.Name });
      }
      this.forget(r.Name);
      return usage;
    });
  }

  /** @internal drops the record without asking (a lab rebuild replacing its own repositories). */
  forget(name: string): void {
    this.ctx.catalog.run('DELETE FROM repositories WHERE name = ?', name);
  }
}
