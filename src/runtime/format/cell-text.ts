// How one value is written inside a table cell or a list entry: arrays as `{1, 2, 3}` (at most
// $FormatEnumerationLimit = 4 items, then `…`), dates in the culture's short form, numbers and
// booleans as PowerShell prints them.

import { PSDateTime } from '../values/date-time.ts';
import { formatDate } from '../values/date-format.ts';
import { toStringValue } from '../values/convert.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { typeNameOf } from '../values/type-names.ts';
import { RegexGroup } from '../members/regex-match.ts';
import { isNumber } from '../values/ps-number.ts';
import { displayText } from './display-text.ts';


export const FORMAT_ENUMERATION_LIMIT = 4;

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) {
    // Regex groups inside a collection show by name (`Groups : {0, 1}`), as PowerShell prints them.
    const shown = v.slice(0, FORMAT_ENUMERATION_LIMIT).map((x) => (Array.isArray(x) ? typeNameOf(x) : x instanceof RegexGroup ? x.Name : scalarText(x)));
    return '{' + shown.join(', ') + (v.length > FORMAT_ENUMERATION_LIMIT ? '…' : '') + '}';
  }
  return scalarText(v);
}

function scalarText(v: unknown): string {
  if (v instanceof PSDateTime) return formatDate(v, 'G');
  if (v instanceof Date) return formatDate(PSDateTime.fromDate(v), 'G');
  // PowerShell 7 enumerates a dictionary in a cell as its `[key, value]` entries.
  if (v instanceof PSHashtable) return cellText(v.entries().map(([k, x]) => `[${toStringValue(k)}, ${toStringValue(x)}]`));
  return displayText(v);
}

export function isRightAligned(v: unknown): boolean {
  return isNumber(v);
}
