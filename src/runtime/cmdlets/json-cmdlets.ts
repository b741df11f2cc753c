// ConvertTo-Json and ConvertFrom-Json with PowerShell 7's output: two-space indent, `"key": value`,
// -Depth 2 by default (deeper objects become their string form, with PowerShell's warning),
// -Compress, -AsArray; JSON objects come back as PSCustomObjects (or hashtables with -AsHashtable)
// and ISO 8601 strings as DateTimes; numbers get the types Newtonsoft's reader gives them in
// PowerShell 7 (see jsonNumber).

import type { CmdletDef } from '../cmdlet.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSDateTime } from '../values/date-time.ts';
import { TimeSpan } from '../values/time-span.ts';
import { PSChar } from '../values/ps-char.ts';
import { PSGuid } from '../values/ps-guid.ts';
import { PSEnumValue } from '../values/ps-enum.ts';
import { toStringValue } from '../values/convert.ts';
import { formatDate } from '../values/date-format.ts';
import { formatRoundTrip } from '../values/number-format.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord } from '../error-record.ts';
import { propertyNames, readProperty } from '../format/object-shape.ts';
import { inputOf } from './property-selector.ts';
import { collectInput } from './collect-input.ts';
import { PSNumber, boxNumber, int64 } from '../values/ps-number.ts';

function quote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.charCodeAt(0);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}

interface JsonOptions {
  depth: number;
  compress: boolean;
  truncated: boolean;
  enumsAsStrings: boolean;
}

function jsonDate(d: PSDateTime): string {
  const frac = d.Millisecond ? '.' + String(d.Millisecond).padStart(3, '0').padEnd(7, '0') : '';
  return formatDate(d, "yyyy'-'MM'-'dd'T'HH':'mm':'ss") + frac + (d.kind === 'Local' ? formatDate(d, 'zzz') : d.kind === 'Utc' ? 'Z' : '');
}

function serialize(v: unknown, level: number, o: JsonOptions): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : formatRoundTrip(v)) : quote(String(v));
  // Json.NET writes a double with a fraction or exponent (`5.0`, `1E+15`); other types as integers.
  if (v instanceof PSNumber) {
    if (!Number.isFinite(v.value)) return quote(String(v.value));
    if (v.type !== 'System.Double' && v.type !== 'System.Single') return serialize(v.value, level, o);
    const s = formatRoundTrip(v.value);
    return /[.E]/.test(s) ? s : s + '.0';
  }
  if (v instanceof PSChar || v instanceof PSGuid) return quote(v.toString());
  if (v instanceof PSEnumValue) return o.enumsAsStrings ? quote(v.name) : String(v.value);
  if (v instanceof PSDateTime) return quote(jsonDate(v));
  if (v instanceof Date) return quote(jsonDate(PSDateTime.fromDate(v)));
  if (v instanceof ScriptBlockValue) return quote(v.text);
  if (level > o.depth) {
    o.truncated = true;
    return quote(toStringValue(v));
  }
  const nl = o.compress ? '' : '\n';
  const ind = (n: number) => (o.compress ? '' : '  '.repeat(n));
  const sep = o.compress ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + nl + v.map((x) => ind(level + 1) + serialize(x, level + 1, o)).join(',' + nl) + nl + ind(level) + ']';
  }
  let entries: [string, unknown][];
  if (v instanceof PSHashtable) entries = v.entries().map(([k, x]) => [toStringValue(k), x]);
  else if (v instanceof TimeSpan) entries = ['Ticks', 'Days', 'Hours', 'Milliseconds', 'Minutes', 'Seconds', 'TotalDays', 'TotalHours', 'TotalMilliseconds', 'TotalMinutes', 'TotalSeconds'].map((n) => [n, readProperty(v, n)]);
  else if (v instanceof ErrorRecord) entries = [['Exception', { Message: v.Exception.message }], ['FullyQualifiedErrorId', v.FullyQualifiedErrorId]];
  else if (v instanceof PSObject || typeof v === 'object') entries = propertyNames(v).map((n) => [n, readProperty(v, n)]);
  else return quote(toStringValue(v));
  if (entries.length === 0) return '{}';
  return '{' + nl + entries.map(([k, x]) => ind(level + 1) + quote(k) + sep + serialize(x, level + 1, o)).join(',' + nl) + nl + ind(level) + '}';
}

/** `ConvertTo-Json` for one value; exported for `$x | ConvertTo-Json` style helpers and tests. */
export function toJson(v: unknown, depth = 2, compress = false, enumsAsStrings = false): { text: string; truncated: boolean } {
  const o: JsonOptions = { depth, compress, truncated: false, enumsAsStrings };
  const text = serialize(v, 0, o);
  return { text, truncated: o.truncated };
}

export const convertToJsonCmdlet: CmdletDef = {
  name: 'ConvertTo-Json',
  parameters: [
    { name: 'InputObject', type: 'object', position: 0, valueFromPipeline: true },
    { name: 'Depth', type: 'int', validateRange: [0, 100], help: 'How many levels of nested objects are written (default 2).' },
    { name: 'Compress', type: 'switch', help: 'Omits white space.' },
    { name: 'AsArray', type: 'switch', help: 'Writes a JSON array even for one object.' },
    { name: 'EnumsAsStrings', type: 'switch' },
  ],
  help: {
    synopsis: 'Converts objects to a JSON string.',
    examples: [
      { code: "@{Name='a'; Tags=@('x','y')} | ConvertTo-Json" },
      { code: "[pscustomobject]@{a=1; b=$true} | ConvertTo-Json -Compress", remarks: '{"a":1,"b":true}' },
      { code: '1, 2 | ConvertTo-Json' },
    ],
  },
  create(params, ctx) {
    return collectInput(params, async (items) => {
      if (items.length === 0) return;
      const asArray = params.AsArray === true;
      const value = items.length > 1 ? items : asArray && !Array.isArray(items[0]) ? items : items[0];
      const depth = (params.Depth as number | undefined) ?? 2;
      const { text, truncated } = toJson(value, depth, params.Compress === true, params.EnumsAsStrings === true);
      if (truncated) ctx.writeWarning(`Resulting JSON is truncated as serialization has exceeded the set depth of ${depth}.`);
      await ctx.emit(text);
    });
  },
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** A JSON number as PowerShell 7 reads it (Newtonsoft's JsonTextReader): written with a fraction or
 *  an exponent it is a Double (`5.0` too), otherwise an Int64 (`5` too). The literal's own text
 *  decides, which JSON.parse hands to a reviver. PowerShell makes an integer beyond the Int64 range a
 *  BigInteger; vbrs has no BigInteger arithmetic or comparison, so it stays a Double here. */
function jsonNumber(value: number, source: string): number | PSNumber {
  if (/[.eE]/.test(source)) return boxNumber(value, 'System.Double');
  // Boxed even where the value would imply Double, so it prints and serializes as a double.
  if (!fitsInt64(source)) return new PSNumber(value, 'System.Double');
  // past 2^53 the double is inexact: keep the digits as written
  if (!Number.isSafeInteger(value)) return int64(BigInt(source)) ?? new PSNumber(value, 'System.Double');
  return boxNumber(value === 0 ? 0 : value, 'System.Int64');
}

function fitsInt64(integer: string): boolean {
  if (integer.length < 19) return true;
  const big = BigInt(integer);
  return big >= -9223372036854775808n && big <= 9223372036854775807n;
}

function reviveNumber(_key: string, value: unknown, context?: { source?: string }): unknown {
  return typeof value === 'number' && context?.source !== undefined ? jsonNumber(value, context.source) : value;
}

function fromJsonValue(v: unknown, asHashtable: boolean): unknown {
  if (v instanceof PSNumber) return v;
  if (Array.isArray(v)) return v.map((x) => fromJsonValue(x, asHashtable));
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, fromJsonValue(x, asHashtable)] as [string, unknown]);
    return asHashtable ? PSHashtable.from(entries, true) : PSObject.from(entries);
  }
  if (typeof v === 'string' && ISO_DATE.test(v)) {
    const d = PSDateTime.parse(v);
    if (d) return d;
  }
  return v;
}

/** JSON text as ConvertFrom-Json makes it (PSCustomObjects, Int64/Double, DateTimes); throws
 *  JSON.parse's SyntaxError on bad text. Invoke-RestMethod reads JSON responses with it. */
export function parseJson(text: string, asHashtable = false): unknown {
  return fromJsonValue(JSON.parse(text, reviveNumber as (this: unknown, key: string, value: unknown) => unknown), asHashtable);
}

export const convertFromJsonCmdlet: CmdletDef = {
  name: 'ConvertFrom-Json',
  parameters: [
    { name: 'InputObject', type: 'string', position: 0, valueFromPipeline: true, mandatory: true },
    { name: 'AsHashtable', type: 'switch' },
    { name: 'NoEnumerate', type: 'switch' },
    { name: 'Depth', type: 'int' },
  ],
  help: {
    synopsis: 'Converts a JSON string to objects.',
    examples: [
      { code: "'{\"Name\":\"a\",\"Size\":3}' | ConvertFrom-Json", remarks: 'A PSCustomObject with Name and Size.' },
      { code: "('[1,2,3]' | ConvertFrom-Json).Count" },
    ],
  },
  create(params, ctx) {
    const chunks: string[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item !== undefined && item !== null) chunks.push(toStringValue(item));
      },
      async end() {
        const text = chunks.join('\n');
        if (text.trim() === '') return;
        let v: unknown;
        try {
          v = parseJson(text, params.AsHashtable === true);
        } catch (e) {
          await ctx.writeError(ErrorRecord.fromMessage(`Conversion from JSON failed with error: ${(e as Error).message}`, 'System.ArgumentException', 'System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand', 'NotSpecified', text));
          return;
        }
        if (Array.isArray(v) && params.NoEnumerate !== true) for (const x of v) await ctx.emit(x);
        else await ctx.emit(v);
      },
    };
  },
};
