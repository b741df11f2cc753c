// System.Decimal kept exact: a Decimal PSNumber carries its mantissa (`big`) and scale (`scale`,
// digits after the point), its `value` being the nearest double for everything that only needs a
// number. So `1.50d` prints `1.50`, `0.1d + 0.2d -eq 0.3d` holds, and `1d / 3` has .NET's 28 digits.
// The arithmetic follows .NET's decimal: `+`/`-` keep the larger scale, `*` adds scales, `/` gives
// the shortest exact quotient or as many digits as 96 bits hold, rounding half to even; a double
// becomes a decimal through its 15 significant digits, as (decimal)double does.

import { PSNumber } from './ps-number.ts';

export interface DecimalParts {
  m: bigint;
  s: number;
}

const MAX_MANTISSA = 2n ** 96n - 1n;
const MAX_SCALE = 28;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** `m / 10^drop` rounded half to even. */
function roundDigits(m: bigint, drop: number): bigint {
  if (drop <= 0) return m * pow10(-drop);
  const d = pow10(drop);
  const q = m / d;
  const r = m % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > d || (twice === d && q % 2n !== 0n)) return q + (m < 0n ? -1n : 1n);
  return q;
}

/** The decimal's text: `1.50`, `-0.25`, `100`. */
export function decimalText(m: bigint, s: number): string {
  const neg = m < 0n;
  let digits = (neg ? -m : m).toString();
  if (s > 0) {
    digits = digits.padStart(s + 1, '0');
    digits = digits.slice(0, -s) + '.' + digits.slice(-s);
  }
  return (neg ? '-' : '') + digits;
}

/** A Decimal number from its parts, the scale cut to 28 and the mantissa to 96 bits (rounding);
 *  null when the value is beyond Decimal's range. */
export function makeDecimal(m: bigint, s: number): PSNumber | null {
  if (s < 0) {
    m *= pow10(-s);
    s = 0;
  }
  if (s > MAX_SCALE) {
    m = roundDigits(m, s - MAX_SCALE);
    s = MAX_SCALE;
  }
  while ((m > MAX_MANTISSA || m < -MAX_MANTISSA) && s > 0) {
    m = roundDigits(m, 1);
    s--;
  }
  if (m > MAX_MANTISSA || m < -MAX_MANTISSA) return null;
  return new PSNumber(Number(decimalText(m, s)), 'System.Decimal', m, s);
}

/** Decimal text (`1.50`, `-3`, `1e3`, `.5`) as parts; null when it is not one. */
export function parseDecimal(text: string): DecimalParts | null {
  const t = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?\s*$/i.exec(text);
  if (!t || (t[2] === '' && (t[3] ?? '') === '')) return null;
  const frac = t[3] ?? '';
  let m = BigInt((t[2] || '0') + frac);
  if (t[1] === '-') m = -m;
  let s = frac.length - Number(t[4] ?? 0);
  if (s < 0) {
    m *= pow10(-s);
    s = 0;
  }
  return { m, s };
}

/** The exact decimal a number operand stands for: a Decimal's own parts, an integer's value, a
 *  double's 15 significant digits (trailing zeros dropped); null for NaN and infinities. */
export function decimalOf(v: unknown): DecimalParts | null {
  if (v instanceof PSNumber) {
    if (v.big !== undefined) return { m: v.big, s: v.scale };
    v = v.value;
  }
  if (typeof v === 'boolean') return { m: v ? 1n : 0n, s: 0 };
  if (typeof v !== 'number' || !Number.isFinite(v)) return null;
  if (Number.isSafeInteger(v)) return { m: BigInt(v), s: 0 };
  const p = parseDecimal(v.toPrecision(15));
  if (!p) return null;
  // (decimal)double drops the trailing zeros of its 15 digits
  while (p.s > 0 && p.m % 10n === 0n) {
    p.m /= 10n;
    p.s--;
  }
  return p;
}

function aligned(x: DecimalParts, y: DecimalParts): [bigint, bigint, number] {
  const s = Math.max(x.s, y.s);
  return [x.m * pow10(s - x.s), y.m * pow10(s - y.s), s];
}

/** The order of two decimals: negative, zero or positive. */
export function compareDecimals(x: DecimalParts, y: DecimalParts): number {
  const [a, b] = aligned(x, y);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `x op y` in .NET's decimal arithmetic; null when it overflows (or divides by zero: the caller
 *  checks that first). */
export function decimalArithmetic(op: '+' | '-' | '*' | '/' | '%', x: DecimalParts, y: DecimalParts): PSNumber | null {
  switch (op) {
    case '+': { const [a, b, s] = aligned(x, y); return makeDecimal(a + b, s); }
    case '-': { const [a, b, s] = aligned(x, y); return makeDecimal(a - b, s); }
    case '*': return makeDecimal(x.m * y.m, x.s + y.s);
    case '%': { const [a, b, s] = aligned(x, y); return makeDecimal(a % b, s); }
    case '/': {
      if (y.m === 0n) return null;
      // the quotient to 28 places, then the shortest scale that keeps it (exact ones lose their zeros)
      const n = x.m * pow10(y.s + MAX_SCALE);
      const d = y.m * pow10(x.s);
      let q = n / d;
      const r = n % d;
      const twice = (r < 0n ? -r : r) * 2n;
      const dd = d < 0n ? -d : d;
      if (twice > dd || (twice === dd && q % 2n !== 0n)) q += (n < 0n) !== (d < 0n) ? -1n : 1n;
      let s = MAX_SCALE;
      while (s > 0 && q % 10n === 0n) {
        q /= 10n;
        s--;
      }
      return makeDecimal(q, s);
    }
  }
}
