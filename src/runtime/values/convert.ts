// PowerShell's conversions (LanguagePrimitives): truthiness, the string form of any value, numeric
// conversion of strings, casts to named types, and pipeline enumeration. Operators, members, the
// binder and formatting all go through here so a value converts the same way everywhere.

import { PSHashtable } from './hashtable.ts';
import { PSObject } from './ps-object.ts';
import { TimeSpan } from './time-span.ts';
import { PSDateTime } from './date-time.ts';
import { TypeValue } from './type-value.ts';
import { PSChar } from './ps-char.ts';
import { PSGuid } from './ps-guid.ts';
import { PSVersion } from './ps-version.ts';
import { PSEnumValue, enumTypeName, enumValue, enumFromNumber } from './ps-enum.ts';
import { formatNumberDefault, formatTypedNumber } from './number-format.ts';
import { formatDate } from './date-format.ts';
import { resolveTypeName, typeNameOf, markArrayType, arrayTypeName } from './type-names.ts';
import { toJsRegex } from './regex.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { InputEnumerator } from './input-enumerator.ts';
import { isKnownType } from './known-types.ts';
import { PSNumber, boxNumber, exactNumber, isNumber, numberValue } from './ps-number.ts';
import { copyMDArray, mdArrayType, mdLengths } from './md-array.ts';
import { XmlDocument } from './xml/xml-node.ts';
import { decimalOf, makeDecimal, parseDecimal } from './decimal.ts';
import { parseXml, XmlParseError } from './xml/xml-parser.ts';
import type { NumberType } from './ps-number.ts';

/** `[bool]$v` and every condition: empty/zero/null are false; arrays by their contents. */
export function toBoolean(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0 && !Number.isNaN(v);
    case 'string':
      return v.length > 0;
  }
  if (v instanceof PSNumber) return v.value !== 0 && !Number.isNaN(v.value);
  if (Array.isArray(v)) {
    if (v.length === 0) return false;
    if (v.length === 1) return Array.isArray(v[0]) ? v[0].length > 0 : toBoolean(v[0]);
    return true;
  }
  if (v instanceof PSChar) return v.code !== 0;
  return true;
}

/** The string a value becomes in a cast, interpolation or string operator. `ofs` joins arrays. */
export function toStringValue(v: unknown, ofs = ' '): string {
  if (v === null || v === undefined) return '';
  switch (typeof v) {
    case 'string':
      return v;
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return formatNumberDefault(v);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof PSNumber) return formatTypedNumber(v);
  if (Array.isArray(v)) return v.map((x) => (Array.isArray(x) ? arrayTypeName(x) : toStringValue(x, ofs))).join(ofs);
  // PowerShell's string conversion unravels an enumerator (consuming it), as it joins an array.
  if (v instanceof InputEnumerator) return toStringValue(v.drain(), ofs);
  if (v instanceof PSHashtable) return typeNameOf(v);
  if (v instanceof PSObject) return '@{' + noteSummary(v) + '}';
  if (v instanceof PSDateTime) return formatDate(v, 'MM/dd/yyyy HH:mm:ss');
  if (v instanceof Date) return formatDate(PSDateTime.fromDate(v), 'MM/dd/yyyy HH:mm:ss');
  if (v instanceof TimeSpan || v instanceof PSChar || v instanceof TypeValue || v instanceof PSGuid || v instanceof PSVersion || v instanceof PSEnumValue || v instanceof ScriptBlockValue) return v.toString();
  if (v instanceof ErrorRecord) return v.message;
  if (v instanceof PSException) return v.message;
  if (v instanceof RegExp) return v.source;
  const own = (v as { ToString?: unknown }).ToString;
  if (typeof own === 'function') return String(own.call(v));
  const ts = (v as { toString?: unknown }).toString;
  if (typeof ts === 'function' && ts !== Object.prototype.toString) return String(ts.call(v));
  return typeNameOf(v);
}

/** `a=1; b=x` for `@{…}`; objects nested in themselves stop at the first repeat. */
const summarising = new Set<PSObject>();
function noteSummary(o: PSObject): string {
  if (summarising.has(o)) return '...';
  summarising.add(o);
  try {
    return o
      .properties()
      .filter((p) => p.kind === 'NoteProperty')
      .map((p) => `${p.name}=${Array.isArray(p.value) ? arrayTypeName(p.value) : toStringValue(p.value)}`)
      .join('; ');
  } finally {
    summarising.delete(o);
  }
}

const MULTIPLIERS: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

/** Parses a string the way PowerShell does for numeric conversion; null when it is not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  let m = /^([+-]?)0x([0-9a-f]+)$/i.exec(t);
  if (m) {
    const n = parseInt(m[2], 16);
    return m[1] === '-' ? -n : n;
  }
  m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(kb|mb|gb|tb|pb)?$/i.exec(t);
  if (m) {
    const n = Number(m[1]);
    return m[2] ? n * MULTIPLIERS[m[2].toLowerCase()] : n;
  }
  if (/^[+-]?infinity$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(t)) return NaN;
  return null;
}

function castError(v: unknown, typeName: string, reason: string): PSException {
  const shown = Array.isArray(v) ? v.map((x) => toStringValue(x)).join(' ') : toStringValue(v);
  const vtype = typeNameOf(v);
  const quoted = typeof v === 'string' || isNumber(v) ? `"${shown}"` : `"${shown}" of type "${vtype}"`;
  return new PSException(`Cannot convert value ${quoted} to type "${typeName}". Error: "${reason}"`, 'System.Management.Automation.PSInvalidCastException');
}

/** The numeric value of `v` for arithmetic; throws the PowerShell cast error for non-numbers. */
export function toNumber(v: unknown, typeName = 'System.Int32'): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return v;
  if (v instanceof PSNumber) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof PSChar) return v.code;
  if (v instanceof PSEnumValue) return v.value;
  if (typeof v === 'string') {
    const n = parseNumber(v);
    // .NET 8's wording (PowerShell 7.4+), pinned by PowerShell's ParameterBinding.Tests.ps1.
    if (n === null) throw castError(v, typeName, `The input string '${v}' was not in a correct format.`);
    return n;
  }
  if (Array.isArray(v) && v.length === 1) return toNumber(v[0], typeName);
  if (v instanceof TimeSpan) return v.ticks;
  if (v instanceof PSDateTime) return v.Ticks;
  throw new PSException(
    `Cannot convert the "${Array.isArray(v) ? typeNameOf(v) : toStringValue(v)}" value of type "${typeNameOf(v)}" to type "${typeName}".`,
    'System.Management.Automation.PSInvalidCastException',
  );
}

/** Rounds half to even, as .NET's numeric casts do (`[int]2.5` is 2). */
export function roundHalfEven(n: number): number {
  const r = Math.round(n);
  return Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Range and the noun .NET's overflow message uses ("…too small for an Int32."). */
const INT_RANGES: Record<string, [number, number, string]> = {
  'System.Int32': [-2147483648, 2147483647, 'an Int32'],
  'System.Int64': [-Number.MAX_VALUE, Number.MAX_VALUE, 'an Int64'],
  'System.Int16': [-32768, 32767, 'an Int16'],
  'System.Byte': [0, 255, 'an unsigned byte'],
  'System.SByte': [-128, 127, 'a signed byte'],
  'System.UInt32': [0, 4294967295, 'a UInt32'],
  'System.UInt64': [0, Number.MAX_VALUE, 'a UInt64'],
  'System.UInt16': [0, 65535, 'a UInt16'],
};

function toInteger(v: unknown, full: string): number {
  const n = toNumber(v, full);
  const [lo, hi, short] = INT_RANGES[full];
  const r = roundHalfEven(n);
  if (!Number.isFinite(n) || r < lo || r > hi) throw castError(v, full, `Value was either too large or too small for ${short}.`);
  return r;
}

const EXACT_NOUNS: Record<string, string> = { 'System.Int64': 'an Int64', 'System.UInt64': 'a UInt64' };

/** `[long]` or `[uint64]` of an integer past 2^53 kept exact (an exact number, a long integer
 *  string); undefined when the ordinary conversion applies (a decimal fraction rounds as a cast). */
function exactConversion(v: unknown, full: 'System.Int64' | 'System.UInt64'): unknown {
  let big: bigint;
  if (v instanceof PSNumber && v.big !== undefined) {
    if (v.scale !== 0) return undefined;
    if (v.type === full) return v;
    big = v.big;
  } else {
    if (typeof v !== 'string' || !/^\s*[+-]?\d{16,}\s*$/.test(v)) return undefined;
    big = BigInt(v.trim());
    if (Number.isSafeInteger(Number(big))) return undefined;
  }
  const r = exactNumber(big, full);
  if (r === null) throw castError(v, full, `Value was either too large or too small for ${EXACT_NOUNS[full]}.`);
  return r;
}

function toDateTime(v: unknown): PSDateTime {
  v = numberValue(v);
  if (v instanceof PSDateTime) return v;
  if (v instanceof Date) return PSDateTime.fromDate(v);
  if (typeof v === 'string') {
    const d = PSDateTime.parse(v);
    if (d) return d;
    throw castError(v, 'System.DateTime', `The string '${v}' was not recognized as a valid DateTime. There is an unknown word starting at index '0'.`);
  }
  if (typeof v === 'number') return new PSDateTime(v / 10_000 - 62_135_596_800_000);
  throw castError(v, 'System.DateTime', 'Invalid cast.');
}

function toTimeSpan(v: unknown): TimeSpan {
  v = numberValue(v);
  if (v instanceof TimeSpan) return v;
  if (typeof v === 'string') {
    const t = TimeSpan.parse(v);
    if (t) return t;
    throw castError(v, 'System.TimeSpan', 'String was not recognized as a valid TimeSpan.');
  }
  if (typeof v === 'number') return new TimeSpan(v);
  throw castError(v, 'System.TimeSpan', 'Invalid cast.');
}

/** `[decimal]$v` kept exact (values/decimal.ts): decimal text digit for digit (`'1.50'`), a double
 *  through its 15 significant digits, an integer as it is. */
function toDecimal(v: unknown): unknown {
  if (v instanceof PSNumber && v.type === 'System.Decimal') return v;
  const text = typeof v === 'string' ? parseDecimal(v) : null;
  const parts = text ?? decimalOf(isNumber(v) ? v : toNumber(v, 'System.Decimal'));
  const d = parts ? makeDecimal(parts.m, parts.s) : null;
  if (!d) throw castError(v, 'System.Decimal', 'Value was either too large or too small for a Decimal.');
  return d;
}

/** `[xml]$text` (LanguagePrimitives.ConvertToXml): the value as a string, an array's items joined
 *  by newlines (`[xml](Get-Content f)`), parsed. */
function toXmlDocument(v: unknown): XmlDocument {
  try {
    return parseXml(toStringValue(v, '\n'));
  } catch (e) {
    if (e instanceof XmlParseError) throw castError(Array.isArray(v) ? typeNameOf(v) : v, 'System.Xml.XmlDocument', e.message);
    throw e;
  }
}

/** Converts a hashtable or object's properties to a PSCustomObject (`[pscustomobject]@{…}`). */
export function toPSObject(v: unknown): unknown {
  if (!(v instanceof PSHashtable)) return v;
  // A `PSTypeName` key names the object's type instead of becoming a property.
  const o = PSObject.from(v.entries().filter(([k]) => toStringValue(k).toLowerCase() !== 'pstypename').map(([k, x]) => [toStringValue(k), x] as [string, unknown]));
  if (v.has('PSTypeName')) o.typeNames.unshift(toStringValue(v.get('PSTypeName')));
  return o;
}

/** `[type]$v`: casts to a type written in a script (`int`, `string[]`, `System.DateTime` …). `ofs`
 *  joins an array converted to a string (the caller's `$OFS`). */
export function convertTo(v: unknown, typeName: string, ofs = ' '): unknown {
  if (v === undefined) v = null;
  const full = resolveTypeName(typeName);
  const md = mdArrayType(full);
  if (md) {
    // Only an array of the same rank converts (its elements to the element type), as in .NET.
    if (v === null) return null;
    if (mdLengths(v)?.length !== md.rank) throw new PSException(`Cannot convert the "${Array.isArray(v) ? typeNameOf(v) : toStringValue(v)}" value of type "${typeNameOf(v)}" to type "${full}".`, 'System.Management.Automation.PSInvalidCastException');
    const arr = v as unknown[];
    if (arrayTypeName(arr) === full) return arr;
    return copyMDArray(arr, md.element, md.element === 'System.Object' ? (x) => x : (x) => convertTo(x, md.element));
  }
  if (full.endsWith('[]')) {
    if (v === null) return null;
    const elemType = full.slice(0, -2);
    // A string cast to char[] splits into its characters.
    const items = Array.isArray(v) ? v : elemType === 'System.Char' && typeof v === 'string' ? [...v] : [v];
    const out = elemType === 'System.Object' ? [...items] : items.map((x) => convertTo(x, elemType));
    return elemType === 'System.Object' ? out : markArrayType(out, full);
  }
  const generic = /^System\.Collections\.Generic\.(List|HashSet|Queue|Stack)\[(.+)\]$/.exec(full);
  if (generic) {
    const items = v === null ? [] : Array.isArray(v) ? v : [v];
    const elem = generic[2];
    return markArrayType(items.map((x) => (elem === 'System.Object' ? x : convertTo(x, elem))), full);
  }
  if (full === 'System.Int64' || full === 'System.UInt64') {
    const exact = exactConversion(v, full);
    if (exact !== undefined) return exact;
  }
  if (full === 'System.Decimal') return toDecimal(v);
  if (INT_RANGES[full]) return boxNumber(toInteger(v, full), full as NumberType);
  switch (full) {
    case 'System.Object':
    case 'System.Management.Automation.PSObject':
      return v;
    case 'System.Double':
      return boxNumber(toNumber(v, full), full);
    case 'System.Single':
      return boxNumber(Math.fround(toNumber(v, full)), full);
    case 'System.Numerics.BigInteger':
      return Math.trunc(toNumber(v, full));
    case 'System.String':
      return v === null ? '' : toStringValue(v, ofs);
    case 'System.Boolean':
    case 'System.Management.Automation.SwitchParameter':
      return toBoolean(v);
    case 'System.Char': {
      v = numberValue(v);
      if (v instanceof PSChar) return v;
      if (typeof v === 'number') return new PSChar(toInteger(v, 'System.UInt16'));
      const s = toStringValue(v);
      if (s.length !== 1) throw castError(v, full, 'String must be exactly one character long.');
      return PSChar.of(s);
    }
    case 'System.Array':
      return v === null ? null : Array.isArray(v) ? v : [v];
    case 'System.Collections.ArrayList':
    case 'System.Collections.Stack':
    case 'System.Collections.Queue':
      return markArrayType(v === null ? [] : Array.isArray(v) ? [...v] : [v], full);
    case 'System.Collections.Hashtable':
      if (v instanceof PSHashtable) return v.ordered ? PSHashtable.from(v.entries()) : v;
      if (v instanceof PSObject) return PSHashtable.from(v.properties().map((p) => [p.name, p.value]));
      throw castError(v, full, 'Only hashtables can be converted to a hashtable.');
    case 'System.Collections.Specialized.OrderedDictionary':
      if (v instanceof PSHashtable) return PSHashtable.from(v.entries(), true);
      throw castError(v, full, 'Only hashtables can be converted to an ordered dictionary.');
    case 'System.Management.Automation.PSCustomObject':
      return toPSObject(v);
    case 'System.DateTime':
      return v === null ? null : toDateTime(v);
    case 'System.TimeSpan':
      return v === null ? null : toTimeSpan(v);
    case 'System.Text.RegularExpressions.Regex':
      return v instanceof RegExp ? v : toJsRegex(toStringValue(v));
    case 'System.Guid': {
      if (v instanceof PSGuid) return v;
      const g = PSGuid.parse(toStringValue(v));
      if (!g) throw castError(v, full, 'Unrecognized Guid format.');
      return g;
    }
    case 'System.Version': {
      if (v instanceof PSVersion || v === null) return v;
      const ver = PSVersion.parse(toStringValue(v));
      if (!ver) throw castError(v, full, "Version string portion was too short or too long.");
      return ver;
    }
    case 'System.Type': {
      if (v instanceof TypeValue) return v;
      const name = toStringValue(v);
      if (!isKnownType(name)) throw new PSException(`Cannot convert the "${name}" value of type "${typeNameOf(v)}" to type "System.Type".`, 'System.Management.Automation.PSInvalidCastException');
      return new TypeValue(resolveTypeName(name));
    }
    case 'System.Void':
      return null;
    case 'System.Xml.XmlDocument':
      return v === null || v instanceof XmlDocument ? v : toXmlDocument(v);
    case 'System.Management.Automation.ScriptBlock':
      if (v instanceof ScriptBlockValue) return v;
      throw castError(v, full, 'Invalid cast.');
  }
  // Delegate casts (`[Func[int,bool]]{ … }`) keep the script block; callers invoke it.
  if (/^System\.(Func|Action|Predicate|Comparison)(\[|$)/i.test(full) && v instanceof ScriptBlockValue) return v;
  const enumType = enumTypeName(full);
  if (enumType) {
    v = numberValue(v);
    if (v instanceof PSEnumValue && v.typeName === enumType) return v;
    const e = typeof v === 'number' || v instanceof PSEnumValue ? undefined : enumValue(enumType, toStringValue(v));
    const byNumber = typeof v === 'number' || v instanceof PSEnumValue ? enumFromNumber(enumType, toNumber(v)) : undefined;
    if (e ?? byNumber) return e ?? byNumber;
    throw castError(v, enumType, `Unable to match the identifier name ${toStringValue(v)} to a valid enumerator name.`);
  }
  // Unknown types: keep the value when it already is one; the engine's types pass through.
  if (v === null) return null;
  if (typeNameOf(v).toLowerCase() === full.toLowerCase()) return v;
  if (v instanceof PSObject && v.typeNames.some((t) => t.toLowerCase() === full.toLowerCase())) return v;
  throw new PSException(`Unable to find type [${typeName}].`, 'System.Management.Automation.RuntimeException');
}

/** Items a value sends down the pipeline: arrays (and lists) are unrolled, everything else is one item. */
export function enumerate(v: unknown): unknown[] {
  if (v === undefined) return [null];
  if (Array.isArray(v)) return v;
  return [v];
}

/** Whether a value is a collection that operators and the pipeline unroll. */
export function isEnumerable(v: unknown): v is unknown[] {
  return Array.isArray(v);
}
