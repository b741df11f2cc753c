// Group-Object (group): groups input by one or more keys into GroupInfo objects (Count, Name,
// Group), or into a hashtable with -AsHashTable. Like PowerShell, groups come out sorted by their
// keys when every key has the same type, else in order of first appearance.

import type { CmdletDef } from '../cmdlet.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';
import { compareValues, valuesEqual } from '../operators/compare.ts';
import { typeNameOf } from '../values/type-names.ts';
import { propertySelector, inputOf, listOf } from './property-selector.ts';

export class GroupInfo {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.GroupInfo';
  readonly Name: string;
  readonly Values: unknown[];
  readonly Group: unknown[];

  constructor(name: string, values: unknown[], group: unknown[]) {
    this.Name = name;
    this.Values = values;
    this.Group = group;
  }

  get Count(): number {
    return this.Group.length;
  }
}

export class GroupInfoNoElement {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.GroupInfoNoElement';
  readonly Count: number;
  readonly Name: string;
  readonly Values: unknown[];

  constructor(count: number, name: string, values: unknown[]) {
    this.Count = count;
    this.Name = name;
    this.Values = values;
  }
}

export const groupObjectCmdlet: CmdletDef = {
  name: 'Group-Object',
  aliases: ['group'],
  parameters: [
    { name: 'Property', type: 'object[]', position: 0, help: 'Keys to group by: names or script blocks.' },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'NoElement', type: 'switch', help: 'Leaves out the Group property.' },
    { name: 'AsHashTable', type: 'switch', help: 'Returns a hashtable of key → items.' },
    { name: 'AsString', type: 'switch' },
    { name: 'CaseSensitive', type: 'switch' },
  ],
  help: {
    synopsis: 'Groups objects that have the same value for the given properties.',
    examples: [
      { code: "'a','b','a' | Group-Object", remarks: 'Count 2 for a, 1 for b.' },
      { code: '1..10 | Group-Object { $_ % 3 } -NoElement' },
      { code: "$h = 'x','yy','zz' | Group-Object Length -AsHashTable; $h[2]" },
    ],
  },
  create(params, ctx) {
    const selectors = listOf(params.Property).map((p) => propertySelector(p, ctx.invoker));
    const cs = params.CaseSensitive === true;
    const groups: { keys: unknown[]; name: string; items: unknown[] }[] = [];
    // The key types seen so far, position by position (null keys do not count).
    let keyTypes: (string | null)[] | null = null;
    let mixedTypes = false;
    const noteTypes = (keys: unknown[]): void => {
      if (!keyTypes) {
        keyTypes = keys.map((k) => (k === null || k === undefined ? null : typeNameOf(k)));
        return;
      }
      if (keyTypes.length !== keys.length) mixedTypes = true;
      keys.forEach((k, i) => {
        if (k === null || k === undefined || !keyTypes) return;
        const t = typeNameOf(k);
        if (keyTypes[i] === null) keyTypes[i] = t;
        else if (keyTypes[i] !== t) mixedTypes = true;
      });
    };
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined) return;
        const keys = selectors.length ? await Promise.all(selectors.map((s) => s.get(item))) : [item];
        noteTypes(keys);
        const name = keys.map((k) => toStringValue(k)).join(', ');
        const g = groups.find((x) => x.keys.length === keys.length && x.keys.every((k, i) => valuesEqual(toStringValue(k), toStringValue(keys[i]), cs)));
        if (g) g.items.push(item);
        else groups.push({ keys, name, items: [item] });
      },
      async end() {
        if (!mixedTypes) {
          const byKeys = (a: { keys: unknown[] }, b: { keys: unknown[] }): number => {
            for (let i = 0; i < Math.min(a.keys.length, b.keys.length); i++) {
              const c = compareValues(a.keys[i], b.keys[i], cs);
              if (c !== 0) return c;
            }
            return 0;
          };
          groups.sort(byKeys);
        }
        if (params.AsHashTable === true) {
          const h = new PSHashtable();
          for (const g of groups) h.set(params.AsString === true || g.keys.length > 1 ? g.name : g.keys[0], g.items);
          await ctx.emit(h);
          return;
        }
        for (const g of groups) {
          await ctx.emit(params.NoElement === true ? new GroupInfoNoElement(g.items.length, g.name, g.keys) : new GroupInfo(g.name, g.keys, g.items));
        }
      },
    };
  },
};
