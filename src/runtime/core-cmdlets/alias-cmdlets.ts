// Get-Alias / Set-Alias (gal, sal): the session's aliases. Get-Alias lists them as AliasInfo
// objects (Get-Command's table: `gci -> Get-ChildItem`), by name wildcard or -Definition; Set-Alias
// adds or changes one. Aliases are session-wide here (PowerShell's -Scope is not modelled).
import type { CmdletDef } from '../cmdlet.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import { wildcardMatch } from '../../engine/infra/wildcard.ts';
import { coreOf } from './core-access.ts';
import { commandInfo } from './get-command.ts';
import { listOf } from '../cmdlets/property-selector.ts';

function aliasInfo(name: string, target: string) {
  return commandInfo({ name, commandType: 'Alias', definition: target, parameters: [], synopsis: '', description: '', examples: [], paramHelp: {}, common: false });
}

export const getAliasCmdlet: CmdletDef = {
  name: 'Get-Alias',
  aliases: ['gal'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, help: 'Alias names; wildcards allowed.' },
    { name: 'Definition', type: 'string[]', help: 'The commands whose aliases to list; wildcards allowed.' },
  ],
  help: { synopsis: 'Lists the aliases of the session.', examples: [{ code: 'Get-Alias g*' }, { code: 'Get-Alias -Definition Get-ChildItem' }] },
  create(params, ctx) {
    const { interp } = coreOf(ctx);
    return {
      async process() {
        const names = listOf(params.Name).map((n) => toStringValue(n));
        const defs = listOf(params.Definition).map((n) => toStringValue(n));
        const all = [...interp.session.aliases].sort(([a], [b]) => a.localeCompare(b));
        for (const n of names.length ? names : ['*']) {
          const hits = all.filter(([a, target]) => wildcardMatch(a, n) && (!defs.length || defs.some((d) => wildcardMatch(target, d))));
          if (hits.length === 0 && !/[*?]/.test(n)) {
            await ctx.writeError(new ErrorRecord(new PSException(`Cannot find an alias with the name '${n}'. Check the spelling of the name and try again.`, 'System.Management.Automation.ItemNotFoundException'), 'ItemNotFoundException,Microsoft.PowerShell.Commands.GetAliasCommand', 'ObjectNotFound', n));
            continue;
          }
          for (const [name, target] of hits) {
            await ctx.emit(aliasInfo(name, target));
          }
        }
      },
    };
  },
};

export const setAliasCmdlet: CmdletDef = {
  name: 'Set-Alias',
  aliases: ['sal'],
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true, help: 'The alias.' },
    { name: 'Value', type: 'string', position: 1, mandatory: true, help: 'The command it runs.' },
    { name: 'PassThru', type: 'switch' },
  ],
  help: { synopsis: 'Creates or changes an alias for the session.', examples: [{ code: 'Set-Alias -Name gsn -Value Get-Session' }] },
  create(params, ctx) {
    const { interp } = coreOf(ctx);
    return {
      async process() {
        const name = toStringValue(params.Name);
        const value = toStringValue(params.Value);
        if (/[*?\s]/.test(name) || name === '') {
          throw new PSException(`Cannot set alias '${name}': an alias name has no spaces or wildcards.`, 'System.Management.Automation.SessionStateException');
        }
        interp.session.aliases.set(name.toLowerCase(), value);
        if (params.PassThru === true) await ctx.emit(aliasInfo(name.toLowerCase(), value));
      },
    };
  },
};
