// $input's enumerator: .NET's ArrayList enumerator semantics, one pass, Reset to start over.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InputEnumerator } from '../../../src/runtime/values/input-enumerator.ts';
import { toStringValue } from '../../../src/runtime/values/convert.ts';
import { typeNameOf } from '../../../src/runtime/values/type-names.ts';
import { getMember } from '../../../src/runtime/members/index.ts';

test('MoveNext, Current and Reset follow the .NET enumerator', () => {
  const e = new InputEnumerator(['a', 'b']);
  assert.throws(() => e.Current, /Enumeration has not started/);
  assert.is(e.MoveNext(), true);
  assert.is(e.Current, 'a');
  assert.is(e.MoveNext(), true);
  assert.is(e.MoveNext(), false);
  assert.is(e.MoveNext(), false);
  assert.throws(() => e.Current, /Enumeration already finished/);
  e.Reset();
  assert.is(e.MoveNext(), true);
  assert.is(e.Current, 'a');
});

test('consuming reads what is left, once', () => {
  const e = new InputEnumerator([1, 2, 3]);
  e.MoveNext();
  assert.equal(e.drain(), [2, 3]);
  assert.equal(e.drain(), []);
  e.Reset();
  const seen: unknown[] = [];
  for (const x of e.consume()) {
    seen.push(x);
    e.MoveNext(); // a MoveNext made while consuming skips an item, as in PowerShell
  }
  assert.equal(seen, [1, 3]);
});

test('string conversion unravels it; its type is the ArrayList enumerator', () => {
  const e = new InputEnumerator(['a', 'b', 'c']);
  assert.is(toStringValue(e), 'a b c');
  assert.is(toStringValue(e), '');
  assert.is(typeNameOf(e), 'System.Collections.ArrayList+ArrayListEnumeratorSimple');
});

test('Count is member enumeration over the items', async () => {
  assert.equal(await getMember(new InputEnumerator(['x', [1, 2], 'y']), 'Count'), [1, 2, 1]);
  assert.is(await getMember(new InputEnumerator([]), 'Count'), null);
  assert.equal(await getMember(new InputEnumerator(['ab', 'cde']), 'Length'), [2, 3]);
});

test.run();
