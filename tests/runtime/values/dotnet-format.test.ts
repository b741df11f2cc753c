// .NET number and date formatting as PowerShell 7 (en-US) shows it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatNumber, formatNumberDefault, formatRoundTrip, formatGeneral, formatTypedNumber } from '../../../src/runtime/values/number-format.ts';
import { PSNumber } from '../../../src/runtime/values/ps-number.ts';
import { formatDate, formatTimeSpan } from '../../../src/runtime/values/date-format.ts';
import { PSDateTime } from '../../../src/runtime/values/date-time.ts';
import { TimeSpan } from '../../../src/runtime/values/time-span.ts';

test('default number strings: 15 significant digits, .NET exponents', () => {
  assert.is(formatNumberDefault(0.1 + 0.2), '0.3');
  assert.is(formatNumberDefault(2 / 3), '0.666666666666667');
  assert.is(formatNumberDefault(1.5e-7), '1.5E-07');
  assert.is(formatNumberDefault(0.0001), '0.0001');
  assert.is(formatNumberDefault(Number.MAX_VALUE), '1.79769313486232E+308');
  assert.is(formatNumberDefault(-0), '0');
  // a double at 2^63 is a Double ([long]::MaxValue + 1); Int64s keep their digits (formatTypedNumber)
  assert.is(formatNumberDefault(9223372036854775807), '9.22337203685478E+18');
  assert.is(formatTypedNumber(new PSNumber(9223372036854775807, 'System.Int64', 2n ** 63n - 1n)), '9223372036854775807');
  assert.is(formatTypedNumber(new PSNumber(1e18, 'System.Int64')), '1000000000000000000');
  assert.is(formatRoundTrip(0.1 + 0.2), '0.30000000000000004');
  assert.is(formatGeneral(1234.5, 3), '1.23E+03');
});

test('standard numeric formats', () => {
  assert.is(formatNumber(1234.5678, 'N2'), '1,234.57');
  assert.is(formatNumber(-1234.5, 'N0'), '-1,235');
  assert.is(formatNumber(1234.5, 'C'), '$1,234.50');
  assert.is(formatNumber(-5, 'C2'), '-$5.00');
  assert.is(formatNumber(42, 'D5'), '00042');
  assert.is(formatNumber(-42, 'D4'), '-0042');
  assert.is(formatNumber(12345, 'E2'), '1.23E+004');
  assert.is(formatNumber(3.14159, 'F3'), '3.142');
  assert.is(formatNumber(0.256, 'P1'), '25.6%');
  assert.is(formatNumber(255, 'X'), 'FF');
  assert.is(formatNumber(-1, 'X'), 'FFFFFFFF');
  assert.is(formatNumber(2.5, 'F0'), '3');
  assert.throws(() => formatNumber(1.5, 'D2'));
});

test('custom numeric formats', () => {
  assert.is(formatNumber(3.14159, '0.00'), '3.14');
  assert.is(formatNumber(0.5, '#.##'), '.5');
  assert.is(formatNumber(7, '000'), '007');
  assert.is(formatNumber(1234567, '#,##0'), '1,234,567');
  assert.is(formatNumber(0.25, '0%'), '25%');
  assert.is(formatNumber(-3, '0;(0)'), '(3)');
  assert.is(formatNumber(1500000, '#,##0,,M'), '2M');
  assert.is(formatNumber(5, "'#'0"), '#5');
});

test('date formats', () => {
  const d = PSDateTime.fromParts(2024, 3, 5, 14, 7, 9, 45);
  assert.is(formatDate(d, 'yyyy-MM-dd HH:mm:ss.fff'), '2024-03-05 14:07:09.045');
  assert.is(formatDate(d, 'ddd, MMM d yy'), 'Tue, Mar 5 24');
  assert.is(formatDate(d, 'h:mm tt'), '2:07 PM');
  assert.is(formatDate(d, 'd'), '3/5/2024');
  assert.is(formatDate(d, 'D'), 'Tuesday, March 5, 2024');
  assert.is(formatDate(d, 'G'), '3/5/2024 2:07:09 PM');
  assert.is(formatDate(d, 's'), '2024-03-05T14:07:09');
  assert.is(formatDate(d, "'Q'M yyyy"), 'Q3 2024');
  assert.is(formatDate(d, 'MM\\/dd'), '03/05');
});

test('time span formats', () => {
  const t = TimeSpan.fromParts(1, 2, 3, 4, 500);
  assert.is(t.toString(), '1.02:03:04.5000000');
  assert.is(formatTimeSpan(t, 'c'), '1.02:03:04.5000000');
  assert.is(formatTimeSpan(t, 'hh\\:mm\\:ss'), '02:03:04');
  assert.is(formatTimeSpan(t, 'g'), '1:2:03:04.5');
  assert.is(TimeSpan.parse('1:30')?.TotalMinutes, 90);
  assert.is(TimeSpan.parse('25:00'), null);
});

test.run();
