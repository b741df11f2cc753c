// Property, method and index access on every kind of value — the one place the interpreter goes for
// `$x.Name`, `$x.Method(…)`, `[Type]::Member`, `$x[i]`. Dispatches to the per-kind tables (strings,
// collections, hashtables, dates, static types, host objects) and implements PowerShell's
// intrinsics: `.Count`/`.Length` on scalars and `$null`, member enumeration over arrays.

import { PSHashtable } from '../values/hashtable.ts';
import { PSObject } from '../values/ps-object.ts';
import { PSDateTime } from '../values/date-time.ts';
import { TimeSpan } from '../values/time-span.ts';
import { TypeValue } from '../values/type-value.ts';
import { PSChar } from '../values/ps-char.ts';
import { toNumber, toStringValue, convertTo, roundHalfEven, parseNumber } from '../values/convert.ts';
import { typeNameOf, typeChainOf, markArrayType } from '../values/type-names.ts';
import { resolveTypeName } from '../values/type-names.ts';
import { formatValue } from '../values/composite-format.ts';
import { toJsRegex, toJsReplacement } from '../values/regex.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { valuesEqual, compareValues } from '../operators/compare.ts';
import { stringMethod, stringProperty, NOT_FOUND } from './string-methods.ts';
import { arrayMethod, hashtableMethod, hashtableProperty } from './collection-methods.ts';
import { dateMethod, timeSpanMethod } from './date-methods.ts';
import { staticMethod, staticProperty, STATIC_NOT_FOUND } from './static-members.ts';
import { findHostMethod, findHostProperty } from './host-members.ts';
import { groupByName, RegexMatch } from './regex-match.ts';
import { PSObjectView, PSPropertyInfo } from './ps-object-view.ts';
import { isMethodNotFoundOn, methodNotFound } from './member-error.ts';
import { invokeScriptMember } from './script-member.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { PSNumber, isNumber, numberType, numberValue } from '../values/ps-number.ts';
import { mdLengths } from '../values/md-array.ts';
import { XmlNode } from '../values/xml/xml-node.ts';
import { setXmlProperty, xmlProperty } from '../values/xml/xml-adapter.ts';
import { mdGetIndex, mdSetIndex } from './md-array-index.ts';

export { hostPropertyNames } from './host-members.ts';
export { construct } from './static-members.ts';

function asType(t: TypeValue | string): TypeValue {
  return typeof t === 'string' ? new TypeValue(resolveTypeName(t)) : t;
}

/** Reads one property of a single (non-array) value; NOT_FOUND when it has none of that name. */
async function scalarProperty(target: unknown, name: string, invoker?: ScriptInvoker): Promise<unknown> {
  if (typeof target === 'string') return stringProperty(target, name);
  // Engine objects carry JS Dates; scripts see them as DateTime.
  if (target instanceof Date) target = PSDateTime.fromDate(target);
  if (target instanceof PSHashtable) {
    const r = hashtableProperty(target, name);
    return r.found ? r.value : NOT_FOUND;
  }
  if (target instanceof PSObject) {
    const p = target.getProperty(name);
    if (!p) return NOT_FOUND;
    if (p.kind === 'NoteProperty') return p.value;
    if (p.kind === 'AliasProperty' && p.aliasOf) return getMember(target, p.aliasOf, invoker);
    if (typeof p.getter === 'function') return await (p.getter as (self: unknown) => unknown)(target);
    if (p.getter instanceof ScriptBlockValue && invoker) return invokeScriptMember(invoker, p.getter, target, []);
    return null;
  }
  // An XML node's attributes and children come before its .NET members (XmlNodeAdapter).
  if (target instanceof XmlNode) {
    const v = xmlProperty(target, name);
    if (v !== undefined) return v;
  }
  if (target !== null && typeof target === 'object') {
    const real = findHostProperty(target, name);
    if (real !== undefined) {
      const v = (target as Record<string, unknown>)[real];
      return v === undefined ? null : v;
    }
  }
  return NOT_FOUND;
}

/** One property of a single value, telling a missing property from one whose value is $null
 *  (ForEach-Object's member form writes the latter and reports the former). */
export async function findProperty(target: unknown, name: string, invoker?: ScriptInvoker): Promise<{ found: boolean; value: unknown }> {
  const v = await scalarProperty(target, name, invoker);
  return v === NOT_FOUND ? { found: false, value: null } : { found: true, value: v };
}

/** `$target.name`. May return a Promise (ScriptProperties run script). */
export async function getMember(target: unknown, name: string, invoker?: ScriptInvoker): Promise<unknown> {
  const l = name.toLowerCase();
  if (target instanceof PSNumber) target = target.value;
  if (target === null || target === undefined) return l === 'count' || l === 'length' ? 0 : null;
  if (l === 'psobject') return new PSObjectView(target);
  // `$h.psbase.Count`: the dictionary's own members even when keys shadow them.
  if (l === 'psbase' && target instanceof PSHashtable) return { Count: target.size, Keys: target.keys(), Values: target.values(), IsReadOnly: false, IsFixedSize: false };
  if (l === 'pstypenames') return target instanceof PSObject ? markArrayType(target.typeNames, 'System.Collections.ObjectModel.Collection[System.String]') : typeChainOf(target);
  if (target instanceof InputEnumerator && l !== 'current') return enumeratedMember(target, name, invoker);
  if (Array.isArray(target)) {
    switch (l) {
      case 'count':
      case 'length':
      case 'longlength':
        return target.length;
      case 'rank':
        return mdLengths(target)?.length ?? 1;
      case 'issynchronized':
      case 'isreadonly':
        return false;
      case 'isfixedsize':
        return !typeNameOf(target).startsWith('System.Collections.');
      case 'syncroot':
        return target;
    }
    // Member enumeration: the property of every element that has it.
    const out: unknown[] = [];
    for (const item of target) {
      if (item === null || item === undefined) continue;
      const v = Array.isArray(item) ? await getMember(item, name, invoker) : await scalarProperty(item, name, invoker);
      if (v === NOT_FOUND || v === null || v === undefined) continue;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  }
  const v = await scalarProperty(target, name, invoker);
  if (v !== NOT_FOUND) return v;
  if (l === 'count' || l === 'length') return 1;
  return null;
}

/** A member an enumerator lacks (everything but `Current`) is read from each remaining item, which
 *  consumes them (PowerShell's member enumeration over an IEnumerator); `Count` and `Length` of an
 *  item without one are 1, so `$input.Count` is one 1 per item, not the number of items. */
async function enumeratedMember(e: InputEnumerator, name: string, invoker?: ScriptInvoker): Promise<unknown> {
  const out: unknown[] = [];
  for (const item of e.consume()) {
    const v = await getMember(item, name, invoker);
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
  }
  return out.length === 0 ? null : out.length === 1 ? out[0] : out;
}

/** `$target.name = value`. */
export async function setMember(target: unknown, name: string, value: unknown, invoker?: ScriptInvoker): Promise<void> {
  if (target === null || target === undefined) {
    throw new PSException(`The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`, 'System.Management.Automation.RuntimeException');
  }
  if (target instanceof PSHashtable) {
    target.set(name, value);
    return;
  }
  if (target instanceof PSObject) {
    const p = target.getProperty(name);
    if (p && p.kind === 'ScriptProperty') {
      if (typeof p.setter === 'function') {
        await (p.setter as (self: unknown, v: unknown) => unknown)(target, value);
        return;
      }
      if (p.setter instanceof ScriptBlockValue && invoker) {
        await invokeScriptMember(invoker, p.setter, target, [value]);
        return;
      }
      throw new PSException(`'${name}' is a ReadOnly property.`, 'System.Management.Automation.RuntimeException');
    }
    if (!p) throw new PSException(`The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`, 'System.Management.Automation.RuntimeException');
    target.setProperty(name, value);
    return;
  }
  if (Array.isArray(target)) {
    for (const item of target) await setMember(item, name, value, invoker);
    return;
  }
  if (target instanceof XmlNode && setXmlProperty(target, name, toStringValue(value))) return;
  if (typeof target === 'object') {
    const real = findHostProperty(target, name);
    if (real !== undefined) {
      try {
        (target as Record<string, unknown>)[real] = value;
        return;
      } catch (e) {
        // A setter's own error (a bad value) stands; a missing setter is a read-only property.
        if (e instanceof PSException) throw e;
        throw new PSException(`'${real}' is a ReadOnly property.`, 'System.Management.Automation.RuntimeException');
      }
    }
  }
  throw new PSException(`The property '${name}' cannot be found on this object. Verify that the property exists and can be set.`, 'System.Management.Automation.RuntimeException');
}

function regexInstanceMethod(re: RegExp, name: string, args: unknown[]): unknown {
  const input = toStringValue(args[0]);
  const flags = { ignoreCase: re.flags.includes('i'), multiline: re.flags.includes('m'), singleline: re.flags.includes('s') };
  switch (name) {
    case 'ismatch': return toJsRegex(re.source, flags).test(input);
    case 'match': return new RegexMatch(toJsRegex(re.source, flags).exec(input), input, re.source);
    case 'matches': return [...input.matchAll(toJsRegex(re.source, { ...flags, global: true }))].map((m) => new RegexMatch(m, input, re.source));
    case 'replace': return input.replace(toJsRegex(re.source, { ...flags, global: true }), toJsReplacement(toStringValue(args[1])));
    case 'split': return input.split(toJsRegex(re.source, flags));
    case 'tostring': return re.source;
  }
  return NOT_FOUND;
}

/** `$target.name(args)`. */
export async function invokeMethod(target: unknown, name: string, args: unknown[], invoker?: ScriptInvoker): Promise<unknown> {
  const l = name.toLowerCase();
  if (target === null || target === undefined) {
    throw new PSException('You cannot call a method on a null-valued expression.', 'System.Management.Automation.RuntimeException');
  }
  if (l === 'gettype' && args.length === 0) return new TypeValue(typeNameOf(target));
  if (target instanceof InputEnumerator) {
    if (l === 'movenext' && args.length === 0) return target.MoveNext();
    if (l === 'reset' && args.length === 0) return target.Reset();
    if (l === 'tostring' && args.length === 0) return target.ToString();
    // Any other method is called on each remaining item (method enumeration).
    return invokeMethod(target.drain(), name, args, invoker);
  }
  // The .Where()/.ForEach() intrinsics treat any single value as a collection of one.
  if ((l === 'where' || l === 'foreach') && !Array.isArray(target) && args.length > 0 && (args[0] instanceof ScriptBlockValue || !(target instanceof PSObject && target.getMethod(name)))) {
    return arrayMethod([target], name, args, invoker);
  }
  if (typeof target === 'string') return stringMethod(target, name, args);
  if (isNumber(target)) {
    const n = numberValue(target);
    switch (l) {
      case 'tostring': return formatValue(target, args.length ? toStringValue(args[0]) : '');
      case 'compareto': return compareValues(n, args[0]);
      // .NET's Equals is false across numeric types (`(5.0).Equals(5)`).
      case 'equals': return isNumber(args[0]) && numberValue(args[0]) === n && numberType(args[0]) === numberType(target);
      case 'gethashcode': return n | 0;
      case 'gettypecode': return typeNameOf(target).replace('System.', '');
    }
    throw methodNotFound(target, name);
  }
  if (typeof target === 'boolean') {
    if (l === 'tostring') return target ? 'True' : 'False';
    if (l === 'equals') return args[0] === target;
    if (l === 'compareto') return compareValues(target, args[0]);
    throw methodNotFound(target, name);
  }
  if (Array.isArray(target)) {
    try {
      return await arrayMethod(target, name, args, invoker);
    } catch (e) {
      if (!isMethodNotFoundOn(e, target) || target.length === 0) throw e;
      // Method enumeration: call it on every element.
      const out: unknown[] = [];
      for (const item of target) {
        const r = await invokeMethod(item, name, args, invoker);
        if (r !== undefined) out.push(r);
      }
      return out.length === 1 ? out[0] : out;
    }
  }
  if (target instanceof PSHashtable) return hashtableMethod(target, name, args);
  if (target instanceof PSDateTime) return dateMethod(target, name, args);
  if (target instanceof Date) return dateMethod(PSDateTime.fromDate(target), name, args);
  if (target instanceof TimeSpan) return timeSpanMethod(target, name, args);
  if (target instanceof ScriptBlockValue) {
    if ((l === 'invoke' || l === 'invokereturnasis') && invoker) {
      const out = await invoker.invoke(target, args);
      return l === 'invoke' ? out : out.length === 1 ? out[0] : out;
    }
    if (l === 'getnewclosure') return target;
    if (l === 'tostring') return target.text;
  }
  if (target instanceof PSChar) {
    if (l === 'tostring') return target.toString();
    if (l === 'equals') return valuesEqual(target, args[0], true);
    if (l === 'compareto') return compareValues(target, args[0], true);
  }
  if (target instanceof RegExp) {
    const r = regexInstanceMethod(target, l, args);
    if (r !== NOT_FOUND) return r;
  }
  if (target instanceof PSObject) {
    const m = target.getMethod(name);
    if (m && invoker && m.script instanceof ScriptBlockValue) return invokeScriptMember(invoker, m.script, target, args);
    if (m && typeof m.script === 'function') return await (m.script as (self: unknown, ...a: unknown[]) => unknown)(target, ...args);
    // PSCustomObject.ToString() is empty in PowerShell ("$obj" is what gives @{…}).
    if (l === 'tostring' && target.typeNames.includes('System.Management.Automation.PSCustomObject')) return '';
  }
  if (typeof target === 'object' && !(target instanceof PSObject)) {
    const real = findHostMethod(target, name);
    if (real !== undefined) {
      const r = await (target as Record<string, (...a: unknown[]) => unknown>)[real](...args);
      return r;
    }
  }
  switch (l) {
    case 'tostring': return toStringValue(target);
    case 'equals': return valuesEqual(target, args[0]);
    case 'gethashcode': return 0;
  }
  throw methodNotFound(target, name);
}

/** `[Type]::Name`. */
export function getStaticMember(type: TypeValue | string, name: string): unknown {
  const t = asType(type);
  const v = staticProperty(t, name);
  return v === STATIC_NOT_FOUND ? null : v;
}

/** `[Type]::Name(args)`, including `[Type]::new(…)`. */
export async function invokeStaticMethod(type: TypeValue | string, name: string, args: unknown[], invoker?: ScriptInvoker): Promise<unknown> {
  return staticMethod(asType(type), name, args, invoker);
}

/** An index as PowerShell converts it to Int32: `[1.6]` is `[2]` (banker's rounding, as a cast),
 *  `["0x1"]` is `[1]`. */
function indexNumber(index: unknown): number {
  if (index instanceof PSNumber) index = index.value;
  return roundHalfEven(toNumber(index));
}

/** Is this string index a number (`'2'`, `'0x1'`, `' 1.5 '`) rather than a name? */
function numericString(index: unknown): boolean {
  return typeof index === 'string' && index.trim() !== '' && parseNumber(index) !== null;
}

/** `$target[index]`; an array index slices. */
export async function getIndex(target: unknown, index: unknown): Promise<unknown> {
  if (target === null || target === undefined) throw new PSException('Cannot index into a null array.', 'System.Management.Automation.RuntimeException');
  const lengths = mdLengths(target);
  if (lengths) return mdGetIndex(target as unknown[], lengths, index, indexNumber);
  if (Array.isArray(index) && !(target instanceof PSHashtable && target.has(index))) {
    const out: unknown[] = [];
    for (const i of index) {
      const v = await getIndex(target, i);
      if (v !== null && v !== undefined) out.push(v);
    }
    return out;
  }
  if (Array.isArray(target)) {
    if (typeof index === 'string' && !numericString(index)) {
      // Collections keyed by name: regex groups, `$o.PSObject.Properties['Name']`.
      const g = groupByName(target, index);
      if (g) return g;
      return target.find((x) => x instanceof PSPropertyInfo && x.Name.toLowerCase() === index.toLowerCase()) ?? null;
    }
    let i = indexNumber(index);
    if (i < 0) i += target.length;
    return i >= 0 && i < target.length ? target[i] : null;
  }
  if (typeof target === 'string') {
    let i = indexNumber(index);
    if (i < 0) i += target.length;
    return i >= 0 && i < target.length ? PSChar.of(target[i]) : null;
  }
  if (target instanceof PSHashtable) {
    // An ordered dictionary also indexes by position when the number is not a key.
    if (target.ordered && isNumber(index) && !target.has(index)) {
      const i = numberValue(index);
      return target.values()[i < 0 ? target.size + i : i] ?? null;
    }
    return target.get(index);
  }
  if (target instanceof PSObject) {
    const p = target.getProperty(toStringValue(index));
    return p && p.kind === 'NoteProperty' ? p.value : null;
  }
  if (typeof target === 'object') {
    const item = findHostMethod(target, 'item') ?? findHostMethod(target, 'get');
    if (item) return (target as Record<string, (k: unknown) => unknown>)[item](index) ?? null;
  }
  // Any value indexes as a one-item collection: [0] and [-1] are the value itself.
  if (!isNumber(index) && !numericString(index)) {
    throw new PSException(`Unable to index into an object of type ${typeNameOf(target)}.`, 'System.Management.Automation.RuntimeException');
  }
  const i = indexNumber(index);
  return i === 0 || i === -1 ? target : null;
}

/** `$target[index] = value`. */
export async function setIndex(target: unknown, index: unknown, value: unknown): Promise<void> {
  if (target === null || target === undefined) throw new PSException('Cannot index into a null array.', 'System.Management.Automation.RuntimeException');
  if (target instanceof PSHashtable) {
    target.set(index, value);
    return;
  }
  const lengths = mdLengths(target);
  if (lengths) return mdSetIndex(target as unknown[], lengths, index, value, indexNumber);
  if (Array.isArray(target)) {
    let i = indexNumber(index);
    if (i < 0) i += target.length;
    if (i < 0 || i >= target.length) throw new PSException('Index was outside the bounds of the array.', 'System.IndexOutOfRangeException');
    // Typed arrays and lists convert what is stored in them (`[int[]]$a; $a[0] = '5'`).
    const elem = /^(.*)\[\]$|\[(.+)\]$/.exec(typeNameOf(target));
    const elemType = elem ? (elem[1] ?? elem[2]) : 'System.Object';
    target[i] = elemType === 'System.Object' ? value : convertTo(value, elemType);
    return;
  }
  if (target instanceof PSObject) {
    target.setProperty(toStringValue(index), value);
    return;
  }
  throw new PSException(`Unable to index into an object of type ${typeNameOf(target)}.`, 'System.Management.Automation.RuntimeException');
}
