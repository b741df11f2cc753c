// Get-Help (help): help text built from a cmdlet's definition or a function's comment-based help,
// in PowerShell's section layout (NAME, SYNOPSIS, SYNTAX, DESCRIPTION, PARAMETERS, EXAMPLES).
import type { CmdletDef } from '../cmdlet.ts';
import { PSException } from '../error-record.ts';
import { hasWildcard, wildcardMatch } from '../../engine/infra/wildcard.ts';
import { toStringValue } from '../values/convert.ts';
import { coreOf } from './core-access.ts';
import { findCommand, syntaxLine } from './command-lookup.ts';
import type { CommandEntry } from './command-lookup.ts';
import { autoImportFor } from '../interpreter/script-module.ts';

function indent(text: string, n = 4): string {
  return text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');
}

export function helpText(e: CommandEntry, mode: { full: boolean; examples: boolean; parameter?: string }): string {
  const out: string[] = [];
  if (mode.parameter) {
    // A wildcard pattern as PowerShell takes it (`-Parameter *`, `-Parameter P*`); a plain name
    // also matches as a prefix, as vbrs always allowed.
    const want = mode.parameter;
    const ps = e.parameters.filter((p) => (hasWildcard(want) ? wildcardMatch(p.name, want) : p.name.toLowerCase().startsWith(want.toLowerCase())));
    if (ps.length === 0) throw new PSException(`No parameter matches criteria ${mode.parameter}.`, 'System.ArgumentException');
    for (const p of ps) out.push(parameterBlock(e, p.name));
    return out.join('\n\n');
  }
  out.push('NAME', indent(e.name), '');
  // Without any help written, PowerShell shows only the name and syntax.
  if (e.synopsis) out.push('SYNOPSIS', indent(e.synopsis), '');
  if (!mode.examples) {
    out.push('SYNTAX', indent(syntaxLine(e)), '');
    if (e.description) out.push('DESCRIPTION', indent(e.description), '');
    if (mode.full && e.parameters.length) {
      out.push('PARAMETERS');
      for (const p of e.parameters) out.push(indent(parameterBlock(e, p.name)), '');
    }
  }
  if (mode.full) {
    // Comment-based help's further sections, where PowerShell's full view puts them.
    if (e.inputs?.length) out.push('INPUTS', ...e.inputs.map((t) => indent(t)), '');
    if (e.outputs?.length) out.push('OUTPUTS', ...e.outputs.map((t) => indent(t)), '');
    if (e.notes) out.push('NOTES', indent(e.notes), '');
  }
  if ((mode.full || mode.examples) && e.examples.length) {
    e.examples.forEach((ex, i) => {
      out.push(`    -------------------------- EXAMPLE ${i + 1} --------------------------`, '', indent(ex.code), '');
      if (ex.output) out.push(indent(ex.output.replace(/\n+$/, '')), '');
      if (ex.remarks) out.push(indent(ex.remarks), '');
    });
  }
  if (!mode.examples && e.links?.length) out.push('RELATED LINKS', ...e.links.map((t) => indent(t)), '');
  if (!mode.full && !mode.examples && e.examples.length) out.push('REMARKS', indent(`For examples, type: "Get-Help ${e.name} -Examples".`), '');
  return out.join('\n').replace(/\n+$/, '');
}

function parameterBlock(e: CommandEntry, name: string): string {
  const p = e.parameters.find((x) => x.name === name)!;
  const lines = [`-${p.name} <${p.type}>`];
  const help = e.paramHelp[p.name.toLowerCase()] ?? p.help;
  if (help) lines.push(indent(help));
  lines.push(indent(`Required?                    ${p.mandatory ? 'true' : 'false'}`));
  lines.push(indent(`Position?                    ${p.position === undefined ? 'named' : p.position}`));
  lines.push(indent(`Accept pipeline input?       ${p.valueFromPipeline ? 'true (ByValue)' : p.valueFromPipelineByPropertyName ? 'true (ByPropertyName)' : 'false'}`));
  if (p.aliases?.length) lines.push(indent(`Aliases                      ${p.aliases.join(', ')}`));
  if (p.validateSet) lines.push(indent(`Accepted values:             ${p.validateSet.join(', ')}`));
  return lines.join('\n');
}

export const getHelpCmdlet: CmdletDef = {
  name: 'Get-Help',
  aliases: ['help'],
  parameters: [
    { name: 'Name', type: 'string', position: 0 },
    { name: 'Full', type: 'switch' },
    { name: 'Examples', type: 'switch' },
    { name: 'Parameter', type: 'string' },
  ],
  help: { synopsis: 'Shows help for a command.', examples: [{ code: 'Get-Help Write-Output' }, { code: 'Get-Help ForEach-Object -Examples' }] },
  create(params, ctx) {
    const { interp, exec } = coreOf(ctx);
    return {
      async process() {
        const name = params.Name === undefined ? 'Get-Help' : toStringValue(params.Name);
        // Help for a command of a module not loaded yet loads it, as PowerShell's Get-Help does.
        let e = findCommand(interp.session, exec.scope, name);
        if (!e && (await autoImportFor(interp, name, exec.streams))) e = findCommand(interp.session, exec.scope, name);
        if (!e) {
          throw new PSException(`Get-Help could not find ${name} in a help file in this session.`, 'System.Management.Automation.ItemNotFoundException');
        }
        await ctx.emit(helpText(e, { full: params.Full === true, examples: params.Examples === true, parameter: params.Parameter === undefined ? undefined : toStringValue(params.Parameter) }));
      },
    };
  },
};
