// Get-Random: a random integer (or double) in [Minimum, Maximum), or items picked from the input
// (-Count, without repeats). -SetSeed makes the sequence repeatable within vbrs (it is not .NET's
// sequence, so seeded values differ from PowerShell's).

import type { CmdletDef } from '../cmdlet.ts';
import { toNumber } from '../values/convert.ts';
import { PSException } from '../error-record.ts';
import { inputOf } from './property-selector.ts';

let state = (Date.now() ^ (Math.random() * 0x7fffffff)) >>> 0;

/** mulberry32: small, fast and good enough for scripts. */
function next(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function setRandomSeed(seed: number): void {
  state = seed >>> 0;
}

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
    if (typeof params.SetSeed === 'number') setRandomSeed(params.SetSeed);
    const items: unknown[] = [];
    let fromInput = false;
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined) return;
        fromInput = true;
        if (Array.isArray(item)) items.push(...item);
        else items.push(item);
      },
      async end() {
        if (fromInput) {
          const count = params.Shuffle === true ? items.length : ((params.Count as number | undefined) ?? 1);
          const pool = [...items];
          for (let i = 0; i < Math.min(count, pool.length); i++) {
            const j = i + Math.floor(next() * (pool.length - i));
            [pool[i], pool[j]] = [pool[j], pool[i]];
            await ctx.emit(pool[i]);
          }
          return;
        }
        const min = params.Minimum === undefined ? 0 : toNumber(params.Minimum);
        const max = params.Maximum === undefined ? 2147483647 : toNumber(params.Maximum);
        if (min >= max) throw new PSException(`The Minimum value (${min}) cannot be greater than or equal to the Maximum value (${max}).`, 'System.ArgumentOutOfRangeException');
        const integral = Number.isInteger(min) && Number.isInteger(max);
        const count = (params.Count as number | undefined) ?? 1;
        for (let i = 0; i < count; i++) {
          const r = min + next() * (max - min);
          await ctx.emit(integral ? Math.floor(r) : r);
        }
      },
    };
  },
};
