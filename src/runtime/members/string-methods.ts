// .NET System.String methods and properties as scripts call them (`$s.ToUpper()`, `.Split(',')`,
// `.Substring(1, 2)` …). Ordinal, case-sensitive by default, like .NET; errors use .NET's words.

import { toStringValue, toNumber, toBoolean } from '../values/convert.ts';
import { PSChar } from '../values/ps-char.ts';
import { PSException } from '../error-record.ts';
import { formatValue } from '../values/composite-format.ts';
import { methodNotFound, argumentCount } from './member-error.ts';
import { compareStrings } from '../operators/compare.ts';
import { isNumber, numberValue } from '../values/ps-number.ts';

const NOT_FOUND = Symbol('not found');
export { NOT_FOUND };

function str(v: unknown): string {
  return v instanceof PSChar ? v.toString() : toStringValue(v);
}

function chars(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str);
  return [...str(v)];
}

function stringComparison(v: unknown): boolean {
  // StringComparison / bool ignoreCase argument: true when the comparison ignores case.
  if (typeof v === 'boolean') return v;
  const s = toStringValue(v).toLowerCase();
  return s.endsWith('ignorecase');
}

function outOfRange(method: string, param: string, message: string): PSException {
  return new PSException(`Exception calling "${method}" with "${0}" argument(s): "${message} (Parameter '${param}')"`, 'System.Management.Automation.MethodInvocationException');
}

function rangeError(method: string, argc: number, param: string, message: string): PSException {
  const e = outOfRange(method, param, message);
  return new PSException(e.message.replace('with "0"', `with "${argc}"`), e.typeName);
}

function trimChars(s: string, set: string[] | null, start: boolean, end: boolean): string {
  const isTrim = (c: string) => (set && set.length ? set.includes(c) : /\s/.test(c));
  let a = 0;
  let b = s.length;
  if (start) while (a < b && isTrim(s[a])) a++;
  if (end) while (b > a && isTrim(s[b - 1])) b--;
  return s.slice(a, b);
}

export function stringProperty(s: string, name: string): unknown {
  if (name.toLowerCase() === 'length') return s.length;
  return NOT_FOUND;
}

export function stringMethod(s: string, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name.toLowerCase()) {
    case 'toupper':
    case 'toupperinvariant':
      return s.toUpperCase();
    case 'tolower':
    case 'tolowerinvariant':
      return s.toLowerCase();
    case 'trim':
      return trimChars(s, n ? args.flatMap(chars) : null, true, true);
    case 'trimstart':
      return trimChars(s, n ? args.flatMap(chars) : null, true, false);
    case 'trimend':
      return trimChars(s, n ? args.flatMap(chars) : null, false, true);
    case 'tostring':
      return s;
    case 'contains':
      if (n === 0) throw argumentCount('Contains', 0);
      return n > 1 && stringComparison(args[1]) ? s.toLowerCase().includes(str(args[0]).toLowerCase()) : s.includes(str(args[0]));
    case 'startswith':
      return n > 1 && stringComparison(args[1]) ? s.toLowerCase().startsWith(str(args[0]).toLowerCase()) : s.startsWith(str(args[0]));
    case 'endswith':
      return n > 1 && stringComparison(args[1]) ? s.toLowerCase().endsWith(str(args[0]).toLowerCase()) : s.endsWith(str(args[0]));
    case 'indexof': {
      const needle = str(args[0]);
      const from = n > 1 && isNumber(args[1]) ? numberValue(args[1]) : 0;
      if (n > 1 && !isNumber(args[1]) && stringComparison(args[1])) return s.toLowerCase().indexOf(needle.toLowerCase());
      return s.indexOf(needle, from);
    }
    case 'lastindexof':
      return s.lastIndexOf(str(args[0]));
    case 'indexofany': {
      const set = chars(args[0]);
      for (let i = 0; i < s.length; i++) if (set.includes(s[i])) return i;
      return -1;
    }
    case 'substring': {
      const start = toNumber(args[0]);
      if (start < 0 || start > s.length) throw rangeError('Substring', n, 'startIndex', 'startIndex cannot be larger than length of string.');
      if (n > 1) {
        const len = toNumber(args[1]);
        if (len < 0 || start + len > s.length) throw rangeError('Substring', n, 'length', 'Index and length must refer to a location within the string.');
        return s.substr(start, len);
      }
      return s.slice(start);
    }
    case 'replace': {
      if (n < 2) throw argumentCount('Replace', n);
      const from = str(args[0]);
      if (from === '') throw new PSException(`Exception calling "Replace" with "${n}" argument(s): "The value cannot be an empty string. (Parameter 'oldValue')"`, 'System.Management.Automation.MethodInvocationException');
      if (n > 2 && stringComparison(args[2])) {
        const re = new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
        return s.replace(re, () => str(args[1]));
      }
      return s.split(from).join(str(args[1]));
    }
    case 'split': {
      if (n === 0) return s.split(/\s/);
      let seps: string[];
      if (Array.isArray(args[0])) seps = args[0].map(str);
      else if (args[0] instanceof PSChar) seps = [args[0].toString()];
      else {
        // A string separator: .NET Core has Split(string) — the whole string is the separator.
        seps = [str(args[0])];
      }
      let count = Infinity;
      let removeEmpty = false;
      for (const a of args.slice(1)) {
        if (isNumber(a)) count = numberValue(a);
        else if (/removeemptyentries/i.test(toStringValue(a))) removeEmpty = true;
      }
      const parts: string[] = [];
      let cur = 0;
      for (let i = 0; i < s.length && parts.length < count - 1; ) {
        const sep = seps.find((x) => x !== '' && s.startsWith(x, i));
        if (sep !== undefined) {
          parts.push(s.slice(cur, i));
          i += sep.length;
          cur = i;
        } else i++;
      }
      parts.push(s.slice(cur));
      return removeEmpty ? parts.filter((p) => p !== '') : parts;
    }
    case 'padleft':
      return s.padStart(toNumber(args[0]), n > 1 ? str(args[1]) : ' ');
    case 'padright':
      return s.padEnd(toNumber(args[0]), n > 1 ? str(args[1]) : ' ');
    case 'insert': {
      const i = toNumber(args[0]);
      return s.slice(0, i) + str(args[1]) + s.slice(i);
    }
    case 'remove': {
      const i = toNumber(args[0]);
      if (i < 0 || i > s.length) throw rangeError('Remove', n, 'startIndex', 'startIndex must be less than length of string.');
      return n > 1 ? s.slice(0, i) + s.slice(i + toNumber(args[1])) : s.slice(0, i);
    }
    case 'tochararray':
      return [...s].map((c) => PSChar.of(c));
    case 'equals':
      return n > 1 && stringComparison(args[1]) ? s.toLowerCase() === str(args[0]).toLowerCase() : s === (typeof args[0] === 'string' ? args[0] : null);
    case 'compareto':
      return args[0] === null ? 1 : compareStrings(s, str(args[0]), true);
    case 'chars':
      return PSChar.of(s[toNumber(args[0])]);
    case 'gethashcode': {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
      return h;
    }
    case 'normalize':
      return s.normalize();
    case 'isnormalized':
      return s === s.normalize();
    case 'format':
      return formatValue(s, '');
    case 'clone':
      return s;
    case 'getenumerator':
      return [...s].map((c) => PSChar.of(c));
    case 'asboolean':
      return toBoolean(s);
  }
  throw methodNotFound(s, name);
}
