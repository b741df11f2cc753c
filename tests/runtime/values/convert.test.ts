// Conversions follow PowerShell's LanguagePrimitives: truthiness, string forms, casts and their errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toBoolean, toStringValue, convertTo, enumerate, toNumber } from '../../../src/runtime/values/convert.ts';
import { PSHashtable } from '../../../src/runtime/values/hashtable.ts';
import { PSObject } from '../../../src/runtime/values/ps-object.ts';
import { PSChar } from '../../../src/runtime/values/ps-char.ts';
import { PSDateTime } from '../../../src/runtime/values/date-time.ts';
import { TimeSpan } from '../../../src/runtime/values/time-span.ts';
import { typeNameOf, isInstanceOf } from '../../../src/runtime/values/type-names.ts';

test('truthiness of arrays, strings and numbers', () => {
  assert.is(toBoolean([]), false);
  assert.is(toBoolean([0]), false);
  assert.is(toBoolean([0, 0]), true);
  assert.is(toBoolean('0'), true);
  assert.is(toBoolean('False'), true);
  assert.is(toBoolean(''), false);
  assert.is(toBoolean(null), false);
  assert.is(toBoolean(0.0), false);
  assert.is(toBoolean(new PSHashtable()), true);
});

test('string forms', () => {
  assert.is(toStringValue(true), 'True');
  assert.is(toStringValue([1, 2, 3]), '1 2 3');
  assert.is(toStringValue([1, [2, 3]]), '1 System.Object[]');
  assert.is(toStringValue(0.1 + 0.2), '0.3');
  assert.is(toStringValue(1 / 3), '0.333333333333333');
  assert.is(toStringValue(1e20), '1E+20');
  assert.is(toStringValue(0.00001), '1E-05');
  assert.is(toStringValue(10737418240), '10737418240');
  assert.is(toStringValue(null), '');
  assert.is(toStringValue(PSObject.from([['a', 1], ['b', 'x']])), '@{a=1; b=x}');
  assert.is(toStringValue(new PSHashtable()), 'System.Collections.Hashtable');
  assert.is(toStringValue(PSDateTime.fromParts(2024, 3, 5, 14, 7, 9)), '03/05/2024 14:07:09');
  assert.is(toStringValue(TimeSpan.fromParts(1, 2, 3, 4)), '1.02:03:04');
});

test('integer casts round half to even and check range', () => {
  assert.is(convertTo(2.5, 'int'), 2);
  assert.is(convertTo(3.5, 'int'), 4);
  assert.is(convertTo(-2.5, 'int'), -2);
  assert.is(convertTo('42', 'int'), 42);
  assert.is(convertTo(' 0x1F ', 'int'), 31);
  assert.is(convertTo('1kb', 'int'), 1024);
  assert.is(convertTo(null, 'int'), 0);
  assert.throws(() => convertTo('abc', 'int'), /Cannot convert value "abc" to type "System.Int32". Error: "The input string 'abc' was not in a correct format."/);
  assert.throws(() => convertTo(3e9, 'int'), /too large or too small for an Int32/);
  assert.is(convertTo(3e9, 'long'), 3e9);
});

test('char, array and collection casts', () => {
  const c = convertTo(65, 'char');
  assert.instance(c, PSChar);
  assert.is(String(c), 'A');
  assert.is(convertTo(PSChar.of('a'), 'int'), 97);
  assert.throws(() => convertTo('ab', 'char'), /exactly one character/);
  const arr = convertTo(['1', '2'], 'int[]') as unknown[];
  assert.equal(arr, [1, 2]);
  assert.is(typeNameOf(arr), 'System.Int32[]');
  assert.equal(convertTo(5, 'string[]'), ['5']);
  const list = convertTo([], 'System.Collections.Generic.List[string]') as unknown[];
  assert.is(typeNameOf(list), 'System.Collections.Generic.List[System.String]');
});

test('hashtable to pscustomobject keeps order', () => {
  const h = PSHashtable.from([['Name', 'x'], ['Size', 3]]);
  const o = convertTo(h, 'pscustomobject') as PSObject;
  assert.instance(o, PSObject);
  assert.equal(o.propertyNames(), ['Name', 'Size']);
  const ord = convertTo(h, 'ordered') as PSHashtable;
  assert.is(ord.ordered, true);
  assert.is(typeNameOf(ord), 'System.Collections.Specialized.OrderedDictionary');
});

test('dates and time spans parse', () => {
  const d = convertTo('2024-01-15', 'datetime') as PSDateTime;
  assert.is(d.Year, 2024);
  assert.is(String(d.DayOfWeek), 'Monday');
  const d2 = convertTo('1/15/2024 3:04 PM', 'datetime') as PSDateTime;
  assert.is(d2.Hour, 15);
  const t = convertTo('01:30:00', 'timespan') as TimeSpan;
  assert.is(t.TotalMinutes, 90);
  assert.throws(() => convertTo('nope', 'datetime'), /was not recognized as a valid DateTime/);
});

test('types of values', () => {
  assert.is(typeNameOf(5), 'System.Int32');
  assert.is(typeNameOf(5.5), 'System.Double');
  assert.is(typeNameOf(2 ** 40), 'System.Int64');
  assert.is(typeNameOf('s'), 'System.String');
  assert.is(typeNameOf([1]), 'System.Object[]');
  assert.is(isInstanceOf(5, 'int'), true);
  assert.is(isInstanceOf(5, 'string'), false);
  assert.is(isInstanceOf([1], 'array'), true);
  assert.is(isInstanceOf(new PSHashtable(), 'hashtable'), true);
  assert.is(isInstanceOf(PSObject.from([]), 'pscustomobject'), true);
});

test('enumeration unrolls arrays only', () => {
  assert.equal(enumerate([1, 2]), [1, 2]);
  assert.equal(enumerate('ab'), ['ab']);
  const h = new PSHashtable();
  assert.equal(enumerate(h), [h]);
  assert.is(toNumber(true), 1);
});

test.run();
