// Measure-Object (measure): counts input and, per property, its sum, average, extremes and standard
// deviation (GenericMeasureInfo), or counts lines, words and characters of text (TextMeasureInfo).

import type { CmdletDef } from '../cmdlet.ts';
import { toNumber, toStringValue } from '../values/convert.ts';
import { compareValues } from '../operators/compare.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { expandSelectors, inputOf, listOf, propertySelector, type PropertySelector } from './property-selector.ts';
import { coreOf } from '../core-cmdlets/core-access.ts';
import { isNumber } from '../values/ps-number.ts';

export class GenericMeasureInfo {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.GenericMeasureInfo';
  Count = 0;
  Average: number | null = null;
  Sum: number | null = null;
  Maximum: unknown = null;
  Minimum: unknown = null;
  StandardDeviation: number | null = null;
  Property: string | null = null;
}

export class TextMeasureInfo {
  readonly psTypeName = 'Microsoft.PowerShell.Commands.TextMeasureInfo';
  Lines: number | null = null;
  Words: number | null = null;
  Characters: number | null = null;
  Property: string | null = null;
}

export const measureObjectCmdlet: CmdletDef = {
  name: 'Measure-Object',
  aliases: ['measure'],
  parameters: [
    { name: 'Property', type: 'object[]', position: 0 },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Sum', type: 'switch' },
    { name: 'Average', type: 'switch' },
    { name: 'Maximum', type: 'switch' },
    { name: 'Minimum', type: 'switch' },
    { name: 'StandardDeviation', type: 'switch' },
    { name: 'AllStats', type: 'switch' },
    { name: 'Line', type: 'switch' },
    { name: 'Word', type: 'switch' },
    { name: 'Character', type: 'switch' },
    { name: 'IgnoreWhiteSpace', type: 'switch' },
  ],
  help: {
    synopsis: 'Counts objects and computes sums, averages and extremes of their values, or counts text.',
    examples: [
      { code: '1..10 | Measure-Object -Sum -Average', remarks: 'Count 10, Sum 55, Average 5.5.' },
      { code: "[pscustomobject]@{Size=3}, [pscustomobject]@{Size=5} | Measure-Object Size -Maximum" },
      { code: "'hello world', 'bye' | Measure-Object -Line -Word -Character" },
    ],
  },
  create(params, ctx) {
    const selectors = listOf(params.Property).map((p) => propertySelector(p, ctx.invoker));
    const text = params.Line === true || params.Word === true || params.Character === true;
    const all = params.AllStats === true;
    const items: unknown[] = [];
    /** Each property measured, in the order first seen: wildcards expand against every input. */
    const measured = (): PropertySelector[] => {
      const out: PropertySelector[] = [];
      for (const item of items) {
        for (const s of expandSelectors(selectors, item, [], ctx.invoker)) {
          if (!out.some((o) => o.name.toLowerCase() === s.name.toLowerCase())) out.push(s);
        }
      }
      // With no input, a plain name is still reported on (as a measure of nothing).
      return items.length ? out : selectors.filter((s) => !s.wildcard);
    };
    const valueOf = async (item: unknown, sel: PropertySelector): Promise<unknown> => {
      const v = await sel.get(item);
      return Array.isArray(v) && v.length === 0 ? null : v;
    };
    // PowerShell reports a property no input has only under Set-StrictMode -Version 2 or later.
    const notFound = async (name: string, id: string): Promise<void> => {
      if (coreOf(ctx).interp.session.strictVersion < 2) return;
      await ctx.writeError(ErrorRecord.fromMessage(`The property "${name}" cannot be found in the input for any objects.`, 'System.ArgumentException', `${id},Microsoft.PowerShell.Commands.MeasureObjectCommand`, 'InvalidArgument', name));
    };
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item !== undefined && item !== null) items.push(item);
      },
      async end() {
        const props: (PropertySelector | null)[] = selectors.length ? measured() : [null];
        if (selectors.length && wildcardsOnly(selectors) && props.length === 0) {
          for (const s of selectors) await notFound(s.name, text ? 'TextMeasurePropertyNotFound' : 'GenericMeasurePropertyNotFound');
          return;
        }
        if (text) {
          for (const p of props) {
            const info = new TextMeasureInfo();
            let lines = 0;
            let words = 0;
            let chars = 0;
            let seen = 0;
            for (const item of items) {
              const v = p === null ? item : await valueOf(item, p);
              if (v === null || v === undefined) continue;
              seen++;
              const s = toStringValue(v);
              lines += s.split(/\r?\n/).filter((l) => l.trim() !== '').length;
              words += s.split(/\s+/).filter(Boolean).length;
              chars += params.IgnoreWhiteSpace === true ? s.replace(/\s/g, '').length : s.length;
            }
            if (p !== null && seen === 0 && items.length > 0) {
              await notFound(p.name, 'TextMeasurePropertyNotFound');
              continue;
            }
            if (params.Line === true) info.Lines = lines;
            if (params.Word === true) info.Words = words;
            if (params.Character === true) info.Characters = chars;
            info.Property = p === null ? null : p.name;
            await ctx.emit(info);
          }
          return;
        }
        for (const p of props) {
          const info = new GenericMeasureInfo();
          info.Property = p === null ? null : p.name;
          const values: unknown[] = [];
          for (const item of items) {
            if (p === null) values.push(item);
            else {
              const v = await valueOf(item, p);
              if (v === null || v === undefined) {
                continue;
              }
              values.push(v);
            }
          }
          if (p !== null && values.length === 0 && items.length > 0) {
            await notFound(p.name, 'GenericMeasurePropertyNotFound');
            continue;
          }
          info.Count = values.length;
          const wantNumbers = all || params.Sum === true || params.Average === true || params.StandardDeviation === true;
          const nums: number[] = [];
          if (wantNumbers) {
            for (const v of values) {
              try {
                nums.push(toNumber(v, 'System.Double'));
              } catch {
                throw new PSException(`Input object "${toStringValue(v)}" is not numeric.`, 'System.Management.Automation.PSInvalidOperationException');
              }
            }
          }
          const sum = nums.reduce((a, b) => a + b, 0);
          if (all || params.Sum === true) info.Sum = sum;
          if (all || params.Average === true) info.Average = values.length ? sum / values.length : null;
          if (all || params.StandardDeviation === true) {
            const mean = sum / nums.length;
            info.StandardDeviation = nums.length > 1 ? Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / (nums.length - 1)) : 0;
          }
          const numeric = values.every((v) => isNumber(v) || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))));
          const comparable = numeric ? values.map((v) => toNumber(v, 'System.Double')) : values;
          if ((all || params.Maximum === true) && comparable.length) info.Maximum = comparable.reduce((a, b) => (compareValues(b, a) > 0 ? b : a));
          if ((all || params.Minimum === true) && comparable.length) info.Minimum = comparable.reduce((a, b) => (compareValues(b, a) < 0 ? b : a));
          await ctx.emit(info);
        }
      },
    };
  },
};

function wildcardsOnly(selectors: PropertySelector[]): boolean {
  return selectors.every((s) => s.wildcard);
}
