// Decides how an object is shown: its registered view, or (for objects without one) all its
// properties — a table for up to four, a list for five or more, as PowerShell does — and reads the
// property values to show. Reading is synchronous: only stored values and host getters are shown.

import { PSObject } from '../values/ps-object.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { PSDateTime } from '../values/date-time.ts';
import { PSChar } from '../values/ps-char.ts';
import { PSEnumValue } from '../values/ps-enum.ts';
import { TypeValue } from '../values/type-value.ts';
import { typeChainOf } from '../values/type-names.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord } from '../error-record.ts';
import { findHostProperty, hostPropertyNames } from '../members/host-members.ts';
import { findView, columnSpec, type ColumnSpec, type ViewDefinition } from './view-registry.ts';
import { isNumber } from '../values/ps-number.ts';
import { XmlNode } from '../values/xml/xml-node.ts';
import { xmlPropertyNames, xmlProperty } from '../values/xml/xml-adapter.ts';

/** Values PowerShell writes as a single line of text (no table or list). */
export function isScalar(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    typeof v === 'string' ||
    isNumber(v) ||
    typeof v === 'boolean' ||
    typeof v === 'bigint' ||
    v instanceof PSChar ||
    v instanceof PSEnumValue ||
    v instanceof ScriptBlockValue ||
    v instanceof ErrorRecord ||
    v instanceof RegExp
  );
}

/** Type names used to pick a view and to tell object groups apart. */
export function typeNamesOf(v: unknown): string[] {
  if (v instanceof PSObject) return v.typeNames;
  return typeChainOf(v);
}

export function propertyNames(v: unknown): string[] {
  if (v instanceof PSObject) return v.propertyNames();
  if (v instanceof PSHashtable) return v.keys().map(String);
  if (v instanceof PSDateTime) return ['DateTime', 'Date', 'Day', 'DayOfWeek', 'DayOfYear', 'Hour', 'Kind', 'Millisecond', 'Minute', 'Month', 'Second', 'Ticks', 'TimeOfDay', 'Year'];
  if (v instanceof TypeValue) return ['Name', 'FullName'];
  // an XML node shows its attributes and children (XmlNodeAdapter), not its .NET members
  if (v instanceof XmlNode) return xmlPropertyNames(v);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return hostPropertyNames(v);
  if (typeof v === 'string') return ['Length'];
  return [];
}

/** The value of one property for display; null when the object lacks it. */
export function readProperty(obj: unknown, name: string): unknown {
  if (obj === null || obj === undefined) return null;
  if (obj instanceof PSObject) {
    const p = obj.getProperty(name);
    if (!p) return null;
    if (p.kind === 'NoteProperty') return p.value;
    if (p.kind === 'AliasProperty' && p.aliasOf) return readProperty(obj, p.aliasOf);
    if (typeof p.getter === 'function') return (p.getter as (o: unknown) => unknown)(obj);
    return null;
  }
  if (obj instanceof PSHashtable) return obj.get(name);
  if (obj instanceof XmlNode) return xmlProperty(obj, name) ?? null;
  if (typeof obj === 'string') return name.toLowerCase() === 'length' ? obj.length : null;
  if (obj instanceof Date) obj = PSDateTime.fromDate(obj);
  if (obj instanceof PSDateTime && name.toLowerCase() === 'datetime') return obj;
  if (obj !== null && typeof obj === 'object') {
    const real = findHostProperty(obj, name);
    if (real === undefined) return null;
    const v = (obj as Record<string, unknown>)[real];
    return v === undefined ? null : v;
  }
  return null;
}

export interface Shape {
  key: string;
  view: ViewDefinition;
  columns: ColumnSpec[];
}

export function shapeOf(v: unknown): Shape {
  const names = typeNamesOf(v);
  const view = findView(names);
  if (view) return { key: names[0], view, columns: view.properties.map(columnSpec).map((c) => ({ align: 'left' as const, ...c })) };
  const props = propertyNames(v);
  const kind = props.length <= 4 ? 'table' : 'list';
  const key = names[0] + (v instanceof PSObject ? '|' + props.join('|').toLowerCase() : '');
  return { key, view: { kind, properties: props }, columns: props.map((p) => ({ name: p })) };
}

/** A cell's value; a getter that throws shows as empty, as PowerShell shows failing properties. */
export function columnValue(obj: unknown, col: ColumnSpec): unknown {
  try {
    return col.value ? col.value(obj) : readProperty(obj, col.name);
  } catch {
    return null;
  }
}

