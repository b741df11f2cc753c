// What Tab completion can offer in a live shell: its cmdlets, aliases and functions with their
// parameters, its variables, the members of a variable's value (through Get-Member, as a user
// would ask), catalog object names (opening the engine the way domain cmdlets do, if no command
// has yet) and the file system. completion.ts decides what to ask for; this answers.
import { readdirSync, statSync } from 'node:fs';
import type { Shell } from '../runtime/shell.ts';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import type { CompletionKind } from '../runtime/completion-kind.ts';
import type { Engine } from '../engine/engine.ts';
import type { CompletionSource, ParameterInfo } from './completion.ts';
import { autoloadableCommands, autoloadableParameters } from '../runtime/interpreter/script-module.ts';

const commonParameters: ParameterInfo[] = [
  { name: 'Verbose', type: 'switch' },
  { name: 'Debug', type: 'switch' },
  { name: 'ErrorAction', type: 'string', validateSet: ['Continue', 'Ignore', 'Inquire', 'SilentlyContinue', 'Stop'] },
  { name: 'WarningAction', type: 'string', validateSet: ['Continue', 'Ignore', 'Inquire', 'SilentlyContinue', 'Stop'] },
  { name: 'ErrorVariable', type: 'string' },
  { name: 'OutVariable', type: 'string' },
];

export function shellCompletionSource(shell: Shell, services: Record<string, unknown>): CompletionSource {
  const session = shell.session;
  return {
    commands: () => [
      ...[...session.cmdlets.values()].map((c) => c.name),
      ...session.aliases.keys(),
      ...session.global.visibleFunctions().map((f) => f.name),
      // Commands of modules on the module path, loaded when first used (Get-VBRJob …).
      ...autoloadableCommands(session),
    ],
    parameters: (name) => {
      const lname = name.toLowerCase();
      const target = session.aliases.get(lname)?.toLowerCase() ?? lname;
      const cmdlet: CmdletDef | undefined = session.cmdlets.get(target);
      if (cmdlet) {
        const own: ParameterInfo[] = cmdlet.parameters.map((p) => ({
          name: p.name, type: p.type, aliases: p.aliases, validateSet: p.validateSet, position: p.position, completion: p.completion,
        }));
        if (cmdlet.supportsShouldProcess) own.push({ name: 'WhatIf', type: 'switch' }, { name: 'Confirm', type: 'switch' });
        return [...own, ...commonParameters];
      }
      const fn = session.global.lookupFunction(name);
      if (!fn) return autoloadableParameters(session, name);
      return (fn.block.ast.paramBlock?.parameters ?? []).map((p) => ({ name: p.name, type: p.type?.name ?? 'object' }));
    },
    variables: () => session.global.visibleVariables().map((v) => v.name),
    members: (expression) => members(shell, expression),
    objectNames: (kind) => objectNames(services, kind),
    listDirectory: (dir) => readdirSync(dir, { withFileTypes: true }).map((d) => ({
      name: d.name,
      directory: d.isDirectory() || (d.isSymbolicLink() && isDirectory(dir + '/' + d.name)),
    })),
    cwd: () => session.cwd,
  };
}

/** `expression` is only ever a variable and property names, so evaluating it runs no commands. */
async function members(shell: Shell, expression: string): Promise<{ name: string; method: boolean }[]> {
  if (!/^\$[\w:]+(\.\w+)*$/.test(expression)) return [];
  try {
    const out = await shell.invoke(`${expression} | Get-Member -ErrorAction SilentlyContinue | ForEach-Object { "$($_.MemberType) $($_.Name)" }`, '<completion>');
    const seen = new Set<string>();
    const found: { name: string; method: boolean }[] = [];
    for (const line of out.map(String)) {
      const [type, name] = line.split(' ');
      if (!name || seen.has(name)) continue;
      seen.add(name);
      found.push({ name, method: type === 'Method' });
    }
    return found;
  } catch {
    return [];
  }
}

/** The registry is loaded on the first Tab that needs it: it brings the engine's modules. */
async function objectNames(services: Record<string, unknown>, kind: CompletionKind): Promise<string[]> {
  const engine = await openEngine(services);
  if (!engine) return [];
  try {
    const { completionNames } = await import('../cmdlets/completion-sources.ts');
    return completionNames(engine, kind);
  } catch {
    return [];
  }
}

/** Opens the engine the way domain cmdlets do (so script-block hooks are installed). */
async function openEngine(services: Record<string, unknown>): Promise<Engine | null> {
  if (services.engine) return services.engine as Engine;
  try {
    const { engineFor } = await import('../cmdlets/engine-service.ts');
    // engineFor records the caller's invoker for script-block hooks; keep the one a running job uses.
    return await engineFor({ services, invoker: services.invoker } as never);
  } catch {
    return null;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
