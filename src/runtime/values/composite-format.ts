// .NET composite formatting (`String.Format`): `{index[,alignment][:format]}` items with `{{`/`}}`
// escapes. Backs the `-f` operator and `[string]::Format`; each value is formatted by its own type's
// ToString(format) rules (numbers, dates, time spans), like .NET does.

import { PSException } from '../error-record.ts';
import { formatNumber, formatRoundTrip, FormatError, cultureNonFinite } from './number-format.ts';
import { formatDate, formatTimeSpan } from './date-format.ts';
import { PSDateTime } from './date-time.ts';
import { TimeSpan } from './time-span.ts';
import { toStringValue } from './convert.ts';
import { arrayTypeName } from './type-names.ts';
import { PSNumber } from './ps-number.ts';

/** `value.ToString(format)` as .NET would do it for the value's type. */
export function formatValue(v: unknown, format: string): string {
  if (v === null || v === undefined) return '';
  if (v instanceof PSNumber) {
    // A double's own ToString() is the shortest round-trip form (`1E+15`, `5`).
    if (format === '' && Number.isFinite(v.value)) return v.type === 'System.Double' ? formatRoundTrip(v.value) : toStringValue(v);
    v = v.value;
  }
  if (typeof v === 'number') {
    // .NET formats in the current culture (`-f`, ToString()), which checks for infinity and NaN before
    // it reads the format string, so even `{0:N2}` gives `∞`.
    const symbol = cultureNonFinite(v);
    if (symbol !== null) return symbol;
    if (format === '') return Number.isInteger(v) ? toStringValue(v) : formatRoundTrip(v);
    try {
      return formatNumber(v, format);
    } catch (e) {
      if (e instanceof FormatError) throw new PSException('Format specifier was invalid.', 'System.FormatException');
      throw e;
    }
  }
  if (v instanceof PSDateTime) return formatDate(v, format);
  if (v instanceof Date) return formatDate(PSDateTime.fromDate(v), format);
  if (v instanceof TimeSpan) return formatTimeSpan(v, format);
  if (Array.isArray(v)) return arrayTypeName(v);
  return toStringValue(v);
}

function formatError(): PSException {
  return new PSException(
    'Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..',
    'System.FormatException',
  );
}

export function formatComposite(format: string, args: unknown[]): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '{') {
      if (format[i + 1] === '{') {
        out += '{';
        i++;
        continue;
      }
      const close = format.indexOf('}', i);
      if (close < 0) throw new PSException('Error formatting a string: Input string was not in a correct format..', 'System.FormatException');
      const item = format.slice(i + 1, close);
      const m = /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(item);
      if (!m) throw new PSException('Error formatting a string: Input string was not in a correct format..', 'System.FormatException');
      const index = Number(m[1]);
      if (index >= args.length) throw formatError();
      let text: string;
      try {
        text = formatValue(args[index], m[3] ?? '');
      } catch (e) {
        if (e instanceof PSException && e.typeName === 'System.FormatException') throw new PSException(`Error formatting a string: ${e.message}.`, 'System.FormatException');
        throw e;
      }
      if (m[2]) {
        const width = Number(m[2]);
        text = width < 0 ? text.padEnd(-width) : text.padStart(width);
      }
      out += text;
      i = close;
    } else if (c === '}') {
      if (format[i + 1] === '}') i++;
      out += '}';
    } else out += c;
  }
  return out;
}
