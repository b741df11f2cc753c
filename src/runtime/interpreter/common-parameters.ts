// PowerShell's common parameters (`-Verbose -Debug -ErrorAction -WarningAction -ErrorVariable
// -OutVariable …`, plus `-WhatIf -Confirm` for commands that change things), shared by cmdlets and
// advanced functions. For functions they become preference variables in the function's scope, which
// is how PowerShell makes `-Verbose` reach the `Write-Verbose` calls inside.
import type { ParameterDef } from '../cmdlet.ts';
import { toBoolean, toStringValue } from '../values/convert.ts';
import type { Scope } from './scope.ts';

const ACTIONS = ['Continue', 'Ignore', 'Inquire', 'SilentlyContinue', 'Stop', 'Suspend', 'Break'];

export const COMMON_PARAMETERS: ParameterDef[] = [
  { name: 'Verbose', type: 'switch', aliases: ['vb'] },
  { name: 'Debug', type: 'switch', aliases: ['db'] },
  { name: 'ErrorAction', type: 'string', aliases: ['ea'], validateSet: ACTIONS },
  { name: 'WarningAction', type: 'string', aliases: ['wa'], validateSet: ACTIONS },
  { name: 'InformationAction', type: 'string', aliases: ['infa'], validateSet: ACTIONS },
  { name: 'ErrorVariable', type: 'string', aliases: ['ev'] },
  { name: 'WarningVariable', type: 'string', aliases: ['wv'] },
  { name: 'InformationVariable', type: 'string', aliases: ['iv'] },
  { name: 'OutVariable', type: 'string', aliases: ['ov'] },
  { name: 'OutBuffer', type: 'int', aliases: ['ob'] },
  { name: 'PipelineVariable', type: 'string', aliases: ['pv'] },
  { name: 'ProgressAction', type: 'string', aliases: ['proga'], validateSet: ACTIONS },
];

export const SHOULD_PROCESS_PARAMETERS: ParameterDef[] = [
  { name: 'WhatIf', type: 'switch', aliases: ['wi'] },
  { name: 'Confirm', type: 'switch', aliases: ['cf'] },
];

export const COMMON_NAMES = new Set([...COMMON_PARAMETERS, ...SHOULD_PROCESS_PARAMETERS].map((p) => p.name));

/** A `-XxxVariable name` target: `+name` appends to an existing list. */
export interface VariableTarget {
  list: unknown[];
  store(scope: Scope): void;
}

function variableTarget(spec: unknown, scope: Scope): VariableTarget {
  let name = toStringValue(spec);
  const append = name.startsWith('+');
  if (append) name = name.slice(1);
  const list: unknown[] = [];
  return {
    list,
    store(callerScope: Scope) {
      // `-ErrorVariable script:err` / `global:err` / `local:err` name the scope to write to.
      const q = /^(global|script|local):(.+)$/i.exec(name);
      const target = !q ? callerScope : q[1].toLowerCase() === 'global' ? callerScope.global : q[1].toLowerCase() === 'script' ? callerScope.script : callerScope;
      const bare = q ? q[2] : name;
      const prev = append ? (q ? target.getLocal(bare) : target.lookup(bare))?.value : undefined;
      const base = Array.isArray(prev) ? prev : prev === undefined || prev === null ? [] : [prev];
      target.setLocal(bare, append ? [...base, ...list] : [...list]);
      void scope;
    },
  };
}

export interface CommonSettings {
  errorAction: string | null;
  warningAction: string | null;
  verbose: boolean | null;
  debug: boolean | null;
  informationAction: string | null;
  progressAction: string | null;
  whatIf: boolean;
  confirm: boolean;
  errorVariable: VariableTarget | null;
  outVariable: VariableTarget | null;
}

export function readCommon(bound: Record<string, unknown>, scope: Scope): CommonSettings {
  return {
    errorAction: 'ErrorAction' in bound ? toStringValue(bound.ErrorAction) : null,
    warningAction: 'WarningAction' in bound ? toStringValue(bound.WarningAction) : null,
    informationAction: 'InformationAction' in bound ? toStringValue(bound.InformationAction) : null,
    progressAction: 'ProgressAction' in bound ? toStringValue(bound.ProgressAction) : null,
    verbose: 'Verbose' in bound ? toBoolean(bound.Verbose) : null,
    debug: 'Debug' in bound ? toBoolean(bound.Debug) : null,
    whatIf: toBoolean(bound.WhatIf),
    confirm: toBoolean(bound.Confirm),
    errorVariable: 'ErrorVariable' in bound ? variableTarget(bound.ErrorVariable, scope) : null,
    outVariable: 'OutVariable' in bound ? variableTarget(bound.OutVariable, scope) : null,
  };
}

/** For advanced functions: turns common parameters into preference variables in `scope`. */
export function applyCommonPreferences(bound: Record<string, unknown>, scope: Scope): CommonSettings {
  const c = readCommon(bound, scope);
  if (c.errorAction) scope.setLocal('ErrorActionPreference', c.errorAction);
  if (c.warningAction) scope.setLocal('WarningPreference', c.warningAction);
  if (c.informationAction) scope.setLocal('InformationPreference', c.informationAction);
  if (c.progressAction) scope.setLocal('ProgressPreference', c.progressAction);
  if (c.verbose !== null) scope.setLocal('VerbosePreference', c.verbose ? 'Continue' : 'SilentlyContinue');
  if (c.debug !== null) scope.setLocal('DebugPreference', c.debug ? 'Continue' : 'SilentlyContinue');
  if (c.whatIf) scope.setLocal('WhatIfPreference', true);
  return c;
}
