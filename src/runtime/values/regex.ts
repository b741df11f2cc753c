// .NET regular expressions on top of JS RegExp. Scripts write .NET syntax (`(?i)`, `\A`, `\Z`,
// `(?<name>…)`, `$1`/`${name}` in replacements); this translates the differences that matter and
// caches compiled patterns, since a pipeline may apply the same pattern to every item.

import { PSException } from '../error-record.ts';

export interface RegexOptions {
  ignoreCase?: boolean;
  multiline?: boolean;
  singleline?: boolean;
  global?: boolean;
}

const cache = new Map<string, RegExp>();

/** Compiles a .NET pattern; a bad pattern becomes a script error naming the pattern. */
export function toJsRegex(pattern: string, options: RegexOptions = {}): RegExp {
  const key = `${options.ignoreCase ? 'i' : ''}${options.multiline ? 'm' : ''}${options.singleline ? 's' : ''}${options.global ? 'g' : ''}:${pattern}`;
  const hit = cache.get(key);
  if (hit) {
    hit.lastIndex = 0;
    return hit;
  }
  let p = pattern;
  let flags = 'd';
  if (options.ignoreCase) flags += 'i';
  if (options.multiline) flags += 'm';
  if (options.singleline) flags += 's';
  if (options.global) flags += 'g';
  // Leading inline options apply to the whole pattern in practice.
  const inline = /^\(\?([imsx]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    for (const f of inline[1]) if (f !== 'x' && !flags.includes(f)) flags += f;
  }
  p = p.replace(/\\A/g, '^').replace(/\\[Zz]/g, '$').replace(/\(\?<([A-Za-z_]\w*)>/g, '(?<$1>').replace(/\(\?'([A-Za-z_]\w*)'/g, '(?<$1>');
  if (/\\p\{/.test(p)) flags += 'u';
  let re: RegExp;
  try {
    re = new RegExp(p, flags);
  } catch (e) {
    throw new PSException(
      `Invalid pattern '${pattern}' at offset 0. ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
      'System.Text.RegularExpressions.RegexParseException',
    );
  }
  if (cache.size > 500) cache.clear();
  cache.set(key, re);
  return re;
}

/** Translates a .NET replacement string (`$1`, `${name}`, `$$`, `$0`, `$&`) to JS syntax. */
export function toJsReplacement(replacement: string): string {
  return replacement.replace(/\$(\$|\{(\w+)\}|(\d+)|&|0|_|`|')/g, (m, all: string, name?: string, num?: string) => {
    if (all === '$') return '$$';
    if (name !== undefined) return /^\d+$/.test(name) ? (name === '0' ? '$&' : `$${name}`) : `$<${name}>`;
    if (num !== undefined) return num === '0' ? '$&' : `$${num}`;
    return m;
  });
}

/** `[regex]::Escape`. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\*+?|{[()^$.#\s]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : c === ' ' ? '\\ ' : '\\' + c));
}

/** Capturing groups in the order JS numbers them (opening parenthesis order): the name of each
 *  named group, or null for an unnamed one. */
export function captureLayout(pattern: string): (string | null)[] {
  const out: (string | null)[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c !== '(') continue;
    if (pattern[i + 1] !== '?') out.push(null);
    else {
      const named = /^\(\?(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(pattern.slice(i));
      if (named) out.push(named[1] ?? named[2]);
    }
  }
  return out;
}

export interface DotnetGroup {
  name: string;
  value: string | undefined;
  index: number;
}

/** The groups of a JS match in .NET order: 0, the unnamed groups, then the named ones. */
export function dotnetGroups(m: RegExpExecArray | RegExpMatchArray, pattern: string): DotnetGroup[] {
  const layout = captureLayout(pattern);
  const indices = (m as RegExpExecArray & { indices?: ([number, number] | undefined)[] }).indices;
  const at = (i: number): DotnetGroup => ({ name: '', value: m[i], index: indices?.[i]?.[0] ?? m.index ?? 0 });
  const groups: DotnetGroup[] = [{ ...at(0), name: '0' }];
  let n = 1;
  layout.forEach((name, k) => {
    if (name === null) groups.push({ ...at(k + 1), name: String(n++) });
  });
  layout.forEach((name, k) => {
    if (name !== null) groups.push({ ...at(k + 1), name });
  });
  return groups;
}
