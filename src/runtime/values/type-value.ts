// A type used as a value: `[int]`, `[math]`, `$x.GetType()`. Scripts read `.Name` and `.FullName`
// and call static members through it; `-is`/`-as` and casts use the canonical full name.

import { hideFields } from './hide-fields.ts';
export class TypeValue {
  readonly fullName: string;

  constructor(fullName: string) {
    this.fullName = fullName;
    hideFields(this, 'fullName');
  }

  get FullName(): string {
    return this.fullName;
  }

  get Name(): string {
    const dot = this.fullName.lastIndexOf('.');
    return dot < 0 ? this.fullName : this.fullName.slice(dot + 1);
  }

  toString(): string {
    return this.fullName;
  }
}
