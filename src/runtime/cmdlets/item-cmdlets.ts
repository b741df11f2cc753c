// File-system item cmdlets: Get-ChildItem (basic: -Path, -Filter, -Recurse, -File, -Directory,
// -Name), Get-Item, New-Item (files and directories), Remove-Item, Copy-Item, Move-Item, Rename-Item.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { ErrorRecord } from '../error-record.ts';
import { wildcardMatch, hasWildcard } from '../../engine/infra/wildcard.ts';
import { listOf } from './property-selector.ts';
import { resolvePath, expandPath, pathNotFound, FileSystemItem } from './path-items.ts';

export const getChildItemCmdlet: CmdletDef = {
  name: 'Get-ChildItem',
  aliases: ['gci', 'ls', 'dir'],
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, valueFromPipeline: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] },
    { name: 'Filter', type: 'string', position: 1 },
    { name: 'Include', type: 'string[]' },
    { name: 'Exclude', type: 'string[]' },
    { name: 'Recurse', type: 'switch' },
    { name: 'Depth', type: 'int' },
    { name: 'File', type: 'switch' },
    { name: 'Directory', type: 'switch' },
    { name: 'Name', type: 'switch', help: 'Returns names (relative paths with -Recurse) instead of items.' },
    { name: 'Force', type: 'switch' },
  ],
  help: {
    synopsis: 'Lists the files and folders in a location.',
    examples: [{ code: "Get-ChildItem ([System.IO.Path]::GetTempPath()) -Directory | Select-Object -First 1 | Out-Null" }],
  },
  create(params, ctx) {
    const filters = [params.Filter, ...listOf(params.Include)].filter((f) => f !== undefined && f !== null).map((f) => toStringValue(f));
    const excludes = listOf(params.Exclude).map((f) => toStringValue(f));
    const maxDepth = typeof params.Depth === 'number' ? params.Depth : params.Recurse === true ? Infinity : 0;
    const keep = (name: string, isDir: boolean) => {
      if (params.File === true && isDir) return false;
      if (params.Directory === true && !isDir) return false;
      if (params.Force !== true && name.startsWith('.')) return false;
      if (filters.length && !filters.some((f) => wildcardMatch(name, f))) return false;
      return !excludes.some((f) => wildcardMatch(name, f));
    };
    const walk = async (dir: string, root: string, depth: number): Promise<void> => {
      let names: string[];
      try {
        names = fs.readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
      } catch {
        return;
      }
      // PowerShell lists folders before files.
      const entries = names.map((n) => ({ n, full: path.join(dir, n), isDir: isDirectory(path.join(dir, n)) }));
      const ordered = [...entries.filter((e) => e.isDir), ...entries.filter((e) => !e.isDir)];
      for (const e of ordered) {
        if (keep(e.n, e.isDir)) await ctx.emit(params.Name === true ? path.relative(root, e.full) : new FileSystemItem(e.full));
      }
      if (depth < maxDepth) for (const e of ordered) if (e.isDir && (params.Force === true || !e.n.startsWith('.'))) await walk(e.full, root, depth + 1);
    };
    return {
      async process() {
        const paths = params.Path === undefined ? [ctx.cwd] : listOf(params.Path);
        for (const p of paths) {
          const matches = expandPath(ctx, p).filter((f) => fs.existsSync(f));
          if (matches.length === 0) {
            if (!hasWildcard(toStringValue(p))) await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'GetChildItemCommand'));
            continue;
          }
          for (const m of matches) {
            if (isDirectory(m) && !hasWildcard(path.basename(toStringValue(p)))) await walk(m, m, 0);
            else if (keep(path.basename(m), isDirectory(m))) await ctx.emit(params.Name === true ? path.basename(m) : new FileSystemItem(m));
          }
        }
      },
    };
  },
};

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export const getItemCmdlet: CmdletDef = {
  name: 'Get-Item',
  aliases: ['gi'],
  parameters: [{ name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, aliases: ['LiteralPath', 'FullName'] }],
  help: { synopsis: 'Gets the file or folder at a path.', examples: [{ code: "(Get-Item ([System.IO.Path]::GetTempPath())).PSIsContainer" }] },
  create(params, ctx) {
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const matches = expandPath(ctx, p).filter((f) => fs.existsSync(f));
          if (!matches.length) await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'GetItemCommand'));
          for (const m of matches) await ctx.emit(new FileSystemItem(m));
        }
      },
    };
  },
};

export const newItemCmdlet: CmdletDef = {
  name: 'New-Item',
  aliases: ['ni'],
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, valueFromPipelineByPropertyName: true },
    { name: 'Name', type: 'string' },
    { name: 'ItemType', type: 'string', aliases: ['Type'], validateSet: ['File', 'Directory', 'Container'] },
    { name: 'Value', type: 'object', valueFromPipeline: true },
    { name: 'Force', type: 'switch' },
  ],
  help: {
    synopsis: 'Creates a file (optionally with content) or a directory.',
    examples: [{ code: "$d = Join-Path ([System.IO.Path]::GetTempPath()) ('vbrs-ni-' + (Get-Random)); New-Item $d -ItemType Directory | Out-Null; Test-Path $d; Remove-Item $d" }],
  },
  create(params, ctx) {
    return {
      async end() {
        const type = params.ItemType === undefined ? 'file' : toStringValue(params.ItemType).toLowerCase();
        const paths = params.Path === undefined ? [ctx.cwd] : listOf(params.Path);
        for (const p of paths) {
          const full = params.Name !== undefined ? path.join(resolvePath(ctx, p), toStringValue(params.Name)) : resolvePath(ctx, p);
          if (!(await ctx.shouldProcess(full, type === 'file' ? 'Create File' : 'Create Directory'))) continue;
          if (fs.existsSync(full) && params.Force !== true) {
            const noun = type === 'file' ? 'file' : 'item';
            await ctx.writeError(ErrorRecord.fromMessage(`The ${noun} '${full}' already exists.`, 'System.IO.IOException', 'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand', 'WriteError', full));
            continue;
          }
          try {
            if (type === 'file') {
              if (params.Force === true) fs.mkdirSync(path.dirname(full), { recursive: true });
              fs.writeFileSync(full, params.Value === undefined || params.Value === null ? '' : toStringValue(params.Value));
            } else fs.mkdirSync(full, { recursive: true });
          } catch (e) {
            await ctx.writeError(ErrorRecord.fromMessage(`Could not find a part of the path '${full}'.`, 'System.IO.DirectoryNotFoundException', 'NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand', 'WriteError', full));
            continue;
          }
          await ctx.emit(new FileSystemItem(full));
        }
      },
    };
  },
};

export const removeItemCmdlet: CmdletDef = {
  name: 'Remove-Item',
  aliases: ['rm', 'del', 'ri', 'rmdir', 'rd', 'erase'],
  supportsShouldProcess: true,
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] },
    { name: 'Recurse', type: 'switch' },
    { name: 'Force', type: 'switch' },
  ],
  help: {
    synopsis: 'Deletes files and folders.',
    examples: [{ code: "$p = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-ri.txt'; Set-Content $p 'x'; Remove-Item $p; Test-Path $p" }],
  },
  create(params, ctx) {
    return {
      async process(input) {
        const paths = input instanceof FileSystemItem ? [input.FullName] : listOf(params.Path);
        for (const p of paths) {
          const matches = expandPath(ctx, p).filter((f) => fs.existsSync(f));
          if (!matches.length) {
            await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'RemoveItemCommand'));
            continue;
          }
          for (const m of matches) {
            if (!(await ctx.shouldProcess(m, isDirectory(m) ? 'Remove Directory' : 'Remove File'))) continue;
            if (isDirectory(m) && fs.readdirSync(m).length > 0 && params.Recurse !== true) {
              await ctx.writeError(ErrorRecord.fromMessage(`The item at ${m} has children and the Recurse parameter was not specified.`, 'System.IO.IOException', 'RemoveItemIOError,Microsoft.PowerShell.Commands.RemoveItemCommand', 'WriteError', m));
              continue;
            }
            fs.rmSync(m, { recursive: true, force: true });
          }
        }
      },
    };
  },
};

function copyOrMove(name: string, move: boolean, aliases: string[]): CmdletDef {
  return {
    name,
    aliases,
    supportsShouldProcess: true,
    parameters: [
      { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] },
      { name: 'Destination', type: 'string', position: 1 },
      { name: 'Recurse', type: 'switch' },
      { name: 'Force', type: 'switch' },
      { name: 'PassThru', type: 'switch' },
    ],
    help: {
      synopsis: move ? 'Moves files and folders.' : 'Copies files and folders.',
      examples: [{ code: `$a = Join-Path ([System.IO.Path]::GetTempPath()) 'vbrs-${move ? 'mv' : 'cp'}-a.txt'; $b = $a + '.b'; Set-Content $a 'x'; ${name} $a $b; Remove-Item $b; if (Test-Path $a) { Remove-Item $a }` }],
    },
    create(params, ctx) {
      return {
        async process() {
          const dest = resolvePath(ctx, params.Destination ?? ctx.cwd);
          for (const p of listOf(params.Path)) {
            const matches = expandPath(ctx, p).filter((f) => fs.existsSync(f));
            if (!matches.length) {
              await ctx.writeError(pathNotFound(resolvePath(ctx, p), move ? 'MoveItemCommand' : 'CopyItemCommand'));
              continue;
            }
            for (const m of matches) {
              const target = isDirectory(dest) ? path.join(dest, path.basename(m)) : dest;
              if (!(await ctx.shouldProcess(m, move ? 'Move Item' : 'Copy Item'))) continue;
              if (move) fs.renameSync(m, target);
              else fs.cpSync(m, target, { recursive: params.Recurse === true || isDirectory(m) });
              if (params.PassThru === true) await ctx.emit(new FileSystemItem(target));
            }
          }
        },
      };
    },
  };
}

export const copyItemCmdlet = copyOrMove('Copy-Item', false, ['cp', 'copy', 'cpi']);
export const moveItemCmdlet = copyOrMove('Move-Item', true, ['mv', 'move', 'mi']);

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
