// Get-Random: a random integer (or double) in [Minimum, Maximum), or items picked from the input
// (-Count, without repeats; -Shuffle). The picking follows PowerShell's GetRandomCommandBase step
// for step (reservoir sampling, then a Fisher-Yates pass), so with -SetSeed the results are
// PowerShell's own.

import type { CmdletDef } from '../cmdlet.ts';
import { toNumber } from '../values/convert.ts';
import { PSNumber } from '../values/ps-number.ts';
import { PSException } from '../error-record.ts';
import { inputOf } from './property-selector.ts';
import { PolymorphicRandom } from './dotnet-random.ts';

/** One generator per session, as PowerShell keeps one per runspace; -SetSeed replaces it. */
let generator = new PolymorphicRandom();

export const getRandomCmdlet: CmdletDef = {
  name: 'Get-Random',
  parameters: [
    { name: 'Maximum', type: 'object', position: 0 },
    { name: 'Minimum', type: 'object' },
    { name: 'InputObject', type: 'object[]', valueFromPipeline: true },
    { name: 'Count', type: 'int' },
    { name: 'SetSeed', type: 'int' },
    { name: 'Shuffle', type: 'switch' },
  ],
  help: {
    synopsis: 'Gets a random number, or random items from the input.',
    examples: [
      { code: 'Get-Random -Minimum 1 -Maximum 7', remarks: 'A die roll.' },
      { code: "'red','green','blue' | Get-Random" },
      { code: '1..10 | Get-Random -Count 3 -SetSeed 42' },
    ],
  },
  create(params, ctx) {
    if (typeof params.SetSeed === 'number') generator = new PolymorphicRandom(params.SetSeed);
    const rng = generator;
    const shuffle = params.Shuffle === true;
    const count = (params.Count as number | undefined) ?? 1;
    const chosen: unknown[] = [];
    let processed = 0;
    let fromInput = false;
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined) return;
        fromInput = true;
        for (const x of Array.isArray(item) ? item : [item]) {
          if (shuffle || processed < count) chosen.push(x);
          else if (rng.nextInRange(0, processed + 1) < count) chosen[rng.nextInRange(0, chosen.length)] = x;
          processed++;
        }
      },
      async end() {
        if (fromInput) {
          const n = chosen.length;
          for (let i = 0; i < n; i++) {
            const j = rng.nextInRange(i, n);
            await ctx.emit(chosen[j]);
            if (i !== j) chosen[j] = chosen[i];
          }
          return;
        }
        const min = params.Minimum === undefined ? 0 : toNumber(params.Minimum);
        const max = params.Maximum === undefined ? 2147483647 : toNumber(params.Maximum);
        if (min >= max) throw new PSException(`The Minimum value (${min}) cannot be greater than or equal to the Maximum value (${max}).`, 'System.ArgumentOutOfRangeException');
        // A Double bound (`-Maximum 2.0`) asks for a double even when its value is integral.
        const real = [params.Minimum, params.Maximum].some((v) => v instanceof PSNumber && (v.type === 'System.Double' || v.type === 'System.Single'));
        const integral = Number.isInteger(min) && Number.isInteger(max) && !real;
        for (let i = 0; i < count; i++) await ctx.emit(integral ? rng.nextInRange(min, max) : rng.nextDoubleInRange(min, max));
      },
    };
  },
};
