// Turning anything thrown into an ErrorRecord with a script position, and writing non-terminating
// errors according to the error action (`-ErrorAction`, `$ErrorActionPreference`): Stop makes them
// terminating, Continue shows them, SilentlyContinue only records them in `$Error`, Ignore drops them.
import type { Source } from '../../lang/source.ts';
import { ParseError } from '../../lang/errors.ts';
import type { Span } from '../../lang/ast.ts';
import { ErrorRecord, InvocationInfo, PSException, TerminatingError } from '../error-record.ts';
import { toStringValue } from '../values/convert.ts';
import type { ExecContext } from './exec-context.ts';
import type { Session } from './session.ts';

/** Exception type names for the engine's error codes, so `catch [ItemNotFoundException]` works. */
function typeForCode(code: string): string {
  if (/NOT_FOUND|UNKNOWN|NO_SUCH/.test(code)) return 'System.Management.Automation.ItemNotFoundException';
  if (/TIMEOUT/.test(code)) return 'System.TimeoutException';
  if (/INVALID|ARGUMENT|BAD_/.test(code)) return 'System.ArgumentException';
  if (/EXISTS|DUPLICATE/.test(code)) return 'System.InvalidOperationException';
  if (/IO|DISK|READ|WRITE/.test(code)) return 'System.IO.IOException';
  return 'System.InvalidOperationException';
}

export function toErrorRecord(e: unknown, source: Source | null, span: Span | null, command = ''): ErrorRecord {
  let rec: ErrorRecord;
  if (e instanceof TerminatingError) rec = e.record;
  else if (e instanceof ErrorRecord) rec = e;
  else if (e instanceof PSException) rec = e.errorRecord ?? new ErrorRecord(e, errorIdOf(e), 'NotSpecified', null);
  else if (e instanceof ParseError) {
    // A parse error in a dot-sourced file, a module or Invoke-Expression text points into that text.
    rec = new ErrorRecord(new PSException(e.message, 'System.Management.Automation.ParseException'), e.code, 'ParserError', null, new InvocationInfo(e.source, e.span));
  }
  else if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('VBRS_')) {
      const ex = new PSException(e.message, typeForCode(code), { code });
      rec = new ErrorRecord(ex, code, 'NotSpecified', (e as { target?: unknown }).target ?? null);
    } else if (e instanceof RangeError && /call stack/i.test(e.message)) {
      rec = new ErrorRecord(new PSException('The script failed due to call depth overflow.', 'System.Management.Automation.ScriptCallDepthException'), 'CallDepthOverflow', 'InvalidOperation', null);
    } else {
      rec = new ErrorRecord(new PSException(e.message), 'RuntimeException', 'NotSpecified', null);
    }
  } else rec = new ErrorRecord(new PSException(toStringValue(e)), 'RuntimeException', 'NotSpecified', e);
  if (!rec.InvocationInfo.source && source && span) rec.InvocationInfo = new InvocationInfo(source, span, command || rec.InvocationInfo.MyCommand);
  return rec;
}

function errorIdOf(e: PSException): string {
  const withId = (e as { errorId?: unknown }).errorId;
  return typeof withId === 'string' ? withId : e.typeName.replace(/^.*\./, '');
}

export function currentErrorAction(ctx: ExecContext): string {
  const v = ctx.scope.lookup('ErrorActionPreference')?.value;
  return v === undefined || v === null ? 'Continue' : toStringValue(v);
}

/** Writes a non-terminating error under `action` (null: the scope's `$ErrorActionPreference`). */
export async function writeErrorRecord(session: Session, ctx: ExecContext, rec: ErrorRecord, action: string | null, addToErrorList = true): Promise<void> {
  const a = (action ?? currentErrorAction(ctx)).toLowerCase();
  if (a === 'ignore') return;
  session.lastSuccess = false;
  session.errorCount++;
  if (addToErrorList) session.addError(rec);
  for (const sink of ctx.errorSinks) sink.push(rec);
  if (a === 'stop') {
    const stop = new TerminatingError(rec, true);
    stop.actionPreferenceStop = true;
    throw stop;
  }
  if (a === 'silentlycontinue') return;
  await ctx.streams.error(rec);
}
