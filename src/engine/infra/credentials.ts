// Credentials are catalog objects (Add-Credential -Name root -User root [-Password|-KeyFile]) that
// VMs and guest processing refer to by name. Records shown to the shell never carry the password;
// the guest-processing code asks `secret()` for it.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineError } from '../engine-error.ts';
import type { Row } from '../catalog/catalog.ts';
import type { EngineContext } from './engine-context.ts';
import { checkName } from './object-name.ts';
import { matchesName } from './wildcard.ts';

export interface Credential {
  Name: string;
  User: string;
  HasPassword: boolean;
  KeyFile: string | null;
  CreationTime: Date;
}

export interface CredentialSecret {
  User: string;
  Password: string | null;
  KeyFile: string | null;
}

export interface AddCredentialOptions {
  Name: string;
  User: string;
  Password?: string;
  KeyFile?: string;
}

function checkKeyFile(name: string, keyFile: string): void {
  const abs = path.resolve(keyFile);
  let ok = false;
  try { ok = fs.statSync(abs).isFile(); } catch { ok = false; }
  if (!ok) throw EngineError.invalid('Credential', name, `key file '${abs}' does not exist.`);
}

export class Credentials {
  private readonly ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.ctx = ctx;
  }

  private toRecord(r: Row): Credential {
    return {
      Name: String(r.name),
      User: String(r.user),
      HasPassword: r.password !== null,
      KeyFile: r.key_file === null ? null : String(r.key_file),
      CreationTime: new Date(Number(r.created_at)),
    };
  }

  add(opts: AddCredentialOptions): Credential {
    const name = checkName('Credential', opts.Name);
    if (typeof opts.User !== 'string' || opts.User === '') throw EngineError.invalid('Credential', name, 'User must be a non-empty string.');
    if (opts.KeyFile !== undefined) checkKeyFile(name, opts.KeyFile);
    const c = this.ctx.catalog;
    c.tx(() => {
      if (c.get('SELECT 1 FROM credentials WHERE name = ?', name)) throw EngineError.duplicate('Credential', name);
      c.run(
        'INSERT INTO credentials (name, user, password, key_file, created_at) VALUES (?, ?, ?, ?, ?)',
        name, opts.User, opts.Password ?? null, opts.KeyFile ? path.resolve(opts.KeyFile) : null, Date.now(),
      );
    });
    return this.get(name);
  }

  get(name: string): Credential {
    const r = this.ctx.catalog.get('SELECT * FROM credentials WHERE name = ?', name);
    if (!r) throw EngineError.notFound('Credential', name);
    return this.toRecord(r);
  }

  list(pattern?: string): Credential[] {
    return this.ctx.catalog.all('SELECT * FROM credentials ORDER BY id').filter((r) => matchesName(String(r.name), pattern)).map((r) => this.toRecord(r));
  }

  secret(name: string): CredentialSecret {
    const r = this.ctx.catalog.get('SELECT * FROM credentials WHERE name = ?', name);
    if (!r) throw EngineError.notFound('Credential', name);
    return { User: String(r.user), Password: r.password === null ? null : String(r.password), KeyFile: r.key_file === null ? null : String(r.key_file) };
  }

  set(name: string, changes: { User?: string; Password?: string | null; KeyFile?: string | null }): Credential {
    const c = this.ctx.catalog;
    c.tx(() => {
      this.get(name);
      if (changes.User !== undefined) {
        if (changes.User === '') throw EngineError.invalid('Credential', name, 'User must be a non-empty string.');
        c.run('UPDATE credentials SET user = ? WHERE name = ?', changes.User, name);
      }
      if (changes.Password !== undefined) c.run('UPDATE credentials SET password = ? WHERE name = ?', changes.Password, name);
      if (changes.KeyFile !== undefined && changes.KeyFile !== null) checkKeyFile(name, changes.KeyFile);
      if (changes.KeyFile !== undefined) c.run('UPDATE credentials SET key_file = ? WHERE name = ?', changes.KeyFile === null ? null : path.resolve(changes.KeyFile), name);
    });
    return this.get(name);
  }

  remove(name: string): void {
    const c = this.ctx.catalog;
    c.tx(() => {
      const cred = this.get(name);
      const users = c.all('SELECT v.name FROM vms v JOIN credentials c ON c.id = v.credential_id WHERE c.name = ?', name).map((r) => `'${r.name}'`);
      if (users.length) throw new EngineError('VBRS_IN_USE', `Credential '${cred.Name}' is used by VM ${users.join(', ')}.`, { kind: 'Credential', name: cred.Name });
      c.run('DELETE FROM credentials WHERE name = ?', name);
    });
  }
}
