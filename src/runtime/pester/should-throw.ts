// `Should -Throw`: runs the script block piped to it and checks what it threw against
// -ExceptionType, -ExpectedMessage (a wildcard) and -ErrorId (a wildcard on FullyQualifiedErrorId),
// with Pester 5's messages (src/functions/assertions/PesterThrow.ps1). `-Not -Throw` fails on any
// error at all.
import { ScriptBlockValue } from '../script-block.ts';
import { ErrorRecord, PSException, exceptionTypeChain, typeNameMatches } from '../error-record.ts';
import { isControlFlow } from '../interpreter/control-flow.ts';
import { toErrorRecord } from '../interpreter/error-handling.ts';
import { StopUpstreamSignal } from '../cmdlet.ts';
import { toStringValue } from '../values/convert.ts';
import { wildcardMatch } from '../../engine/infra/wildcard.ts';
import { TypeValue } from '../values/type-value.ts';
import { formatBecause, formatNicely, typeFullName } from './format-nicely.ts';
import type { OperatorArgs } from './should-operators.ts';

/** What the block threw, or null; the runner passes its own invoker (in a guarded child scope). */
export type RunBlock = (sb: ScriptBlockValue) => Promise<void>;

/** Pester's Join-And: `a, b and c`. */
export function joinAnd(items: string[]): string {
  if (items.length < 2) return items.join(', ');
  return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
}

/** `from FILE:LINE char:COL` and the line, as Get-ExceptionLineInfo words a record's position. */
function exceptionLine(rec: ErrorRecord): string {
  const lines = rec.InvocationInfo.PositionMessage.split(/\r?\n/).filter((l) => /\S/.test(l));
  return lines.join('\n').replace(/^At /, 'from ').replace(/\n/g, '\n    ');
}

function unescapeWildcard(text: string): string {
  return text.replace(/`([*?[\]`])/g, '$1');
}

/** Null when the assertion holds, else the failure message. `passThru` receives the caught record. */
export async function shouldThrow(actual: unknown, a: OperatorArgs, negate: boolean, run: RunBlock, passThru: (rec: ErrorRecord) => void): Promise<string | null> {
  if (!(actual instanceof ScriptBlockValue)) {
    throw new PSException("Input is missing or not a ScriptBlock. Input to '-Throw' and '-Not -Throw' must be enclosed in curly braces.", 'System.ArgumentException');
  }
  let rec: ErrorRecord | null = null;
  try {
    await run(actual);
  } catch (e) {
    if (isControlFlow(e) || e instanceof StopUpstreamSignal) throw e;
    rec = toErrorRecord(e, actual.source, actual.ast.span);
  }
  const because = formatBecause(a.Because);
  if (negate) {
    if (!rec) return null;
    return `Expected no exception to be thrown,${because} but an exception "${rec.Exception.message}" was thrown ${exceptionLine(rec)}.`;
  }
  const filters: string[] = [];
  const buts: string[] = [];
  if (a.ExceptionType !== undefined && a.ExceptionType !== null) {
    const full = typeFullName(a.ExceptionType);
    filters.push(`type ${formatNicely(new TypeValue(full))}`);
    if (rec && !exceptionTypeChain(rec.Exception.typeName).some((t) => typeNameMatches(full, t))) {
      buts.push(`the exception type was ${formatNicely(new TypeValue(rec.Exception.typeName))}`);
    }
  }
  const message = a.ExpectedMessage === undefined || a.ExpectedMessage === null ? '' : toStringValue(a.ExpectedMessage);
  if (message.trim() !== '') {
    filters.push(`message like ${formatNicely(unescapeWildcard(message))}`);
    if (rec && !wildcardMatch(rec.Exception.message, message)) buts.push(`the message was ${formatNicely(rec.Exception.message)}`);
  }
  const errorId = a.ErrorId === undefined || a.ErrorId === null ? '' : toStringValue(a.ErrorId);
  if (errorId.trim() !== '') {
    filters.push(`FullyQualifiedErrorId ${formatNicely(errorId)}`);
    if (rec && !wildcardMatch(rec.FullyQualifiedErrorId, errorId)) buts.push(`the FullyQualifiedErrorId was ${formatNicely(rec.FullyQualifiedErrorId)}`);
  }
  if (!rec) buts.push('no exception was thrown');
  if (buts.length) {
    const filter = joinAnd(filters);
    return `Expected an exception${filter ? ` with ${filter}` : ''} to be thrown,${because} but ${joinAnd(buts)}. ${rec ? exceptionLine(rec) : ''}`.trim();
  }
  passThru(rec!);
  return null;
}
