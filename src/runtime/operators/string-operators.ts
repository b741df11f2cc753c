// The text operators: -match (with the `$Matches` table), -replace (regex, `$1`/`${name}`, or a
// script block in PS7), -split (regex or SimpleMatch, max count, options) and -join.

import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue, toNumber, toBoolean } from '../values/convert.ts';
import { PSChar } from '../values/ps-char.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
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

interface SplitOptions {
  simple: boolean;
  regex: RegexOptions;
  explicitCapture: boolean;
  ignoreWhitespace: boolean;
}

function parseSplitOptions(v: unknown): SplitOptions {
  const text = toStringValue(Array.isArray(v) ? v.join(',') : v).toLowerCase();
  const opts: SplitOptions = { simple: false, regex: {}, explicitCapture: false, ignoreWhitespace: false };
  let regexMatch = false;
  for (const o of text.split(/[,\s]+/).filter(Boolean)) {
    if (o === 'simplematch') opts.simple = true;
    else if (o === 'regexmatch') regexMatch = true;
    else if (o === 'ignorecase') opts.regex.ignoreCase = true;
    else if (o === 'multiline') opts.regex.multiline = true;
    else if (o === 'singleline') opts.regex.singleline = true;
    else if (o === 'explicitcapture') opts.explicitCapture = true;
    else if (o === 'ignorepatternwhitespace') opts.ignoreWhitespace = true;
    else if (!['cultureinvariant', 'none'].includes(o))
      throw new PSException(`Cannot convert value "${o}" to type "System.Management.Automation.SplitOptions".`, 'System.Management.Automation.PSInvalidCastException');
  }
  // PowerShell allows only IgnoreCase beside SimpleMatch (parserutils.cs SplitWithPattern).
  if (opts.simple && (regexMatch || text.split(/[,\s]+/).some((o) => o !== 'simplematch' && o !== 'ignorecase' && o !== ''))) {
    const e = new PSException('The combination of options with the -split operator is not valid.', 'System.Management.Automation.ParseException');
    Object.assign(e, { errorId: 'InvalidSplitOptionCombination' });
    throw e;
  }
  return opts;
}

/** .NET's IgnorePatternWhitespace: unescaped white space and `#` comments outside [...] drop out. */
function stripPatternWhitespace(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      out += c + (pattern[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

/** The limit of -split counts pieces (captures do not count); a negative limit counts from the
 *  right as .NET's RightToLeft split does ("a b c" -split ' ', -2 is 'a b', 'c'). */
function limitCuts<T>(cuts: T[], max: number): T[] {
  const n = Math.abs(max);
  if (n === 0 || cuts.length < n) return cuts;
  return max > 0 ? cuts.slice(0, n - 1) : cuts.slice(cuts.length - (n - 1));
}

/** `-split` for one string: Regex.Split semantics (captures included; max count keeps the rest whole). */
export function splitOperator(input: unknown, right: unknown, caseSensitive: boolean): string[] {
  const parts = Array.isArray(right) ? right : [right];
  const text = toStringValue(input);
  const max = parts.length > 1 ? Math.trunc(toNumber(parts[1])) : 0;
  const opts = parts.length > 2 ? parseSplitOptions(parts[2]) : { simple: false, regex: {} as RegexOptions, explicitCapture: false, ignoreWhitespace: false };
  let pattern = opts.simple ? escapeRegex(toStringValue(parts[0])) : toStringValue(parts[0]);
  if (opts.ignoreWhitespace) pattern = stripPatternWhitespace(pattern);
  const re = toJsRegex(pattern, { ...opts.regex, ignoreCase: opts.regex.ignoreCase || !caseSensitive, global: true });
  if (Math.abs(max) === 1) return [text];
  re.lastIndex = 0;
  const cuts = limitCuts([...text.matchAll(re)], max);
  const out: string[] = [];
  let last = 0;
  for (const m of cuts) {
    out.push(text.slice(last, m.index));
    // ExplicitCapture: only named groups capture.
    const named = new Set(Object.values(m.groups ?? {}));
    for (let g = 1; g < m.length; g++) if (m[g] !== undefined && (!opts.explicitCapture || named.has(m[g]))) out.push(m[g]);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** `-split { predicate }`: splits at every character for which the block is true (`$_` is the char). */
export async function splitByScript(input: unknown, sb: ScriptBlockValue, max: number, invoker: ScriptInvoker): Promise<string[]> {
  const text = toStringValue(input);
  const chars = [...text];
  const at: number[] = [];
  let offset = 0;
  for (const c of chars) {
    const r = await invoker.invoke(sb, [], { dollarUnder: new PSChar(c.charCodeAt(0)) });
    if (toBoolean(r.length === 1 ? r[0] : r)) at.push(offset);
    offset += c.length;
  }
  if (Math.abs(max) === 1) return [text];
  const out: string[] = [];
  let last = 0;
  for (const i of limitCuts(at, max)) {
    out.push(text.slice(last, i));
    last = i + 1;
  }
  out.push(text.slice(last));
  return out;
}

/** Unary `-split`: whitespace separated words, no empty entries. */
export function splitWhitespace(input: unknown): string[] {
  return toStringValue(input).trim().split(/\s+/).filter((s) => s !== '');
}

/** `left -join separator`. An enumerator (`$input`) is not a collection to -join (PowerShell's
 *  GetEnumerable gives none), so it becomes one string, its items joined with `$OFS` (`ofs`) —
 *  the separator is not used. */
export function joinOperator(left: unknown, separator: unknown, ofs = ' '): string {
  if (left instanceof InputEnumerator) return toStringValue(left.drain(), ofs);
  const items = Array.isArray(left) ? left : [left];
  return items.map((x) => toStringValue(x)).join(toStringValue(separator));
}
