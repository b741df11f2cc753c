// Typed numbers: only a number whose .NET type differs from what its value implies is boxed, and
// arithmetic on them widens as PowerShell's IntOps/LongOps/DoubleOps do.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PSNumber, boxNumber, impliedNumberType, numberType, plainNumbers } from '../../../src/runtime/values/ps-number.ts';
import { add, subtract, multiply, divide, remainder } from '../../../src/runtime/operators/arithmetic.ts';
import { toStringValue, convertTo } from '../../../src/runtime/values/convert.ts';
import { typeNameOf } from '../../../src/runtime/values/type-names.ts';

const dbl = (n: number) => boxNumber(n, 'System.Double');

test('plain numbers imply their type; only differing types are boxed', () => {
  assert.is(impliedNumberType(5), 'System.Int32');
  assert.is(impliedNumberType(3e9), 'System.Int64');
  assert.is(impliedNumberType(2.5), 'System.Double');
  assert.is(boxNumber(2.5, 'System.Double'), 2.5);
  assert.is(boxNumber(7, 'System.Int32'), 7);
  assert.instance(boxNumber(5, 'System.Double'), PSNumber);
  assert.is(typeNameOf(convertTo(5, 'long')), 'System.Int64');
  assert.is(typeNameOf(convertTo('2', 'double')), 'System.Double');
});

test('arithmetic widens: int op double is double, int overflow is double, exact / stays int', () => {
  assert.is(numberType(add(1, dbl(1)) as number), 'System.Double');
  assert.is(numberType(add(2147483647, 1) as number), 'System.Double');
  assert.is(numberType(add(boxNumber(5, 'System.Int64'), 1) as number), 'System.Int64');
  assert.is(divide(10, 2), 5);
  assert.is(divide(10, 4), 2.5);
  assert.is(numberType(divide(10, 2.5) as number), 'System.Double');
  assert.is(numberType(multiply(boxNumber(1, 'System.Decimal'), 2.5) as number), 'System.Decimal');
  assert.is(numberType(subtract(boxNumber(3, 'System.Byte'), 1) as number), 'System.Int32');
  assert.is(remainder(7, 2), 1);
});

test('division by zero: an error for integers, Infinity for doubles', () => {
  assert.throws(() => divide(1, 0), /Attempted to divide by zero/);
  assert.is((divide(dbl(1), 0) as PSNumber | number).valueOf(), Infinity);
});

test('doubles print as .NET prints them', () => {
  assert.is(toStringValue(dbl(1e15)), '1E+15');
  assert.is(toStringValue(dbl(5)), '5');
  assert.is(toStringValue(boxNumber(1e15, 'System.Int64')), '1000000000000000');
});

test('cmdlets get plain numbers, arrays copied with their type', () => {
  assert.is(plainNumbers(dbl(4), (x) => x), 4);
  const from = [dbl(1), 2];
  const seen: unknown[][] = [];
  const out = plainNumbers(from, (items, src) => (seen.push(src), items));
  assert.equal(out, [1, 2]);
  assert.is(seen[0], from);
  assert.instance(from[0], PSNumber);
});

test.run();
