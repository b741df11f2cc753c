// Exact decimals (values/decimal.ts) at their edges: rounding half to even when the scale passes 28
// or the mantissa 96 bits, division digits, doubles through 15 digits, parsing decimal text.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decimalArithmetic, decimalOf, decimalText, makeDecimal, parseDecimal } from '../../../src/runtime/values/decimal.ts';

const text = (d: ReturnType<typeof makeDecimal>) => (d ? decimalText(d.big!, d.scale) : 'overflow');
const dec = (s: string) => parseDecimal(s)!;

test('scale past 28 and mantissa past 96 bits round half to even', () => {
  assert.is(text(makeDecimal(25n, 29)), '0.0000000000000000000000000002');
  assert.is(text(makeDecimal(35n, 29)), '0.0000000000000000000000000004');
  assert.is(text(makeDecimal(2n ** 96n * 10n + 5n, 1)), 'overflow');
  assert.is(text(decimalArithmetic('*', dec('79228162514264337593543950335'), dec('0.1'))), '7922816251426433759354395033.5');
});

test('division: shortest exact quotient, else as many digits as fit', () => {
  assert.is(text(decimalArithmetic('/', dec('1'), dec('8'))), '0.125');
  assert.is(text(decimalArithmetic('/', dec('2'), dec('3'))), '0.6666666666666666666666666667');
  assert.is(text(decimalArithmetic('/', dec('-2'), dec('3'))), '-0.6666666666666666666666666667');
  assert.is(text(decimalArithmetic('/', dec('1000000'), dec('3'))), '333333.33333333333333333333333');
  assert.is(decimalArithmetic('/', dec('1'), dec('0')), null);
});

test('doubles convert through 15 significant digits; decimal text digit for digit', () => {
  assert.equal(decimalOf(0.1 + 0.2), { m: 3n, s: 1 });
  assert.equal(decimalOf(1 / 3), { m: 333333333333333n, s: 15 });
  assert.equal(decimalOf(Infinity), null);
  assert.equal(parseDecimal(' -1.50 '), { m: -150n, s: 2 });
  assert.equal(parseDecimal('1.5e-3'), { m: 15n, s: 4 });
  assert.equal(parseDecimal('.'), null);
  assert.equal(parseDecimal('1,5'), null);
});

test.run();
