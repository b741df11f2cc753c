// Entry points the interpreter calls for every binary and unary operator. Operator names come from
// the AST lower-cased (`-eq`, `-ceq`, `-ieq`, `+`, `..`); comparison operators filter when the left
// operand is a collection, as PowerShell's do. Everything is synchronous except `-replace` with a
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
import { wildcardMatch } from './wildcard.ts';
import { regexMatch, matchesTable, replaceOperator, splitOperator, splitByScript, splitWhitespace, joinOperator } from './string-operators.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { InputEnumerator } from '../values/input-enumerator.ts';
import { PSNumber, boxNumber, isNumber } from '../values/ps-number.ts';

export { valuesEqual, compareValues } from './compare.ts';

/** What an operator may report back to the interpreter: `-match` on a scalar sets `$Matches`. */
export interface OperatorContext {
  setMatches?(matches: PSHashtable): void;
  /** The current `$OFS` (a space when unset), for string conversions that join items. */
  ofs?(): string;
}

const CASE_AWARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch', 'contains', 'notcontains', 'in', 'notin', 'replace', 'split']);

const ENUMERATING = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'like', 'notlike', 'match', 'notmatch', 'contains', 'notcontains']);

/** Splits `-ceq` into `eq` + case-sensitive; `-ieq` and `-eq` are case-insensitive. */
function parseOperator(op: string): { name: string; cs: boolean } {
  const o = op.toLowerCase().replace(/^-/, '');
  if ((o[0] === 'c' || o[0] === 'i') && CASE_AWARE.has(o.slice(1))) return { name: o.slice(1), cs: o[0] === 'c' };
  return { name: o, cs: false };
}

/** The right operand of `-is`/`-as`: a type, or a string naming one (PowerShell converts it to
 *  [type] and fails, like a cast, when no such type exists). */
function typeArg(v: unknown): string {
  if (v instanceof TypeValue) return v.fullName;
  const s = toStringValue(v);
  if (!isKnownType(resolveTypeName(s))) throw new PSException(`Cannot convert the "${s}" value of type "${typeNameOf(v)}" to type "System.Type".`);
  return s;
}

function scalarCompare(name: string, a: unknown, b: unknown, cs: boolean): boolean {
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
  throw new Error('not a comparison: ' + name);
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

/** Evaluates `left <op> right`. `invoker` runs script blocks (`-replace` with a block). */
export function binaryOperator(op: string, left: unknown, right: unknown, invoker?: ScriptInvoker, ctx?: OperatorContext): unknown | Promise<unknown> {
  if (left === undefined) left = null;
  if (right === undefined) right = null;
  switch (op) {
    case '+': return add(left, right);
    case '-': return subtract(left, right);
    case '*': return multiply(left, right);
    case '/': return divide(left, right);
    case '%': return remainder(left, right);
    case '..': return range(left, right);
    case '??': return left === null ? right : left;
  }
  const { name, cs } = parseOperator(op);
  // Comparisons treat an enumerator (`$input`) as the collection it has left, as PowerShell does.
  if (left instanceof InputEnumerator && ENUMERATING.has(name)) left = left.drain();
  if (right instanceof InputEnumerator && (name === 'in' || name === 'notin')) right = right.drain();
  switch (name) {
    case 'eq': case 'ne': case 'gt': case 'ge': case 'lt': case 'le': case 'like': case 'notlike':
      if (Array.isArray(left)) return left.filter((x) => scalarCompare(name, x, right, cs));
      return scalarCompare(name, left, right, cs);
    case 'match': case 'notmatch': {
      if (Array.isArray(left)) return left.filter((x) => scalarCompare(name, x, right, cs));
      const m = regexMatch(left, right, cs);
      if (m && ctx?.setMatches) ctx.setMatches(matchesTable(m, toStringValue(right)));
      return name === 'match' ? m !== null : m === null;
    }
    case 'contains': return contains(left, right, cs);
    case 'notcontains': return !contains(left, right, cs);
    case 'in': return contains(right, left, cs);
    case 'notin': return !contains(right, left, cs);
    case 'replace': {
      if (Array.isArray(left)) {
        const parts = left.map((x) => replaceOperator(x, right, cs, invoker));
        return parts.some((p) => p instanceof Promise) ? Promise.all(parts) : parts;
      }
      return replaceOperator(left, right, cs, invoker);
    }
    case 'split': {
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
    }
    case 'join': return joinOperator(left, right, ctx?.ofs?.() ?? ' ');
    case 'f': return formatComposite(toStringValue(left), Array.isArray(right) ? right : [right]);
    case 'is': return isInstanceOf(left, typeArg(right));
    case 'isnot': return !isInstanceOf(left, typeArg(right));
    case 'as': {
      const type = typeArg(right);
      try {
        return convertTo(left, type);
      } catch {
        return null;
      }
    }
    case 'and': return toBoolean(left) && toBoolean(right);
    case 'or': return toBoolean(left) || toBoolean(right);
    case 'xor': return toBoolean(left) !== toBoolean(right);
    case 'band': case 'bor': case 'bxor': case 'shl': case 'shr':
      return bitwise(name, left, right);
  }
  throw new PSException(`Unknown operator '${op}'.`, 'System.Management.Automation.RuntimeException');
}

/** Evaluates a prefix operator (`-x`, `!x`, `-not`, `-bnot`, `,x`, `-split x`, `-join x`) and the
 *  value an increment/decrement stores (`++`/`--`, prefix or postfix: the interpreter assigns it). */
export function unaryOperator(op: string, operand: unknown, ctx?: OperatorContext): unknown {
  if (operand === undefined) operand = null;
  switch (op.toLowerCase()) {
    case '-':
      if (typeof operand === 'number') return -operand;
      // Negation keeps a number's type (`-5.0` is a Double).
      if (operand instanceof PSNumber) return boxNumber(-operand.value, operand.type);
      return -toNumber(operand);
    case '+':
      return isNumber(operand) ? operand : toNumber(operand);
    case '!':
    case '-not':
      return !toBoolean(operand);
    case '-bnot': {
      const n = Math.trunc(toNumber(operand));
      return n >= -2147483648 && n <= 2147483647 ? ~n : Number(BigInt.asIntN(64, ~BigInt(n)));
    }
    case ',':
      return [operand];
    case '-split':
      return Array.isArray(operand) ? operand.flatMap(splitWhitespace) : splitWhitespace(operand);
    case '-join':
      return joinOperator(operand, '', ctx?.ofs?.() ?? ' ');
    case '++':
    case 'post++':
      return add(operand ?? 0, 1);
    case '--':
    case 'post--':
      return subtract(operand ?? 0, 1);
  }
  throw new PSException(`Unknown operator '${op}'.`, 'System.Management.Automation.RuntimeException');
}
