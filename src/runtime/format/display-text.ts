// The text Out-Default (and a table or list cell) shows for a scalar. PowerShell's formatter writes
// numbers in the current culture (SmartToString: "format numbers using the current culture"), not
// the invariant one of `"$x"` and `[string]$x`; in en-US the two differ only for infinities, which
// print `∞`/`-∞` on screen but `Infinity`/`-Infinity` in a string.

import { toStringValue } from '../values/convert.ts';
import { cultureNonFinite } from '../values/number-format.ts';
import { isNumber, numberValue } from '../values/ps-number.ts';

export function displayText(v: unknown): string {
  if (isNumber(v)) {
    const symbol = cultureNonFinite(numberValue(v));
    if (symbol !== null) return symbol;
  }
  return toStringValue(v);
}
