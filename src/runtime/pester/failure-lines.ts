// How Pester shows an error of a test or a block (ConvertTo-FailureLines, Format-ErrorMessage):
// the message (prefixed with the exception's type name unless it is a Should failure), then where:
// `at <the Should line>, FILE:LINE` for an assertion, `at <ScriptBlock>, FILE:LINE` for the line of
// the test that was running.
import type { ErrorRecord } from '../error-record.ts';
import type { Source } from '../../lang/source.ts';
import { PSHashtable } from '../values/hashtable.ts';
import { toStringValue } from '../values/convert.ts';

/** The test or block body the error escaped from: its trace line names the line inside it. */
export interface FailedCode {
  source: Source;
  span: { start: number; end: number };
}

function messageLines(rec: ErrorRecord): string[] {
  const lines: string[] = [];
  for (let e: ErrorRecord['Exception'] | null = rec.Exception; e; e = e.InnerException) {
    const these = e.message.split(/\r?\n/).filter((l) => l !== '');
    if (these.length && rec.FullyQualifiedErrorId !== 'PesterAssertionFailed') these[0] = `${e.typeName.replace(/^.*\./, '')}: ${these[0]}`;
    lines.push(...these.reverse());
  }
  // Pester reverses each message and then the whole list: the innermost exception comes first.
  return lines.reverse();
}

function traceLines(rec: ErrorRecord, code: FailedCode | null): string[] {
  const lines: string[] = [];
  const inv = rec.InvocationInfo;
  if (rec.FullyQualifiedErrorId === 'PesterAssertionFailed' && rec.TargetObject instanceof PSHashtable) {
    const t = rec.TargetObject;
    lines.push(`at ${toStringValue(t.get('LineText')).trim()}, ${toStringValue(t.get('File'))}:${toStringValue(t.get('Line'))}`);
  }
  // The line of the test body that was running: where the error was raised when that is inside the
  // body (the script stack's `<ScriptBlock>` frame); otherwise vbrs has no stack to say more.
  if (inv.source && inv.span && code && inv.source === code.source && inv.span.start >= code.span.start && inv.span.start <= code.span.end) {
    lines.push(`at <ScriptBlock>, ${inv.ScriptName}:${inv.ScriptLineNumber}`);
  } else if (rec.FullyQualifiedErrorId !== 'PesterAssertionFailed' && inv.source && inv.span) {
    lines.push(`at ${inv.ScriptName}:${inv.ScriptLineNumber}`);
  }
  return lines;
}

/** The error lines of a test or block, each with `margin` in front; several errors are numbered. */
export function formatErrors(errors: { rec: ErrorRecord; code: FailedCode | null }[], margin: string): string[] {
  const out: string[] = [];
  errors.forEach(({ rec, code }, i) => {
    const msg = messageLines(rec);
    if (errors.length > 1 && msg.length) msg[0] = `[${i}] ${msg[0]}`;
    out.push(...msg, ...traceLines(rec, code));
  });
  return out.map((l) => margin + l);
}
