// Get-Random -SetSeed must give PowerShell's numbers, so the seeded generator must be .NET's
// System.Random: these first values of new Random(seed).Next() are .NET's well-known ones.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DotNetSeededRandom, PolymorphicRandom } from '../../../src/runtime/cmdlets/dotnet-random.ts';

test('seeded samples match .NET new Random(seed).Next()', () => {
  assert.is(new DotNetSeededRandom(0).sample(), 1559595546);
  assert.is(new DotNetSeededRandom(1).sample(), 534011718);
  assert.is(new DotNetSeededRandom(42).sample(), 1434747710);
});

test('the same seed repeats its sequence; ranges are respected', () => {
  const a = new PolymorphicRandom(7);
  const b = new PolymorphicRandom(7);
  const xs = Array.from({ length: 50 }, () => a.nextInRange(3, 9));
  const ys = Array.from({ length: 50 }, () => b.nextInRange(3, 9));
  assert.equal(xs, ys);
  assert.ok(xs.every((x) => x >= 3 && x < 9 && Number.isInteger(x)));
  const d = new PolymorphicRandom(7).nextDoubleInRange(0.5, 0.75);
  assert.ok(d >= 0.5 && d < 0.75);
});

test('unseeded generators still stay in range', () => {
  const r = new PolymorphicRandom();
  for (let i = 0; i < 100; i++) {
    const v = r.nextInRange(-5, 5);
    assert.ok(v >= -5 && v < 5);
  }
});

test.run();
