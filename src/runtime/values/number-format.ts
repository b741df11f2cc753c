// .NET number formatting in the invariant/en-US culture: the default string form PowerShell gives
// doubles (15 significant digits, so `0.1+0.2` is `0.3`), the standard format strings (`N2`, `D3`,
// `X`, `P`, `F`, `E`, `C`, `G`, `R`) and custom patterns (`0.00`, `#,##0`, `0%`), as used by `-f`,
// `.ToString(fmt)` and `[string]::Format`.
import type { PSNumber } from './ps-number.ts';
import { decimalText } from './decimal.ts';

/** .NET's exponent notation: `E+15`, `E-05` (at least two digits). */
function dotnetExponent(text: string, minDigits = 2, upper = true): string {
  return text.replace(/e([+-])(\d+)/i, (_m, sign: string, digits: string) => (upper ? 'E' : 'e') + sign + digits.padStart(minDigits, '0'));
}

/** General ("G") formatting with `precision` significant digits. */
export function formatGeneral(n: number, precision: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return '0';
  // Work on the digits so rounding never overflows (Double.MaxValue stays finite).
  const [mant, e] = Math.abs(n).toExponential(precision - 1).split('e');
  const exp = Number(e);
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  const sign = n < 0 ? '-' : '';
  if (exp >= precision || exp <= -5) {
    const m = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    return sign + m + 'E' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(2, '0');
  }
  if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return sign + intPart + (frac ? '.' + frac : '');
}

/** How the current culture (en-US; .NET Core reads ICU) writes a non-finite double: `∞`, `-∞`, `NaN`,
 *  whatever the format string; null for a finite number. The invariant culture that string
 *  conversion uses writes `Infinity` instead (see formatGeneral), so both forms exist in PowerShell 7. */
export function cultureNonFinite(n: number): string | null {
  if (Number.isFinite(n)) return null;
  return Number.isNaN(n) ? 'NaN' : n > 0 ? '\u221e' : '-\u221e';
}

/** The string PowerShell makes of a number (interpolation, `[string]` casts: the invariant culture). */
export function formatNumberDefault(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return Object.is(n, -0) ? '0' : String(n);
  return formatGeneral(n, 15);
}

/** The string form of a number whose .NET type is not the one its value implies: a Double prints as
 *  .NET does (15 significant digits, `1E+15`), a Single with 7, integer types as integers. */
export function formatTypedNumber(n: PSNumber): string {
  if (n.big !== undefined) return decimalText(n.big, n.scale ?? 0);
  // an integer type prints all its digits, also past 2^53 (`[long]1e18`)
  if ((n.type === 'System.Int64' || n.type === 'System.UInt64') && Number.isInteger(n.value)) return BigInt(n.value).toString();
  // so does an integral decimal (`1e20d` is 100000000000000000000), within Decimal's 29 digits
  if (n.type === 'System.Decimal' && Number.isInteger(n.value) && Math.abs(n.value) < 1e29) return BigInt(n.value).toString();
  if (n.type === 'System.Double') return formatGeneral(n.value, 15);
  if (n.type === 'System.Single') return formatGeneral(n.value, 7);
  return formatNumberDefault(n.value);
}

/** `.ToString()` on a double: the shortest round-trip form (.NET Core 3.0+). */
export function formatRoundTrip(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < 15 && exp > -5) {
    const s = String(n);
    return s.includes('e') ? n.toFixed(20).replace(/\.?0+$/, '') : s;
  }
  return dotnetExponent(n.toExponential().replace(/\.?0*e/, 'e').replace('e', 'E'));
}

function groupThousands(intDigits: string): string {
  return intDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fixed(n: number, decimals: number): string {
  const abs = Math.abs(n);
  const s = abs >= 1e21 ? BigInt(Math.round(abs)).toString() + (decimals ? '.' + '0'.repeat(decimals) : '') : abs.toFixed(Math.min(decimals, 100));
  return s;
}

/** Applies a standard .NET numeric format (`N2`, `X8` …); returns null when `spec` is not one. */
function formatStandard(n: number, spec: string): string | null {
  const m = /^([CcDdEeFfGgNnPpRrXx])(\d{0,2})$/.exec(spec);
  if (!m) return null;
  const kind = m[1];
  const prec = m[2] === '' ? null : Number(m[2]);
  const neg = n < 0 || Object.is(n, -0);
  const sign = (s: string) => (neg && /[1-9]/.test(s) ? '-' + s : s);
  switch (kind.toUpperCase()) {
    case 'C': {
      const s = groupThousandsFixed(Math.abs(n), prec ?? 2);
      return neg && /[1-9]/.test(s) ? '-$' + s : '$' + s;
    }
    case 'D': {
      if (!Number.isInteger(n)) throw new FormatError();
      return sign(String(Math.abs(n)).padStart(prec ?? 0, '0'));
    }
    case 'E': {
      const s = Math.abs(n).toExponential(prec ?? 6);
      const out = s.replace(/e([+-])(\d+)/, (_x, sg: string, d: string) => (kind === 'E' ? 'E' : 'e') + sg + d.padStart(3, '0'));
      return sign(out);
    }
    case 'F':
      return sign(fixed(n, prec ?? 2));
    case 'N':
      return sign(groupThousandsFixed(Math.abs(n), prec ?? 2));
    case 'G': {
      const out = prec ? formatGeneral(n, prec) : formatNumberDefault(n) === String(n) ? String(n) : formatRoundTrip(n);
      return kind === 'g' ? out.replace('E', 'e') : out;
    }
    case 'R':
      return formatRoundTrip(n);
    case 'P':
      return sign(groupThousandsFixed(Math.abs(n) * 100, prec ?? 2)) + '%';
    case 'X': {
      if (!Number.isInteger(n)) throw new FormatError();
      let v = n;
      if (v < 0) v = v >= -2147483648 ? v + 0x100000000 : Number(BigInt.asUintN(64, BigInt(v)));
      const hex = v.toString(16);
      return (kind === 'X' ? hex.toUpperCase() : hex).padStart(prec ?? 0, '0');
    }
  }
  return null;
}

function groupThousandsFixed(abs: number, decimals: number): string {
  const s = fixed(abs, decimals);
  const [i, f] = s.split('.');
  return groupThousands(i) + (f ? '.' + f : '');
}

/** Thrown for a format string that does not fit the value; callers turn it into a script error. */
export class FormatError extends Error {
  constructor() {
    super('Format specifier was invalid.');
  }
}

/** Custom numeric formats: `0`, `#`, `.`, `,` (grouping / scaling), `%`, `'literal'`, `\x`, `;` sections. */
function formatCustom(n: number, pattern: string): string {
  const sections = splitSections(pattern);
  let section = sections[0];
  let value = n;
  if (n < 0 && sections.length > 1) {
    section = sections[1];
    value = -n;
  } else if (n === 0 && sections.length > 2) {
    section = sections[2];
  }
  // Tokenise into literal runs and the number placeholder region.
  let percent = 0;
  let intPart = '';
  let fracPart = '';
  let seenDot = false;
  let grouping = false;
  let inNumber = false;
  let exponent: string | null = null;
  const prefix: string[] = [];
  const suffix: string[] = [];
  let scaleCommas = 0;
  for (let i = 0; i < section.length; i++) {
    const c = section[i];
    const target = inNumber || intPart || fracPart ? suffix : prefix;
    if (c === '0' || c === '#') {
      if (suffix.length && (intPart || fracPart)) {
        // digits after a literal in the middle: treat as part of the number anyway
      }
      inNumber = true;
      if (seenDot) fracPart += c;
      else intPart += c;
      continue;
    }
    if (c === '.' && !seenDot) {
      seenDot = true;
      inNumber = true;
      continue;
    }
    if (c === ',') {
      if (inNumber && !seenDot) {
        // A comma right before the decimal point (or end) scales by 1000; elsewhere it groups.
        const next = section[i + 1];
        if (next === '0' || next === '#') grouping = true;
        else scaleCommas++;
      }
      continue;
    }
    if ((c === 'E' || c === 'e') && inNumber && /^[+-]?0+/.test(section.slice(i + 1))) {
      const m = /^([+-]?)(0+)/.exec(section.slice(i + 1))!;
      exponent = c + m[1] + m[2];
      i += m[0].length;
      continue;
    }
    if (c === '%') {
      percent++;
      target.push('%');
      continue;
    }
    if (c === '\\' && i + 1 < section.length) {
      target.push(section[++i]);
      continue;
    }
    if (c === "'" || c === '"') {
      const end = section.indexOf(c, i + 1);
      const lit = section.slice(i + 1, end < 0 ? undefined : end);
      target.push(lit);
      i = end < 0 ? section.length : end;
      continue;
    }
    target.push(c);
  }
  value = value * Math.pow(100, percent) / Math.pow(1000, scaleCommas);
  const neg = value < 0;
  let abs = Math.abs(value);
  let expText = '';
  if (exponent) {
    const e = abs === 0 ? 0 : Math.floor(Math.log10(abs)) - (intPart.length - 1);
    abs = abs / Math.pow(10, e);
    const digits = exponent.replace(/^[Ee][+-]?/, '').length;
    const signChar = e < 0 ? '-' : exponent[1] === '+' ? '+' : '';
    expText = exponent[0] + signChar + String(Math.abs(e)).padStart(digits, '0');
  }
  const minFrac = fracPart.replace(/#/g, '').length;
  const maxFrac = fracPart.length;
  let s = abs.toFixed(maxFrac);
  let [ip, fp = ''] = s.split('.');
  while (fp.length > minFrac && fp.endsWith('0')) fp = fp.slice(0, -1);
  const minInt = intPart.includes('0') ? intPart.length - intPart.indexOf('0') : 0;
  if (ip === '0' && minInt === 0) ip = '';
  ip = ip.padStart(minInt, '0');
  if (grouping) ip = groupThousands(ip);
  const body = ip + (fp ? '.' + fp : '') + expText;
  const showMinus = neg && sections.length === 1 && /[1-9]/.test(body);
  return (showMinus ? '-' : '') + prefix.join('') + body + suffix.join('');
}

function splitSections(pattern: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (quote) {
      if (c === quote) quote = null;
      cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      cur += c;
    } else if (c === '\\') {
      cur += c + (pattern[++i] ?? '');
    } else if (c === ';') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** `n.ToString(format)` / `{0:format}` for a number. */
export function formatNumber(n: number, format: string): string {
  if (format === '') return formatNumberDefault(n);
  const std = formatStandard(n, format);
  if (std !== null) return std;
  return formatCustom(n, format);
}
