// Write-Host: text straight to the host (stdout), not into the pipeline. Arrays are joined with
// -Separator (a space by default); colours are accepted and ignored.
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { formatValue } from '../values/composite-format.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { PSDateTime } from '../values/date-time.ts';
import { isNumber } from '../values/ps-number.ts';
import { displayText } from '../format/display-text.ts';

/** PowerShell's Write-Host calls each object's .NET ToString(): dates and numbers in the current
 *  culture ("1/2/2024 3:04:05 AM" unlike "$d", `∞` unlike "$inf"), and a hashtable is enumerated into its entries. */
function hostText(v: unknown, sep: string): string {
  if (Array.isArray(v)) return v.map((x) => hostText(x, sep)).join(sep);
  if (v instanceof PSHashtable) return v.keys().map(() => 'System.Collections.DictionaryEntry').join(sep);
  if (v instanceof PSDateTime || v instanceof Date) return formatValue(v, '');
  // A number's ToString() here is PSObject's: G15 like "$n", but in the current culture.
  if (isNumber(v)) return displayText(v);
  return toStringValue(v);
}

export const writeHostCmdlet: CmdletDef = {
  name: 'Write-Host',
  parameters: [
    { name: 'Object', type: 'object', position: 0, valueFromPipeline: true, valueFromRemainingArguments: true, help: 'What to display.' },
    { name: 'NoNewline', type: 'switch' },
    { name: 'Separator', type: 'string' },
    { name: 'ForegroundColor', type: 'string' },
    { name: 'BackgroundColor', type: 'string' },
  ],
  help: { synopsis: 'Writes text to the host (the terminal), bypassing the pipeline.', examples: [{ code: 'Write-Host "Backup done" -ForegroundColor Green' }] },
  create(params, ctx) {
    return {
      async process(input) {
        const v = input === undefined ? params.Object : input;
        const sep = params.Separator === undefined ? ' ' : toStringValue(params.Separator);
        await ctx.writeHost(v === undefined ? '' : hostText(v, sep), { noNewline: params.NoNewline === true });
      },
    };
  },
};
