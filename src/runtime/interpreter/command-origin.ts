// PowerShell's CommandOrigin as it bears on a variable's Visibility (SessionState.IsVisible): code
// the host submits — a line typed at the prompt, `vbrs -c` text, an embedder's `shell.run` — runs
// with origin Runspace, and so do the commands it calls directly; everything else (script files,
// functions, script blocks, commands they call) is Internal. A Private variable is hidden from, and
// refused to, the Runspace origin only (VariableOps/Var.cs: "Cannot access the variable '$x' because
// it is a private variable."), so a module or a script can keep one its callers cannot touch.

import type { Source } from '../../lang/source.ts';
import { ErrorRecord, PSException } from '../error-record.ts';
import type { ExecContext } from './exec-context.ts';
import type { Variable } from './scope.ts';

const hostSources = new WeakSet<Source>();

/** Marks text the host submitted (its statements run with origin Runspace). */
export function markHostSource(source: Source): void {
  hostSources.add(source);
}

/** Whether code running in `ctx` has origin Runspace: host-submitted text in the global scope
 *  (a function, script or script block it calls has a scope of its own, so it is Internal). */
export function isRunspaceOrigin(ctx: ExecContext): boolean {
  return ctx.scope.parent === null && hostSources.has(ctx.source);
}

/** Whether `v` is hidden from code running in `ctx` (a Private variable, seen from Runspace origin). */
export function isHiddenFrom(v: Variable, ctx: ExecContext): boolean {
  return v.visibility === 'Private' && isRunspaceOrigin(ctx);
}

/** The error for touching a Private variable from Runspace origin (SessionStateStrings.VariableIsPrivate). */
export function variableIsPrivate(name: string): PSException {
  return new ErrorRecord(
    new PSException(`Cannot access the variable '$${name}' because it is a private variable.`, 'System.Management.Automation.SessionStateException'),
    'VariableIsPrivate',
    'PermissionDenied',
    name,
  ).Exception;
}
