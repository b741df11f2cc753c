// Methods on arrays, lists and hashtables: `.Count`, `.Contains()`, `.IndexOf()`, List/ArrayList
// `.Add()`/`.Remove()`, the PowerShell intrinsics `.Where({…})` and `.ForEach({…})`, and hashtable
// `.ContainsKey()`, `.Add()`, `.Remove()`, `.GetEnumerator()`.

import { PSHashtable } from '../values/hashtable.ts';
import { toNumber, toStringValue, toBoolean, convertTo } from '../values/convert.ts';
import { arrayTypeName, isListArray, markArrayType } from '../values/type-names.ts';
import { TypeValue } from '../values/type-value.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { compareValues } from '../operators/compare.ts';
import { argumentCount, methodNotFound } from './member-error.ts';
import { DictionaryEntry } from './dictionary-entry.ts';
import { mdLengths, copyMDArray, mdElementType, mdFlatIndex } from '../values/md-array.ts';

/** .NET's Equals as collection methods use it: case-sensitive for strings, by value for numbers. */
function dotnetEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === 'object' && typeof b === 'object' && a.constructor === b.constructor && 'toString' in a) {
    return toStringValue(a) === toStringValue(b) && (a.constructor.name === 'PSChar' || a.constructor.name === 'PSGuid');
  }
  return false;
}

function invocationError(method: string, argc: number, message: string, type = 'System.Management.Automation.MethodInvocationException'): PSException {
  return new PSException(`Exception calling "${method}" with "${argc}" argument(s): "${message}"`, type);
}

function fixedSize(method: string, argc: number): PSException {
  return invocationError(method, argc, 'Collection was of a fixed size.');
}

function elementType(arr: unknown[]): string | null {
  const m = /\[(.+)\]$/.exec(arrayTypeName(arr));
  return m && m[1] !== 'System.Object' ? m[1] : null;
}

export async function arrayMethod(arr: unknown[], name: string, args: unknown[], invoker: ScriptInvoker | undefined): Promise<unknown> {
  const n = args.length;
  const list = isListArray(arr);
  const lname = name.toLowerCase();
  const conv = (v: unknown) => {
    const t = elementType(arr);
    return t && list ? convertTo(v, t) : v;
  };
  switch (lname) {
    case 'where': {
      const sb = args[0];
      if (!(sb instanceof ScriptBlockValue) || !invoker) throw methodNotFound(arr, name);
      const mode = n > 1 ? toStringValue(args[1]).toLowerCase() : 'default';
      const limit = n > 2 ? toNumber(args[2]) : 0;
      const out: unknown[] = [];
      const rest: unknown[] = [];
      let until = false;
      for (const item of arr) {
        const r = await invoker.invoke(sb, [], { dollarUnder: item });
        const ok = toBoolean(r.length === 1 ? r[0] : r);
        if (mode === 'skipuntil') {
          if (ok) until = true;
          if (until) out.push(item);
          continue;
        }
        if (mode === 'until') {
          if (ok) break;
          out.push(item);
          continue;
        }
        if (ok) out.push(item);
        else rest.push(item);
        if (mode === 'first' && out.length >= (limit || 1)) break;
        if (mode === 'default' && limit && out.length >= limit) break;
      }
      if (mode === 'last') return out.slice(-(limit || 1));
      if (mode === 'split') return [out, rest];
      return out;
    }
    case 'foreach': {
      const what = args[0];
      const out: unknown[] = [];
      if (what instanceof ScriptBlockValue) {
        if (!invoker) throw methodNotFound(arr, name);
        for (const item of arr) out.push(...(await invoker.invoke(what, args.slice(1), { dollarUnder: item })));
        return out;
      }
      if (what instanceof TypeValue) return arr.map((x) => convertTo(x, what.fullName));
      const { findProperty, invokeMethod, setMember } = await import('./index.ts');
      const prop = toStringValue(what);
      // PowerShell: a property name reads it (or, given a value, sets it and yields nothing);
      // any other name is a method called with the remaining arguments.
      for (const item of arr) {
        const found = await findProperty(item, prop, invoker);
        if (found.found && n > 1) {
          await setMember(item, prop, args[1], invoker);
          continue;
        }
        const v = found.found ? found.value : await invokeMethod(item, prop, args.slice(1), invoker);
        if (Array.isArray(v)) out.push(...v);
        else out.push(v);
      }
      return out;
    }
    case 'contains':
      return arr.some((x) => dotnetEquals(x, args[0]));
    case 'indexof':
      return arr.findIndex((x) => dotnetEquals(x, args[0]));
    case 'lastindexof':
      return arr.findLastIndex((x) => dotnetEquals(x, args[0]));
    case 'add': {
      if (!list) throw fixedSize('Add', n);
      if (arrayTypeName(arr).startsWith('System.Collections.Generic.HashSet[')) {
        const v = conv(args[0]);
        if (arr.some((x) => dotnetEquals(x, v))) return false;
        arr.push(v);
        return true;
      }
      arr.push(conv(args[0]));
      return arrayTypeName(arr) === 'System.Collections.ArrayList' ? arr.length - 1 : undefined;
    }
    case 'addrange': {
      if (!list) throw fixedSize('AddRange', n);
      const items = Array.isArray(args[0]) ? args[0] : [args[0]];
      arr.push(...items.map(conv));
      return undefined;
    }
    case 'insert':
      if (!list) throw fixedSize('Insert', n);
      arr.splice(toNumber(args[0]), 0, conv(args[1]));
      return undefined;
    case 'remove': {
      if (!list) throw fixedSize('Remove', n);
      const i = arr.findIndex((x) => dotnetEquals(x, args[0]));
      if (i >= 0) arr.splice(i, 1);
      return arrayTypeName(arr).startsWith('System.Collections.Generic.') ? i >= 0 : undefined;
    }
    case 'removeat': {
      if (!list) throw fixedSize('RemoveAt', n);
      const i = toNumber(args[0]);
      if (i < 0 || i >= arr.length) throw invocationError('RemoveAt', n, "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')");
      arr.splice(i, 1);
      return undefined;
    }
    case 'clear':
      if (list) arr.length = 0;
      else arr.fill(null);
      return undefined;
    // A Stack keeps its top first, so it enumerates in pop order like .NET's.
    case 'enqueue':
      if (!list) throw methodNotFound(arr, name);
      arr.push(conv(args[0]));
      return undefined;
    case 'push':
      if (!list) throw methodNotFound(arr, name);
      arr.unshift(conv(args[0]));
      return undefined;
    case 'dequeue':
    case 'pop': {
      if (!list) throw methodNotFound(arr, name);
      if (arr.length === 0) throw invocationError(lname === 'pop' ? 'Pop' : 'Dequeue', 0, lname === 'pop' ? 'Stack empty.' : 'Queue empty.');
      return arr.shift();
    }
    case 'peek':
      if (!list || arr.length === 0) throw invocationError('Peek', 0, arrayTypeName(arr).includes('Stack') ? 'Stack empty.' : 'Queue empty.');
      return arr[0];
    case 'toarray':
      return [...arr];
    case 'clone':
      if (mdLengths(arr)) return copyMDArray(arr, mdElementType(arr), (v) => v);
      return markArrayType([...arr], arrayTypeName(arr));
    // System.Array's per-dimension members; a one-dimensional array has one dimension
    case 'getlength':
    case 'getupperbound':
    case 'getlowerbound': {
      if (list) throw methodNotFound(arr, name);
      const lengths = mdLengths(arr) ?? [arr.length];
      const d = toNumber(args[0]);
      const method = { getlength: 'GetLength', getupperbound: 'GetUpperBound', getlowerbound: 'GetLowerBound' }[lname];
      if (n !== 1) throw argumentCount(method, n);
      if (!Number.isInteger(d) || d < 0 || d >= lengths.length) throw invocationError(method, n, 'Index was outside the bounds of the array.');
      return lname === 'getlength' ? lengths[d] : lname === 'getupperbound' ? lengths[d]! - 1 : 0;
    }
    case 'getvalue': {
      if (list) throw methodNotFound(arr, name);
      const lengths = mdLengths(arr) ?? [arr.length];
      const ints = (n === 1 && Array.isArray(args[0]) ? args[0] : args).map((a) => toNumber(a));
      const flat = ints.length === lengths.length && ints.every((i) => i >= 0) ? mdFlatIndex(lengths, ints) : -1;
      if (flat < 0) throw invocationError('GetValue', n, 'Index was outside the bounds of the array.');
      return arr[flat];
    }
    case 'reverse':
      if (!list) throw methodNotFound(arr, name);
      arr.reverse();
      return undefined;
    case 'sort':
      if (!list) throw methodNotFound(arr, name);
      arr.sort((a, b) => compareValues(a, b, true));
      return undefined;
    case 'getenumerator':
      return arr;
    case 'tostring':
      return arrayTypeName(arr);
    case 'equals':
      return arr === args[0];
    case 'gethashcode':
      return 0;
  }
  throw methodNotFound(arr, name);
}

export function hashtableProperty(h: PSHashtable, name: string): { found: boolean; value: unknown } {
  if (h.has(name)) return { found: true, value: h.get(name) };
  switch (name.toLowerCase()) {
    case 'count':
      return { found: true, value: h.size };
    case 'keys':
      return { found: true, value: h.keys() };
    case 'values':
      return { found: true, value: h.values() };
    case 'isreadonly':
    case 'isfixedsize':
    case 'issynchronized':
      return { found: true, value: false };
  }
  return { found: false, value: null };
}

export function hashtableMethod(h: PSHashtable, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name.toLowerCase()) {
    case 'containskey':
    case 'contains':
      return h.has(args[0]);
    case 'containsvalue':
      return h.values().some((v) => dotnetEquals(v, args[0]));
    case 'add':
      if (args[0] === null || args[0] === undefined) throw invocationError('Add', n, "Key cannot be null. (Parameter 'key')");
      if (h.has(args[0])) {
        const k = toStringValue(args[0]);
        throw invocationError('Add', n, `Item has already been added. Key in dictionary: '${k}'  Key being added: '${k}'`);
      }
      h.set(args[0], args[1] ?? null);
      return undefined;
    case 'insert': {
      // OrderedDictionary.Insert(index, key, value): rebuild the order around the new entry.
      if (!h.ordered || n !== 3) break;
      if (h.has(args[1])) {
        const k = toStringValue(args[1]);
        throw invocationError('Insert', n, `Item has already been added. Key in dictionary: '${k}'  Key being added: '${k}'`);
      }
      const at = Number(args[0]);
      const entries = h.entries();
      if (!Number.isInteger(at) || at < 0 || at > entries.length) throw invocationError('Insert', n, "Specified argument was out of the range of valid values. (Parameter 'index')");
      entries.splice(at, 0, [args[1], args[2] ?? null]);
      h.clear();
      for (const [k, v] of entries) h.set(k, v);
      return undefined;
    }
    case 'removeat': {
      if (!h.ordered || n !== 1) break;
      const entries = h.entries();
      const at = Number(args[0]);
      if (!Number.isInteger(at) || at < 0 || at >= entries.length) throw invocationError('RemoveAt', n, "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')");
      h.delete(entries[at][0]);
      return undefined;
    }
    case 'remove':
      h.delete(args[0]);
      return undefined;
    case 'clear':
      h.clear();
      return undefined;
    case 'clone':
      return h.clone();
    case 'getenumerator':
      return h.entries().map(([k, v]) => new DictionaryEntry(k, v));
    case 'item':
      return h.get(args[0]);
    case 'tostring':
      return toStringValue(h);
    case 'equals':
      return h === args[0];
  }
  throw methodNotFound(h, name);
}
