// Type names as scripts write them (`[int]`, `[System.Int32]`, `[hashtable]`, `[string[]]`) mapped
// to one canonical .NET full name, and the type a runtime value reports (`GetType()`, `-is`).
// Collections that are JS arrays remember a more specific type (List[int], ArrayList, int[]) here.

import { PSHashtable } from './hashtable.ts';
import { PSObject } from './ps-object.ts';
import { TimeSpan } from './time-span.ts';
import { PSDateTime } from './date-time.ts';
import { TypeValue } from './type-value.ts';
import { PSChar } from './ps-char.ts';
import { PSEnumValue } from './ps-enum.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { PSNumber, isNumber } from './ps-number.ts';
import { XmlNode, xmlTypeChain } from './xml/xml-node.ts';

const ALIASES: Record<string, string> = {
  int: 'System.Int32', int32: 'System.Int32', uint32: 'System.UInt32', uint: 'System.UInt32',
  long: 'System.Int64', int64: 'System.Int64', uint64: 'System.UInt64', ulong: 'System.UInt64',
  short: 'System.Int16', int16: 'System.Int16', ushort: 'System.UInt16', uint16: 'System.UInt16', byte: 'System.Byte', sbyte: 'System.SByte',
  double: 'System.Double', float: 'System.Single', single: 'System.Single', decimal: 'System.Decimal',
  bigint: 'System.Numerics.BigInteger', 'numerics.biginteger': 'System.Numerics.BigInteger',
  string: 'System.String', char: 'System.Char', bool: 'System.Boolean', boolean: 'System.Boolean',
  object: 'System.Object', psobject: 'System.Management.Automation.PSObject',
  pscustomobject: 'System.Management.Automation.PSCustomObject',
  wildcardpattern: 'System.Management.Automation.WildcardPattern', 'management.automation.wildcardpattern': 'System.Management.Automation.WildcardPattern',
  array: 'System.Array', hashtable: 'System.Collections.Hashtable', 'collections.hashtable': 'System.Collections.Hashtable',
  ordered: 'System.Collections.Specialized.OrderedDictionary',
  'collections.specialized.ordereddictionary': 'System.Collections.Specialized.OrderedDictionary',
  datetime: 'System.DateTime', timespan: 'System.TimeSpan', regex: 'System.Text.RegularExpressions.Regex',
  'text.regularexpressions.regex': 'System.Text.RegularExpressions.Regex',
  scriptblock: 'System.Management.Automation.ScriptBlock', math: 'System.Math', guid: 'System.Guid',
  ref: 'System.Management.Automation.PSReference', semver: 'System.Management.Automation.SemanticVersion',
  void: 'System.Void', switch: 'System.Management.Automation.SwitchParameter', type: 'System.Type',
  environment: 'System.Environment', convert: 'System.Convert', 'io.path': 'System.IO.Path',
  'io.file': 'System.IO.File', 'io.directory': 'System.IO.Directory', console: 'System.Console',
  'collections.arraylist': 'System.Collections.ArrayList', arraylist: 'System.Collections.ArrayList',
  'collections.stack': 'System.Collections.Stack', 'collections.queue': 'System.Collections.Queue',
  valuetype: 'System.ValueType', enum: 'System.Enum', version: 'System.Version', uri: 'System.Uri',
  pscredential: 'System.Management.Automation.PSCredential', 'management.automation.pscredential': 'System.Management.Automation.PSCredential',
  'text.stringbuilder': 'System.Text.StringBuilder', stringbuilder: 'System.Text.StringBuilder',
  exception: 'System.Exception', errorrecord: 'System.Management.Automation.ErrorRecord',
  'management.automation.errorrecord': 'System.Management.Automation.ErrorRecord',
  xml: 'System.Xml.XmlDocument', 'xml.xmldocument': 'System.Xml.XmlDocument',
  bitconverter: 'System.BitConverter', 'linq.enumerable': 'System.Linq.Enumerable', 'text.encoding': 'System.Text.Encoding',
};

/** Canonical full name for a written type name (case-insensitive; `System.` optional). Unknown names
 *  come back as written so they can still be compared. */
export function resolveTypeName(written: string): string {
  const w = written.trim();
  const rank = /\[,*\]$/.exec(w);
  if (rank) return resolveTypeName(w.slice(0, rank.index)) + rank[0];
  const generic = /^(?:system\.)?collections\.generic\.(list|dictionary|hashset|queue|stack)\[(.+)\]$/i.exec(w);
  if (generic) {
    const kind = generic[1].toLowerCase();
    const name = { list: 'List', dictionary: 'Dictionary', hashset: 'HashSet', queue: 'Queue', stack: 'Stack' }[kind]!;
    const args = splitGenericArgs(generic[2]).map(resolveTypeName);
    return `System.Collections.Generic.${name}[${args.join(',')}]`;
  }
  let l = w.toLowerCase();
  if (l.startsWith('system.')) l = l.slice(7);
  if (ALIASES[l]) return ALIASES[l];
  if (/^[a-z0-9]+$/.test(l) && ALIASES[l.replace(/^system/, '')]) return ALIASES[l.replace(/^system/, '')];
  return w.toLowerCase().startsWith('system.') || w.includes('.') ? w : 'System.' + w;
}

/** The .NET name a message prints for a declared parameter type (`int` → `System.Int32`,
 *  `string[]` → `System.String[]`); a name that is no alias stays as written. */
export function dotNetTypeName(type: string): string {
  const t = type.trim();
  if (t.endsWith('[]')) return dotNetTypeName(t.slice(0, -2)) + '[]';
  return ALIASES[t.toLowerCase().replace(/^system\./, '')] ?? t;
}

/** Every canonical full name an alias resolves to: the core of the types vbrs models. */
export function aliasedTypeNames(): string[] {
  return Object.values(ALIASES);
}

/** `string, [int]` (the inside of `List[…]`/`Dictionary[…]`) split into argument names. */
export function splitGenericArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.map((a) => a.replace(/^\[(.*)\]$/, '$1'));
}

/** Arrays that are not plain `object[]`: typed arrays and list types, by their full type name. */
const arrayTypes = new WeakMap<unknown[], string>();

export function markArrayType<T extends unknown[]>(arr: T, fullName: string): T {
  arrayTypes.set(arr, fullName);
  return arr;
}

export function arrayTypeName(arr: unknown[]): string {
  return arrayTypes.get(arr) ?? 'System.Object[]';
}

/** Whether the array is a resizable list (List[T], ArrayList) rather than a fixed-size array. */
export function isListArray(arr: unknown[]): boolean {
  const t = arrayTypes.get(arr);
  return t !== undefined && !/\[,*\]$/.test(t);
}

/** The .NET type a value reports. Integral numbers are Int32 when they fit, else Int64. */
export function typeNameOf(v: unknown): string {
  if (v === null || v === undefined) return 'System.Object';
  switch (typeof v) {
    case 'string':
      return 'System.String';
    case 'boolean':
      return 'System.Boolean';
    case 'number':
      if (Number.isInteger(v) && !Object.is(v, -0)) return v >= -2147483648 && v <= 2147483647 ? 'System.Int32' : Math.abs(v) <= Number.MAX_SAFE_INTEGER ? 'System.Int64' : 'System.Double';
      return 'System.Double';
    case 'bigint':
      return 'System.Numerics.BigInteger';
  }
  if (v instanceof PSNumber) return v.type;
  if (Array.isArray(v)) return arrayTypeName(v);
  if (v instanceof PSHashtable) return v.ordered ? 'System.Collections.Specialized.OrderedDictionary' : 'System.Collections.Hashtable';
  // GetType() of a custom object is PSCustomObject whatever its PSTypeNames say.
  if (v instanceof PSObject) return v.clrType ?? 'System.Management.Automation.PSCustomObject';
  if (v instanceof TimeSpan) return 'System.TimeSpan';
  if (v instanceof PSDateTime || v instanceof Date) return 'System.DateTime';
  if (v instanceof PSChar) return 'System.Char';
  if (v instanceof PSEnumValue) return v.typeName;
  if (v instanceof TypeValue) return 'System.RuntimeType';
  if (v instanceof ScriptBlockValue) return 'System.Management.Automation.ScriptBlock';
  if (v instanceof ErrorRecord) return 'System.Management.Automation.ErrorRecord';
  if (v instanceof PSException) return v.typeName;
  if (v instanceof RegExp) return 'System.Text.RegularExpressions.Regex';
  const named = (v as { psTypeName?: unknown }).psTypeName;
  if (typeof named === 'string') return named;
  const ctor = (v as object).constructor?.name;
  return ctor && ctor !== 'Object' ? 'Vbrs.' + ctor : 'System.Object';
}

/** Type names a value is an instance of, most specific first (for `-is` and Get-Member headers). */
export function typeChainOf(v: unknown): string[] {
  if (v instanceof XmlNode) return [...xmlTypeChain(v), 'System.Object'];
  const t = typeNameOf(v);
  const chain = [t];
  if (v instanceof PSObject) chain.unshift(...v.typeNames.filter((n) => n !== t));
  if (isNumber(v) || v instanceof PSDateTime || v instanceof TimeSpan || typeof v === 'boolean' || v instanceof PSChar) chain.push('System.ValueType');
  if (v instanceof PSEnumValue) chain.push('System.Enum', 'System.ValueType');
  if (Array.isArray(v)) chain.push(isListArray(v) ? 'System.Collections.IList' : 'System.Array', 'System.Collections.IEnumerable');
  if (v instanceof PSHashtable) chain.push('System.Collections.IDictionary', 'System.Collections.Hashtable');
  if (v instanceof PSException) chain.push('System.Exception');
  if (v instanceof PSObject || v instanceof PSHashtable) chain.push('System.Management.Automation.PSObject');
  chain.push('System.Object');
  return chain;
}

/** `$v -is [written]`. Numbers match every numeric type they could be stored as without loss. */
export function isInstanceOf(v: unknown, written: string): boolean {
  if (v === null || v === undefined) return false;
  const target = resolveTypeName(written).toLowerCase();
  if (target === 'system.object') return true;
  // A plain string, number or bool written in a script is not wrapped in a PSObject
  // ("hello" -is [psobject] is False, as PowerShell's ComparisonOperator tests assert).
  if (target === 'system.management.automation.psobject') return (typeof v === 'object' && !(v instanceof PSNumber)) || typeof v === 'function';
  if (isNumber(v)) {
    const t = typeNameOf(v).toLowerCase();
    if (target === t || target === 'system.valuetype') return true;
    return false;
  }
  if (Array.isArray(v) && target === 'system.object[]') return arrayTypeName(v) === 'System.Object[]';
  if (target === 'system.management.automation.pscustomobject') return v instanceof PSObject;
  return typeChainOf(v).some((t) => t.toLowerCase() === target);
}
