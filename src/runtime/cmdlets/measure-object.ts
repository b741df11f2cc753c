// Measure-Object (measure): counts input and, per property, its sum, average, extremes and standard
// deviation (GenericMeasureInfo), or counts lines, words and characters of text (TextMeasureInfo).

import type { CmdletDef } from '../cmdlet.ts';
import { toNumber, toStringValue } from '../values/convert.ts';
import { compareValues } from '../operators/compare.ts';
import { getMember } from '../members/index.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { inputOf, listOf } from './property-selector.ts';

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
    { name: 'Property', type: 'string[]', position: 0 },
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
    const props = listOf(params.Property).map((p) => toStringValue(p));
    const text = params.Line === true || params.Word === true || params.Character === true;
    const all = params.AllStats === true;
    const items: unknown[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item !== undefined && item !== null) items.push(item);
      },
      async end() {
        if (text) {
          for (const p of props.length ? props : [null]) {
            const info = new TextMeasureInfo();
            let lines = 0;
            let words = 0;
            let chars = 0;
            for (const item of items) {
              const s = toStringValue(p === null ? item : await getMember(item, p));
              lines += s.split(/\r?\n/).filter((l) => l.trim() !== '').length;
              words += s.split(/\s+/).filter(Boolean).length;
              chars += params.IgnoreWhiteSpace === true ? s.replace(/\s/g, '').length : s.length;
            }
            if (params.Line === true) info.Lines = lines;
            if (params.Word === true) info.Words = words;
            if (params.Character === true) info.Characters = chars;
            info.Property = p;
            await ctx.emit(info);
          }
          return;
        }
        for (const p of props.length ? props : [null]) {
          const info = new GenericMeasureInfo();
          info.Property = p;
          const values: unknown[] = [];
          for (const item of items) {
            if (p === null) values.push(item);
            else {
              const v = await getMember(item, p);
              if (v === null) {
                continue;
              }
              values.push(v);
            }
          }
          if (p !== null && values.length === 0 && items.length > 0) {
            await ctx.writeError(ErrorRecord.fromMessage(`The property "${p}" cannot be found in the input for any objects.`, 'System.ArgumentException', 'GenericMeasurePropertyNotFound,Microsoft.PowerShell.Commands.MeasureObjectCommand', 'InvalidArgument', p));
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
          const numeric = values.every((v) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))));
          const comparable = numeric ? values.map((v) => toNumber(v, 'System.Double')) : values;
          if ((all || params.Maximum === true) && comparable.length) info.Maximum = comparable.reduce((a, b) => (compareValues(b, a) > 0 ? b : a));
          if ((all || params.Minimum === true) && comparable.length) info.Minimum = comparable.reduce((a, b) => (compareValues(b, a) < 0 ? b : a));
          await ctx.emit(info);
        }
      },
    };
  },
};
