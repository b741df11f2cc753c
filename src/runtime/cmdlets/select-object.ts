// Select-Object (select): picks properties (names, wildcards, calculated `@{n=…;e={…}}`) into new
// objects, expands one property, or picks items by position (-First, -Last, -Skip, -Index) and
// -Unique. -First stops the upstream commands once it has what it needs.

import type { CmdletDef } from '../cmdlet.ts';
import { StopUpstreamSignal } from '../cmdlet.ts';
import { PSObject } from '../values/ps-object.ts';
import { toStringValue } from '../values/convert.ts';
import { PSException, ErrorRecord } from '../error-record.ts';
import { valuesEqual } from '../operators/compare.ts';
import { findProperty, getMember } from '../members/index.ts';
import { typeNamesOf, propertyNames } from '../format/object-shape.ts';
import { propertySelector, expandSelectors, inputOf, listOf } from './property-selector.ts';

export const selectObjectCmdlet: CmdletDef = {
  name: 'Select-Object',
  aliases: ['select'],
  parameters: [
    { name: 'Property', type: 'object[]', position: 0, help: 'Properties to keep: names, wildcards or @{Name=…; Expression={…}}.' },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'ExcludeProperty', type: 'string[]' },
    { name: 'ExpandProperty', type: 'string', help: 'Outputs the value of this property instead of an object.' },
    { name: 'First', type: 'int' },
    { name: 'Last', type: 'int' },
    { name: 'Skip', type: 'int' },
    { name: 'SkipLast', type: 'int' },
    { name: 'Index', type: 'int[]' },
    { name: 'Unique', type: 'switch' },
  ],
  help: {
    synopsis: 'Selects properties of objects, or objects by position.',
    description: 'With -Property, makes new objects holding only the named (or calculated) properties. With -First/-Last/-Skip/-Index, passes through the chosen input objects.',
    examples: [
      { code: '1..10 | Select-Object -First 3', remarks: 'The first three numbers.' },
      { code: "[pscustomobject]@{Name='a'; Size=1; Extra=2} | Select-Object Name, @{n='KB'; e={ $_.Size * 1024 }}" },
      { code: "'b','a','b' | Select-Object -Unique" },
      { code: "[pscustomobject]@{Items=1,2,3} | Select-Object -ExpandProperty Items" },
    ],
  },
  create(params, ctx) {
    const specs = listOf(params.Property);
    const selectors = specs.map((s) => propertySelector(s, ctx.invoker));
    const exclude = listOf(params.ExcludeProperty).map((x) => toStringValue(x));
    const expand = params.ExpandProperty === undefined ? null : toStringValue(params.ExpandProperty);
    const first = params.First as number | undefined;
    const last = params.Last as number | undefined;
    const skip = (params.Skip as number | undefined) ?? 0;
    const skipLast = (params.SkipLast as number | undefined) ?? 0;
    const index = params.Index === undefined ? null : listOf(params.Index).map(Number);
    const unique = params.Unique === true;
    const buffered = last !== undefined || skipLast > 0 || index !== null || unique;
    const kept: unknown[] = [];
    const seen: unknown[] = [];
    let position = 0;
    let emitted = 0;

    const project = async (item: unknown): Promise<unknown[]> => {
      if (expand !== null) {
        if (item === null || item === undefined) return [];
        const names = propertyNames(item);
        // A hashtable's own members (Keys, Count) count too when no key has that name.
        if (!names.some((n) => n.toLowerCase() === expand.toLowerCase()) && !(await findProperty(item, expand, ctx.invoker)).found) {
          await ctx.writeError(ErrorRecord.fromMessage(`Property "${expand}" cannot be found.`, 'System.ArgumentException', 'ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand', 'InvalidArgument', item));
          return [];
        }
        const v = await getMember(item, expand, ctx.invoker);
        return Array.isArray(v) ? v : [v];
      }
      if (selectors.length === 0 && exclude.length === 0) return [item];
      const chosen = expandSelectors(selectors.length ? selectors : [propertySelector('*', ctx.invoker)], item, exclude);
      // Only the Selected. name: the original type's view must not hide the chosen properties.
      const o = new PSObject(['Selected.' + typeNamesOf(item)[0], 'System.Management.Automation.PSCustomObject', 'System.Object']);
      for (const s of chosen) {
        if (o.hasProperty(s.name)) throw new PSException(`The property cannot be processed because the property "${s.name}" already exists.`, 'System.Management.Automation.PSArgumentException');
        o.setProperty(s.name, await s.get(item));
      }
      return [o];
    };

    const emitItem = async (item: unknown): Promise<void> => {
      for (const v of await project(item)) await ctx.emit(v);
    };

    return {
      async process(input) {
        const item = inputOf(input, params);
        // PowerShell's SelectObjectCommand ignores $null input.
        if (item === undefined || item === null) return;
        if (buffered) {
          kept.push(item);
          return;
        }
        const pos = position++;
        if (pos < skip) return;
        if (first !== undefined && emitted >= first) throw new StopUpstreamSignal();
        emitted++;
        await emitItem(item);
        if (first !== undefined && emitted >= first) throw new StopUpstreamSignal();
      },
      async end() {
        if (!buffered) return;
        let items = kept;
        if (index) items = index.map((i) => items[i < 0 ? items.length + i : i]).filter((x) => x !== undefined);
        items = items.slice(skip);
        if (skipLast) items = items.slice(0, Math.max(0, items.length - skipLast));
        if (first !== undefined) items = items.slice(0, first);
        if (last !== undefined) items = last === 0 ? [] : items.slice(-last);
        const outputs: unknown[] = [];
        for (const item of items) outputs.push(...(await project(item)));
        for (const v of outputs) {
          if (unique) {
            if (seen.some((s) => sameObject(s, v))) continue;
            seen.push(v);
          }
          await ctx.emit(v);
        }
      },
    };
  },
};

/** -Unique compares scalars by value (case-sensitively, as PowerShell does) and objects by their properties. */
function sameObject(a: unknown, b: unknown): boolean {
  if (a instanceof PSObject && b instanceof PSObject) {
    const na = a.propertyNames();
    const nb = b.propertyNames();
    return na.length === nb.length && na.every((n) => valuesEqual(a.getProperty(n)?.value, b.getProperty(n)?.value, true));
  }
  return valuesEqual(a, b, true);
}
