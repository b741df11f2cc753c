// Get-Variable, Set-Variable, New-Variable, Remove-Variable and Clear-Variable over the caller's
// scopes (`-Scope Global|Script|Local`). Variables come back as PSVariable objects (Name, Value).
import type { CmdletContext, CmdletDef } from '../cmdlet.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import { PSObject } from '../values/ps-object.ts';
import { toStringValue } from '../values/convert.ts';
import type { Scope } from '../interpreter/scope.ts';
import { coreOf } from './core-access.ts';
import { registerView } from '../format/view-registry.ts';

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
    for (let i = 0; i < n && cur.parent; i++) cur = cur.parent;
    return cur;
  }
  throw new PSException(`The scope number '${name}' exceeds the number of active scopes.`, 'System.ArgumentOutOfRangeException');
}

function wildcard(pattern: string): RegExp {
  return new RegExp('^' + pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
}

function psVariable(name: string, value: unknown): PSObject {
  const o = PSObject.from([
    ['Name', name],
    ['Value', value === undefined ? null : value],
  ]);
  o.typeNames = ['System.Management.Automation.PSVariable', 'System.Object'];
  return o;
}

function notFound(name: string): ErrorRecord {
  return new ErrorRecord(new PSException(`Cannot find a variable with the name '${name}'.`, 'System.Management.Automation.ItemNotFoundException'), 'VariableNotFound,Microsoft.PowerShell.Commands.GetVariableCommand', 'ObjectNotFound', name);
}

export const getVariableCmdlet: CmdletDef = {
  name: 'Get-Variable',
  aliases: ['gv'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, valueFromPipeline: true },
    { name: 'ValueOnly', type: 'switch' },
    { name: 'Scope', type: 'string' },
  ],
  help: { synopsis: 'Gets variables in the current scope and its parents.', examples: [{ code: '$x = 5; Get-Variable x -ValueOnly' }, { code: 'Get-Variable -Name Error*' }] },
  create(params, ctx) {
    return {
      async process() {
        const scope = targetScope(ctx, params.Scope);
        const vars = params.Scope === undefined ? scope.visibleVariables() : [...scope.vars.values()];
        const names = (params.Name as string[] | undefined) ?? ['*'];
        for (const n of names) {
          const re = wildcard(n);
          const hits = vars.filter((v) => re.test(v.name)).sort((a, b) => a.name.localeCompare(b.name));
          if (hits.length === 0 && !/[*?]/.test(n)) {
            await ctx.writeError(notFound(n));
            continue;
          }
          for (const v of hits) await ctx.emit(params.ValueOnly ? v.value : psVariable(v.name, v.value));
        }
      },
    };
  },
};

export const setVariableCmdlet: CmdletDef = {
  name: 'Set-Variable',
  aliases: ['sv', 'set'],
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true },
    { name: 'Value', type: 'object', position: 1, valueFromPipeline: true },
    { name: 'Scope', type: 'string' },
    { name: 'Option', type: 'string' },
    { name: 'PassThru', type: 'switch' },
  ],
  help: { synopsis: 'Sets a variable, creating it when needed.', examples: [{ code: 'Set-Variable -Name count -Value 3; $count' }] },
  create(params, ctx) {
    return {
      async process(input) {
        const scope = targetScope(ctx, params.Scope);
        const name = toStringValue(params.Name);
        const existing = scope.getLocal(name);
        if (existing?.readOnly && !/force/i.test(toStringValue(params.Option))) {
          throw new PSException(`Cannot overwrite variable ${name} because it is read-only or constant.`, 'System.Management.Automation.SessionStateUnauthorizedAccessException');
        }
        const v = scope.setLocal(name, input === undefined ? (params.Value ?? null) : input);
        if (/readonly|constant/i.test(toStringValue(params.Option))) v.readOnly = true;
        if (params.PassThru) await ctx.emit(psVariable(v.name, v.value));
      },
    };
  },
};

export const newVariableCmdlet: CmdletDef = {
  name: 'New-Variable',
  aliases: ['nv'],
  parameters: [
    { name: 'Name', type: 'string', position: 0, mandatory: true },
    { name: 'Value', type: 'object', position: 1 },
    { name: 'Scope', type: 'string' },
    { name: 'Option', type: 'string' },
    { name: 'Force', type: 'switch' },
    { name: 'PassThru', type: 'switch' },
  ],
  help: { synopsis: 'Creates a variable; fails if it already exists in that scope unless -Force.', examples: [{ code: 'New-Variable -Name limit -Value 10 -Option ReadOnly; $limit' }] },
  create(params, ctx) {
    return {
      async process() {
        const scope = targetScope(ctx, params.Scope);
        const name = toStringValue(params.Name);
        if (scope.getLocal(name) && !params.Force) {
          throw new PSException(`A variable with name '${name}' already exists.`, 'System.Management.Automation.SessionStateException');
        }
        const v = scope.setLocal(name, params.Value ?? null);
        if (/readonly|constant/i.test(toStringValue(params.Option))) v.readOnly = true;
        if (params.PassThru) await ctx.emit(psVariable(v.name, v.value));
      },
    };
  },
};

export const removeVariableCmdlet: CmdletDef = {
  name: 'Remove-Variable',
  aliases: ['rv'],
  parameters: [
    { name: 'Name', type: 'string[]', position: 0, mandatory: true },
    { name: 'Scope', type: 'string' },
    { name: 'Force', type: 'switch' },
  ],
  help: { synopsis: 'Deletes variables.', examples: [{ code: '$tmp = 1; Remove-Variable tmp; $null -eq $tmp' }] },
  create(params, ctx) {
    return {
      async process() {
        for (const n of params.Name as string[]) {
          let scope: Scope | null = targetScope(ctx, params.Scope);
          let removed = false;
          for (; scope && !removed; scope = params.Scope === undefined ? scope.parent : null) removed = scope.removeLocal(n);
          if (!removed) await ctx.writeError(notFound(n));
        }
      },
    };
  },
};

export const clearVariableCmdlet: CmdletDef = {
  name: 'Clear-Variable',
  aliases: ['clv'],
  parameters: [{ name: 'Name', type: 'string[]', position: 0, mandatory: true }, { name: 'Scope', type: 'string' }],
  help: { synopsis: 'Sets variables to $null, keeping them defined.', examples: [{ code: '$v = 1; Clear-Variable v; $null -eq $v' }] },
  create(params, ctx) {
    return {
      async process() {
        const scope = targetScope(ctx, params.Scope);
        for (const n of params.Name as string[]) {
          const v = params.Scope === undefined ? scope.lookup(n) : scope.getLocal(n);
          if (v) v.value = null;
          else await ctx.writeError(notFound(n));
        }
      },
    };
  },
};
