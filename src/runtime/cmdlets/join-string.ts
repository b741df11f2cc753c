// Join-String (PowerShell 7): joins pipeline objects, or one property of each, into one string with
// an optional separator, quoting, per-item format and prefix/suffix.

import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { formatValue } from '../values/composite-format.ts';
import { propertySelector, inputOf } from './property-selector.ts';
import { coreOf } from '../core-cmdlets/core-access.ts';

export const joinStringCmdlet: CmdletDef = {
  name: 'Join-String',
  parameters: [
    { name: 'Property', type: 'object', position: 0 },
    { name: 'Separator', type: 'string', position: 1 },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'OutputPrefix', type: 'string' },
    { name: 'OutputSuffix', type: 'string' },
    { name: 'SingleQuote', type: 'switch' },
    { name: 'DoubleQuote', type: 'switch' },
    { name: 'FormatString', type: 'string' },
  ],
  help: {
    synopsis: 'Joins pipeline objects (or one of their properties) into one string.',
    examples: [
      { code: "1..3 | Join-String -Separator ', '", remarks: '1, 2, 3' },
      { code: "[pscustomobject]@{N='a'}, [pscustomobject]@{N='b'} | Join-String N -SingleQuote -Separator ','" },
    ],
  },
  create(params, ctx) {
    const parts: string[] = [];
    const selector = params.Property === undefined ? null : propertySelector(params.Property, ctx.invoker);
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item === undefined) return;
        const v = selector ? await selector.get(item) : item;
        let s = params.FormatString !== undefined ? toStringValue(params.FormatString).replace(/\{0(?::([^}]*))?\}/g, (_m, f: string | undefined) => formatValue(v, f ?? '')) : toStringValue(v);
        if (params.SingleQuote === true) s = `'${s}'`;
        else if (params.DoubleQuote === true) s = `"${s}"`;
        parts.push(s);
      },
      async end() {
        // Without -Separator, PowerShell's Join-String uses $OFS (unset: no separator).
        const ofs = params.Separator === undefined ? coreOf(ctx).exec.scope.lookup('OFS')?.value : params.Separator;
        const sep = ofs === undefined || ofs === null ? '' : toStringValue(ofs);
        await ctx.emit(toStringValue(params.OutputPrefix ?? '') + parts.join(sep) + toStringValue(params.OutputSuffix ?? ''));
      },
    };
  },
};

