// System.Version (`[version]'1.2.3'`): compared part by part, so `[version]'1.10' -gt '1.9'` holds,
// which string comparison gets wrong.

import { hideFields } from './hide-fields.ts';

export class PSVersion {
  readonly psTypeName = 'System.Version';
  readonly parts: number[];

  constructor(parts: number[]) {
    this.parts = parts;
    hideFields(this, 'parts', 'psTypeName');
  }

  static parse(text: string): PSVersion | null {
    const m = /^\s*(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(text);
    if (!m) return null;
    return new PSVersion(m.slice(1).filter((x) => x !== undefined).map(Number));
  }

  get Major(): number {
    return this.parts[0];
  }
  get Minor(): number {
    return this.parts[1];
  }
  get Build(): number {
    return this.parts[2] ?? -1;
  }
  get Revision(): number {
    return this.parts[3] ?? -1;
  }

  compare(other: PSVersion): number {
    for (let i = 0; i < 4; i++) {
      const a = this.parts[i] ?? -1;
      const b = other.parts[i] ?? -1;
      if (a !== b) return a < b ? -1 : 1;
    }
    return 0;
  }

  toString(): string {
    return this.parts.join('.');
  }
}
