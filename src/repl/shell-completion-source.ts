// What Tab completion can offer in a live shell: its cmdlets, aliases and functions with their
// parameters, its variables, the members of a variable's value (through Get-Member, as a user
// would ask), catalog object names (opening the engine the way domain cmdlets do, if no command
// has yet) and the file system. completion.ts decides what to ask for; this answers.
import { readdirSync, statSync } from 'node:fs';
import type { Shell } from '../runtime/shell.ts';
import type { CmdletDef } from '../runtime/cmdlet.ts';
import { autoloadableCommands } from '../runtime/interpreter/script-module.ts';
import type { CompletionSource, ObjectKind, ParameterInfo } from './completion.ts';

const commonParameters: ParameterInfo[] = [
  { name: 'Verbose', type: 'switch' },
  { name: 'Debug', type: 'switch' },
  { name: 'ErrorAction', type: 'string', validateSet: ['Continue', 'Ignore', 'Inquire', 'SilentlyContinue', 'Stop'] },
  { name: 'WarningAction', type: 'string', validateSet: ['Continue', 'Ignore', 'Inquire', 'SilentlyContinue', 'Stop'] },
  { name: 'ErrorVariable', type: 'string' },
  { name: 'OutVariable', type: 'string' },
];

/** Engine API holding each kind's `list()`. */
const listers: Record<ObjectKind, string> = {
  job: 'jobs', vm: 'vms', proxy: 'proxies', repository: 'repositories', host: 'hosts', datastore: 'datastores',
  array: 'arrays', credential: 'credentials', lab: 'lab',
};

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
        const own: ParameterInfo[] = cmdlet.parameters.map((p) => ({ name: p.name, type: p.type, aliases: p.aliases, validateSet: p.validateSet, position: p.position }));
        if (cmdlet.supportsShouldProcess) own.push({ name: 'WhatIf', type: 'switch' }, { name: 'Confirm', type: 'switch' });
        return [...own, ...commonParameters];
      }
      const fn = session.global.lookupFunction(name);
      if (!fn) return null;
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

async function objectNames(services: Record<string, unknown>, kind: ObjectKind): Promise<string[]> {
  const engine = (await openEngine(services)) as Record<string, { list?(): { Name: string }[] }> | null;
  try {
    return engine?.[listers[kind]]?.list?.().map((o) => o.Name) ?? [];
  } catch {
    return [];
  }
}

/** Opens the engine the way domain cmdlets do (so script-block hooks are installed). */
async function openEngine(services: Record<string, unknown>): Promise<unknown> {
  if (services.engine) return services.engine;
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
