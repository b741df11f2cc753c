// Core cmdlets (ForEach-Object, Invoke-Expression, Get-Variable …) need the interpreter and the
// caller's execution context, which the public CmdletContext deliberately does not expose. The
// cmdlet stage records them here, keyed by the context object it hands to the cmdlet.
import type { CmdletContext } from '../cmdlet.ts';
import type { Span } from '../../lang/ast.ts';
import type { ExecContext } from '../interpreter/exec-context.ts';
import type { Interpreter } from '../interpreter/interpreter.ts';

export interface CoreAccess {
  interp: Interpreter;
  /** The context of the statement that invoked the cmdlet (its scope is the caller's). */
  exec: ExecContext;
  /** Where the command stands in `exec.source` (Should reports its file and line, It its StartLine). */
  span?: Span;
}

const access = new WeakMap<CmdletContext, CoreAccess>();

export function grantCoreAccess(ctx: CmdletContext, core: CoreAccess): void {
  access.set(ctx, core);
}

export function coreOf(ctx: CmdletContext): CoreAccess {
  const c = access.get(ctx);
  if (!c) throw new Error('core cmdlet invoked outside the interpreter');
  return c;
}
