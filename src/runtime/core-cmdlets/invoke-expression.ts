// Invoke-Expression (iex): parses a string and runs it in the caller's scope, output streaming
// down the pipeline. A parse error becomes a terminating ParseException. An error escaping the
// text is rewrapped the way PowerShell rewraps whatever escapes a cmdlet (see escapedError).
import type { CmdletDef } from '../cmdlet.ts';
import { StopUpstreamSignal, errorIdCommandName } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { ErrorRecord, TerminatingError } from '../error-record.ts';
import { ParameterBindingError } from '../binder.ts';
import { isControlFlow } from '../interpreter/control-flow.ts';
import { toErrorRecord } from '../interpreter/error-handling.ts';
import { coreOf } from './core-access.ts';

/** PowerShell's CommandProcessorBase wraps an exception escaping a cmdlet in a CmdletInvocationException
 *  whose record names the cmdlet, so `Invoke-Expression '[foo]'` fails with FullyQualifiedErrorId
 *  `TypeNotFound,Microsoft.PowerShell.Commands.InvokeExpressionCommand` (a parse error likewise; a
 *  binding error of a command inside names Invoke-Expression instead of that command). Not rewrapped:
 *  control flow, pipeline stops, `throw` and -ErrorAction Stop, call depth overflow, and the
 *  terminating errors a cmdlet inside already raised under its own name. */
function escapedError(e: unknown, suffix: string): unknown {
  if (isControlFlow(e) || e instanceof StopUpstreamSignal) return e;
  if (e instanceof TerminatingError && e.scriptTerminating) return e;
  const rec = toErrorRecord(e, null, null);
  if (rec.Exception.typeName === 'System.Management.Automation.ScriptCallDepthException') return e;
  let id = rec.FullyQualifiedErrorId;
  if (rec.Exception instanceof ParameterBindingError) id = rec.Exception.errorId;
  else if (id.includes(',')) return e;
  const wrapped = new ErrorRecord(rec.Exception, `${id},${suffix}`, rec.CategoryInfo.Category, rec.TargetObject, rec.InvocationInfo);
  wrapped.ErrorDetails = rec.ErrorDetails;
  return new TerminatingError(wrapped);
}

export const invokeExpressionCmdlet: CmdletDef = {
  name: 'Invoke-Expression',
  aliases: ['iex'],
  parameters: [{ name: 'Command', type: 'string', position: 0, mandatory: true, valueFromPipeline: true, help: 'The text to run.' }],
  help: { synopsis: 'Runs a string as script in the current scope.', examples: [{ code: "Invoke-Expression '1 + 2'" }, { code: "$cmd = '$z = 40 + 2'; Invoke-Expression $cmd; $z" }] },
  create(params, ctx) {
    const { interp, exec } = coreOf(ctx);
    return {
      async process() {
        const text = toStringValue(params.Command);
        try {
          // A parse error is reported at its place in the text.
          const sb = interp.session.compileScriptBlock(text, '<Invoke-Expression>');
          const sub = { ...exec, source: sb.source, out: (v: unknown) => ctx.emit(v) };
          await interp.runStatements(sb.ast.begin, sub);
          await interp.runStatements(sb.ast.process, sub);
          await interp.runStatements(sb.ast.end, sub);
        } catch (e) {
          throw escapedError(e, errorIdCommandName(invokeExpressionCmdlet));
        }
      },
    };
  },
};
