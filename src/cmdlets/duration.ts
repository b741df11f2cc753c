// Durations as scripts write them for -ScriptTimeout, -Duration and -Timeout: a bare word with a
// unit (`500ms`, `30s`, `10m`, `2h`), a TimeSpan (`[timespan]'00:10:00'`, `New-TimeSpan`), or a
// plain number of seconds. Everything becomes milliseconds for the engine.
import { TimeSpan } from '../runtime/values/time-span.ts';
import { PSException } from '../runtime/error-record.ts';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds for a duration argument; throws a one-line ArgumentException naming the parameter. */
export function durationMs(value: unknown, parameter: string): number {
  if (value instanceof TimeSpan) return positive(value.TotalMilliseconds, value, parameter);
  if (typeof value === 'number') return positive(value * 1000, value, parameter);
  const text = String(value ?? '').trim();
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/i.exec(text);
  if (m) return positive(Number(m[1]) * UNIT_MS[m[2]!.toLowerCase()]!, text, parameter);
  const span = TimeSpan.parse(text);
  if (span && text.includes(':')) return positive(span.TotalMilliseconds, text, parameter);
  throw new PSException(
    `Cannot bind parameter '${parameter}': '${text}' is not a duration. Use a number with ms, s, m or h (30s, 10m) or a TimeSpan.`,
    'System.Management.Automation.ParameterBindingException',
  );
}

function positive(ms: number, shown: unknown, parameter: string): number {
  if (!(ms > 0)) {
    throw new PSException(`Cannot bind parameter '${parameter}': the duration '${String(shown)}' must be greater than zero.`, 'System.Management.Automation.ParameterBindingException');
  }
  return ms;
}
