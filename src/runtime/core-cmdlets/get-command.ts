// Get-Command (gcm): the aliases, functions and cmdlets visible from the caller, by wildcard name.
import { wildcardMatch } from '../../engine/infra/wildcard.ts';
import { basename } from 'node:path';
import type { CmdletDef } from '../cmdlet.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { PSObject } from '../values/ps-object.ts';
import { coreOf } from './core-access.ts';
import { allCommands, findCommand, type CommandEntry } from './command-lookup.ts';
import { autoImportFor, discoverModules } from '../interpreter/script-module.ts';
import { registerView } from '../format/view-registry.ts';

// PowerShell's default table for commands: one view for every kind of command (its format file
// lists them under one type set), so a function between cmdlets stays in the same table.
const commandView = {
  kind: 'table' as const,
  properties: [
    { name: 'CommandType', width: 15 },
    { name: 'Name', width: 50 },
    { name: 'Version', width: 10 },
    { name: 'Source' },
  ],
};
for (const kind of ['Alias', 'Function', 'Filter', 'Cmdlet']) registerView(`System.Management.Automation.${kind}Info`, commandView);

/** A command as Get-Command (and Get-Alias) returns it: a CommandInfo of its kind. */
export function commandInfo(c: CommandEntry & { source?: string }): PSObject {
  const o = PSObject.from([
    ['CommandType', c.commandType],
    ['Name', c.commandType === 'Alias' ? `${c.name} -> ${c.definition}` : c.name],
    ['Version', ''],
    ['Source', c.commandType === 'Cmdlet' ? 'vbrs' : (c.fn?.module ?? c.source ?? '')],
    ['Definition', c.definition],
    ['Parameters', c.parameters.map((p) => p.name)],
  ]);
  o.typeNames = [`System.Management.Automation.${c.commandType === 'Filter' ? 'Filter' : c.commandType}Info`, 'System.Management.Automation.CommandInfo', 'System.Object'];
  return o;
}

/** A module's name: its file name without the extension (Veeam.Backup.PowerShell). */
function moduleName(path: string): string {
  return basename(path).replace(/\.[^.]+$/, '');
}

/** Whether `name` (Verb-Noun) has a verb, or a noun, matching one of `patterns` (wildcards, as
 *  PowerShell's -Verb/-Noun take: `-Noun Lab*`, `-Noun Lab,Job`). No patterns: every name. */
function partMatches(name: string, patterns: string[] | undefined, part: 'verb' | 'noun'): boolean {
  if (!patterns || patterns.length === 0) return true;
  const dash = name.indexOf('-');
  if (dash < 0) return false;
  const text = part === 'verb' ? name.slice(0, dash) : name.slice(dash + 1);
  return patterns.some((p) => wildcardMatch(text, p));
}

export const getCommandCmdlet: CmdletDef = {
  name: 'Get-Command',
  aliases: ['gcm'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, valueFromPipeline: true },
    { name: 'CommandType', type: 'string[]', validateSet: ['Alias', 'Function', 'Filter', 'Cmdlet', 'All'] },
    { name: 'Verb', type: 'string[]' },
    { name: 'Noun', type: 'string[]' },
    { name: 'ListImported', type: 'switch' },
  ],
  help: { synopsis: 'Lists the commands you can run.', examples: [{ code: 'Get-Command Write-*' }, { code: 'Get-Command -CommandType Function' }] },
  create(params, ctx) {
    const { interp, exec } = coreOf(ctx);
    return {
      async process() {
        const names0 = (params.Name as string[] | undefined) ?? [];
        // An exact name of a command some module on the module path exports loads that module, as
        // PowerShell's command discovery does (a wildcard lists only what is loaded).
        for (const n of names0) if (!/[*?]/.test(n) && !findCommand(interp.session, exec.scope, n)) await autoImportFor(interp, n, exec.streams);
        const all: (CommandEntry & { source?: string })[] = allCommands(interp.session, exec.scope);
        // As in PowerShell, a wildcard also lists what the modules on the module path export
        // without importing them (Get-Command *VBR* before the first Veeam command ran).
        const known = new Set(all.map((c) => c.name.toLowerCase()));
        for (const m of params.ListImported === true ? [] : discoverModules()) {
          if (interp.session.modules.has(m.path)) continue;
          for (const name of m.commands) {
            if (known.has(name.toLowerCase())) continue;
            known.add(name.toLowerCase());
            all.push({ name, commandType: 'Function', definition: '', parameters: [], synopsis: '', description: '', examples: [], paramHelp: {}, common: true, source: moduleName(m.path) });
          }
        }
        const types = ((params.CommandType as string[] | undefined) ?? []).map((t) => t.toLowerCase());
        const names = (params.Name as string[] | undefined) ?? ['*'];
        for (const n of names) {
          const hits = all
            .filter((c) => wildcardMatch(c.name, n))
            .filter((c) => (types.length === 0 || types.includes('all') ? params.Name !== undefined || c.commandType !== 'Alias' : types.includes(c.commandType.toLowerCase())))
            .filter((c) => partMatches(c.name, params.Verb as string[] | undefined, 'verb'))
            .filter((c) => partMatches(c.name, params.Noun as string[] | undefined, 'noun'))
            .sort((a, b) => a.name.localeCompare(b.name));
          if (hits.length === 0 && !/[*?]/.test(n)) {
            await ctx.writeError(new ErrorRecord(new PSException(`The term '${n}' is not recognized as a name of a cmdlet, function, script file, or executable program.\nCheck the spelling of the name, or if a path was included, verify that the path is correct and try again.`, 'System.Management.Automation.CommandNotFoundException'), 'CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand', 'ObjectNotFound', n));
            continue;
          }
          for (const c of hits) await ctx.emit(commandInfo(c));
        }
      },
    };
  },
};
