// Reading and writing variables: scope qualifiers (`$global:`, `$script:`, `$local:`), `$env:`,
// `$function:`, the constants `$true/$false/$null`, `$?`, automatic variables, type-constrained
// variables and `[ref]` references.
import type { ExpressionAst, VariableAst } from '../../lang/ast.ts';
import { PSException } from '../error-record.ts';
import { convertTo, toStringValue } from '../values/convert.ts';
import type { ExecContext } from './exec-context.ts';
import type { Interpreter } from './interpreter.ts';
import type { Session } from './session.ts';
import type { Scope, Variable } from './scope.ts';
import { ReferenceValue } from './reference-value.ts';
import { AutomationNull } from '../values/automation-null.ts';
import { isHiddenFrom, variableIsPrivate } from './command-origin.ts';

export function readVariable(session: Session, v: VariableAst, ctx: ExecContext): unknown {
  const scope = v.scope;
  if (scope === 'env') {
    const val = process.env[v.name] ?? findEnv(v.name);
    return val === undefined ? null : val;
  }
  if (scope === 'function') {
    const f = ctx.scope.lookupFunction(v.name);
    return f ? f.block : null;
  }
  const name = v.name;
  const lname = name.toLowerCase();
  switch (lname) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'null':
      return null;
    case '?':
      return session.lastSuccess;
  }
  const found = findVariable(v, ctx);
  if (found) {
    if (isHiddenFrom(found, ctx)) throw variableIsPrivate(found.name);
    return found.value === undefined ? null : found.value;
  }
  if (scope && !VARIABLE_QUALIFIERS.has(scope)) return null;
  return session.automaticVariable(lname, ctx);
}

/** The separator PowerShell's string conversion joins items with: `$OFS`, a space unless set. */
export function currentOfs(ctx: ExecContext): string {
  const ofs = ctx.scope.lookup('OFS')?.value;
  return ofs === undefined || ofs === null ? ' ' : toStringValue(ofs);
}

/** Does `$name` hold AutomationNull (assigned from a pipeline that wrote nothing)? */
export function holdsAutomationNull(v: VariableAst, ctx: ExecContext): boolean {
  if (v.splatted || v.scope === 'env' || v.scope === 'function') return false;
  return findVariable(v, ctx)?.automationNull === true;
}

/** Qualifiers that name variables: the scopes, the `variable:` drive (`$variable:x` is `$x`) and
 *  `$using:` (the caller's variable: no remoting here; ForEach-Object -Parallel copies them). Any other drive (`$foo:x`) holds none. */
const VARIABLE_QUALIFIERS = new Set(['global', 'script', 'local', 'private', 'variable', 'using']);

/** The variable `$scope:name` refers to, by PowerShell's scope rules. */
function findVariable(v: VariableAst, ctx: ExecContext): Variable | undefined {
  if (v.scope === 'global') return ctx.scope.global.getLocal(v.name);
  if (v.scope === 'script') return ctx.scope.script.lookup(v.name);
  if (v.scope === 'local' || v.scope === 'private') return ctx.scope.getLocal(v.name);
  if (v.scope === 'using') return ctx.scope.usingVariable(v.name);
  if (v.scope && !VARIABLE_QUALIFIERS.has(v.scope)) return undefined;
  return ctx.scope.lookup(v.name);
}

export function setVariable(v: VariableAst, value: unknown, ctx: ExecContext): Variable | undefined {
  const empty = value === AutomationNull;
  if (empty) value = null;
  if (v.scope === 'env') {
    if (value === null || value === '') delete process.env[v.name];
    else process.env[v.name] = toStringValue(value);
    return undefined;
  }
  const lname = v.name.toLowerCase();
  if (lname === 'null' && !v.scope) return undefined;
  if (lname === 'true' || lname === 'false') {
    throw new PSException(`Cannot overwrite variable ${v.name} because it is read-only or constant.`, 'System.Management.Automation.SessionStateUnauthorizedAccessException');
  }
  let scope: Scope = ctx.scope;
  if (v.scope === 'global') scope = ctx.scope.global;
  else if (v.scope === 'script') scope = ctx.scope.script;
  // an AllScope variable (the option) is the same variable in every child scope
  let existing = scope.getLocal(v.name);
  if (!existing && !v.scope) {
    const outer = scope.lookup(v.name);
    if (outer?.allScope) existing = outer;
    // $Host is computed (Session.automaticVariable) and Constant in PowerShell
    else if (!outer && lname === 'host') existing = { name: 'Host', value: null, readOnly: true };
  }
  if (existing && isHiddenFrom(existing, ctx)) throw variableIsPrivate(existing.name);
  if (existing?.readOnly) {
    throw new PSException(`Cannot overwrite variable ${existing.name} because it is read-only or constant.`, 'System.Management.Automation.SessionStateUnauthorizedAccessException');
  }
  // A type constraint follows the variable into child scopes only when assigning to the same one.
  if (existing?.typeConstraint) value = convertTo(value, existing.typeConstraint, Array.isArray(value) ? currentOfs(ctx) : ' ');
  let set: Variable;
  if (existing && existing !== scope.getLocal(v.name)) {
    existing.value = value;
    existing.automationNull = false;
    set = existing;
  } else set = scope.setLocal(v.name, value);
  // a type-constrained variable holds the converted value (`[int]$n = f` is 0), never AutomationNull
  if (empty && value === null) set.automationNull = true;
  return set;
}

export async function reference(interp: Interpreter, operand: ExpressionAst, ctx: ExecContext): Promise<ReferenceValue> {
  if (operand.kind === 'Variable' && operand.scope !== 'env') {
    let scope: Scope = ctx.scope;
    if (operand.scope === 'global') scope = ctx.scope.global;
    else if (operand.scope === 'script') scope = ctx.scope.script;
    const existing = operand.scope ? scope.getLocal(operand.name) : scope.lookup(operand.name);
    return new ReferenceValue(existing ?? scope.setLocal(operand.name, null));
  }
  const v = await interp.evaluate(operand, ctx);
  if (v instanceof ReferenceValue) return v;
  return new ReferenceValue({ name: '', value: v });
}

function findEnv(name: string): string | undefined {
  const l = name.toLowerCase();
  for (const k of Object.keys(process.env)) if (k.toLowerCase() === l) return process.env[k];
  return undefined;
}
