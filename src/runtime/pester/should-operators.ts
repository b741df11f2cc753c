// The `Should` operators but -Throw (see should-throw.ts): what each one tests and the failure
// message it gives, worded as Pester 5 words them (src/functions/assertions/*.ps1), with and
// without `-Not`. Each test returns null when the assertion holds, else the message.
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { binaryOperator } from '../operators/index.ts';
import { PSException } from '../error-record.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { toBoolean, toStringValue } from '../values/convert.ts';
import { isInstanceOf, typeNameOf } from '../values/type-names.ts';
import { isKnownType } from '../values/known-types.ts';
import { TypeValue } from '../values/type-value.ts';
import { formatBecause, formatNicely, typeFullName } from './format-nicely.ts';

/** The operator's own parameters as bound on the `Should` command line. */
export interface OperatorArgs {
  ExpectedValue?: unknown;
  ExpectedType?: unknown;
  RegularExpression?: unknown;
  ExpectedMessage?: unknown;
  ErrorId?: unknown;
  ExceptionType?: unknown;
  Because?: unknown;
  PassThru?: boolean;
}

export interface AssertionContext {
  negate: boolean;
  cwd: string;
}

export interface ShouldOperator {
  name: string;
  aliases: string[];
  /** Pester's -SupportsArrayInput: the whole input is tested at once, not item by item. */
  arrayInput: boolean;
  /** The parameters that unnamed arguments after the operator bind to, in order. */
  positional: (keyof OperatorArgs)[];
  test?(actual: unknown, args: OperatorArgs, ctx: AssertionContext): string | null;
}

const op = (left: unknown, name: string, right: unknown): boolean => toBoolean(binaryOperator(name, left, right));
const because = (a: OperatorArgs) => formatBecause(a.Because);

/** `$($x)`: a one-item array is its item. */
function unwrap(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

function asArray(v: unknown): unknown[] | null {
  if (v === null || v === undefined) return null;
  return Array.isArray(v) ? v : [v];
}

function nullOrEmptyArray(a: unknown[] | null): boolean {
  return a === null || a.length === 0 || (a.length === 1 && (a[0] === null || a[0] === undefined));
}

/** Pester's ArraysAreEqual: item by item with `$expected -eq $actual`, arrays recursively. */
function arraysAreEqual(first: unknown, second: unknown, cs: boolean, depth = 0): boolean {
  if (depth > 100) throw new PSException('Reached the recursion depth limit of 100 when comparing arrays. Is one of your arrays cyclic?');
  const a = asArray(first);
  const b = asArray(second);
  if (nullOrEmptyArray(a) || nullOrEmptyArray(b)) return nullOrEmptyArray(a) && nullOrEmptyArray(b);
  if (a!.length !== b!.length) return false;
  for (let i = 0; i < a!.length; i++) {
    const x = a![i];
    const y = b![i];
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!arraysAreEqual(x, y, cs, depth + 1)) return false;
    } else if (!op(y, cs ? '-ceq' : '-eq', x)) return false;
  }
  return true;
}

/** Where Pester compares two strings it shows where they differ (Get-CompareStringMessage). */
function compareStringMessage(expected: string, actual: string, cs: boolean, a: OperatorArgs): string {
  const lines: string[] = [];
  const differs = (e: string, x: string) => {
    const max = Math.max(e.length, x.length);
    for (let i = 0; i < max; i++) {
      const ce = e[i] ?? null;
      const ca = x[i] ?? null;
      if (cs ? ce !== ca : (ce === null || ca === null ? ce !== ca : ce.toLowerCase() !== ca.toLowerCase())) return i;
    }
    return -1;
  };
  const index = differs(expected, actual);
  if (index < 0) return '';
  lines.push(`Expected strings to be the same,${because(a)} but they were different.`);
  if (expected.length !== actual.length) {
    lines.push(`Expected length: ${expected.length}`, `Actual length:   ${actual.length}`, `Strings differ at index ${index}.`);
  } else lines.push(`String lengths are both ${expected.length}.`, `Strings differ at index ${index}.`);
  const expand = (s: string) => s.replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/\0/g, '\\0').replace(/\x08/g, '\\b');
  const ee = expand(expected);
  const ae = expand(actual);
  const at = differs(ee, ae);
  lines.push(`Expected: '${ee}'`, `But was:  '${ae}'`, ' '.repeat("Expected: '".length) + '-'.repeat(at) + '^');
  return lines.join('\n');
}

function beMessage(actual: unknown, a: OperatorArgs, ctx: AssertionContext, cs: boolean): string | null {
  const ok = arraysAreEqual(actual, a.ExpectedValue, cs);
  if (ok !== ctx.negate) return null;
  const exactly = cs ? 'exactly ' : '';
  if (ctx.negate) {
    return `Expected ${formatNicely(a.ExpectedValue)} to be different from the actual value,${because(a)} but got ${cs ? 'exactly ' : ''}the same value.`;
  }
  const x = unwrap(actual);
  const e = unwrap(a.ExpectedValue);
  if (typeof x === 'string' && typeof e === 'string') return compareStringMessage(e, x, cs, a);
  return `Expected ${exactly}${formatNicely(e)},${because(a)} but got ${formatNicely(x)}.`;
}

/** Each of -BeGreaterThan … -BeLessOrEqual fails on the opposite comparison; -Not swaps to its pair. */
const ORDER = {
  BeGreaterThan: { fails: '-le', text: 'greater than', not: 'BeLessOrEqual' },
  BeLessOrEqual: { fails: '-gt', text: 'less than or equal to', not: 'BeGreaterThan' },
  BeLessThan: { fails: '-ge', text: 'less than', not: 'BeGreaterOrEqual' },
  BeGreaterOrEqual: { fails: '-lt', text: 'greater than or equal to', not: 'BeLessThan' },
} as const;

function orderMessage(name: keyof typeof ORDER, actual: unknown, a: OperatorArgs, negate: boolean): string | null {
  const o = ORDER[negate ? ORDER[name].not : name];
  if (!op(actual, o.fails, a.ExpectedValue)) return null;
  return `Expected the actual value to be ${o.text} ${formatNicely(a.ExpectedValue)},${because(a)} but got ${formatNicely(actual)}.`;
}

function likeOrMatch(ok: boolean, negate: boolean, what: string, pattern: unknown, actual: unknown, a: OperatorArgs, verb: string): string | null {
  if (ok !== negate) return null;
  return negate
    ? `Expected ${what} ${formatNicely(pattern)} to not ${verb} ${formatNicely(actual)},${because(a)} but it did match.`
    : `Expected ${what} ${formatNicely(pattern)} to ${verb} ${formatNicely(actual)},${because(a)} but it did not match.`;
}

function count(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (Array.isArray(v)) return v.length;
  if (v instanceof PSHashtable) return v.size;
  return 1;
}

export const SHOULD_OPERATORS: ShouldOperator[] = [
  { name: 'Be', aliases: ['EQ'], arrayInput: true, positional: ['ExpectedValue', 'Because'], test: (x, a, c) => beMessage(x, a, c, false) },
  { name: 'BeExactly', aliases: ['CEQ'], arrayInput: true, positional: ['ExpectedValue', 'Because'], test: (x, a, c) => beMessage(x, a, c, true) },
  ...(Object.keys(ORDER) as (keyof typeof ORDER)[]).map((name): ShouldOperator => ({
    name,
    aliases: [{ BeGreaterThan: 'GT', BeLessOrEqual: 'LE', BeLessThan: 'LT', BeGreaterOrEqual: 'GE' }[name]],
    arrayInput: false,
    positional: ['ExpectedValue', 'Because'],
    test: (x, a, c) => orderMessage(name, x, a, c.negate),
  })),
  {
    name: 'BeNullOrEmpty', aliases: [], arrayInput: true, positional: ['Because'],
    test(x, a, c) {
      const items = asArray(x);
      let ok: boolean;
      let single = false;
      if (items === null || items.length === 0) ok = true;
      else if (items.length === 1) {
        single = true;
        const v = items[0];
        ok = v instanceof PSHashtable ? v.size === 0 : v === null || v === undefined || toStringValue(v) === '';
      } else ok = false;
      if (ok !== c.negate) return null;
      if (c.negate) return `Expected a value,${because(a)} but got $null or empty.`;
      return `Expected $null or empty,${because(a)} but got ${formatNicely(single ? items![0] : x)}.`;
    },
  },
  {
    name: 'BeTrue', aliases: [], arrayInput: false, positional: ['Because'],
    test: (x, a, c) => (toBoolean(x) !== c.negate ? null : `Expected ${c.negate ? '$false' : '$true'},${because(a)} but got ${formatNicely(x)}.`),
  },
  {
    name: 'BeFalse', aliases: [], arrayInput: false, positional: ['Because'],
    test: (x, a, c) => (!toBoolean(x) !== c.negate ? null : `Expected ${c.negate ? '$true' : '$false'},${because(a)} but got ${formatNicely(x)}.`),
  },
  {
    name: 'BeOfType', aliases: ['HaveType'], arrayInput: false, positional: ['ExpectedType', 'Because'],
    test(x, a, c) {
      const full = typeFullName(a.ExpectedType);
      if (!(a.ExpectedType instanceof TypeValue) && !isKnownType(full)) {
        const trimmed = toStringValue(a.ExpectedType).replace(/^\[(.*)\]$/, '$1');
        throw new PSException(`Could not find type [${trimmed}]. Make sure that the assembly that contains that type is loaded.`, 'System.ArgumentException');
      }
      if (isInstanceOf(x, full) !== c.negate) return null;
      const type = new TypeValue(full);
      const actualType = x === null || x === undefined ? null : new TypeValue(typeNameOf(x));
      const not = c.negate ? 'not ' : '';
      return `Expected the value to ${not}have type ${formatNicely(type)} or any of its subtypes,${because(a)} but got ${formatNicely(x)} with type ${formatNicely(actualType)}.`;
    },
  },
  {
    name: 'BeLike', aliases: [], arrayInput: false, positional: ['ExpectedValue', 'Because'],
    test: (x, a, c) => likeOrMatch(op(x, '-like', a.ExpectedValue), c.negate, 'like wildcard', a.ExpectedValue, x, a, 'match'),
  },
  {
    name: 'BeLikeExactly', aliases: [], arrayInput: false, positional: ['ExpectedValue', 'Because'],
    test: (x, a, c) => likeOrMatch(op(x, '-clike', a.ExpectedValue), c.negate, 'case sensitive like wildcard', a.ExpectedValue, x, a, 'match'),
  },
  {
    name: 'Match', aliases: [], arrayInput: false, positional: ['RegularExpression', 'Because'],
    test: (x, a, c) => likeOrMatch(op(x, '-match', a.RegularExpression), c.negate, 'regular expression', a.RegularExpression, x, a, 'match'),
  },
  {
    name: 'MatchExactly', aliases: ['CMATCH'], arrayInput: false, positional: ['RegularExpression', 'Because'],
    test: (x, a, c) => likeOrMatch(op(x, '-cmatch', a.RegularExpression), c.negate, 'regular expression', a.RegularExpression, x, a, 'case sensitively match'),
  },
  {
    name: 'BeIn', aliases: [], arrayInput: false, positional: ['ExpectedValue', 'Because'],
    test(x, a, c) {
      if (op(a.ExpectedValue, '-contains', x) !== c.negate) return null;
      const e = formatNicely(a.ExpectedValue);
      return c.negate
        ? `Expected collection ${e} to not contain ${formatNicely(x)},${because(a)} but it was found.`
        : `Expected collection ${e} to contain ${formatNicely(x)},${because(a)} but it was not found.`;
    },
  },
  {
    name: 'Contain', aliases: [], arrayInput: true, positional: ['ExpectedValue', 'Because'],
    test(x, a, c) {
      if (op(x, '-contains', a.ExpectedValue) !== c.negate) return null;
      const e = formatNicely(a.ExpectedValue);
      return c.negate
        ? `Expected ${e} to not be found in collection ${formatNicely(x)},${because(a)} but it was found.`
        : `Expected ${e} to be found in collection ${formatNicely(x)},${because(a)} but it was not found.`;
    },
  },
  {
    name: 'HaveCount', aliases: [], arrayInput: true, positional: ['ExpectedValue', 'Because'],
    test(x, a, c) {
      const expected = Number(toStringValue(a.ExpectedValue));
      if (expected < 0) throw new PSException('Excpected collection size must be greater than or equal to 0.', 'System.ArgumentException');
      const n = count(x);
      if ((n === expected) !== c.negate) return null;
      const empty = expected === 0;
      const e = formatNicely(expected);
      if (c.negate) {
        const expect = empty ? 'Expected a non-empty collection' : `Expected a collection with size different from ${e}`;
        const but = n !== 0 ? `but got collection with that size ${formatNicely(x)}.` : 'but got an empty collection.';
        return `${expect},${because(a)} ${but}`;
      }
      const expect = empty ? 'Expected an empty collection' : `Expected a collection with size ${e}`;
      const but = n !== 0 ? `but got collection with size ${formatNicely(n)} ${formatNicely(x)}.` : 'but got an empty collection.';
      return `${expect},${because(a)} ${but}`;
    },
  },
  {
    name: 'Exist', aliases: [], arrayInput: false, positional: ['Because'],
    test(x, a, c) {
      const path = toStringValue(x);
      const exists = path !== '' && existsSync(isAbsolute(path) ? path : resolve(c.cwd, path));
      if (exists !== c.negate) return null;
      return c.negate
        ? `Expected path ${formatNicely(x)} to not exist,${because(a)} but it did exist.`
        : `Expected path ${formatNicely(x)} to exist,${because(a)} but it did not exist.`;
    },
  },
  // -Throw runs the script block, so the Should cmdlet handles it (should-throw.ts).
  { name: 'Throw', aliases: [], arrayInput: false, positional: ['ExpectedMessage', 'ErrorId', 'ExceptionType', 'Because'] },
];
