// Path cmdlets: Test-Path, Join-Path, Split-Path, Resolve-Path, Get-Location, Set-Location and
// Push-Location/Pop-Location (a per-session stack).
// Set-Location changes the session's location, which every relative path then resolves against.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CmdletDef } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { coreOf } from '../core-cmdlets/core-access.ts';
import { listOf } from './property-selector.ts';
import { resolvePath, expandPath, pathNotFound, PathInfo } from './path-items.ts';

export const testPathCmdlet: CmdletDef = {
  name: 'Test-Path',
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] },
    { name: 'PathType', type: 'string', validateSet: ['Any', 'Container', 'Leaf'] },
    { name: 'IsValid', type: 'switch' },
  ],
  help: {
    synopsis: 'Tells whether a path exists (optionally as a file or a folder).',
    examples: [{ code: "Test-Path ([System.IO.Path]::GetTempPath()) -PathType Container", remarks: 'True.' }],
  },
  create(params, ctx) {
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const s = toStringValue(p);
          if (params.IsValid === true) {
            await ctx.emit(!s.includes('\0'));
            continue;
          }
          if (s === '') {
            await ctx.emit(false);
            continue;
          }
          const files = expandPath(ctx, s).filter((f) => fs.existsSync(f));
          const type = params.PathType === undefined ? 'any' : toStringValue(params.PathType).toLowerCase();
          const ok = files.some((f) => {
            const st = fs.statSync(f);
            return type === 'any' || (type === 'leaf' ? !st.isDirectory() : st.isDirectory());
          });
          await ctx.emit(ok);
        }
      },
    };
  },
};

export const joinPathCmdlet: CmdletDef = {
  name: 'Join-Path',
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true },
    { name: 'ChildPath', type: 'string', position: 1 },
    { name: 'AdditionalChildPath', type: 'string[]', position: 2 },
    { name: 'Resolve', type: 'switch' },
  ],
  help: {
    synopsis: 'Joins a path and child paths with the directory separator.',
    examples: [{ code: "Join-Path 'logs' 'today.txt'", remarks: 'logs/today.txt' }],
  },
  create(params, ctx) {
    return {
      async process() {
        const children = [params.ChildPath, ...listOf(params.AdditionalChildPath)].filter((c) => c !== undefined && c !== null).map((c) => toStringValue(c));
        for (const p of listOf(params.Path)) {
          let out = toStringValue(p);
          for (const c of children) {
            if (c === '') continue;
            out = out === '' ? c : out.replace(/[\\/]+$/, '') + path.sep + c.replace(/^[\\/]+/, '');
          }
          if (params.Resolve === true) {
            const full = resolvePath(ctx, out);
            if (!fs.existsSync(full)) {
              await ctx.writeError(pathNotFound(full, 'JoinPathCommand'));
              continue;
            }
            out = full;
          }
          await ctx.emit(out);
        }
      },
    };
  },
};

export const splitPathCmdlet: CmdletDef = {
  name: 'Split-Path',
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true },
    { name: 'Parent', type: 'switch' },
    { name: 'Leaf', type: 'switch' },
    { name: 'LeafBase', type: 'switch' },
    { name: 'Extension', type: 'switch' },
    { name: 'Qualifier', type: 'switch' },
    { name: 'NoQualifier', type: 'switch' },
    { name: 'IsAbsolute', type: 'switch' },
  ],
  help: {
    synopsis: 'Returns a part of a path: the parent (default), the leaf, its base name or extension.',
    examples: [
      { code: "Split-Path '/var/log/app.log'", remarks: '/var/log' },
      { code: "Split-Path '/var/log/app.log' -Leaf", remarks: 'app.log' },
    ],
  },
  create(params, ctx) {
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const s = toStringValue(p);
          const trimmed = s.length > 1 ? s.replace(/[\\/]+$/, '') : s;
          const leaf = trimmed.split(/[\\/]/).pop() ?? '';
          let out: unknown;
          if (params.Leaf === true) out = leaf;
          else if (params.LeafBase === true) out = leaf.includes('.') && !leaf.startsWith('.') ? leaf.slice(0, leaf.lastIndexOf('.')) : leaf;
          else if (params.Extension === true) out = leaf.includes('.') ? leaf.slice(leaf.lastIndexOf('.')) : '';
          else if (params.IsAbsolute === true) out = path.isAbsolute(s);
          else if (params.Qualifier === true) out = /^[A-Za-z]:/.test(s) ? s.slice(0, 2) : '';
          else if (params.NoQualifier === true) out = s.replace(/^[A-Za-z]:/, '');
          else {
            const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
            out = i < 0 ? '' : i === 0 ? trimmed[0] : trimmed.slice(0, i);
          }
          await ctx.emit(out);
        }
      },
    };
  },
};

export const resolvePathCmdlet: CmdletDef = {
  name: 'Resolve-Path',
  aliases: ['rvpa'],
  parameters: [
    { name: 'Path', type: 'string[]', position: 0, mandatory: true, valueFromPipeline: true, valueFromPipelineByPropertyName: true, aliases: ['LiteralPath', 'FullName'] },
    { name: 'Relative', type: 'switch' },
  ],
  help: {
    synopsis: 'Resolves a relative or wildcard path to the absolute paths that exist.',
    examples: [{ code: "(Resolve-Path .).Path" }],
  },
  create(params, ctx) {
    return {
      async process() {
        for (const p of listOf(params.Path)) {
          const files = expandPath(ctx, p).filter((f) => fs.existsSync(f));
          if (files.length === 0) {
            await ctx.writeError(pathNotFound(resolvePath(ctx, p), 'ResolvePathCommand'));
            continue;
          }
          for (const f of files) {
            if (params.Relative === true) {
              const rel = path.relative(ctx.cwd, f);
              await ctx.emit(rel.startsWith('..') ? rel : '.' + path.sep + rel);
            } else await ctx.emit(new PathInfo(f));
          }
        }
      },
    };
  },
};

export const getLocationCmdlet: CmdletDef = {
  name: 'Get-Location',
  aliases: ['gl', 'pwd'],
  parameters: [],
  help: { synopsis: 'Gets the current location.', examples: [{ code: '(Get-Location).Path' }] },
  create(_params, ctx) {
    return {
      async end() {
        await ctx.emit(new PathInfo(ctx.cwd));
      },
    };
  },
};

export const setLocationCmdlet: CmdletDef = {
  name: 'Set-Location',
  aliases: ['cd', 'sl', 'chdir'],
  parameters: [
    { name: 'Path', type: 'string', position: 0, valueFromPipeline: true, aliases: ['LiteralPath'] },
    { name: 'PassThru', type: 'switch' },
  ],
  help: {
    synopsis: 'Changes the current location; relative paths resolve against it.',
    examples: [{ code: "Set-Location ([System.IO.Path]::GetTempPath()); (Get-Location).Path" }],
  },
  create(params, ctx) {
    return {
      async end() {
        const target = resolvePath(ctx, params.Path ?? process.env.HOME ?? '/');
        if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) {
          await ctx.writeError(pathNotFound(target, 'SetLocationCommand'));
          return;
        }
        coreOf(ctx).interp.session.cwd = target;
        if (params.PassThru === true) await ctx.emit(new PathInfo(target));
      },
    };
  },
};


/** Push-Location's stack, one per session. */
const locationStacks = new WeakMap<object, string[]>();

function stackOf(session: object): string[] {
  let s = locationStacks.get(session);
  if (!s) locationStacks.set(session, (s = []));
  return s;
}

export const pushLocationCmdlet: CmdletDef = {
  name: 'Push-Location',
  aliases: ['pushd'],
  parameters: [{ name: 'Path', type: 'string', position: 0, valueFromPipeline: true, aliases: ['LiteralPath'] }],
  help: {
    synopsis: 'Saves the current location on a stack, then optionally changes to a new one.',
    examples: [{ code: 'Push-Location ([System.IO.Path]::GetTempPath()); Pop-Location' }],
  },
  create(params, ctx) {
    return {
      async end() {
        const session = coreOf(ctx).interp.session;
        if (params.Path !== undefined) {
          const target = resolvePath(ctx, params.Path);
          if (!fs.existsSync(target) || !fs.statSync(target).isDirectory()) {
            await ctx.writeError(pathNotFound(target, 'PushLocationCommand'));
            return;
          }
          stackOf(session).push(session.cwd);
          session.cwd = target;
        } else stackOf(session).push(session.cwd);
      },
    };
  },
};

export const popLocationCmdlet: CmdletDef = {
  name: 'Pop-Location',
  aliases: ['popd'],
  parameters: [{ name: 'PassThru', type: 'switch' }],
  help: { synopsis: 'Returns to the location last saved by Push-Location.', examples: [{ code: 'Push-Location; Pop-Location' }] },
  create(params, ctx) {
    return {
      async end() {
        const session = coreOf(ctx).interp.session;
        const previous = stackOf(session).pop();
        if (previous === undefined) return;
        session.cwd = previous;
        if (params.PassThru === true) await ctx.emit(new PathInfo(previous));
      },
    };
  },
};
