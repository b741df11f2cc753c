// The text operators: -match (with the `$Matches` table), -replace (regex, `$1`/`${name}`, or a
// script block in PS7), -split (regex or SimpleMatch, max count, options) and -join.

import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue, toNumber, toBoolean } from '../values/convert.ts';
import { PSChar } from '../values/ps-char.ts';
import { toJsRegex, toJsReplacement, escapeRegex, dotnetGroups, type RegexOptions } from '../values/regex.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { RegexMatch } from '../members/regex-match.ts';

/** The `$Matches` table PowerShell builds: named groups, then numbered groups high to low, 0 last.
 *  Pass the pattern so groups get .NET numbers (unnamed first); without it JS numbering is used. */
export function matchesTable(m: RegExpExecArray, pattern?: string): PSHashtable {
  const h = new PSHashtable();
  if (pattern === undefined) {
    for (const [name, value] of Object.entries(m.groups ?? {})) if (value !== undefined) h.set(name, value);
    for (let i = m.length - 1; i >= 0; i--) if (m[i] !== undefined) h.set(i, m[i]);
    return h;
  }
  const groups = dotnetGroups(m, pattern);
  for (const g of groups.filter((x) => !/^\d+$/.test(x.name))) if (g.value !== undefined) h.set(g.name, g.value);
  for (const g of groups.filter((x) => /^\d+$/.test(x.name)).reverse()) if (g.value !== undefined) h.set(Number(g.name), g.value);
  return h;
}

/** Scalar `-match`: the result and the match (null when it failed). */
export function regexMatch(input: unknown, pattern: unknown, caseSensitive: boolean): RegExpExecArray | null {
  const re = toJsRegex(toStringValue(pattern), { ignoreCase: !caseSensitive });
  re.lastIndex = 0;
  return re.exec(toStringValue(input));
}

export function replaceOperator(input: unknown, right: unknown, caseSensitive: boolean, invoker?: ScriptInvoker): string | Promise<string> {
  const parts = Array.isArray(right) ? right : [right];
  if (parts.length > 2) throw new PSException("The -replace operator allows only two elements to follow it, not " + parts.length + '.', 'System.Management.Automation.RuntimeException');
  const text = toStringValue(input);
  const re = toJsRegex(toStringValue(parts[0]), { ignoreCase: !caseSensitive, global: true });
  const replacement = parts.length > 1 ? parts[1] : '';
  if (replacement instanceof ScriptBlockValue) {
    if (!invoker) throw new PSException('A script block replacement needs the interpreter.', 'System.InvalidOperationException');
    return (async () => {
      let out = '';
      let last = 0;
      re.lastIndex = 0;
      for (const m of text.matchAll(re)) {
        out += text.slice(last, m.index);
        const r = await invoker.invoke(replacement, [], { dollarUnder: new RegexMatch(m as RegExpExecArray, text, toStringValue(parts[0])) });
        out += r.map((x) => toStringValue(x)).join('');
        last = m.index + m[0].length;
      }
      return out + text.slice(last);
    })();
  }
  re.lastIndex = 0;
  return text.replace(re, toJsReplacement(toStringValue(replacement)));
}

function parseSplitOptions(v: unknown): { simple: boolean; regex: RegexOptions } {
  const text = toStringValue(Array.isArray(v) ? v.join(',') : v).toLowerCase();
  const opts = { simple: false, regex: {} as RegexOptions };
  for (const o of text.split(/[,\s]+/).filter(Boolean)) {
    if (o === 'simplematch') opts.simple = true;
    else if (o === 'ignorecase') opts.regex.ignoreCase = true;
    else if (o === 'multiline') opts.regex.multiline = true;
    else if (o === 'singleline') opts.regex.singleline = true;
    else if (!['regexmatch', 'cultureinvariant', 'explicitcapture', 'ignorepatternwhitespace', 'none'].includes(o))
      throw new PSException(`Cannot convert value "${o}" to type "System.Management.Automation.SplitOptions".`, 'System.Management.Automation.PSInvalidCastException');
  }
  return opts;
}

/** `-split` for one string: Regex.Split semantics (captures included; max count keeps the rest whole). */
export function splitOperator(input: unknown, right: unknown, caseSensitive: boolean): string[] {
  const parts = Array.isArray(right) ? right : [right];
  const text = toStringValue(input);
  const max = parts.length > 1 ? Math.trunc(toNumber(parts[1])) : 0;
  const { simple, regex } = parts.length > 2 ? parseSplitOptions(parts[2]) : { simple: false, regex: {} as RegexOptions };
  const pattern = simple ? escapeRegex(toStringValue(parts[0])) : toStringValue(parts[0]);
  const re = toJsRegex(pattern, { ...regex, ignoreCase: regex.ignoreCase || !caseSensitive, global: true });
  if (max === 1) return [text];
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (const m of text.matchAll(re)) {
    if (max > 0 && out.length >= max - 1) break;
    out.push(text.slice(last, m.index));
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined) out.push(m[g]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** `-split { predicate }`: splits at every character for which the block is true (`$_` is the char). */
export async function splitByScript(input: unknown, sb: ScriptBlockValue, max: number, invoker: ScriptInvoker): Promise<string[]> {
  const text = toStringValue(input);
  const out: string[] = [];
  let cur = '';
  for (const c of text) {
    const r = await invoker.invoke(sb, [], { dollarUnder: new PSChar(c.charCodeAt(0)) });
    if ((max <= 0 || out.length < max - 1) && toBoolean(r.length === 1 ? r[0] : r)) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Unary `-split`: whitespace separated words, no empty entries. */
export function splitWhitespace(input: unknown): string[] {
  return toStringValue(input).trim().split(/\s+/).filter((s) => s !== '');
}

export function joinOperator(left: unknown, separator: unknown): string {
  const items = Array.isArray(left) ? left : [left];
  return items.map((x) => toStringValue(x)).join(toStringValue(separator));
}
