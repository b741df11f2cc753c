// Get-Member (gm): lists the members of each distinct input type under a `TypeName:` heading, as a
// Name / MemberType / Definition table sorted by member type then name.

import type { CmdletDef } from '../cmdlet.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';
import { typeNameOf } from '../values/type-names.ts';
import { PSDateTime } from '../values/date-time.ts';
import { formatDate } from '../values/date-format.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { registerView } from '../format/view-registry.ts';
import { hostMembers } from '../members/host-members.ts';
import { propertyNames, readProperty, typeNamesOf } from '../format/object-shape.ts';
import { inputOf, listOf } from './property-selector.ts';
import { wildcardMatch } from '../../engine/infra/wildcard.ts';
import { isNumber } from '../values/ps-number.ts';
import { declaredPropertyType } from '../members/declared-property-types.ts';

export class MemberDefinition {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.MemberDefinition';
  readonly TypeName: string;
  readonly Name: string;
  readonly MemberType: string;
  readonly Definition: string;

  constructor(typeName: string, name: string, memberType: string, definition: string) {
    this.TypeName = typeName;
    this.Name = name;
    this.MemberType = memberType;
    this.Definition = definition;
  }

  toString(): string {
    return this.Definition;
  }
}

registerView('Microsoft.PowerShell.Commands.MemberDefinition', { kind: 'table', groupBy: 'TypeName', properties: ['Name', 'MemberType', 'Definition'] });

const SHORT: Record<string, string> = {
  'System.Int32': 'int', 'System.Int64': 'long', 'System.String': 'string', 'System.Boolean': 'bool', 'System.Double': 'double',
  'System.Char': 'char', 'System.Object': 'System.Object', 'System.Collections.Hashtable': 'hashtable', 'System.Management.Automation.ScriptBlock': 'scriptblock',
  'System.Decimal': 'decimal', 'System.Byte': 'byte', 'System.DateTime': 'datetime', 'System.TimeSpan': 'timespan',
};

/** The value as .NET's ToString() shows it in a definition (arrays by type, dates in the culture). */
function dotnetToString(v: unknown): string {
  if (Array.isArray(v)) return typeNameOf(v);
  if (v instanceof PSDateTime) return formatDate(v, 'G');
  return toStringValue(v);
}

function shortType(v: unknown): string {
  if (v === null || v === undefined) return 'object';
  const t = typeNameOf(v);
  if (SHORT[t]) return SHORT[t];
  return t === 'System.Object[]' ? 'Object[]' : t;
}

const OBJECT_METHODS: [string, string][] = [
  ['Equals', 'bool Equals(System.Object obj)'],
  ['GetHashCode', 'int GetHashCode()'],
  ['GetType', 'type GetType()'],
  ['ToString', 'string ToString()'],
];

const STRING_METHODS = ['Clone', 'CompareTo', 'Contains', 'EndsWith', 'Equals', 'GetHashCode', 'GetType', 'IndexOf', 'IndexOfAny', 'Insert', 'LastIndexOf', 'Normalize', 'PadLeft', 'PadRight', 'Remove', 'Replace', 'Split', 'StartsWith', 'Substring', 'ToCharArray', 'ToLower', 'ToLowerInvariant', 'ToString', 'ToUpper', 'ToUpperInvariant', 'Trim', 'TrimEnd', 'TrimStart'];

/** The getter text PowerShell's type table gives DateTime.DateTime (TypeTable_Types_Ps1Xml.cs). */
const DATETIME_SCRIPT = `if ((& { Set-StrictMode -Version 1; $this.DisplayHint }) -ieq  "Date")
          {
          "{0}" -f $this.ToLongDateString()
          }
          elseif ((& { Set-StrictMode -Version 1; $this.DisplayHint }) -ieq "Time")
          {
          "{0}" -f  $this.ToLongTimeString()
          }
          else
          {
          "{0} {1}" -f $this.ToLongDateString(), $this.ToLongTimeString()
          }`;

function membersOf(v: unknown): MemberDefinition[] {
  const typeName = typeNamesOf(v)[0];
  const out: MemberDefinition[] = [];
  const method = (name: string, def: string) => out.push(new MemberDefinition(typeName, name, 'Method', def));
  if (v instanceof PSObject) {
    for (const [n, d] of OBJECT_METHODS) method(n, d);
    for (const m of v.methods()) method(m.name, `System.Object ${m.name}();`);
    for (const p of v.properties()) {
      if (p.kind === 'NoteProperty') out.push(new MemberDefinition(typeName, p.name, 'NoteProperty', `${shortType(p.value)} ${p.name}=${p.value === null ? 'null' : dotnetToString(p.value)}`));
      else if (p.kind === 'AliasProperty') out.push(new MemberDefinition(typeName, p.name, 'AliasProperty', `${p.name} = ${p.aliasOf}`));
      else out.push(new MemberDefinition(typeName, p.name, 'ScriptProperty', `System.Object ${p.name} {get=${p.getter instanceof ScriptBlockValue ? p.getter.text : ''};}`));
    }
  } else if (typeof v === 'string') {
    for (const n of STRING_METHODS) method(n, `${n}(…)`);
    out.push(new MemberDefinition(typeName, 'Chars', 'ParameterizedProperty', 'char Chars(int index) {get;}'));
    out.push(new MemberDefinition(typeName, 'Length', 'Property', 'int Length {get;}'));
  } else if (v instanceof PSHashtable) {
    for (const n of ['Add', 'Clear', 'Clone', 'Contains', 'ContainsKey', 'ContainsValue', 'GetEnumerator', 'Remove']) method(n, `${n}(…)`);
    for (const [n, d] of OBJECT_METHODS) method(n, d);
    for (const n of ['Count', 'Keys', 'Values']) out.push(new MemberDefinition(typeName, n, 'Property', `${n} {get;}`));
  } else if (v !== null && typeof v === 'object') {
    for (const [n, d] of OBJECT_METHODS) method(n, d);
    for (const m of hostMembers(v).methods.values()) if (!OBJECT_METHODS.some(([n]) => n === m) && m !== 'toString') method(m, `${m}(…)`);
    for (const n of propertyNames(v)) {
      // types.ps1xml makes DateTime a ScriptProperty of System.DateTime, so Get-Member says so.
      if (v instanceof PSDateTime && n === 'DateTime') out.push(new MemberDefinition(typeName, n, 'ScriptProperty', `System.Object DateTime {get=${DATETIME_SCRIPT};}`));
      else {
        const value = readProperty(v, n);
        const type = (isNumber(value) ? declaredPropertyType(typeName, n) : undefined) ?? shortType(value);
        out.push(new MemberDefinition(typeName, n, 'Property', `${type} ${n} {get;}`));
      }
    }
  } else {
    for (const [n, d] of OBJECT_METHODS) method(n, d);
    if (isNumber(v)) method('CompareTo', 'int CompareTo(System.Object value)');
  }
  const seen = new Set<string>();
  return out
    .filter((m) => (seen.has(m.MemberType + m.Name) ? false : (seen.add(m.MemberType + m.Name), true)))
    .sort((a, b) => a.MemberType.localeCompare(b.MemberType) || a.Name.localeCompare(b.Name, 'en', { sensitivity: 'base' }));
}

export const getMemberCmdlet: CmdletDef = {
  name: 'Get-Member',
  aliases: ['gm'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0 },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'MemberType', type: 'string[]', aliases: ['Type'] },
    { name: 'Force', type: 'switch' },
    { name: 'Static', type: 'switch' },
  ],
  help: {
    synopsis: 'Lists the properties and methods of objects, grouped by type.',
    examples: [{ code: "[pscustomobject]@{Name='a'; Size=1} | Get-Member" }],
  },
  create(params, ctx) {
    const seen = new Set<string>();
    const names = listOf(params.Name).map((n) => toStringValue(n));
    const types = listOf(params.MemberType).map((n) => toStringValue(n).toLowerCase());
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined || item === null) return;
        const typeName = typeNamesOf(item)[0];
        if (seen.has(typeName)) return;
        seen.add(typeName);
        for (const m of membersOf(item)) {
          if (names.length && !names.some((n) => wildcardMatch(m.Name, n))) continue;
          if (types.length && !types.some((t) => m.MemberType.toLowerCase() === t || (t === 'properties' && m.MemberType.endsWith('Property')) || (t === 'methods' && m.MemberType.endsWith('Method')))) continue;
          await ctx.emit(m);
        }
      },
    };
  },
};
