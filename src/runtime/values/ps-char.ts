// A .NET Char. Kept apart from one-letter strings because scripts rely on the difference:
// `[int][char]'A'` is 65, `'abc'[0]` is a char, `[char]97` is `a`, and char arithmetic is numeric.

import { hideFields } from './hide-fields.ts';
export class PSChar {
  readonly code: number;

  constructor(code: number) {
    this.code = code;
    hideFields(this, 'code');
  }

  static of(text: string): PSChar {
    return new PSChar(text.charCodeAt(0));
  }

  toString(): string {
    return String.fromCharCode(this.code);
  }
}
