// The introsort copy must sort whatever it is given (sizes around the insertion-sort threshold and
// the heap-sort fallback included) and must leave ties the way .NET does for three items.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { introSort } from '../../../src/runtime/cmdlets/dotnet-sort.ts';

test('sorts arrays of many sizes, duplicates included', () => {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 50;
  for (const n of [0, 1, 2, 3, 4, 15, 16, 17, 33, 100, 1000]) {
    const xs = Array.from({ length: n }, rnd);
    const ys = [...xs];
    introSort(ys, (a, b) => a - b);
    assert.equal(ys, [...xs].sort((a, b) => a - b), `n=${n}`);
  }
});

test('three items: ties end up as .NET leaves them (not stable)', () => {
  const items = [{ k: 'smith', id: 1 }, { k: 'smith', id: 2 }, { k: 'smyth', id: 3 }];
  introSort(items, (a, b) => -a.k.localeCompare(b.k));
  assert.equal(items.map((i) => i.id), [3, 2, 1]);
});

test.run();
