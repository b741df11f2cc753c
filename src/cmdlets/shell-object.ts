// Engine records as the shell hands them to scripts: the same PascalCase properties, tagged with
// a type name (`Vbrs.VM`, `Vbrs.Job` …) so the default views in domain-views.ts pick them up, with times
// as the runtime's DateTime and the properties docs/cmdlets.md calls durations as TimeSpan values
// (`$s.Duration.TotalSeconds`). Sizes stay numbers of bytes.
import { PSDateTime } from '../runtime/values/date-time.ts';
import { TimeSpan } from '../runtime/values/time-span.ts';
import { toStringValue } from '../runtime/values/convert.ts';

/** Engine fields that are milliseconds and must reach scripts as TimeSpan. */
const DURATION_FIELDS = new Set(['Duration', 'VMSnapshotLifetime', 'ScriptTimeout', 'DurationMs']);

/** A copy of `record` for scripts: dates become DateTime, duration fields TimeSpan, nested records
 *  and arrays are converted the same way. `typeName` is hidden from the property list. */
export function shellObject(typeName: string | null, record: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeName) tagType(out, typeName);
  for (const [key, value] of Object.entries(record)) {
    const name = key === 'DurationMs' ? 'Duration' : key;
    out[name] = DURATION_FIELDS.has(key) && typeof value === 'number' ? TimeSpan.fromMilliseconds(value) : shellValue(value);
  }
  return out;
}

export function shellValue(value: unknown): unknown {
  if (value instanceof Date) return PSDateTime.fromDate(value);
  if (Array.isArray(value)) return value.map(shellValue);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    // Nested records print like PowerShell's nested custom objects: @{Disk=disk1; BytesWritten=…}.
    const nested = shellObject(null, value);
    const text = () => '@{' + Object.entries(nested).map(([k, v]) => `${k}=${toStringValue(v)}`).join('; ') + '}';
    Object.defineProperty(nested, 'ToString', { value: text, enumerable: false });
    return nested;
  }
  return value;
}

/** Gives a plain object the type name formatting and `-is` see, without adding a property. */
export function tagType<T extends object>(obj: T, typeName: string): T {
  Object.defineProperty(obj, 'psTypeName', { value: typeName, enumerable: false });
  return obj;
}

/** The type name a shell object was tagged with, if any. */
export function typeTag(obj: unknown): string | null {
  const t = obj !== null && typeof obj === 'object' ? (obj as { psTypeName?: unknown }).psTypeName : undefined;
  return typeof t === 'string' ? t : null;
}
