// Numbers whose .NET type is not the one their value implies. Numbers are JS doubles; a plain JS
// number reports the type its value implies (integral: Int32, else Int64 up to 2^53; otherwise
// Double). Only when a script's number has another type — `5.0` and `1e15` (Double), `5l` and
// `[long]5` (Int64), `1d` (Decimal), `[byte]5` — is it boxed in a PSNumber carrying that type, so
// `-is`, `GetType()`, arithmetic widening and formatting (`1E+15`) follow PowerShell while every
// other number stays a cheap primitive. Consumers unwrap through `numberValue`/`isNumber`; the
// binder hands cmdlets (and so the engine) plain JS numbers.

export type NumberType =
  | 'System.Int32' | 'System.Int64' | 'System.Double' | 'System.Single' | 'System.Decimal'
  | 'System.Int16' | 'System.Byte' | 'System.SByte' | 'System.UInt16' | 'System.UInt32' | 'System.UInt64';

export class PSNumber {
  readonly value: number;
  readonly type: NumberType;
  /** The exact value of an integer beyond 2^53 (an Int64, UInt64 or integral Decimal), which
   *  `value` (a double) only approximates: `111111111111111111 + 0` stays exact, as in PowerShell. */
  readonly big?: bigint;
  /** A Decimal's digits after the point: its exact value is `big / 10^scale` (values/decimal.ts). */
  readonly scale: number;

  constructor(value: number, type: NumberType, big?: bigint, scale = 0) {
    this.value = value;
    this.type = type;
    if (big !== undefined) this.big = big;
    this.scale = scale;
  }

  valueOf(): number {
    return this.value;
  }
}

/** The type a plain JS number stands for. */
export function impliedNumberType(n: number): NumberType {
  if (Number.isInteger(n) && !Object.is(n, -0)) {
    if (n >= -2147483648 && n <= 2147483647) return 'System.Int32';
    if (Math.abs(n) <= Number.MAX_SAFE_INTEGER) return 'System.Int64';
  }
  return 'System.Double';
}

/** `value` as a number of `type`: a plain number when the value implies that type anyway. */
export function boxNumber(value: number, type: NumberType): number | PSNumber {
  return impliedNumberType(value) === type ? value : new PSNumber(value, type);
}

/** Whether a value is a number (plain or boxed). */
export function isNumber(v: unknown): v is number | PSNumber {
  return typeof v === 'number' || v instanceof PSNumber;
}

/** The JS number of a plain or boxed number; anything else is returned unchanged. */
export function numberValue<T>(v: T): T extends PSNumber ? number : T {
  return (v instanceof PSNumber ? v.value : v) as T extends PSNumber ? number : T;
}

/** The .NET type of a number, plain or boxed. */
export function numberType(v: number | PSNumber): NumberType {
  return v instanceof PSNumber ? v.type : impliedNumberType(v);
}

/** A value with plain JS numbers for code outside the language (cmdlets, the engine): a boxed
 *  number unwrapped, an array holding some as a copy (`copyArray` keeps its .NET type). */
export function plainNumbers(v: unknown, copyArray: (items: unknown[], from: unknown[]) => unknown[]): unknown {
  if (v instanceof PSNumber) return v.value;
  if (Array.isArray(v) && v.some((x) => x instanceof PSNumber)) return copyArray(v.map((x) => (x instanceof PSNumber ? x.value : x)), v);
  return v;
}

/** The integer range of the types whose values can pass 2^53 (Decimal: its 96-bit integers). */
const EXACT_RANGES: Partial<Record<NumberType, [bigint, bigint]>> = {
  'System.Int64': [-(2n ** 63n), 2n ** 63n - 1n],
  'System.UInt64': [0n, 2n ** 64n - 1n],
  'System.Decimal': [-(2n ** 96n - 1n), 2n ** 96n - 1n],
};

/** The exact integer range of Int64, UInt64 and Decimal (`MaxValue`, `MinValue`); undefined for others. */
export function exactRange(type: NumberType): readonly [bigint, bigint] | undefined {
  return EXACT_RANGES[type];
}

/** A number of `type` (Int64, UInt64, Decimal) from its exact integer value, keeping the exact
 *  value past 2^53; null when it is outside the type's range. */
export function exactNumber(big: bigint, type: NumberType): number | PSNumber | null {
  const range = EXACT_RANGES[type];
  if (range && (big < range[0] || big > range[1])) return null;
  const n = Number(big);
  return Number.isSafeInteger(n) ? boxNumber(n, type) : new PSNumber(n, type, big);
}

/** An Int64 from its exact value; null when it is outside the Int64 range. */
export function int64(big: bigint): number | PSNumber | null {
  return exactNumber(big, 'System.Int64');
}

/** The exact integer a number holds (its `big`, or an integral double's value); null otherwise. */
export function exactInteger(v: unknown): bigint | null {
  if (v instanceof PSNumber) {
    if (v.big === undefined) return Number.isInteger(v.value) ? BigInt(v.value) : null;
    if (v.scale === 0) return v.big;
    const unit = 10n ** BigInt(v.scale);
    return v.big % unit === 0n ? v.big / unit : null;
  }
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return null;
}
