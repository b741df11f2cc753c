// Small generic cmdlets PowerShell 7 scripts reach for: Join-String, New-Guid, Measure-Command,
// Out-Default (explicit), Rename-Item and Clear-Content.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { TimeSpan } from '../values/time-span.ts';
import { PSGuid } from '../values/ps-guid.ts';
import { formatValue } from '../values/composite-format.ts';
import { ScriptBlockValue } from '../script-block.ts';
import { PSException } from '../error-record.ts';
import { formatOutputSync } from '../format/output-writer.ts';
import { propertySelector, inputOf, listOf } from './property-selector.ts';
import { expandPath, pathNotFound, resolvePath } from './path-items.ts';

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
        const sep = params.Separator === undefined ? '' : toStringValue(params.Separator);
        await ctx.emit(toStringValue(params.OutputPrefix ?? '') + parts.join(sep) + toStringValue(params.OutputSuffix ?? ''));
      },
    };
  },
};

export const newGuidCmdlet: CmdletDef = {
  name: 'New-Guid',
  parameters: [],
  help: { synopsis: 'Creates a random GUID.', examples: [{ code: '(New-Guid).Guid.Length', remarks: '36' }] },
  create(_params, ctx) {
    return {
      async end() {
        await ctx.emit(PSGuid.newGuid());
      },
    };
  },
};

export const measureCommandCmdlet: CmdletDef = {
  name: 'Measure-Command',
  parameters: [
    { name: 'Expression', type: 'scriptblock', position: 0, mandatory: true },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
  ],
  help: {
    synopsis: 'Runs a script block and returns how long it took (its output is discarded).',
    examples: [{ code: '(Measure-Command { Start-Sleep -Milliseconds 5 }).TotalMilliseconds -ge 0' }],
  },
  create(params, ctx) {
    const sb = params.Expression;
    if (!(sb instanceof ScriptBlockValue)) throw new PSException('Measure-Command needs a script block.', 'System.ArgumentException');
    let ran = false;
    const run = async (input: unknown) => {
      ran = true;
      const start = performance.now();
      await ctx.invoker.invoke(sb, [], input === undefined ? {} : { dollarUnder: input });
      return performance.now() - start;
    };
    let total = 0;
    return {
      async process(input) {
        if (input !== undefined) total += await run(input);
      },
      async end() {
        if (!ran) total += await run(undefined);
        await ctx.emit(TimeSpan.fromMilliseconds(total));
      },
    };
  },
};

export const outDefaultCmdlet: CmdletDef = {
  name: 'Out-Default',
  parameters: [{ name: 'InputObject', type: 'object', valueFromPipeline: true }],
  help: { synopsis: 'Writes objects to the host as PowerShell displays them.', examples: [{ code: "'shown' | Out-Default" }] },
  create(params, ctx) {
    const items: unknown[] = [];
    return {
      async process(input) {
        const item = inputOf(input, params);
        if (item !== undefined) items.push(item);
      },
      async end() {
        const text = formatOutputSync(items);
        if (text) ctx.writeHost(text, { noNewline: true });
      },
    };
  },
};

export const renameItemCmdlet: CmdletDef = {
  name: 'Rename-Item',
  aliases: ['ren', 'rni'],
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'string', position: 0, mandatory: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] },
    { name: 'NewName', type: 'string', position: 1, mandatory: true },
    { name: 'PassThru', type: 'switch' },
    { name: 'Force', type: 'switch' },
  ],
  help: {
    synopsis: 'Renames a file or folder in place.',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-ren.txt'; Set-Content $p 'x'; Rename-Item $p 'vbrs-ren2.txt'; Remove-Item (Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-ren2.txt')" }],
  },
  create(params, ctx) {
    return {
      async process() {
        const from = resolvePath(ctx, params.Path);
        if (!fs.existsSync(from)) {
          await ctx.writeError(pathNotFound(from, 'RenameItemCommand'));
          return;
        }
        const to = path.join(path.dirname(from), toStringValue(params.NewName));
        if (!(await ctx.shouldProcess(from, 'Rename Item'))) return;
        fs.renameSync(from, to);
        if (params.PassThru === true) await ctx.emit(to);
      },
    };
  },
};

export const clearContentCmdlet: CmdletDef = {
  name: 'Clear-Content',
  aliases: ['clc'],
  supportsShouldProcess: true,
  parameters: [{ name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] }],
  help: {
    synopsis: 'Empties files without deleting them.',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-clc.txt'; Set-Content $p 'x'; Clear-Content $p; (Get-Content $p -Raw).Length; Remove-Item $p" }],
  },
  create(params, ctx) {
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const files = expandPath(ctx, p).filter((f) => fs.existsSync(f));
          if (!files.length) await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'ClearContentCommand'));
          for (const f of files) if (await ctx.shouldProcess(f, 'Clear Content')) fs.writeFileSync(f, '');
        }
      },
    };
  },
};
