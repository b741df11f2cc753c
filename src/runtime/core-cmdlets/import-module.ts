// Import-Module (ipmo) for script modules: a path, or a name looked up on the module path
// (interpreter/script-module.ts: $env:VBRS_MODULE_PATH, then stdlib/); runs the file once in a fresh
// module scope (a child of the global scope) and makes its exported functions global, all of them
// unless the module called Export-ModuleMember. Export-ModuleMember records the list in the module scope.
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import { addModuleExports, importScriptModule, resolveModule } from '../interpreter/script-module.ts';
import { coreOf } from './core-access.ts';
import { PSObject } from '../values/ps-object.ts';
import { registerView } from '../format/view-registry.ts';
import { wildcardToRegex } from '../../engine/infra/wildcard.ts';


export const importModuleCmdlet: CmdletDef = {
  name: 'Import-Module',
  aliases: ['ipmo'],
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true, help: 'A module name on the module path (Veeam.Backup.PowerShell), or the path of a .vbrs (or .psm1) script module.' },
    { name: 'Force', type: 'switch' },
    { name: 'PassThru', type: 'switch' },
  ],
  help: { synopsis: 'Loads a script module and imports its exported functions.', examples: [{ code: 'Import-Module Veeam.Backup.PowerShell', needs: 'engine' }] },
  create(params, ctx) {
    const { interp } = coreOf(ctx);
    return {
      async process() {
        const written = toStringValue(params.Name);
        const path = resolveModule(written, interp.session.cwd);
        if (!path) throw new PSException(`The specified module '${written}' was not loaded because no valid module file was found in any module directory.`, 'System.IO.FileNotFoundException');
        const name = await importScriptModule(interp, path, coreOf(ctx).exec.streams, params.Force === true);
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
        const patterns = ((params.Name as string[] | undefined) ?? ['*']).map((p) => wildcardToRegex(p));
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
        addModuleExports(exec.scope.script, (params.Function as string[] | undefined) ?? []);
      },
    };
  },
};
