// `$PSCmdlet` inside an advanced function: ShouldProcess, WriteError, ThrowTerminatingError,
// WriteVerbose/WriteWarning, ParameterSetName, MyInvocation. The interpreter routes method calls on
// it through `psInvoke`, so it needs no special casing in the member layer.
import { ErrorRecord, PSException, TerminatingError } from '../error-record.ts';
import { toBoolean, toStringValue } from '../values/convert.ts';
import type { ExecContext, Frame } from './exec-context.ts';
import type { Interpreter } from './interpreter.ts';
import { decideShouldProcess } from './should-process.ts';
import { writeErrorRecord } from './error-handling.ts';

export class PSCmdletObject {
  readonly #interp: Interpreter;
  readonly #ctx: ExecContext;
  readonly #frame: Frame;

  constructor(interp: Interpreter, ctx: ExecContext, frame: Frame) {
    this.#interp = interp;
    this.#ctx = ctx;
    this.#frame = frame;
  }

  get ParameterSetName(): string {
    return this.#frame.parameterSet;
  }

  get MyInvocation(): unknown {
    return this.#ctx.scope.lookup('MyInvocation')?.value ?? null;
  }

  toString(): string {
    return this.#frame.name;
  }

  async psInvoke(name: string, args: unknown[]): Promise<unknown> {
    const ctx = this.#ctx;
    switch (name) {
      case 'shouldprocess': {
        const target = toStringValue(args[0]);
        const action = args.length > 1 ? toStringValue(args[1]) : this.#frame.name;
        const confirm = toBoolean(this.#frame.bound.Confirm);
        return decideShouldProcess(ctx.streams, this.#interp.session.host, this.#frame.whatIf, confirm, target, action);
      }
      case 'shouldcontinue':
        return true;
      case 'writeerror': {
        const rec = args[0] instanceof ErrorRecord ? args[0] : ErrorRecord.fromMessage(toStringValue(args[0]));
        await writeErrorRecord(this.#interp.session, ctx, rec, null);
        return null;
      }
      case 'throwterminatingerror': {
        const rec = args[0] instanceof ErrorRecord ? args[0] : ErrorRecord.fromMessage(toStringValue(args[0]));
        throw new TerminatingError(rec);
      }
      case 'writeverbose':
      case 'writewarning':
      case 'writedebug':
      case 'writeobject': {
        const v = args[0];
        if (name === 'writeobject') await ctx.out(v);
        else {
          const prefName = name === 'writeverbose' ? 'VerbosePreference' : name === 'writewarning' ? 'WarningPreference' : 'DebugPreference';
          const pref = toStringValue(ctx.scope.lookup(prefName)?.value ?? 'SilentlyContinue').toLowerCase();
          if (pref === 'continue') {
            const m = toStringValue(v);
            if (name === 'writeverbose') await ctx.streams.verbose(m);
            else if (name === 'writewarning') await ctx.streams.warning(m);
            else await ctx.streams.debug(m);
          }
        }
        return null;
      }
    }
    throw new PSException(`Method invocation failed because [System.Management.Automation.PSScriptCmdlet] does not contain a method named '${name}'.`, 'System.Management.Automation.RuntimeException');
  }
}
