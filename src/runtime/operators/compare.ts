// Equality and ordering with PowerShell's rules: the left operand's type decides how the right one
// is converted, strings compare case-insensitively unless asked, `$null` is less than everything.
// Used by the comparison operators, -contains/-in, Sort-Object, Group-Object and friends.

import { PSChar } from '../values/ps-char.ts';
import { PSDateTime } from '../values/date-time.ts';
import { TimeSpan } from '../values/time-span.ts';
import { TypeValue } from '../values/type-value.ts';
import { PSGuid } from '../values/ps-guid.ts';
import { PSVersion } from '../values/ps-version.ts';
import { PSEnumValue } from '../values/ps-enum.ts';
import { parseNumber, toStringValue, toBoolean, toNumber, convertTo } from '../values/convert.ts';
import { typeNameOf } from '../values/type-names.ts';
import { PSException } from '../error-record.ts';
import { PSNumber, exactInteger, isNumber, numberType } from '../values/ps-number.ts';
import { compareDecimals, decimalOf } from '../values/decimal.ts';

const collatorIgnoreCase = new Intl.Collator('en-US', { sensitivity: 'accent' });
const collatorCase = new Intl.Collator('en-US', { sensitivity: 'variant', caseFirst: 'lower' });

export function compareStrings(a: string, b: string, caseSensitive = false): number {
  const r = (caseSensitive ? collatorCase : collatorIgnoreCase).compare(a, b);
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

function asNumberOrNull(v: unknown): number | null {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PSChar) return v.code;
  if (typeof v === 'string') return parseNumber(v);
  return null;
}

/** The exact order of two integers of which one is past 2^53, or of a decimal and an integer or
 *  decimal, as the binder's LongOps, ULongOps and DecimalOps compare them (`[long]::MaxValue -gt
 *  ([long]::MaxValue - 1)`, `0.1d + 0.2d -eq 0.3d`); null when doubles decide (a Double or Single
 *  operand, or nothing past 2^53 and no decimal). */
function exactOrder(a: unknown, b: unknown): number | null {
  if (!(a instanceof PSNumber || b instanceof PSNumber) || !isNumber(a) || !isNumber(b)) return null;
  const real = (v: number | PSNumber) => numberType(v) === 'System.Double' || numberType(v) === 'System.Single';
  if (real(a) || real(b)) return null;
  if (numberType(a) === 'System.Decimal' || numberType(b) === 'System.Decimal') {
    const dx = decimalOf(a);
    const dy = decimalOf(b);
    return dx && dy ? compareDecimals(dx, dy) : null;
  }
  const past = (v: unknown) => v instanceof PSNumber && v.big !== undefined;
  if (!(past(a) || past(b))) return null;
  const x = exactInteger(a);
  const y = exactInteger(b);
  if (x === null || y === null) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `$a -eq $b` for scalars (the left operand's type decides). */
export function valuesEqual(a: unknown, b: unknown, caseSensitive = false): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  const exact = exactOrder(a, b);
  if (exact !== null) return exact === 0;
  // Numbers compare by value whatever their type (a string on the left compares strings).
  if (a instanceof PSNumber) a = a.value;
  if (b instanceof PSNumber && typeof a !== 'string') b = b.value;
  if (a === null) return b === null;
  if (b === null) return false;
  if (typeof a === 'string') {
    const bs = b instanceof PSChar ? b.toString() : toStringValue(b);
    return caseSensitive ? a === bs : a.toLowerCase() === bs.toLowerCase();
  }
  if (typeof a === 'number') {
    const n = asNumberOrNull(b);
    return n !== null && n === a;
  }
  if (typeof a === 'boolean') return a === toBoolean(b);
  if (a instanceof PSChar) {
    if (b instanceof PSChar || (typeof b === 'string' && b.length === 1)) {
      const bs = b.toString();
      return caseSensitive ? a.toString() === bs : a.toString().toLowerCase() === bs.toLowerCase();
    }
    const n = asNumberOrNull(b);
    return n !== null && n === a.code;
  }
  if (a instanceof PSDateTime) {
    try {
      return (convertTo(b, 'datetime') as PSDateTime).wall === a.wall;
    } catch {
      return false;
    }
  }
  if (a instanceof Date) return valuesEqual(PSDateTime.fromDate(a), b, caseSensitive);
  if (a instanceof TimeSpan) return b instanceof TimeSpan && a.ticks === b.ticks;
  if (a instanceof TypeValue) return b instanceof TypeValue ? a.fullName === b.fullName : false;
  if (a instanceof PSGuid) return toStringValue(b).toLowerCase() === a.Guid;
  if (a instanceof PSEnumValue) {
    if (typeof b === 'number' || b instanceof PSEnumValue) return toNumber(b) === a.value;
    return toStringValue(b).toLowerCase() === a.name.toLowerCase();
  }
  if (a instanceof PSVersion) {
    const other = b instanceof PSVersion ? b : PSVersion.parse(toStringValue(b));
    return other !== null && a.compare(other) === 0;
  }
  return a === b;
}

/** LanguagePrimitives.CompareObjectToNull: $null is below everything except negative numbers
 *  (Sort-Object puts $null between -2 and 1, as PowerShell's tests expect). */
function compareToNull(value: unknown, valueOnRight: boolean): number {
  const i = valueOnRight ? -1 : 1;
  return typeof value === 'number' && value < 0 ? -i : i;
}

/** Ordering for -lt/-gt/Sort-Object: negative, zero or positive. Throws for incomparable values. */
export function compareValues(a: unknown, b: unknown, caseSensitive = false): number {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  const exact = exactOrder(a, b);
  if (exact !== null) return exact;
  if (a instanceof PSNumber) a = a.value;
  if (b instanceof PSNumber && typeof a !== 'string') b = b.value;
  if (a === null) return b === null ? 0 : compareToNull(b, true);
  if (b === null) return compareToNull(a, false);
  if (typeof a === 'string') return compareStrings(a, toStringValue(b), caseSensitive);
  if (a instanceof PSEnumValue) {
    const y = b instanceof PSEnumValue || typeof b === 'number' ? toNumber(b) : (convertTo(b, a.typeName) as PSEnumValue).value;
    return a.value < y ? -1 : a.value > y ? 1 : 0;
  }
  if (typeof a === 'number' || typeof a === 'boolean' || a instanceof PSChar) {
    if (a instanceof PSChar && (typeof b === 'string' || b instanceof PSChar)) return compareStrings(a.toString(), b.toString(), caseSensitive);
    const x = toNumber(a);
    let y: number;
    try {
      y = toNumber(b, typeNameOf(a));
    } catch (e) {
      throw new PSException(`Could not compare "${toStringValue(a)}" to "${toStringValue(b)}". Error: "${(e as Error).message}"`, 'System.Management.Automation.RuntimeException');
    }
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof PSDateTime || a instanceof Date) {
    const x = a instanceof Date ? PSDateTime.fromDate(a).wall : a.wall;
    const y = (convertTo(b, 'datetime') as PSDateTime).wall;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a instanceof TimeSpan) {
    const y = (convertTo(b, 'timespan') as TimeSpan).ticks;
    return a.ticks < y ? -1 : a.ticks > y ? 1 : 0;
  }
  if (a instanceof PSVersion) {
    const other = b instanceof PSVersion ? b : (convertTo(b, 'version') as PSVersion);
    return a.compare(other);
  }
  if (valuesEqual(a, b, caseSensitive)) return 0;
  return compareStrings(toStringValue(a), toStringValue(b), caseSensitive);
}
