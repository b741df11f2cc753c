// Pester's Format-Nicely (src/Format.ps1): how a failure message shows a value — `$null`, `$true`,
// `'text'`, `<empty>`, `@(1, 2, 3)`, `[int]`, `{ script }` — so messages read word for word as
// Pester's do.
import { PSDateTime } from '../values/date-time.ts';
import { formatDate } from '../values/date-format.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { TypeValue } from '../values/type-value.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { toStringValue } from '../values/convert.ts';
import { resolveTypeName } from '../values/type-names.ts';

/** The names PowerShell prints for types that have an accelerator (`"$([int])"` is `int`). */
const ACCELERATOR: Record<string, string> = {
  'System.Int32': 'int', 'System.Int64': 'long', 'System.Int16': 'short', 'System.Byte': 'byte', 'System.SByte': 'sbyte',
  'System.UInt32': 'uint', 'System.UInt64': 'ulong', 'System.UInt16': 'ushort',
  'System.Double': 'double', 'System.Single': 'float', 'System.Decimal': 'decimal', 'System.Numerics.BigInteger': 'bigint',
  'System.String': 'string', 'System.Char': 'char', 'System.Boolean': 'bool', 'System.DateTime': 'datetime',
  'System.TimeSpan': 'timespan', 'System.Collections.Hashtable': 'hashtable', 'System.Collections.Specialized.OrderedDictionary': 'ordered',
  'System.Management.Automation.ScriptBlock': 'scriptblock', 'System.Management.Automation.PSObject': 'psobject',
  'System.Management.Automation.PSCustomObject': 'pscustomobject', 'System.Text.RegularExpressions.Regex': 'regex',
  'System.Guid': 'guid', 'System.Version': 'version', 'System.Array': 'array', 'System.Management.Automation.SwitchParameter': 'switch',
  'System.Management.Automation.ErrorRecord': 'System.Management.Automation.ErrorRecord',
};

/** `[string][type]` in PowerShell: the accelerator when there is one, else the full name. */
export function typeText(fullName: string): string {
  return ACCELERATOR[fullName] ?? fullName;
}

/** The full name of a type given as a type value or as text (`[int]`, `'System.String'`, `'[int]'`). */
export function typeFullName(t: unknown): string {
  if (t instanceof TypeValue) return t.fullName;
  return resolveTypeName(toStringValue(t).replace(/^\[(.*)\]$/, '$1'));
}

function isDecimalOrValue(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const t = typeof v === 'object' && v !== null ? (v as { constructor?: { name?: string } }).constructor?.name : '';
  return t === 'PSNumber' || t === 'TimeSpan' || t === 'PSChar' || t === 'PSEnumValue';
}

export function formatNicely(v: unknown): string {
  if (v === null || v === undefined) return '$null';
  if (typeof v === 'boolean') return v ? '$true' : '$false';
  if (typeof v === 'string') return v === '' ? '<empty>' : `'${v}'`;
  if (v instanceof PSDateTime) return formatDate(v, 'o');
  if (v instanceof TypeValue) return `[${typeText(v.fullName)}]`;
  if (v instanceof ScriptBlockValue) return `{${v.text}}`;
  if (isDecimalOrValue(v)) return toStringValue(v);
  if (v instanceof PSHashtable) return toStringValue(v);
  if (Array.isArray(v)) {
    const limit = 10;
    const shown = v.slice(0, limit).map(formatNicely);
    return '@(' + shown.join(', ') + (v.length > limit ? `, ...${v.length - limit} more` : '') + ')';
  }
  return toStringValue(v);
}

/** Pester's Format-Because: ` because it must,` (a leading `because ` the user wrote is dropped). */
export function formatBecause(because: unknown): string {
  if (because === null || because === undefined) return '';
  const text = toStringValue(because).trim();
  if (text === '') return '';
  return ` because ${text.replace(/because\s/gi, '')},`;
}
