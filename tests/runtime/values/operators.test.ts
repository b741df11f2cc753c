// Operators follow PowerShell: the left operand decides, comparisons filter arrays, text operators
// use .NET regex semantics.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { binaryOperator, unaryOperator } from '../../../src/runtime/operators/index.ts';
import { toStringValue } from '../../../src/runtime/values/convert.ts';
import { PSHashtable } from '../../../src/runtime/values/hashtable.ts';
import { PSDateTime } from '../../../src/runtime/values/date-time.ts';
import { TimeSpan } from '../../../src/runtime/values/time-span.ts';
import { TypeValue } from '../../../src/runtime/values/type-value.ts';

const op = (o: string, l: unknown, r: unknown) => binaryOperator(o, l, r);

test('arithmetic: left operand decides', () => {
  assert.is(op('+', 'a', 1), 'a1');
  assert.is(op('+', 1, '2'), 3);
  assert.is(op('*', 'ab', 3), 'ababab');
  assert.equal(op('+', [1, 2], 3), [1, 2, 3]);
  assert.equal(op('*', [1, 2], 2), [1, 2, 1, 2]);
  assert.is(op('/', 5, 2), 2.5);
  assert.is(op('/', 4, 2), 2);
  assert.is(op('%', -7, 3), -1);
  assert.is(op('+', null, 5), 5);
  assert.throws(() => op('/', 1, 0), /^Attempted to divide by zero\.$/);
  assert.throws(() => op('+', 1, 'x'), /Cannot convert value "x" to type "System.Int32"/);
});

test('hashtable addition merges and rejects duplicates', () => {
  const a = PSHashtable.from([['a', 1]]);
  const b = PSHashtable.from([['b', 2]]);
  const c = op('+', a, b) as PSHashtable;
  assert.equal(c.keys(), ['a', 'b']);
  assert.throws(() => op('+', a, PSHashtable.from([['A', 3]])), /Item has already been added/);
});

test('dates and time spans', () => {
  const d = PSDateTime.fromParts(2024, 1, 31);
  const later = op('+', d, TimeSpan.fromParts(1, 0, 0, 0)) as PSDateTime;
  assert.is(later.Month, 2);
  const diff = op('-', later, d) as TimeSpan;
  assert.is(diff.TotalHours, 24);
});

test('comparisons are case-insensitive and filter arrays', () => {
  assert.is(op('-eq', 'ABC', 'abc'), true);
  assert.is(op('-ceq', 'ABC', 'abc'), false);
  assert.equal(op('-gt', [1, 2, 3], 1), [2, 3]);
  assert.equal(op('-eq', [1, null, 2], null), [null]);
  assert.is(op('-eq', null, 0), false);
  assert.is(op('-eq', 1, '1.0'), true);
  assert.is(op('-eq', 1, 'abc'), false);
  assert.is(op('-lt', 'a', 'B'), true);
  assert.is(op('-lt', null, 1), true);
  assert.is(op('-contains', [1, 2, 3], '2'), true);
  assert.is(op('-in', 'B', ['a', 'b']), true);
  assert.is(op('-notin', 'c', ['a', 'b']), true);
});

test('wildcards and regex', () => {
  assert.is(op('-like', 'Hello', 'h*o'), true);
  assert.is(op('-like', 'file1.txt', 'file[0-9].???'), true);
  assert.is(op('-notlike', 'abc', 'a?'), true);
  let matches: PSHashtable | null = null;
  const r = binaryOperator('-match', 'key=value', '(?<k>\\w+)=(\\w+)', undefined, { setMatches: (m) => (matches = m) });
  assert.is(r, true);
  assert.ok(matches);
  const m = matches as unknown as PSHashtable;
  assert.is(m.get('k'), 'key');
  assert.is(m.get(0), 'key=value');
  assert.equal(op('-match', ['apple', 'banana', 'cherry'], 'an'), ['banana']);
});

test('replace, split, join, format', () => {
  assert.is(op('-replace', 'hello world', ['(\\w+) (\\w+)', '$2 $1']), 'world hello');
  assert.is(op('-replace', 'aAa', 'a'), '');
  assert.is(op('-creplace', 'aAa', 'a'), 'A');
  assert.equal(op('-split', 'a,b,,c', ','), ['a', 'b', '', 'c']);
  assert.equal(op('-split', 'a1b2c3d', ['\\d', 2]), ['a', 'b2c3d']);
  assert.equal(op('-split', 'a.b', ['.', 0, 'SimpleMatch']), ['a', 'b']);
  assert.equal(op('-split', 'a-b', '(-)'), ['a', '-', 'b']);
  assert.equal(unaryOperator('-split', '  one two  three '), ['one', 'two', 'three']);
  assert.is(op('-join', [1, 2, 3], ', '), '1, 2, 3');
  assert.is(unaryOperator('-join', ['a', 'b']), 'ab');
  assert.is(op('-f', '{0:N2}|{1,5}|{1,-5}|{2:D3}|{3:X}|{3:x4}', [1234.567, 'ab', 7, 255]), '1,234.57|   ab|ab   |007|FF|00ff');
  assert.is(op('-f', '{0:P1} {0:F3} {1:0.00} {2:#,##0}', [0.256, 3.14159, 1234567]), '25.6% 0.256 3.14 1,234,567');
  assert.is(op('-f', '{{{0}}}', ['x']), '{x}');
  assert.is(op('-f', '{0:yyyy-MM-dd HH:mm}', [PSDateTime.fromParts(2024, 3, 5, 14, 7)]), '2024-03-05 14:07');
  assert.throws(() => op('-f', '{1}', ['a']), /Index \(zero based\)/);
});

test('ranges, types, bitwise, null-coalescing', () => {
  assert.equal(op('..', 1, 4), [1, 2, 3, 4]);
  assert.equal(op('..', 3, 1), [3, 2, 1]);
  assert.is(toStringValue(op('..', 'a', 'c')), 'a b c');
  assert.is(op('-is', 5, new TypeValue('System.Int32')), true);
  assert.is(op('-isnot', 'x', 'int'), true);
  assert.is(op('-as', '12', 'int'), 12);
  assert.is(op('-as', 'x', 'int'), null);
  assert.is(op('-band', 6, 3), 2);
  assert.is(op('-bor', 4, 1), 5);
  assert.is(op('-bxor', 5, 1), 4);
  assert.is(op('-shl', 1, 4), 16);
  assert.is(op('-shr', 256, 4), 16);
  assert.is(op('??', null, 'd'), 'd');
  assert.is(unaryOperator('-not', 0), true);
  assert.is(unaryOperator('-bnot', 0), -1);
  assert.is(unaryOperator('-', '5'), -5);
});

test.run();
