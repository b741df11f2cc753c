// What Get-Command and Get-Help see: every alias, function and cmdlet visible from a scope, with
// its parameters and help in one shape, and PowerShell's one-line syntax summary.
import type { CmdletDef, ParameterDef } from '../cmdlet.ts';
import type { Session } from '../interpreter/session.ts';
import type { Scope } from '../interpreter/scope.ts';
import type { FunctionInfo } from '../interpreter/function-info.ts';
import { scriptParams } from '../interpreter/param-defs.ts';
import { parameterComment } from '../interpreter/comment-help.ts';

export interface CommandEntry {
  name: string;
  commandType: 'Alias' | 'Function' | 'Filter' | 'Cmdlet';
  definition: string;
  parameters: ParameterDef[];
  synopsis: string;
  description: string;
  examples: { code: string; output?: string; remarks?: string }[];
  paramHelp: Record<string, string>;
  /** Comment-based help's .INPUTS, .OUTPUTS, .NOTES and .LINK sections (functions only). */
  inputs?: string[];
  outputs?: string[];
  notes?: string;
  links?: string[];
  cmdlet?: CmdletDef;
  fn?: FunctionInfo;
  /** Takes the common parameters (cmdlets and advanced functions). */
  common: boolean;
}

function fromCmdlet(d: CmdletDef): CommandEntry {
  return {
    name: d.name,
    commandType: 'Cmdlet',
    definition: d.name,
    parameters: d.parameters,
    synopsis: d.help.synopsis,
    description: d.help.description ?? '',
    examples: d.help.examples ?? [],
    paramHelp: Object.fromEntries(d.parameters.filter((p) => p.help).map((p) => [p.name.toLowerCase(), p.help!])),
    cmdlet: d,
    common: true,
  };
}

/** A parameter's description from the comment just before it in the param block, by lower-case name. */
function parameterComments(f: FunctionInfo): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of f.block.ast.paramBlock?.parameters ?? []) {
    const c = parameterComment(f.block.source.text, p.span.start);
    if (c) out[p.name.toLowerCase()] = c;
  }
  return out;
}

function fromFunction(f: FunctionInfo): CommandEntry {
  const sp = scriptParams(f.block.ast);
  return {
    name: f.name,
    commandType: f.isFilter ? 'Filter' : 'Function',
    definition: f.block.text,
    parameters: sp.params,
    synopsis: f.help?.synopsis ?? '',
    description: f.help?.description ?? '',
    examples: (f.help?.examples ?? []).map((code) => ({ code })),
    paramHelp: { ...parameterComments(f), ...(f.help?.parameters ?? {}) },
    inputs: f.help?.inputs ?? [],
    outputs: f.help?.outputs ?? [],
    notes: f.help?.notes ?? '',
    links: f.help?.links ?? [],
    fn: f,
    common: sp.advanced,
  };
}

export function allCommands(session: Session, scope: Scope): CommandEntry[] {
  const out: CommandEntry[] = [];
  for (const [alias, target] of session.aliases) out.push({ name: alias, commandType: 'Alias', definition: target, parameters: [], synopsis: '', description: '', examples: [], paramHelp: {}, common: false });
  for (const f of scope.visibleFunctions()) out.push(fromFunction(f));
  for (const d of session.cmdlets.values()) out.push(fromCmdlet(d));
  return out;
}

/** Resolves a name (following an alias) to the command it runs. */
export function findCommand(session: Session, scope: Scope, name: string): CommandEntry | null {
  const fn = scope.lookupFunction(name);
  if (fn) return fromFunction(fn);
  const alias = session.aliases.get(name.toLowerCase());
  const target = alias ?? name;
  const fn2 = scope.lookupFunction(target);
  if (fn2) return fromFunction(fn2);
  const d = session.cmdlets.get(target.toLowerCase());
  return d ? fromCmdlet(d) : null;
}

function typeLabel(p: ParameterDef): string {
  return p.type.toLowerCase() === 'object' ? 'Object' : p.type;
}

/** `Name [-A] <string> [[-B] <int>] [-C]` in PowerShell's syntax notation. */
export function syntaxLine(e: CommandEntry): string {
  const parts = [e.name];
  const sorted = [...e.parameters].sort((a, b) => (a.position ?? 99) - (b.position ?? 99));
  for (const p of sorted) {
    const isSwitch = p.type.toLowerCase() === 'switch';
    let s = p.position !== undefined && !isSwitch ? `[-${p.name}]` : `-${p.name}`;
    if (!isSwitch) s += ` <${typeLabel(p)}>`;
    parts.push(p.mandatory ? s : `[${s}]`);
  }
  if (e.common) parts.push('[<CommonParameters>]');
  return parts.join(' ');
}
