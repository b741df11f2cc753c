// System.Guid: printed by PowerShell as a one-column `Guid` table, compared and cast by its text.

import { randomUUID } from 'node:crypto';

export class PSGuid {
  readonly Guid: string;

  constructor(text: string) {
    this.Guid = text.toLowerCase();
  }

  static newGuid(): PSGuid {
    return new PSGuid(randomUUID());
  }

  static parse(text: string): PSGuid | null {
    const t = text.trim().replace(/^[{(]|[})]$/g, '');
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(t)) return new PSGuid(t);
    if (/^[0-9a-f]{32}$/i.test(t)) return new PSGuid(t.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'));
    return null;
  }

  toString(): string {
    return this.Guid;
  }
}
