// Get-Content, Set-Content, Add-Content, Clear-Content and Out-File: reading text files as lines (or one string
// with -Raw) and writing values one per line. Paths are relative to the session's location.

import * as fs from 'node:fs';
import type { CmdletDef, CmdletContext } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { ErrorRecord } from '../error-record.ts';
import { formatOutput } from '../format/output-writer.ts';
import { listOf } from './property-selector.ts';
import { resolvePath, expandPath, pathNotFound } from './path-items.ts';
import { collectInput } from './collect-input.ts';
import { textForFile } from '../format/ps-style.ts';

/** Splits file text into lines the way Get-Content does: a trailing newline ends the last line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export const getContentCmdlet: CmdletDef = {
  name: 'Get-Content',
  aliases: ['gc', 'cat', 'type'],
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipelineByPropertyName: true, aliases: ['FullName', 'LiteralPath', 'PSPath'] },
    { name: 'Raw', type: 'switch', help: 'Returns the whole file as one string.' },
    { name: 'TotalCount', type: 'int', aliases: ['Head', 'First'], help: 'Reads only the first N lines.' },
    { name: 'Tail', type: 'int', aliases: ['Last'], help: 'Reads only the last N lines.' },
    { name: 'Encoding', type: 'string' },
    { name: 'Delimiter', type: 'string' },
  ],
  help: {
    synopsis: 'Gets the lines of a text file.',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-gc.txt'; 'one','two','three' | Set-Content $p; Get-Content $p -Tail 2; Remove-Item $p" }],
  },
  create(params, ctx) {
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const files = expandPath(ctx, p);
          if (files.length === 0 || !fs.existsSync(files[0])) {
            await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'GetContentCommand'));
            continue;
          }
          for (const file of files) {
            if (fs.statSync(file).isDirectory()) {
              await ctx.writeError(ErrorRecord.fromMessage(`Unable to get content because it is a directory: '${file}'. Please use 'Get-ChildItem' instead.`, 'System.UnauthorizedAccessException', 'GetContentReaderUnauthorizedAccessError,Microsoft.PowerShell.Commands.GetContentCommand', 'PermissionDenied', file));
              continue;
            }
            const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
            if (params.Raw === true) {
              // An empty file gives nothing, not an empty string.
              if (text !== '') await ctx.emit(text);
              continue;
            }
            let lines = params.Delimiter !== undefined ? text.split(toStringValue(params.Delimiter)) : splitLines(text);
            if (typeof params.TotalCount === 'number' && params.TotalCount >= 0) lines = lines.slice(0, params.TotalCount);
            if (typeof params.Tail === 'number') lines = params.Tail === 0 ? [] : lines.slice(-params.Tail);
            for (const l of lines) await ctx.emit(l);
          }
        }
      },
    };
  },
};

function writer(name: string, append: boolean, aliases: string[], synopsis: string, example: string): CmdletDef {
  return {
    name,
    aliases,
    supportsShouldProcess: true,
    parameters: [
      { name: 'Path', type: 'string[]', position: 0, mandatory: true, aliases: ['LiteralPath', 'PSPath'] },
      { name: 'Value', type: 'object[]', position: 1, valueFromPipeline: true },
      { name: 'NoNewline', type: 'switch' },
      { name: 'Encoding', type: 'string' },
      { name: 'Force', type: 'switch' },
    ],
    help: { synopsis, examples: [{ code: example }] },
    create(params, ctx) {
      const values: unknown[] = [];
      let sawInput = false;
      return {
        async process(input) {
          if (input !== undefined) {
            sawInput = true;
            values.push(...listOf(input));
          }
        },
        async end() {
          if (!sawInput) values.push(...listOf(params.Value));
          const text = values.map((v) => toStringValue(v)).join(params.NoNewline === true ? '' : '\n') + (params.NoNewline === true || values.length === 0 ? '' : '\n');
          for (const p of listOf(params.Path)) {
            const file = resolvePath(ctx, p);
            if (!(await ctx.shouldProcess(file, append ? 'Add Content' : 'Set Content'))) continue;
            try {
              if (append) fs.appendFileSync(file, text);
              else fs.writeFileSync(file, text);
            } catch {
              await ctx.writeError(ErrorRecord.fromMessage(`Could not find a part of the path '${file}'.`, 'System.IO.DirectoryNotFoundException', `GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands.${name.replace('-', '')}Command`, 'ObjectNotFound', file));
            }
          }
        },
      };
    },
  };
}

export const setContentCmdlet = writer('Set-Content', false, ['sc'], 'Writes values to a file, one per line, replacing its content.', "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-sc.txt'; Set-Content $p 'hello'; Get-Content $p; Remove-Item $p");
export const addContentCmdlet = writer('Add-Content', true, ['ac'], 'Appends values to a file, one per line.', "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-ac.txt'; Set-Content $p 'a'; Add-Content $p 'b'; Get-Content $p; Remove-Item $p");

async function outFile(ctx: CmdletContext, file: string, text: string, append: boolean): Promise<void> {
  try {
    if (append) fs.appendFileSync(file, text);
    else fs.writeFileSync(file, text);
  } catch {
    await ctx.writeError(ErrorRecord.fromMessage(`Could not find a part of the path '${file}'.`, 'System.IO.DirectoryNotFoundException', 'FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand', 'OpenError', file));
  }
}

export const outFileCmdlet: CmdletDef = {
  name: 'Out-File',
  supportsShouldProcess: true,
  parameters: [
    { name: 'FilePath', type: 'string', position: 0, mandatory: true, aliases: ['Path', 'LiteralPath'] },
    { name: 'InputObject', type: 'object', valueFromPipeline: true },
    { name: 'Append', type: 'switch' },
    { name: 'NoNewline', type: 'switch' },
    { name: 'Encoding', type: 'string', position: 1 },
    { name: 'Width', type: 'int' },
    { name: 'Force', type: 'switch' },
  ],
  help: {
    synopsis: 'Writes output to a file as it would be displayed.',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-of.txt'; 1..3 | Out-File $p; (Get-Content $p).Count; Remove-Item $p" }],
  },
  create(params, ctx) {
    return collectInput(params, async (items) => {
      const file = resolvePath(ctx, params.FilePath);
      let text = textForFile(ctx.getVariable('PSStyle'), await formatOutput(items, (params.Width as number | undefined) ?? 120, ctx.invoker));
      if (params.NoNewline === true) text = text.replace(/\n/g, '');
      if (!(await ctx.shouldProcess(file, 'Output to File'))) return;
      await outFile(ctx, file, text, params.Append === true);
    });
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
