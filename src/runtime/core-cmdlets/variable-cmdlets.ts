// Get-Variable, Set-Variable, New-Variable, Remove-Variable and Clear-Variable over the caller's
// scopes (`-Scope Global|Script|Local|N`), as PowerShell's VariableCommands.cs has them: names with
// wildcards plus -Include/-Exclude, -Option (ReadOnly, Constant, Private, AllScope), -Description,
// -Visibility, -Force, -PassThru. Variables come back as live PSVariable objects (ps-variable.ts).
import type { CmdletContext, CmdletDef } from '../cmdlet.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import { Scope } from '../interpreter/scope.ts';
import type { Variable } from '../interpreter/scope.ts';
import { coreOf } from './core-access.ts';
import { registerView } from '../format/view-registry.ts';
import { hasWildcard, wildcardMatch } from '../../engine/infra/wildcard.ts';
import { unwrap } from '../interpreter/interpreter.ts';
import { isHiddenFrom, variableIsPrivate } from '../interpreter/command-origin.ts';
import { applyOptions, cannotMakeConstant, notWritable, parseOptions, parseVisibility, psVariable } from './ps-variable.ts';

// PowerShell's default table for variables.
registerView('System.Management.Automation.PSVariable', {
  kind: 'table',
  properties: [{ name: 'Name', width: 30 }, { name: 'Value', align: 'left' }],
});

function targetScope(ctx: CmdletContext, scope: unknown): Scope {
  const s = coreOf(ctx).exec.scope;
  const name = scope === undefined || scope === null ? 'local' : toStringValue(scope).toLowerCase();
  if (name === 'global') return s.global;
  if (name === 'script') return s.script;
  if (name === 'local' || name === 'private') return s;
  const n = Number(name);
  if (Number.isInteger(n) && n >= 0) {
    let cur: Scope = s;
    for (let i = 0; i < n; i++) {
      if (!cur.parent) throw new PSException(`The scope number '${name}' exceeds the number of active scopes.`, 'System.ArgumentOutOfRangeException');
      cur = cur.parent;
    }
    return cur;
  }
  throw new PSException(`The scope number '${name}' exceeds the number of active scopes.`, 'System.ArgumentOutOfRangeException');
}

function privateError(name: string, command: string): ErrorRecord {
  return new ErrorRecord(variableIsPrivate(name), `VariableIsPrivate,Microsoft.PowerShell.Commands.${command}`, 'PermissionDenied', name);
}

function notFound(name: string, command: string): ErrorRecord {
  return new ErrorRecord(new PSException(`Cannot find a variable with the name '${name}'.`, 'System.Management.Automation.ItemNotFoundException'), `VariableNotFound,Microsoft.PowerShell.Commands.${command}`, 'ObjectNotFound', name);
}

const FILTERS = [
  { name: 'Include', type: 'string[]' },
  { name: 'Exclude', type: 'string[]' },
] as const;

/** -Include / -Exclude: a name passes when it matches an include (if any) and no exclude. */
function passesFilters(name: string, params: Record<string, unknown>): boolean {
  const inc = params.Include as string[] | undefined;
  const exc = params.Exclude as string[] | undefined;
  if (inc && inc.length && !inc.some((p) => wildcardMatch(name, p))) return false;
  return !(exc && exc.some((p) => wildcardMatch(name, p)));
}

/** Automatic variables vbrs computes instead of storing, shown by Get-Variable like stored ones. */
function automaticVariables(ctx: CmdletContext): Variable[] {
  const { interp, exec } = coreOf(ctx);
  const session = interp.session;
  return [
    { name: '?', value: session.lastSuccess, readOnly: true, allScope: true },
    { name: 'Host', value: session.automaticVariable('host', exec), readOnly: true, constant: true, allScope: true },
    { name: 'PWD', value: session.automaticVariable('pwd', exec) },
  ];
}

/** The variables a name pattern selects: stored ones of the scope (with -Scope) or visible from
 *  the caller's, plus the automatic ones where PowerShell would see them. */
function candidates(ctx: CmdletContext, params: Record<string, unknown>): Variable[] {
  const scope = targetScope(ctx, params.Scope);
  const stored = params.Scope === undefined ? scope.visibleVariables() : [...scope.vars.values()];
  const scopeName = params.Scope === undefined ? '' : toStringValue(params.Scope).toLowerCase();
  if (scopeName && scopeName !== 'global' && scope !== scope.global) return stored;
  const names = new Set(stored.map((v) => v.name.toLowerCase()));
  return [...stored, ...automaticVariables(ctx).filter((v) => !names.has(v.name.toLowerCase()))];
}

/** Runs `each` on the variables every name selects; a name without wildcards that selects none is
 *  the error PowerShell writes (a wildcard that matches nothing is silent). */
async function forEachMatch(ctx: CmdletContext, params: Record<string, unknown>, names: string[], command: string, each: (v: Variable) => Promise<void>): Promise<void> {
  const all = candidates(ctx, params);
  const exec = coreOf(ctx).exec;
  for (const n of names) {
    const named = all.filter((v) => wildcardMatch(v.name, n));
    let hits = named.filter((v) => passesFilters(v.name, params));
    // a Private variable is left out of a wildcard's matches and refused by name (Var.cs)
    const hidden = hits.filter((v) => isHiddenFrom(v, exec));
    if (hidden.length) {
      hits = hits.filter((v) => !hidden.includes(v));
      if (!hasWildcard(n)) for (const v of hidden) await ctx.writeError(privateError(v.name, command));
    }
    if (hasWildcard(n)) hits.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
    // a name that -Include/-Exclude filtered out is no error
    if (named.length === 0 && !hasWildcard(n)) {
      await ctx.writeError(notFound(n, command));
      continue;
    }
    for (const v of hits) await each(v);
  }
}

function nameList(value: unknown): string[] {
  if (value === undefined || value === null) return ['*'];
  return (Array.isArray(value) ? value : [value]).map((n) => toStringValue(n));
}

export const getVariableCmdlet: CmdletDef = {
  name: 'Get-Variable',
  aliases: ['gv'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, valueFromPipeline: true },
    { name: 'ValueOnly', type: 'switch' },
    { name: 'Scope', type: 'string' },
    ...FILTERS,
  ],
  help: { synopsis: 'Gets variables in the current scope and its parents.', examples: [{ code: '$x = 5; Get-Variable x -ValueOnly' }, { code: 'Get-Variable -Name Error*' }] },
  create(params, ctx) {
    return {
      async process() {
        await forEachMatch(ctx, params, nameList(params.Name), 'GetVariableCommand', async (v) => {
          await ctx.emit(params.ValueOnly ? (v.value === undefined ? null : v.value) : psVariable(v));
        });
      },
    };
  },
};

const SETTING_PARAMETERS = [
  { name: 'Scope', type: 'string' },
  { name: 'Option', type: 'object' },
  { name: 'Description', type: 'string' },
  { name: 'Visibility', type: 'string' },
  { name: 'Force', type: 'switch' },
  { name: 'PassThru', type: 'switch' },
] as const;

/** Applies -Option/-Description/-Visibility to `v` under PowerShell's rules (Var.cs): a ReadOnly
 *  variable changes only with -Force, a Constant one never, and Constant is given only at creation.
 *  `value` null leaves the value as it is. Throws the SessionState error. */
function updateVariable(v: Variable, value: { value: unknown } | null, params: Record<string, unknown>): void {
  if (v.constant || (v.readOnly && !params.Force)) throw notWritable(v.name);
  const options = params.Option === undefined ? null : parseOptions(params.Option);
  if (options?.constant) throw cannotMakeConstant(v.name);
  if (value) {
    v.value = value.value;
    v.automationNull = false;
  }
  if (options) applyOptions(v, options);
  describe(v, params);
}

/** Creates `name` in `scope` (`-Scope Private` adds the Private option, as PowerShell does). */
function createVariable(scope: Scope, name: string, value: unknown, params: Record<string, unknown>): Variable {
  const options = params.Option === undefined ? parseOptions('None') : parseOptions(params.Option);
  if (toStringValue(params.Scope ?? '').toLowerCase() === 'private') options.isPrivate = true;
  scope.removeLocal(name);
  const v = scope.setLocal(name, value);
  applyOptions(v, options);
  describe(v, params);
  return v;
}

function describe(v: Variable, params: Record<string, unknown>): void {
  if (params.Description !== undefined) v.description = toStringValue(params.Description);
  if (params.Visibility !== undefined) v.visibility = parseVisibility(params.Visibility);
}

/** Runs a change that may fail on a read-only or constant variable: the failure is the
 *  non-terminating VariableNotWritable error PowerShell writes, naming the command. */
async function guarded(ctx: CmdletContext, name: string, command: string, change: () => Promise<void> | void): Promise<void> {
  try {
    await change();
  } catch (e) {
    if (!(e instanceof PSException) || e.typeName !== 'System.Management.Automation.SessionStateUnauthorizedAccessException') throw e;
    await ctx.writeError(new ErrorRecord(e, `VariableNotWritable,Microsoft.PowerShell.Commands.${command}`, 'WriteError', name));
  }
}

export const setVariableCmdlet: CmdletDef = {
  name: 'Set-Variable',
  aliases: ['sv', 'set'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, mandatory: true },
    { name: 'Value', type: 'object', position: 1, valueFromPipeline: true },
    ...SETTING_PARAMETERS,
    ...FILTERS,
  ],
  help: { synopsis: 'Sets a variable, creating it when needed.', examples: [{ code: 'Set-Variable -Name count -Value 3; $count' }, { code: "Set-Variable limit 10 -Option ReadOnly -Description 'max jobs'" }] },
  create(params, ctx) {
    // pipeline input is collected: `'a','b' | Set-Variable x` sets one array
    const piped: unknown[] = [];
    let direct = false;
    return {
      async process(input) {
        if (input === undefined) direct = true;
        else piped.push(input);
      },
      async end() {
        const scope = targetScope(ctx, params.Scope);
        const value = direct ? ('Value' in params ? { value: params.Value ?? null } : null) : piped.length ? { value: unwrap(piped) } : null;
        for (const name of params.Name as string[]) {
          // only the target scope's variables count: without -Scope a parent's is shadowed
          const matches = [...scope.vars.values()].filter((v) => wildcardMatch(v.name, name) && passesFilters(v.name, params));
          if (matches.length === 0) {
            if (hasWildcard(name) || !passesFilters(name, params)) continue;
            const v = createVariable(scope, name, value ? value.value : null, params);
            if (params.PassThru) await ctx.emit(psVariable(v));
            continue;
          }
          for (const v of matches) {
            if (isHiddenFrom(v, coreOf(ctx).exec)) {
              await ctx.writeError(privateError(v.name, 'SetVariableCommand'));
              continue;
            }
            await guarded(ctx, v.name, 'SetVariableCommand', async () => {
              updateVariable(v, value, params);
              if (params.PassThru) await ctx.emit(psVariable(v));
            });
          }
        }
      },
    };
  },
};

export const newVariableCmdlet: CmdletDef = {
  name: 'New-Variable',
  aliases: ['nv'],
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true },
    { name: 'Value', type: 'object', position: 1, valueFromPipeline: true },
    ...SETTING_PARAMETERS,
  ],
  help: { synopsis: 'Creates a variable; fails if it already exists in that scope unless -Force.', examples: [{ code: 'New-Variable -Name limit -Value 10 -Option ReadOnly; $limit' }] },
  create(params, ctx) {
    return {
      async process(input) {
        const scope = targetScope(ctx, params.Scope);
        const name = toStringValue(params.Name);
        const existing = scope.getLocal(name);
        if (existing && !params.Force) {
          await ctx.writeError(new ErrorRecord(new PSException(`A variable with name '${name}' already exists.`, 'System.Management.Automation.SessionStateException'), 'VariableAlreadyExists,Microsoft.PowerShell.Commands.NewVariableCommand', 'ResourceExists', name));
          return;
        }
        await guarded(ctx, name, 'NewVariableCommand', async () => {
          if (existing?.constant) throw notWritable(existing.name);
          const v = createVariable(scope, existing?.name ?? name, input === undefined ? (params.Value ?? null) : input, params);
          if (params.PassThru) await ctx.emit(psVariable(v));
        });
      },
    };
  },
};

function notRemovable(name: string): ErrorRecord {
  return new ErrorRecord(new PSException(`Cannot remove variable ${name} because it is constant or read-only. If the variable is read-only, try the operation again specifying the Force option.`, 'System.Management.Automation.SessionStateUnauthorizedAccessException'), 'VariableNotRemovable,Microsoft.PowerShell.Commands.RemoveVariableCommand', 'WriteError', name);
}

/** The scope that holds `v` as seen from the caller (with -Scope: that scope). */
function holder(ctx: CmdletContext, params: Record<string, unknown>, v: Variable): Scope | null {
  for (let s: Scope | null = targetScope(ctx, params.Scope); s; s = params.Scope === undefined ? s.parent : null) {
    if (s.getLocal(v.name) === v) return s;
  }
  return null;
}

export const removeVariableCmdlet: CmdletDef = {
  name: 'Remove-Variable',
  aliases: ['rv'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, mandatory: true },
    { name: 'Scope', type: 'string' },
    { name: 'Force', type: 'switch' },
    ...FILTERS,
  ],
  help: { synopsis: 'Deletes variables.', examples: [{ code: '$tmp = 1; Remove-Variable tmp; $null -eq $tmp' }] },
  create(params, ctx) {
    return {
      async process() {
        await forEachMatch(ctx, params, params.Name as string[], 'RemoveVariableCommand', async (v) => {
          if (v.constant || (v.readOnly && !params.Force)) {
            await ctx.writeError(notRemovable(v.name));
            return;
          }
          holder(ctx, params, v)?.removeLocal(v.name);
        });
      },
    };
  },
};

export const clearVariableCmdlet: CmdletDef = {
  name: 'Clear-Variable',
  aliases: ['clv'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, mandatory: true },
    { name: 'Scope', type: 'string' },
    { name: 'Force', type: 'switch' },
    { name: 'PassThru', type: 'switch' },
    ...FILTERS,
  ],
  help: { synopsis: 'Sets variables to $null, keeping them defined.', examples: [{ code: '$v = 1; Clear-Variable v; $null -eq $v' }] },
  create(params, ctx) {
    return {
      async process() {
        await forEachMatch(ctx, params, params.Name as string[], 'ClearVariableCommand', async (v) => {
          await guarded(ctx, v.name, 'ClearVariableCommand', async () => {
            if (v.constant || (v.readOnly && !params.Force)) throw notWritable(v.name);
            v.value = null;
            v.automationNull = false;
            if (params.PassThru) await ctx.emit(psVariable(v));
          });
        });
      },
    };
  },
};
