// `$input` in a function or script block: like PowerShell, a one-pass enumerator over the pipeline
// input (an ArrayList enumerator), not an array. `MoveNext()`/`Current`/`Reset()` work as in .NET;
// anything that enumerates it (output, `foreach`, `@()`, a pipeline, string conversion, member
// enumeration) consumes what is left, so a second pass sees nothing until `Reset()`.

import { PSException } from '../error-record.ts';

export class InputEnumerator {
  readonly psTypeName = 'System.Collections.ArrayList+ArrayListEnumeratorSimple';
  readonly #items: unknown[];
  #index = -1;

  constructor(items: unknown[]) {
    this.#items = items;
    Object.defineProperty(this, 'psTypeName', { enumerable: false });
  }

  MoveNext(): boolean {
    if (this.#index < this.#items.length) this.#index++;
    return this.#index < this.#items.length;
  }

  get Current(): unknown {
    if (this.#index < 0) throw currentError('Enumeration has not started. Call MoveNext.');
    if (this.#index >= this.#items.length) throw currentError('Enumeration already finished.');
    return this.#items[this.#index];
  }

  Reset(): void {
    this.#index = -1;
  }

  /** The items not read yet, read one at a time (so a consumer sees a `MoveNext()` made meanwhile). */
  *consume(): Generator<unknown> {
    while (this.MoveNext()) yield this.#items[this.#index];
  }

  /** The items not read yet, all at once; the enumerator is at its end afterwards. */
  drain(): unknown[] {
    return [...this.consume()];
  }

  ToString(): string {
    return this.psTypeName;
  }
}

function currentError(reason: string): PSException {
  return new PSException(`Exception getting "Current": "${reason}"`, 'System.Management.Automation.GetValueInvocationException');
}
