// `[ref]$x`: a reference to a variable, so a function can assign through `$r.Value`. Any other
// value cast to `[ref]` becomes a reference to a fresh holder.
import type { Variable } from './scope.ts';

export class ReferenceValue {
  readonly #variable: Variable;
  readonly psTypeName = 'System.Management.Automation.PSReference';

  constructor(variable: Variable) {
    this.#variable = variable;
  }

  get Value(): unknown {
    const v = this.#variable.value;
    return v === undefined ? null : v;
  }

  set Value(v: unknown) {
    this.#variable.value = v;
  }

  toString(): string {
    return 'System.Management.Automation.PSReference';
  }
}
