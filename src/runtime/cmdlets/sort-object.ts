// Sort-Object (sort): PowerShell's sort (.NET's introsort; stable with -Stable/-Top/-Bottom) on one or more keys (names, script blocks or
// `@{Expression=…; Descending=$true}`), PowerShell's ordering (case-insensitive strings, numbers by
// value, $null first), -Descending, -Unique, -CaseSensitive, -Top/-Bottom.

import type { CmdletDef } from '../cmdlet.ts';
import { compareValues, valuesEqual } from '../operators/compare.ts';
import { propertySelector, inputOf, listOf, type PropertySelector } from './property-selector.ts';
import { introSort } from './dotnet-sort.ts';
import { findProperty } from '../members/index.ts';

export const sortObjectCmdlet: CmdletDef = {
  name: 'Sort-Object',
  aliases: ['sort'],
  parameters: [
    { name: 'Property', type: 'object[]', position: 0, help: 'Sort keys: names, script blocks or @{Expression=…; Descending=$true}.' },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Descending', type: 'switch' },
    { name: 'Unique', type: 'switch' },
    { name: 'CaseSensitive', type: 'switch' },
    { name: 'Top', type: 'int' },
    { name: 'Bottom', type: 'int' },
    { name: 'Stable', type: 'switch', help: 'Keeps items with equal keys in input order.' },
  ],
  help: {
    synopsis: 'Sorts objects by property values.',
    examples: [
      { code: '3, 1, 2 | Sort-Object', remarks: '1, 2, 3.' },
      { code: "'b','A','c' | Sort-Object -Descending" },
      { code: "[pscustomobject]@{N='x'; V=2}, [pscustomobject]@{N='y'; V=1} | Sort-Object V, N" },
      { code: '1..5 | Sort-Object { $_ % 2 }, { -$_ }' },
    ],
  },
  create(params, ctx) {
    const items: unknown[] = [];
    const selectors: PropertySelector[] = listOf(params.Property).map((p) => propertySelector(p, ctx.invoker));
    const descending = params.Descending === true;
    const cs = params.CaseSensitive === true;
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item !== undefined) items.push(item);
      },
      async end() {
        const specs = listOf(params.Property);
        const plain = selectors.map((s, i) => typeof specs[i] === 'string' && !s.wildcard);
        const keyed: { item: unknown; keys: unknown[]; missing: boolean[] }[] = [];
        for (const item of items) {
          const keys = selectors.length ? await Promise.all(selectors.map((s) => s.get(item))) : [item];
          const missing: boolean[] = [];
          for (let i = 0; i < selectors.length; i++) missing.push(plain[i] && item !== null && !(await findProperty(item, selectors[i].name, ctx.invoker)).found);
          keyed.push({ item, keys, missing });
        }
        const dirs = selectors.length ? selectors.map((s) => (s.descending ?? descending ? -1 : 1)) : [descending ? -1 : 1];
        const byKeys = (a: { keys: unknown[]; missing: boolean[] }, b: { keys: unknown[]; missing: boolean[] }): number => {
          for (let i = 0; i < dirs.length; i++) {
            // An object without the property sorts after the others whatever the direction
            // (ObjectCommandComparer).
            if (a.missing[i] || b.missing[i]) {
              if (a.missing[i] && b.missing[i]) continue;
              return a.missing[i] ? 1 : -1;
            }
            const c = safeCompare(a.keys[i], b.keys[i], cs);
            if (c !== 0) return c * dirs[i];
          }
          return 0;
        };
        // PowerShell sorts in place with .NET's (unstable) introsort unless -Stable, -Top or
        // -Bottom asks for its stable heap sort; ties therefore come out as .NET leaves them.
        if (params.Stable === true || typeof params.Top === 'number' || typeof params.Bottom === 'number') keyed.sort(byKeys);
        else introSort(keyed, byKeys);
        let out = keyed;
        if (params.Unique === true) {
          out = [];
          for (const k of keyed) if (!out.some((o) => o.keys.every((x, i) => valuesEqual(x, k.keys[i], cs)))) out.push(k);
        }
        let result = out.map((k) => k.item);
        if (typeof params.Top === 'number') result = result.slice(0, params.Top);
        if (typeof params.Bottom === 'number') result = result.slice(-params.Bottom);
        for (const v of result) await ctx.emit(v);
      },
    };
  },
};

function safeCompare(a: unknown, b: unknown, cs: boolean): number {
  try {
    return compareValues(a, b, cs);
  } catch {
    return compareValues(String(a), String(b), cs);
  }
}
