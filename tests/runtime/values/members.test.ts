// Member access: .NET methods on strings, collections, dates; static [math]/[string]/[regex] surface;
// PowerShell intrinsics (.Count on scalars, member enumeration).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getMember, setMember, invokeMethod, invokeStaticMethod, getStaticMember, getIndex, setIndex } from '../../../src/runtime/members/index.ts';
import { PSHashtable } from '../../../src/runtime/values/hashtable.ts';
import { PSObject } from '../../../src/runtime/values/ps-object.ts';
import { PSDateTime } from '../../../src/runtime/values/date-time.ts';
import { TypeValue } from '../../../src/runtime/values/type-value.ts';
import { convertTo, toStringValue } from '../../../src/runtime/values/convert.ts';
import { PSNumber } from '../../../src/runtime/values/ps-number.ts';

/** uvu has no async throws assertion. */
async function rejects(fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await fn();
  } catch (e) {
    assert.match((e as Error).message, pattern);
    return;
  }
  assert.unreachable('expected an error matching ' + pattern);
}

test('string methods', async () => {
  assert.is(await invokeMethod('Hello', 'ToUpper', []), 'HELLO');
  assert.is(await invokeMethod('  x ', 'Trim', []), 'x');
  assert.is(await invokeMethod('xxhixx', 'Trim', ['x']), 'hi');
  assert.equal(await invokeMethod('a,b,c', 'Split', [',']), ['a', 'b', 'c']);
  assert.is(await invokeMethod('Hello', 'Substring', [1, 3]), 'ell');
  assert.is(await invokeMethod('Hello', 'IndexOf', ['l']), 2);
  assert.is(await invokeMethod('Hello', 'Contains', ['ell']), true);
  assert.is(await invokeMethod('Hello', 'Contains', ['ELL']), false);
  assert.is(await invokeMethod('7', 'PadLeft', [3, '0']), '007');
  assert.is(await invokeMethod('abc', 'Replace', ['b', 'X']), 'aXc');
  assert.is(await getMember('abc', 'Length'), 3);
  assert.is(toStringValue(await getIndex('abc', -1)), 'c');
  await rejects(() => invokeMethod('abc', 'Substring', [5]), /startIndex cannot be larger than length of string/);
  await rejects(() => invokeMethod('abc', 'Nope', []), /does not contain a method named 'Nope'/);
});

test('intrinsic Count and member enumeration', async () => {
  assert.is(await getMember(5, 'Count'), 1);
  assert.is(await getMember(null, 'Count'), 0);
  assert.is(await getMember([1, 2], 'Count'), 2);
  const objs = [PSObject.from([['Name', 'a']]), PSObject.from([['Name', 'b']])];
  assert.equal(await getMember(objs, 'Name'), ['a', 'b']);
  assert.equal(await invokeMethod(['a', 'b'], 'ToUpper', []), ['A', 'B']);
});

test('hashtables', async () => {
  const h = PSHashtable.from([['a', 1]]);
  assert.is(await getMember(h, 'A'), 1);
  await setMember(h, 'b', 2);
  assert.is(await getMember(h, 'Count'), 2);
  assert.equal(await getMember(h, 'Keys'), ['a', 'b']);
  assert.is(await invokeMethod(h, 'ContainsKey', ['B']), true);
  await rejects(() => invokeMethod(h, 'Add', ['a', 3]), /Item has already been added/);
  await invokeMethod(h, 'Remove', ['a']);
  assert.is(await getIndex(h, 'a'), null);
});

test('arrays and lists', async () => {
  assert.is(await getIndex([1, 2, 3], -1), 3);
  assert.equal(await getIndex([1, 2, 3], [0, 2]), [1, 3]);
  assert.is(await getIndex([1], 5), null);
  await rejects(() => setIndex([1], 3, 0), /Index was outside the bounds of the array/);
  await rejects(() => invokeMethod([1], 'Add', [2]), /Collection was of a fixed size/);
  const list = convertTo([], 'System.Collections.Generic.List[int]') as unknown[];
  assert.is(await invokeMethod(list, 'Add', ['5']), undefined);
  assert.equal(list, [5]);
  const al = convertTo([], 'System.Collections.ArrayList') as unknown[];
  assert.is(await invokeMethod(al, 'Add', ['x']), 0);
  assert.is(await invokeMethod([1, 2, 3], 'IndexOf', [2]), 1);
  await rejects(() => getIndex(null, 0), /Cannot index into a null array/);
});

test('static .NET surface', async () => {
  // Math.Round/Pow return a Double (boxed when integral, as its value would imply Int32).
  const double = (v: unknown) => (v instanceof PSNumber && v.type === 'System.Double' ? v.value : v);
  assert.is(double(await invokeStaticMethod('math', 'Round', [2.5])), 2);
  assert.is(double(await invokeStaticMethod('math', 'Round', [3.5])), 4);
  assert.is(await invokeStaticMethod('math', 'Round', [2.345, 2]), 2.35); // .NET scales first: 234.50000000000003
  assert.is(double(await invokeStaticMethod('math', 'Round', [2.5, 'AwayFromZero'])), 3);
  assert.is(await invokeStaticMethod('math', 'Max', [3, 7]), 7);
  assert.is(double(await invokeStaticMethod('math', 'Pow', [2, 10])), 1024);
  assert.is(getStaticMember('int', 'MaxValue'), 2147483647);
  assert.is(getStaticMember(new TypeValue('System.Math'), 'PI'), Math.PI);
  assert.is(await invokeStaticMethod('string', 'IsNullOrEmpty', ['']), true);
  assert.is(await invokeStaticMethod('string', 'IsNullOrWhiteSpace', ['  ']), true);
  assert.is(await invokeStaticMethod('string', 'Join', ['-', [1, 2]]), '1-2');
  assert.is(await invokeStaticMethod('string', 'Format', ['{0}-{1}', 'a', 'b']), 'a-b');
  assert.is(await invokeStaticMethod('int', 'Parse', ['42']), 42);
  await rejects(() => invokeStaticMethod('int', 'Parse', ['x']), /was not in a correct format/);
  assert.is(await invokeStaticMethod('regex', 'Escape', ['a.b*']), 'a\\.b\\*');
  assert.is(await invokeStaticMethod('regex', 'Replace', ['a1b22', '\\d+', '#']), 'a#b#');
  const m = (await invokeStaticMethod('regex', 'Match', ['x=12', '(\\w)=(?<n>\\d+)'])) as { Value: string; Groups: unknown[] };
  assert.is(m.Value, 'x=12');
  assert.is(((await getIndex(m.Groups, 'n')) as { Value: string }).Value, '12');
  assert.is(await invokeStaticMethod('System.IO.Path', 'GetExtension', ['a/b.txt']), '.txt');
  assert.is(await invokeStaticMethod('System.IO.Path', 'GetFileName', ['a/b.txt']), 'b.txt');
  await rejects(() => invokeStaticMethod('math', 'Nope', [1]), /\[System.Math\] does not contain a method named 'Nope'/);
});

test('dates, numbers and GetType', async () => {
  const d = PSDateTime.fromParts(2024, 1, 31, 10, 0, 0);
  assert.is(((await invokeMethod(d, 'AddMonths', [1])) as PSDateTime).Day, 29);
  assert.is(await invokeMethod(d, 'ToString', ['yyyy-MM-dd']), '2024-01-31');
  assert.is(String(await getMember(d, 'DayOfWeek')), 'Wednesday');
  assert.is(convertTo(await getMember(d, 'DayOfWeek'), 'int'), 3);
  assert.is(await invokeMethod(1234.5, 'ToString', ['N2']), '1,234.50');
  const t = (await invokeMethod('x', 'GetType', [])) as TypeValue;
  assert.is(await getMember(t, 'Name'), 'String');
  assert.is(await getMember(t, 'FullName'), 'System.String');
});

test('JS Dates from the engine read as DateTime', async () => {
  const d = new Date(Date.UTC(2024, 0, 15, 12, 0, 0));
  assert.is(typeof (await getMember(d, 'Year')), 'number');
  assert.is(String(await getMember(d, 'DayOfWeek')).length > 0, true);
});

test('host objects are case-insensitive', async () => {
  class Vm {
    Name = 'web01';
    get SizeGB() {
      return 8;
    }
    Start(x: number) {
      return x + 1;
    }
  }
  const vm = new Vm();
  assert.is(await getMember(vm, 'name'), 'web01');
  assert.is(await getMember(vm, 'sizegb'), 8);
  assert.is(await invokeMethod(vm, 'start', [1]), 2);
  await setMember(vm, 'NAME', 'db01');
  assert.is(vm.Name, 'db01');
});

test.run();
