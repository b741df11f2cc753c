// System.Text.StringBuilder, which scripts use to build reports line by line.

import { toStringValue } from '../values/convert.ts';
import { formatComposite } from '../values/composite-format.ts';

export class StringBuilder {
  readonly psTypeName = 'System.Text.StringBuilder';
  #text: string;

  constructor(initial = '') {
    this.#text = initial;
  }

  get Length(): number {
    return this.#text.length;
  }

  Append(v: unknown): StringBuilder {
    this.#text += toStringValue(v);
    return this;
  }

  AppendLine(v: unknown = ''): StringBuilder {
    this.#text += toStringValue(v) + '\n';
    return this;
  }

  AppendFormat(format: unknown, ...args: unknown[]): StringBuilder {
    this.#text += formatComposite(toStringValue(format), args.length === 1 && Array.isArray(args[0]) ? args[0] : args);
    return this;
  }

  Insert(index: number, v: unknown): StringBuilder {
    this.#text = this.#text.slice(0, index) + toStringValue(v) + this.#text.slice(index);
    return this;
  }

  Remove(index: number, length: number): StringBuilder {
    this.#text = this.#text.slice(0, index) + this.#text.slice(index + length);
    return this;
  }

  Replace(from: unknown, to: unknown): StringBuilder {
    this.#text = this.#text.split(toStringValue(from)).join(toStringValue(to));
    return this;
  }

  Clear(): StringBuilder {
    this.#text = '';
    return this;
  }

  ToString(): string {
    return this.#text;
  }

  toString(): string {
    return this.#text;
  }
}
