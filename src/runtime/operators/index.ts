// Entry points the interpreter calls for every binary and unary operator, and one implementation
// per operator of the table in src/lang/operators.ts. Operator names come from the AST lower-cased
// (`-eq`, `-ceq`, `-ieq`, `+`, `..`); comparison operators filter when the left operand is a
// collection, as PowerShell's do. Everything is synchronous except `-replace` with a
// script block, which returns a Promise.

import { PSHashtable } from '../values/hashtable.ts';
import { PSChar } from '../values/ps-char.ts';
import { TypeValue } from '../values/type-value.ts';
import { toBoolean, toNumber, toStringValue, convertTo, parseNumber } from '../values/convert.ts';
import { isInstanceOf, resolveTypeName, typeNameOf } from '../values/type-names.ts';
import { isKnownType } from '../values/known-types.ts';
import { formatComposite } from '../values/composite-format.ts';
import type { ScriptInvoker } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { add, subtract, multiply, divide, remainder, bitwise } from './arithmetic.ts';
import { valuesEqual, compareValues } from './compare.ts';
import { wildcardMatch } from '../../engine/infra/wildcard.ts';
import { regexMatch, matchesTable, replaceOperator, splitOperator, splitByScript, splitWhitespace, joinOperator } from './string-operators.ts';
import { resolveBinaryOperator, type EagerBinaryOperator, type ShortCircuitOperator, type UnaryOperatorName } from '../../lang/operators.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { PSNumber, boxNumber, exactNumber, isNumber } from '../values/ps-number.ts';
import { makeDecimal } from '../values/decimal.ts';

export { valuesEqual, compareValues } from './compare.ts';

/** What an operator may report back to the interpreter: `-match` on a scalar sets `$Matches`. */
export interface OperatorContext {
  setMatches?(matches: PSHashtable): void;
  /** The current `$OFS` (a space when unset), for string conversions that join items. */
  ofs?(): string;
}

/** The right operand of `-is`/`-as`: a type, or a string naming one (PowerShell converts it to
 *  [type] and fails, like a cast, when no such type exists). */
function typeArg(v: unknown): string {
  if (v instanceof TypeValue) return v.fullName;
  const s = toStringValue(v);
  if (!isKnownType(resolveTypeName(s))) throw new PSException(`Cannot convert the "${s}" value of type "${typeNameOf(v)}" to type "System.Type".`);
  return s;
}

type ScalarComparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'like' | 'notlike' | 'match' | 'notmatch';

function scalarCompare(name: ScalarComparison, a: unknown, b: unknown, cs: boolean): boolean {
  switch (name) {
    case 'eq': return valuesEqual(a, b, cs);
    case 'ne': return !valuesEqual(a, b, cs);
    case 'gt': return compareValues(a, b, cs) > 0;
    case 'ge': return compareValues(a, b, cs) >= 0;
    case 'lt': return compareValues(a, b, cs) < 0;
    case 'le': return compareValues(a, b, cs) <= 0;
    case 'like': return wildcardMatch(toStringValue(a), toStringValue(b), cs);
    case 'notlike': return !wildcardMatch(toStringValue(a), toStringValue(b), cs);
    case 'match': return regexMatch(a, b, cs) !== null;
    case 'notmatch': return regexMatch(a, b, cs) === null;
  }
}

function contains(collection: unknown, item: unknown, cs: boolean): boolean {
  const items = Array.isArray(collection) ? collection : [collection];
  return items.some((x) => valuesEqual(x, item, cs));
}

/** `a..b`: integers (either direction) or, for one-letter strings, characters. */
export function range(left: unknown, right: unknown): unknown[] {
  const isLetter = (v: unknown) => v instanceof PSChar || (typeof v === 'string' && v.length === 1 && parseNumber(v) === null);
  if (isLetter(left) && isLetter(right)) {
    const a = toStringValue(left).charCodeAt(0);
    const b = toStringValue(right).charCodeAt(0);
    const out: PSChar[] = [];
    const step = a <= b ? 1 : -1;
    for (let c = a; ; c += step) {
      out.push(new PSChar(c));
      if (c === b) break;
    }
    return out;
  }
  const a = convertTo(left, 'int') as number;
  const b = convertTo(right, 'int') as number;
  if (Math.abs(b - a) > 50_000_000) throw new PSException('The range is too large.', 'System.Management.Automation.RuntimeException');
  const out: number[] = new Array(Math.abs(b - a) + 1);
  const step = a <= b ? 1 : -1;
  for (let i = 0, v = a; i < out.length; i++, v += step) out[i] = v;
  return out;
}

/** How one binary operator computes its value; `cs` is true for a `-c…` variant. */
type BinaryImplementation = (left: unknown, right: unknown, cs: boolean, invoker?: ScriptInvoker, ctx?: OperatorContext) => unknown;

/** A comparison that filters a collection on its left, as PowerShell's do. */
const filtering = (name: ScalarComparison): BinaryImplementation => (left, right, cs) =>
  Array.isArray(left) ? left.filter((x) => scalarCompare(name, x, right, cs)) : scalarCompare(name, left, right, cs);

/** `-match` / `-notmatch`: on a scalar, a match also sets `$Matches`. */
const matching = (negated: boolean): BinaryImplementation => (left, right, cs, _invoker, ctx) => {
  if (Array.isArray(left)) return left.filter((x) => scalarCompare(negated ? 'notmatch' : 'match', x, right, cs));
  const m = regexMatch(left, right, cs);
  if (m && ctx?.setMatches) ctx.setMatches(matchesTable(m, toStringValue(right)));
  return negated ? m === null : m !== null;
};

/** `-in` / `-notin` look in the right operand, an enumerator drained like a collection. */
const membership = (negated: boolean): BinaryImplementation => (left, right, cs) => {
  if (right instanceof InputEnumerator) right = right.drain();
  return contains(right, left, cs) !== negated;
};

/** One implementation per operator of the table in src/lang/operators.ts (a missing one is a
 *  type error). */
const binaryImplementations: { readonly [K in EagerBinaryOperator]: BinaryImplementation } = {
  '+': (l, r, _cs, _invoker, ctx) => add(l, r, ctx?.ofs),
  '-': (l, r) => subtract(l, r),
  '*': (l, r) => multiply(l, r),
  '/': (l, r) => divide(l, r),
  '%': (l, r) => remainder(l, r),
  '..': (l, r) => range(l, r),
  '-eq': filtering('eq'),
  '-ne': filtering('ne'),
  '-gt': filtering('gt'),
  '-ge': filtering('ge'),
  '-lt': filtering('lt'),
  '-le': filtering('le'),
  '-like': filtering('like'),
  '-notlike': filtering('notlike'),
  '-match': matching(false),
  '-notmatch': matching(true),
  '-contains': (l, r, cs) => contains(l, r, cs),
  '-notcontains': (l, r, cs) => !contains(l, r, cs),
  '-in': membership(false),
  '-notin': membership(true),
  '-replace': (left, right, cs, invoker) => {
    if (Array.isArray(left)) {
      const parts = left.map((x) => replaceOperator(x, right, cs, invoker));
      return parts.some((p) => p instanceof Promise) ? Promise.all(parts) : parts;
    }
    return replaceOperator(left, right, cs, invoker);
  },
  '-split': (left, right, cs, invoker) => {
    const parts = Array.isArray(right) ? right : [right];
    if (parts[0] instanceof ScriptBlockValue && invoker) {
      const sb = parts[0];
      const max = parts.length > 1 ? Math.trunc(toNumber(parts[1])) : 0;
      return (async () => {
        const out: string[] = [];
        for (const x of Array.isArray(left) ? left : [left]) out.push(...(await splitByScript(x, sb, max, invoker)));
        return out;
      })();
    }
    if (Array.isArray(left)) return left.flatMap((x) => splitOperator(x, right, cs));
    return splitOperator(left, right, cs);
  },
  '-join': (l, r, _cs, _invoker, ctx) => joinOperator(l, r, ctx?.ofs?.() ?? ' '),
  '-f': (l, r) => formatComposite(toStringValue(l), Array.isArray(r) ? r : [r]),
  '-is': (l, r) => isInstanceOf(l, typeArg(r)),
  '-isnot': (l, r) => !isInstanceOf(l, typeArg(r)),
  '-as': (left, right) => {
    const type = typeArg(right);
    try {
      return convertTo(left, type);
    } catch {
      return null;
    }
  },
  '-xor': (l, r) => toBoolean(l) !== toBoolean(r),
  '-band': (l, r) => bitwise('band', l, r),
  '-bor': (l, r) => bitwise('bor', l, r),
  '-bxor': (l, r) => bitwise('bxor', l, r),
  '-shl': (l, r) => bitwise('shl', l, r),
  '-shr': (l, r) => bitwise('shr', l, r),
};

/** Short-circuit operators: `right` evaluates the right operand, called only when the left one
 *  does not decide the result. */
type ShortCircuitImplementation = (left: unknown, right: () => unknown) => unknown;

const shortCircuitImplementations: { readonly [K in ShortCircuitOperator]: ShortCircuitImplementation } = {
  '??': (left, right) => (left === null || left === undefined ? right() : left),
  '-and': async (left, right) => toBoolean(left) && toBoolean(await right()),
  '-or': async (left, right) => toBoolean(left) || toBoolean(await right()),
};

/** The implementation of a short-circuit operator as written (`-AND`), or undefined for any other. */
export function shortCircuitOperator(op: string): ShortCircuitImplementation | undefined {
  const name = resolveBinaryOperator(op)?.name;
  return name !== undefined && name in shortCircuitImplementations ? shortCircuitImplementations[name as ShortCircuitOperator] : undefined;
}

function unknownOperator(op: string): PSException {
  return new PSException(`Unknown operator '${op}'.`, 'System.Management.Automation.RuntimeException');
}

/** Evaluates `left <op> right`, `op` as written (`-CEQ`, `+`). `invoker` runs script blocks
 *  (`-replace` with a block). */
export function binaryOperator(op: string, left: unknown, right: unknown, invoker?: ScriptInvoker, ctx?: OperatorContext): unknown | Promise<unknown> {
  if (left === undefined) left = null;
  if (right === undefined) right = null;
  const resolved = resolveBinaryOperator(op);
  if (!resolved || resolved.name === ',') throw unknownOperator(op);
  const lazy = shortCircuitOperator(op);
  if (lazy) return lazy(left, () => right);
  // Comparisons treat an enumerator (`$input`) as the collection it has left, as PowerShell does.
  if (left instanceof InputEnumerator && resolved.spec.enumerating) left = left.drain();
  return binaryImplementations[resolved.name as EagerBinaryOperator](left, right, resolved.caseSensitive, invoker, ctx);
}

const increment = (operand: unknown) => add(operand ?? 0, 1);
const decrement = (operand: unknown) => subtract(operand ?? 0, 1);

/** One implementation per prefix operator of src/lang/operators.ts, and the postfix forms. */
const unaryImplementations: { readonly [K in UnaryOperatorName]: (operand: unknown, ctx?: OperatorContext) => unknown } = {
  '-': (operand) => {
    if (typeof operand === 'number') return -operand;
    // Negation keeps a number's type (`-5.0` is a Double).
    if (operand instanceof PSNumber) {
      if (operand.big === undefined) return boxNumber(-operand.value, operand.type);
      const exact = operand.type === 'System.Decimal' ? makeDecimal(-operand.big, operand.scale) : exactNumber(-operand.big, operand.type);
      return exact ?? -operand.value;
    }
    return -toNumber(operand);
  },
  '+': (operand) => (isNumber(operand) ? operand : toNumber(operand)),
  '!': (operand) => !toBoolean(operand),
  '-not': (operand) => !toBoolean(operand),
  '-bnot': (operand) => {
    const n = Math.trunc(toNumber(operand));
    return n >= -2147483648 && n <= 2147483647 ? ~n : Number(BigInt.asIntN(64, ~BigInt(n)));
  },
  ',': (operand) => [operand],
  '-split': (operand) => (Array.isArray(operand) ? operand.flatMap(splitWhitespace) : splitWhitespace(operand)),
  '-join': (operand, ctx) => joinOperator(operand, '', ctx?.ofs?.() ?? ' '),
  '++': increment,
  'post++': increment,
  '--': decrement,
  'post--': decrement,
};

/** Evaluates a prefix operator (`-x`, `!x`, `-not`, `-bnot`, `,x`, `-split x`, `-join x`) and the
 *  value an increment/decrement stores (`++`/`--`, prefix or postfix: the interpreter assigns it). */
export function unaryOperator(op: UnaryOperatorName, operand: unknown, ctx?: OperatorContext): unknown {
  if (operand === undefined) operand = null;
  const implementation = unaryImplementations[op];
  if (!implementation) throw unknownOperator(op);
  return implementation(operand, ctx);
}
