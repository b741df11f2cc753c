// PowerShell arithmetic: the left operand picks the operation (`"a" + 1` concatenates, `1 + "2"`
// adds, `@(1) + 2` appends, `"ab" * 3` repeats), dates and time spans add, and division by zero is
// the script error `Attempted to divide by zero.`.

import { PSHashtable } from '../values/hashtable.ts';
import { PSChar } from '../values/ps-char.ts';
import { PSDateTime } from '../values/date-time.ts';
import { TimeSpan, TICKS_PER_MS } from '../values/time-span.ts';
import { convertTo, roundHalfEven, toNumber, toStringValue } from '../values/convert.ts';
import { typeNameOf } from '../values/type-names.ts';
import { PSException } from '../error-record.ts';
import { PSNumber, boxNumber, exactInteger, exactNumber, impliedNumberType, isNumber } from '../values/ps-number.ts';
import type { NumberType } from '../values/ps-number.ts';
import { decimalArithmetic, decimalOf } from '../values/decimal.ts';

function noOperator(left: unknown, op: string): PSException {
  return new PSException(
    `Method invocation failed because [${typeNameOf(left)}] does not contain a method named '${op}'.`,
    'System.Management.Automation.RuntimeException',
  );
}

/** .NET's TypeCode order, which PowerShell's binder (BinaryNumericOp) picks the wider operand by. */
const RANK: Record<NumberType, number> = {
  'System.SByte': 5, 'System.Byte': 6, 'System.Int16': 7, 'System.UInt16': 8, 'System.Int32': 9, 'System.UInt32': 10,
  'System.Int64': 11, 'System.UInt64': 12, 'System.Single': 13, 'System.Double': 14, 'System.Decimal': 15,
};
const SIGNED = new Set<NumberType>(['System.SByte', 'System.Int16', 'System.Int32', 'System.Int64']);

/** The type PowerShell computes `a op b` in (Binders.cs BinaryNumericOp): the wider operand's, with
 *  the integers below Int32 as Int32 and Single as Double; an unsigned operation with a negative
 *  signed operand widens, UInt32 to Int64 and UInt64 to Decimal (FigureSignedUnsignedInt). */
function operationType(ta: NumberType, a: number, tb: NumberType, b: number): NumberType {
  const top = RANK[ta] >= RANK[tb] ? ta : tb;
  if (RANK[top] <= RANK['System.Int32']) return 'System.Int32';
  if (top === 'System.UInt32' || top === 'System.UInt64') {
    const negative = (SIGNED.has(ta) && a < 0) || (SIGNED.has(tb) && b < 0);
    if (negative) return top === 'System.UInt32' ? 'System.Int64' : 'System.Decimal';
    return top;
  }
  return top === 'System.Single' ? 'System.Double' : top;
}

/** The type of an arithmetic operand: a boxed number's own, else what its numeric value implies. */
function operandType(v: unknown, n: number): NumberType {
  return v instanceof PSNumber ? v.type : impliedNumberType(n);
}

/** The range of each integer operation type; a result outside it is a Double. */
const RESULT_RANGES: Partial<Record<NumberType, [number, number]>> = {
  'System.Int32': [-2147483648, 2147483647],
  'System.UInt32': [0, 4294967295],
  'System.Int64': [-9223372036854775808, 9223372036854775807],
  'System.UInt64': [0, 18446744073709551615],
};

/** A result in the operation's type: integer results that are fractional (an inexact `/`) or
 *  overflow become Double, as PowerShell's IntOps/UIntOps/LongOps/ULongOps do. */
function typedResult(value: number, type: NumberType): unknown {
  const range = RESULT_RANGES[type];
  if (range && (!Number.isInteger(value) || value < range[0] || value > range[1])) type = 'System.Double';
  return boxNumber(value, type);
}

/** Operation types whose integers pass 2^53 and so are computed exactly there. */
const EXACT_TYPES = new Set<NumberType>(['System.Int64', 'System.UInt64', 'System.Decimal']);

type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/** Each operator on doubles and on exact integers (null: not integral, an inexact `/`). */
const OPERATIONS: Record<ArithmeticOperator, { double: (a: number, b: number) => number; exact: (x: bigint, y: bigint) => bigint | null }> = {
  '+': { double: (a, b) => a + b, exact: (x, y) => x + y },
  '-': { double: (a, b) => a - b, exact: (x, y) => x - y },
  '*': { double: (a, b) => a * b, exact: (x, y) => x * y },
  '/': { double: (a, b) => a / b, exact: (x, y) => (x % y === 0n ? x / y : null) },
  '%': { double: (a, b) => a % b, exact: (x, y) => x % y },
};

/** `left op right` on numbers, typed like PowerShell (int op double → double, and so on); Int64
 *  and UInt64 past 2^53 computed on the exact integers, decimals in exact decimal arithmetic. */
function numeric(left: unknown, right: unknown, op: ArithmeticOperator): unknown {
  const a = toNumber(left);
  const b = toNumber(right, typeNameOf(left ?? 0));
  const type = operationType(operandType(left, a), a, operandType(right, b), b);
  // Integer and decimal division by zero fail; a double's gives Infinity or NaN, as in .NET.
  if ((op === '/' || op === '%') && b === 0 && type !== 'System.Double') throw divideByZero();
  if (type === 'System.Decimal') {
    const x = decimalOf(numberOperand(left));
    const y = decimalOf(numberOperand(right));
    const r = x && y ? decimalArithmetic(op, x, y) : null;
    if (r) return r;
    // DecimalOps: an overflow is an error; the UInt64-with-a-negative case falls back to Double
    const decimalOperand = (v: unknown) => v instanceof PSNumber && v.type === 'System.Decimal';
    if (x && y && (decimalOperand(left) || decimalOperand(right))) {
      throw new PSException('Value was either too large or too small for a Decimal.', 'System.Management.Automation.RuntimeException');
    }
  }
  const { double, exact } = OPERATIONS[op];
  const value = double(a, b);
  if (EXACT_TYPES.has(type) && !(Number.isSafeInteger(a) && Number.isSafeInteger(b) && Number.isSafeInteger(value))) {
    const r = exactResult(left, right, exact, type);
    if (r !== undefined) return r;
  }
  return typedResult(Object.is(value, -0) && type !== 'System.Double' ? 0 : value, type);
}

/** PowerShell's LongOps/ULongOps (and integral decimals) past 2^53: the exact result in `type`, or
 *  the Double one when it overflows the type (`[long]::MaxValue + 1` is 9.22337203685478E+18) or an
 *  integer division is inexact; undefined when an operand is not integral. */
function exactResult(left: unknown, right: unknown, exact: (x: bigint, y: bigint) => bigint | null, type: NumberType): unknown {
  const x = exactInteger(numberOperand(left));
  const y = exactInteger(numberOperand(right));
  if (x === null || y === null) return undefined;
  const r = exact(x, y);
  // an inexact division is a Double (a Decimal for decimals)
  if (r === null) return new PSNumber(Number(x) / Number(y), type === 'System.Decimal' ? type : 'System.Double');
  return exactNumber(r, type) ?? boxNumber(Number(r), 'System.Double');
}

/** A numeric string operand as its number (`'5' * [long]3`), anything else as it is. */
function numberOperand(v: unknown): unknown {
  return typeof v === 'string' || v === null || v === undefined ? toNumber(v) : v;
}


function dateOf(v: unknown): PSDateTime | null {
  return v instanceof PSDateTime ? v : v instanceof Date ? PSDateTime.fromDate(v) : null;
}

/** `left + right`; `ofs` gives `$OFS` for a string plus an array (`'red' + (20, 30)`). */
export function add(left: unknown, right: unknown, ofs?: () => string): unknown {
  if (left === undefined || left === null) {
    if (right === undefined) return null;
    return Array.isArray(right) ? [...right] : right;
  }
  if (Array.isArray(left)) return Array.isArray(right) ? [...left, ...right] : [...left, right];
  if (typeof left === 'string') return left + (Array.isArray(right) ? convertTo(right, 'string', ofs ? ofs() : ' ') : toStringValue(right));
  if (left instanceof PSHashtable) {
    if (!(right instanceof PSHashtable)) throw new PSException('A hash table can only be added to another hash table.', 'System.Management.Automation.RuntimeException');
    const out = left.clone();
    for (const [k, v] of right.entries()) {
      if (out.has(k)) throw new PSException(`Item has already been added. Key in dictionary: '${toStringValue(k)}'  Key being added: '${toStringValue(k)}'`, 'System.ArgumentException');
      out.set(k, v);
    }
    return out;
  }
  const d = dateOf(left);
  if (d) {
    if (right instanceof TimeSpan) return d.addMilliseconds(right.ticks / TICKS_PER_MS);
    return d.addMilliseconds(toNumber(right) / TICKS_PER_MS);
  }
  if (left instanceof TimeSpan) {
    if (right instanceof TimeSpan) return left.add(right);
    const rd = dateOf(right);
    if (rd) return rd.addMilliseconds(left.ticks / TICKS_PER_MS);
    return new TimeSpan(left.ticks + toNumber(right));
  }
  if (left instanceof PSChar && (typeof right === 'string' || right instanceof PSChar)) return left.toString() + right.toString();
  if (isNumber(left) || typeof left === 'boolean' || left instanceof PSChar) {
    if (Array.isArray(right) || right instanceof PSHashtable) throw noOperator(left, 'op_Addition');
    return numeric(left, right, '+');
  }
  throw noOperator(left, 'op_Addition');
}

export function subtract(left: unknown, right: unknown): unknown {
  const d = dateOf(left);
  if (d) {
    const rd = dateOf(right);
    if (rd) return TimeSpan.fromMilliseconds(d.wall - rd.wall);
    if (right instanceof TimeSpan) return d.addMilliseconds(-right.ticks / TICKS_PER_MS);
  }
  if (left instanceof TimeSpan && right instanceof TimeSpan) return new TimeSpan(left.ticks - right.ticks);
  if (left === null || left === undefined || isNumber(left) || typeof left === 'boolean' || left instanceof PSChar || typeof left === 'string') {
    if (Array.isArray(right)) throw noOperator(right, 'op_Subtraction');
    return numeric(left, right, '-');
  }
  throw noOperator(left, 'op_Subtraction');
}

export function multiply(left: unknown, right: unknown): unknown {
  // PowerShell's binder: `$null * x` is $null whatever x is (`x * $null` multiplies by 0)
  if (left === null || left === undefined) return null;
  if (left instanceof TimeSpan) return new TimeSpan(left.ticks * toNumber(right));
  // the count converts to Int32 like a cast, rounding half to even: `'ab' * 2.7` is three copies
  if (typeof left === 'string') {
    const n = roundHalfEven(toNumber(right));
    if (n < 0) throw new PSException('Specified argument was out of the range of valid values.', 'System.ArgumentOutOfRangeException');
    return left.repeat(n);
  }
  if (Array.isArray(left)) {
    const n = roundHalfEven(toNumber(right));
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) out.push(...left);
    return out;
  }
  if (isNumber(left) || typeof left === 'boolean' || left instanceof PSChar) {
    return numeric(left, right, '*');
  }
  throw noOperator(left, 'op_Multiply');
}

function divideByZero(): PSException {
  return new PSException('Attempted to divide by zero.', 'System.DivideByZeroException');
}

export function divide(left: unknown, right: unknown): unknown {
  if (left instanceof TimeSpan) {
    if (right instanceof TimeSpan) return left.ticks / right.ticks;
    return new TimeSpan(left.ticks / toNumber(right));
  }
  if (left === null || left === undefined || isNumber(left) || typeof left === 'boolean' || left instanceof PSChar || typeof left === 'string') {
    return numeric(left, right, '/');
  }
  throw noOperator(left, 'op_Division');
}

export function remainder(left: unknown, right: unknown): unknown {
  if (left === null || left === undefined || isNumber(left) || typeof left === 'boolean' || left instanceof PSChar || typeof left === 'string') {
    return numeric(left, right, '%');
  }
  throw noOperator(left, 'op_Modulus');
}

/** Bitwise operators: 32-bit when both sides fit in Int32 (like PowerShell's int), else 64-bit. A
 *  fractional operand converts like a cast, rounding half to even (`0x0F0F -band 14.6` is 15). */
export function bitwise(op: 'band' | 'bor' | 'bxor' | 'shl' | 'shr', left: unknown, right: unknown): number {
  const a = roundHalfEven(toNumber(left));
  const b = roundHalfEven(toNumber(right));
  const small = (n: number) => n >= -2147483648 && n <= 2147483647;
  if (small(a) && small(b)) {
    switch (op) {
      case 'band': return a & b;
      case 'bor': return a | b;
      case 'bxor': return a ^ b;
      case 'shl': return a << (b & 31);
      case 'shr': return a >> (b & 31);
    }
  }
  const x = BigInt.asIntN(64, BigInt(a));
  const y = BigInt.asIntN(64, BigInt(b));
  let r: bigint;
  switch (op) {
    case 'band': r = x & y; break;
    case 'bor': r = x | y; break;
    case 'bxor': r = x ^ y; break;
    case 'shl': r = x << (y & 63n); break;
    case 'shr': r = x >> (y & 63n); break;
  }
  return Number(BigInt.asIntN(64, r));
}
