// Property arguments as Select-Object, Sort-Object, Group-Object, Format-Table and Measure-Object take
// them: a name (wildcards allowed where the cmdlet says so), a script block run with `$_`, or a
// calculated property `@{Name=…; Expression=…}` (keys `n`/`l`/`Label`, `e`), each resolved to a
// label and an async getter.

import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue, toBoolean } from '../values/convert.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { getMember } from '../members/index.ts';
import { hasWildcard, wildcardMatch } from '../../engine/infra/wildcard.ts';
import { propertyNames } from '../format/object-shape.ts';

export interface PropertySelector {
  name: string;
  /** Set for names containing wildcards: expanded per object. */
  wildcard: boolean;
  get(obj: unknown): Promise<unknown>;
  /** Sort-Object's per-key direction from `@{Expression=…; Descending=$true}`. */
  descending?: boolean;
  /** Format-Table's `@{…; Width=10}` / `Alignment='Right'`. */
  width?: number;
  align?: 'left' | 'right' | 'center';
  /** Format-Table's / Format-List's `@{…; FormatString='N0'}`: the value is shown as `{0:N0}` shows it. */
  formatString?: string;
}

/** Runs a script block with `$_` bound and returns its output as one value. */
export async function evalBlock(sb: ScriptBlockValue, item: unknown, invoker: ScriptInvoker): Promise<unknown> {
  const out = await invoker.invoke(sb, [], { dollarUnder: item });
  return out.length === 0 ? null : out.length === 1 ? out[0] : out;
}

/** The keys a calculated property may have; like PowerShell, any prefix of one names it
 *  (`@{e=…}`, `@{exp=…}`, `@{desc=$true}`), `a` being Ascending. */
const KEYS = ['name', 'label', 'expression', 'ascending', 'descending', 'width', 'alignment', 'formatstring'];

function keyOf(written: string): string | null {
  const w = written.toLowerCase();
  if (w === 'a') return 'ascending';
  if (w === 'd') return 'descending';
  const hits = KEYS.filter((k) => k.startsWith(w));
  return hits.length === 1 ? hits[0] : w === 'al' ? 'alignment' : null;
}

function entry(h: PSHashtable, ...keys: string[]): unknown {
  const wanted = keys.map((k) => keyOf(k));
  for (const k of h.keys()) {
    const full = keyOf(toStringValue(k));
    if (full !== null && wanted.includes(full)) return h.get(k);
  }
  return undefined;
}

export function propertySelector(spec: unknown, invoker: ScriptInvoker): PropertySelector {
  if (spec instanceof ScriptBlockValue) {
    return { name: spec.text.trim(), wildcard: false, get: (obj) => evalBlock(spec, obj, invoker) };
  }
  if (spec instanceof PSHashtable) {
    for (const k of spec.keys()) {
      if (keyOf(toStringValue(k)) === null) throw new PSException(`The ${toStringValue(k)} key is not valid.`, 'System.NotSupportedException');
    }
    const expr = entry(spec, 'Expression', 'e');
    if (expr === undefined) throw new PSException('The Expression key is missing.', 'System.NotSupportedException');
    const name = entry(spec, 'Name', 'n', 'Label', 'l');
    const label = name !== undefined ? toStringValue(name) : expr instanceof ScriptBlockValue ? expr.text.trim() : toStringValue(expr);
    const get = expr instanceof ScriptBlockValue ? (obj: unknown) => evalBlock(expr, obj, invoker) : (obj: unknown) => getMember(obj, toStringValue(expr), invoker);
    const desc = entry(spec, 'Descending', 'd');
    const asc = entry(spec, 'Ascending', 'a');
    const width = entry(spec, 'Width', 'w');
    const align = entry(spec, 'Alignment');
    const formatString = entry(spec, 'FormatString');
    return {
      name: label,
      wildcard: false,
      get,
      // With both keys, Ascending wins (PowerShell's "conflicting order entry keys" test).
      descending: asc !== undefined ? !toBoolean(asc) : desc !== undefined ? toBoolean(desc) : undefined,
      width: width !== undefined ? Number(width) : undefined,
      align: align !== undefined ? alignmentOf(toStringValue(align)) : undefined,
      formatString: formatString !== undefined && formatString !== null ? toStringValue(formatString) : undefined,
    };
  }
  const name = toStringValue(spec);
  return { name, wildcard: hasWildcard(name), get: (obj) => getMember(obj, name, invoker) };
}

/** `Alignment = 'Center'` in a calculated property (Left, Center, Right; a prefix is enough). */
function alignmentOf(text: string): 'left' | 'right' | 'center' {
  const t = text.toLowerCase();
  return t.startsWith('r') ? 'right' : t.startsWith('c') ? 'center' : 'left';
}

/** Expands wildcard selectors against one object's property names (`*`, `Na*`). */
export function expandSelectors(selectors: PropertySelector[], obj: unknown, exclude: string[] = [], invoker?: ScriptInvoker): PropertySelector[] {
  const out: PropertySelector[] = [];
  const excluded = (n: string) => exclude.some((p) => wildcardMatch(n, p));
  for (const s of selectors) {
    if (!s.wildcard) {
      if (!excluded(s.name)) out.push(s);
      continue;
    }
    for (const n of propertyNames(obj)) {
      if (wildcardMatch(n, s.name) && !excluded(n) && !out.some((o) => o.name.toLowerCase() === n.toLowerCase())) {
        out.push({ name: n, wildcard: false, get: (o) => getMember(o, n, invoker) });
      }
    }
  }
  return out;
}

/** The value a `-InputObject`/pipeline cmdlet works on for this call of `process`. */
export function inputOf(input: unknown, params: Record<string, unknown>, name = 'InputObject'): unknown {
  return input === undefined ? params[name] : input;
}

/** A parameter's value as a list (`-Property a,b` or `-Property a`). */
export function listOf(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}
