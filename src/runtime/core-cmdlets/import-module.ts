// Import-Module (ipmo) for script modules: runs the file once in a fresh module scope (a child of
// the global scope) and makes its exported functions global, all of them unless the module called
// Export-ModuleMember. Export-ModuleMember records the list in the module scope.
import { resolve, basename } from 'node:path';
import { existsSync } from 'node:fs';
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import { Scope } from '../interpreter/scope.ts';
import { loadScriptFile } from '../interpreter/pipeline.ts';
import { coreOf } from './core-access.ts';
import { PSObject } from '../values/ps-object.ts';
import { registerView } from '../format/view-registry.ts';

const EXPORTS = '__vbrsModuleExports';

function wildcard(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
}

export const importModuleCmdlet: CmdletDef = {
  name: 'Import-Module',
  aliases: ['ipmo'],
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true, help: 'Path of a .vbrs (or .psm1) script module.' },
    { name: 'Force', type: 'switch' },
    { name: 'PassThru', type: 'switch' },
  ],
  help: { synopsis: 'Loads a script module and imports its exported functions.', examples: [{ code: 'Import-Module ./stdlib/backup.vbrs', needs: 'engine' }] },
  create(params, ctx) {
    const { interp } = coreOf(ctx);
    return {
      async process() {
        const session = interp.session;
        const written = toStringValue(params.Name);
        let path = resolve(session.cwd, written);
        if (!existsSync(path)) {
          const alt = [path + '.vbrs', path + '.psm1'].find((p) => existsSync(p));
          if (!alt) throw new PSException(`The specified module '${written}' was not loaded because no valid module file was found in any module directory.`, 'System.IO.FileNotFoundException');
          path = alt;
        }
        const name = basename(path).replace(/\.[^.]+$/, '');
        if (session.modules.has(path) && !params.Force) return;
        const sb = loadScriptFile(interp, path);
        const scope = new Scope(session.global, 'module');
        const mctx = { scope, source: sb.source, out: () => {}, streams: coreOf(ctx).exec.streams, frame: null, errorSinks: [] };
        await interp.runStatements(sb.ast.begin, mctx);
        await interp.runStatements(sb.ast.process, mctx);
        await interp.runStatements(sb.ast.end, mctx);
        const exports = scope.getLocal(EXPORTS)?.value as string[] | undefined;
        const fns = [...scope.functions.values()].filter((f) => !exports || exports.some((p) => wildcard(p).test(f.name)));
        for (const f of scope.functions.values()) {
          f.module = name;
          f.scope = scope;
        }
        for (const f of fns) session.global.functions.set(f.name.toLowerCase(), f);
        session.modules.set(path, { name, functions: fns.map((f) => f.name) });
        if (params.PassThru) await ctx.emit(name);
      },
    };
  },
};

export const getModuleCmdlet: CmdletDef = {
  name: 'Get-Module',
  aliases: ['gmo'],
  parameters: [{ name: 'Name', type: 'string[]', position: 0 }],
  help: { synopsis: 'Lists the script modules imported in this session.', examples: [{ code: 'Get-Module' }] },
  create(params, ctx) {
    const { interp } = coreOf(ctx);
    return {
      async process() {
        const patterns = ((params.Name as string[] | undefined) ?? ['*']).map(wildcard);
        for (const [path, m] of interp.session.modules) {
          if (!patterns.some((re) => re.test(m.name))) continue;
          const o = PSObject.from([
            ['ModuleType', 'Script'],
            ['Version', '0.0'],
            ['Name', m.name],
            ['ExportedCommands', m.functions],
            ['Path', path],
          ]);
          o.typeNames = ['System.Management.Automation.PSModuleInfo', 'System.Object'];
          await ctx.emit(o);
        }
      },
    };
  },
};

registerView('System.Management.Automation.PSModuleInfo', {
  kind: 'table',
  properties: [{ name: 'ModuleType', width: 10 }, { name: 'Version', width: 10 }, { name: 'PreRelease', width: 10, value: () => '' }, { name: 'Name', width: 35 }, { name: 'ExportedCommands', value: (o) => `{${((o as PSObject).getProperty('ExportedCommands')?.value as string[]).join(', ')}}` }],
});

export const exportModuleMemberCmdlet: CmdletDef = {
  name: 'Export-ModuleMember',
  parameters: [
    { name: 'Function', type: 'string[]', position: 0 },
    { name: 'Variable', type: 'string[]' },
    { name: 'Alias', type: 'string[]' },
  ],
  help: { synopsis: 'Chooses which functions a script module exports.', examples: [{ code: 'Export-ModuleMember -Function Get-Thing', needs: 'engine' }] },
  create(params, ctx) {
    const { exec } = coreOf(ctx);
    return {
      async process() {
        const scope = exec.scope.script;
        if (scope.kind !== 'module') throw new PSException('The Export-ModuleMember cmdlet can only be called from inside a module.', 'System.InvalidOperationException');
        const prev = (scope.getLocal(EXPORTS)?.value as string[] | undefined) ?? [];
        scope.setLocal(EXPORTS, [...prev, ...((params.Function as string[] | undefined) ?? [])]);
      },
    };
  },
};
