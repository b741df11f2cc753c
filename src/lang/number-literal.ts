// Number literals as PowerShell reads them: decimal, hex, binary (`0b1010`), fraction and exponent,
// the type suffixes (`l` long, `d` decimal, `u` uint, `ul` ulong, `s` short, `us` ushort, `y` sbyte,
// `uy` byte, `n` bigint; values stay JS numbers) and the `KB MB GB TB PB` multipliers. The lexer uses it to decide
// whether a word is a number at all (`1MB` is, `10m` is not) and the AST builder for its value.

export interface NumberValue {
  value: number;
  numberType: 'int' | 'long' | 'double' | 'decimal';
  /** A long's exact value when it is beyond 2^53 (a double cannot hold it); a decimal's mantissa. */
  big?: bigint;
  /** A decimal's digits after the point (`1.50d`: big 150, scale 2). */
  scale?: number;
}

const INT_MAX = 2 ** 31 - 1;
const LONG_MAX = 2 ** 63 - 1;
const DECIMAL_MAX = 2n ** 96n - 1n;
const MULTIPLIERS: Record<string, number> = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40, pb: 2 ** 50 };

const HEX = /^(-?)0x([0-9a-f]+)(l|ul|u|us|s|uy|y|n)?(kb|mb|gb|tb|pb)?$/i;
const BIN = /^(-?)0b([01]+)(l|ul|u|us|s|uy|y|n)?(kb|mb|gb|tb|pb)?$/i;
const DEC = /^(-?)(\d+(?:\.\d+)?|\.\d+)(e[+-]?\d+)?(ul|us|uy|[ldusyn])?(kb|mb|gb|tb|pb)?$/i;

/** The value of a complete literal (optionally with a leading `-`, as argument mode allows), or
 *  null when the text is not a number. */
export function parseNumberLiteral(text: string): NumberValue | null {
  const bin = BIN.exec(text);
  if (bin) {
    const value = parseInt(bin[2]!, 2);
    return scale(bin[1] ? -value : value, bin[3] || value > INT_MAX ? 'long' : 'int', bin[4]);
  }
  const hex = HEX.exec(text);
  if (hex) {
    let value = parseInt(hex[2]!, 16);
    let numberType: NumberValue['numberType'] = 'int';
    if (hex[3]) numberType = 'long';
    else if (value > 0xffffffff) numberType = 'long';
    else if (value > INT_MAX) value -= 2 ** 32; // PowerShell reads 0xFFFFFFFF as the int -1
    return scale(hex[1] ? -value : value, numberType, hex[4]);
  }
  const dec = DEC.exec(text);
  if (!dec) return null;
  const body = dec[2]!;
  const isFraction = body.includes('.') || dec[3] !== undefined;
  let value = Number(body + (dec[3] ?? ''));
  if (dec[1]) value = -value;
  const suffix = dec[4]?.toLowerCase();
  let numberType: NumberValue['numberType'];
  if (suffix === 'd') numberType = 'decimal';
  else if (suffix !== undefined) {
    // Integer suffixes need an integral value (1.5l is no number; 1.0l is 1).
    if (isFraction && !Number.isInteger(value)) return null;
    numberType = suffix === 'l' || suffix === 'ul' || suffix === 'n' ? 'long' : 'int';
  } else if (isFraction) numberType = 'double';
  else if (Math.abs(value) <= INT_MAX) numberType = 'int';
  else if (Math.abs(value) <= LONG_MAX) numberType = 'long';
  else numberType = 'double';
  const result = scale(value, numberType, dec[5]);
  if (suffix === 'd') return Object.assign(result, decimalParts(body, dec[1], dec[3], dec[5]));
  const integral = !isFraction && (result.numberType === 'long' || (result.numberType === 'double' && !suffix));
  if (integral && !Number.isSafeInteger(result.value)) {
    const big = BigInt((dec[1] ?? '') + body) * BigInt(dec[5] ? MULTIPLIERS[dec[5].toLowerCase()]! : 1);
    // past Int64 PowerShell's tokenizer tries Decimal (its 96-bit integers), then Double
    if (big <= 2n ** 63n - 1n && big >= -(2n ** 63n)) result.big = big;
    else if (!suffix && big <= DECIMAL_MAX && big >= -DECIMAL_MAX) {
      result.numberType = 'decimal';
      result.big = big;
    } else result.numberType = 'double';
  }
  return result;
}

/** A decimal literal's exact mantissa and scale, as decimal.TryParse reads it (`1.50d`, `1e3d`). */
function decimalParts(body: string, sign: string | undefined, exponent: string | undefined, multiplier: string | undefined): { big: bigint; scale: number } {
  const [whole, frac = ''] = body.split('.');
  let big = BigInt((whole || '0') + frac) * BigInt(multiplier ? MULTIPLIERS[multiplier.toLowerCase()]! : 1);
  if (sign) big = -big;
  let s = frac.length - (exponent ? Number(exponent.slice(1)) : 0);
  if (s < 0) {
    big *= 10n ** BigInt(-s);
    s = 0;
  }
  return { big, scale: s };
}

function scale(value: number, numberType: NumberValue['numberType'], multiplier: string | undefined): NumberValue {
  if (!multiplier) return { value, numberType };
  const scaled = value * MULTIPLIERS[multiplier.toLowerCase()]!;
  if (numberType === 'int' && Math.abs(scaled) > INT_MAX) numberType = 'long';
  return { value: scaled, numberType };
}
