// Out-Default: turns a stream of pipeline output into the text PowerShell prints. Scalars are one
// line each; objects of one type form a group shown as a table (buffered until the group ends, since
// column widths come from the data) or as lists; a hashtable shows as a Name/Value table; dates use
// the long form. An object of another type right after a table is shown as a list, as Out-Default does.

import { PSHashtable } from '../values/hashtable.ts';
import { PSObject } from '../values/ps-object.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { getMember } from '../members/index.ts';
import { PSDateTime } from '../values/date-time.ts';
import { toStringValue } from '../values/convert.ts';
import { displayText } from './display-text.ts';
import { DictionaryEntry } from '../members/dictionary-entry.ts';
import { FormattedOutput } from './formatted-output.ts';
import { isScalar, shapeOf, typeNamesOf, readProperty, type Shape } from './object-shape.ts';
import { findView } from './view-registry.ts';

function textOf(v: unknown, shape: Shape): string {
  return shape.view.render ? shape.view.render(v) : displayText(v);
}
import { renderTable } from './table-renderer.ts';
import { renderList } from './list-renderer.ts';

export const DEFAULT_WIDTH = 120;

export interface OutputWriter {
  /** Synchronous unless the value has ScriptProperties to run (then await it). */
  push(value: unknown): void | Promise<void>;
  /** Ends the current group (writes a pending table) and the trailing blank line. */
  end(): void;
}

type Group =
  | { kind: 'table'; key: string; shape: Shape; rows: unknown[]; lead: string[] }
  | { kind: 'list'; key: string }
  | { kind: 'text'; key: string };

/** Objects that share a registered view (FileInfo and DirectoryInfo) stay in one table, as types
 *  that PowerShell's format files list under one type set do. */
const viewIds = new WeakMap<object, number>();
function viewKey(v: unknown): string {
  const names = typeNamesOf(v);
  const view = findView(names);
  if (!view) return names[0];
  if (!viewIds.has(view)) viewIds.set(view, nextViewId++);
  return `view#${viewIds.get(view)}`;
}
let nextViewId = 0;

/** Custom objects whose ScriptProperties must run before they can be shown. */
function needsScript(v: unknown): v is PSObject {
  return v instanceof PSObject && v.properties().some((p) => p.kind === 'ScriptProperty' && p.getter instanceof ScriptBlockValue);
}

/** A copy of the object with its ScriptProperties evaluated, for display. */
export async function resolveForDisplay(v: PSObject, invoker: ScriptInvoker): Promise<PSObject> {
  const copy = new PSObject([...v.typeNames]);
  for (const p of v.properties()) {
    if (p.kind === 'ScriptProperty') {
      // A getter that throws shows as empty, as PowerShell shows failing properties.
      let value: unknown = null;
      try {
        value = await getMember(v, p.name, invoker);
      } catch {
        value = null;
      }
      copy.setProperty(p.name, value);
    }
    else copy.addProperty({ ...p });
  }
  return copy;
}

/** `invoker` lets the writer run ScriptProperties (Add-Member -MemberType ScriptProperty). */
export function createOutputWriter(write: (text: string) => void, width = DEFAULT_WIDTH, invoker?: ScriptInvoker): OutputWriter {
  let group: Group | null = null;
  const line = (text: string) => write(text + '\n');

  const close = () => {
    if (!group) return;
    if (group.kind === 'table') {
      for (const l of group.lead) line(l);
      for (const l of renderTable(group.rows, group.shape.columns, { width })) line(l);
    }
    line('');
    group = null;
  };

  const pushObject = (v: unknown) => {
    if (v instanceof Date) v = PSDateTime.fromDate(v);
    if (v instanceof PSHashtable) {
      for (const [k, val] of v.entries()) pushObject(new DictionaryEntry(k, val));
      return;
    }
    const shape = shapeOf(v);
    const groupValue = shape.view.groupBy ? toStringValue(readProperty(v, shape.view.groupBy)) : '';
    const key = viewKey(v) + (shape.view.groupBy ? '|' + groupValue : '');
    if (group && group.key === key) {
      if (group.kind === 'table') group.rows.push(v);
      else if (group.kind === 'text') line(textOf(v, shape));
      else {
        line('');
        for (const l of renderList(v, shape.columns, width)) line(l);
      }
      return;
    }
    const afterTable = group?.kind === 'table' && !shape.view.groupBy;
    close();
    if (shape.view.kind === 'table' && !afterTable && shape.columns.length > 0) {
      // The table's leading blank line waits with its rows: PowerShell holds a table back until it
      // knows the column widths, so Write-Host text written meanwhile comes out before all of it.
      const lead = [''];
      if (shape.view.groupBy) lead.push(`   ${shape.view.groupBy}: ${groupValue}`, '');
      group = { kind: 'table', key, shape, rows: [v], lead };
      return;
    }
    line('');
    if (shape.view.kind === 'text') {
      group = { kind: 'text', key };
      line(textOf(v, shape));
    } else {
      group = { kind: 'list', key };
      for (const l of renderList(v, shape.columns, width)) line(l);
    }
  };

  const push = (v: unknown): void | Promise<void> => {
    if (v === undefined || v === null) return;
    if (invoker && needsScript(v)) return resolveForDisplay(v, invoker).then(pushSync);
    if (invoker && Array.isArray(v) && v.some(needsScript)) {
      return (async () => {
        for (const x of v) await push(x);
      })();
    }
    pushSync(v);
  };

  const pushSync = (v: unknown): void => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) pushSync(x);
      return;
    }
    if (v instanceof FormattedOutput) {
      close();
      for (const l of v.lines) line(l);
      return;
    }
    if (isScalar(v)) {
      close();
      line(displayText(v));
      return;
    }
    pushObject(v);
  };

  return { push, end: close };
}

/** The whole text PowerShell prints for these output values. */
export async function formatOutput(values: unknown[], width = DEFAULT_WIDTH, invoker?: ScriptInvoker): Promise<string> {
  let out = '';
  const w = createOutputWriter((t) => (out += t), width, invoker);
  for (const v of values) await w.push(v);
  w.end();
  return out;
}

/** Synchronous variant for callers that cannot await (Out-String inside an expression). */
export function formatOutputSync(values: unknown[], width = DEFAULT_WIDTH): string {
  let out = '';
  const w = createOutputWriter((t) => (out += t), width);
  for (const v of values) w.push(v);
  w.end();
  return out;
}
