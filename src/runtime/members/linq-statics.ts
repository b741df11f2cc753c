// `[System.Linq.Enumerable]` as scripts use it: aggregates and set operations over arrays, and
// Where/Select/OrderBy/Any/All with a script block standing in for the delegate (its first
// parameter, or `$args[0]`, is the element).

import { toNumber, toBoolean } from '../values/convert.ts';
import { ScriptBlockValue } from '../script-block.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { compareValues, valuesEqual } from '../operators/compare.ts';

export const LINQ_NOT_FOUND = Symbol('not found');

function items(v: unknown): unknown[] {
  return v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];
}

async function call(sb: unknown, x: unknown, invoker: ScriptInvoker | undefined): Promise<unknown> {
  if (!(sb instanceof ScriptBlockValue) || !invoker) throw new PSException('A script block is needed for the selector.', 'System.ArgumentException');
  const out = await invoker.invoke(sb, [x], { dollarUnder: x });
  return out.length === 1 ? out[0] : out;
}

function empty(name: string): PSException {
  return new PSException(`Exception calling "${name}" with "1" argument(s): "Sequence contains no elements"`, 'System.Management.Automation.MethodInvocationException');
}

export async function linqMethod(name: string, args: unknown[], invoker?: ScriptInvoker): Promise<unknown> {
  const src = items(args[0]);
  switch (name) {
    case 'sum': return src.reduce((a: number, b) => a + toNumber(b), 0);
    case 'max': if (!src.length) throw empty('Max'); return src.reduce((a, b) => (compareValues(b, a) > 0 ? b : a));
    case 'min': if (!src.length) throw empty('Min'); return src.reduce((a, b) => (compareValues(b, a) < 0 ? b : a));
    case 'average': if (!src.length) throw empty('Average'); return src.reduce((a: number, b) => a + toNumber(b), 0) / src.length;
    case 'count': return src.length;
    case 'distinct': return src.filter((x, i) => src.findIndex((y) => valuesEqual(y, x, true)) === i);
    case 'reverse': return [...src].reverse();
    case 'range': return Array.from({ length: toNumber(args[1]) }, (_v, i) => toNumber(args[0]) + i);
    case 'repeat': return Array.from({ length: toNumber(args[1]) }, () => args[0]);
    case 'first': if (!src.length) throw empty('First'); return src[0];
    case 'last': if (!src.length) throw empty('Last'); return src[src.length - 1];
    case 'contains': return src.some((x) => valuesEqual(x, args[1], true));
    case 'skip': return src.slice(toNumber(args[1]));
    case 'take': return src.slice(0, toNumber(args[1]));
    case 'toarray':
    case 'tolist': return [...src];
    case 'union': return [...src, ...items(args[1])].filter((x, i, all) => all.findIndex((y) => valuesEqual(y, x, true)) === i);
    case 'intersect': return src.filter((x, i) => items(args[1]).some((y) => valuesEqual(y, x, true)) && src.findIndex((y) => valuesEqual(y, x, true)) === i);
    case 'except': return src.filter((x, i) => !items(args[1]).some((y) => valuesEqual(y, x, true)) && src.findIndex((y) => valuesEqual(y, x, true)) === i);
    case 'where': {
      const out: unknown[] = [];
      for (const x of src) if (toBoolean(await call(args[1], x, invoker))) out.push(x);
      return out;
    }
    case 'select': {
      const out: unknown[] = [];
      for (const x of src) out.push(await call(args[1], x, invoker));
      return out;
    }
    case 'any': {
      if (args.length < 2) return src.length > 0;
      for (const x of src) if (toBoolean(await call(args[1], x, invoker))) return true;
      return false;
    }
    case 'all': {
      for (const x of src) if (!toBoolean(await call(args[1], x, invoker))) return false;
      return true;
    }
    case 'orderby':
    case 'orderbydescending': {
      const keyed: [unknown, unknown][] = [];
      for (const x of src) keyed.push([x, args.length > 1 ? await call(args[1], x, invoker) : x]);
      const dir = name === 'orderby' ? 1 : -1;
      return keyed.sort((a, b) => compareValues(a[1], b[1]) * dir).map((k) => k[0]);
    }
  }
  return LINQ_NOT_FOUND;
}
