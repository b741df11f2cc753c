// A job session as the REST API's JSON (`GET /api/v1/sessions/{id}`), and the shaping rules it
// follows: the properties the shell's objects show, keys in camelCase (`JobName` → `jobName`), times
// as ISO 8601 text and durations (TimeSpan in the shell) as .NET's constant TimeSpan text
// `[d.]hh:mm:ss.fffffff`, which is what System.Text.Json writes for a TimeSpan. In the engine because
// the engine posts this same JSON to a job's notification webhook (job-notifications.ts); the service
// shapes its other records with it (src/service/api-json.ts).

import type { LogLine, SessionInfo } from './session-info.ts';

/** Engine fields that are milliseconds and reach scripts as TimeSpan. */
const DURATION_FIELDS = new Set(['Duration', 'VMSnapshotLifetime', 'ScriptTimeout']);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The few dozen property names there are, converted once each (a list of 1,000 sessions has
 *  ~100,000 keys). */
const camelCased = new Map<string, string>();

/** `JobName` → `jobName`, `VMs` → `vms`, `VMSnapshotLifetime` → `vmSnapshotLifetime`. */
export function camelCase(key: string): string {
  let out = camelCased.get(key);
  if (out === undefined) {
    const lead = /^[A-Z]+s$/.test(key) ? key : (/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/.exec(key)?.[0] ?? ''); // VMs: a plural acronym
    out = lead.toLowerCase() + key.slice(lead.length);
    if (camelCased.size < 1000) camelCased.set(key, out);
  }
  return out;
}

/** Milliseconds as .NET's TimeSpan "c" format: `00:00:00.3530000`, `1.02:00:00`. */
export function timeSpanText(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const ticks = Math.round(Math.abs(ms) * 10_000);
  const totalSeconds = Math.floor(ticks / 10_000_000);
  const fraction = ticks % 10_000_000;
  const days = Math.floor(totalSeconds / 86_400);
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(Math.floor(totalSeconds / 3600) % 24)}:${two(Math.floor(totalSeconds / 60) % 60)}:${two(totalSeconds % 60)}`;
  return `${sign}${days ? `${days}.` : ''}${clock}${fraction ? `.${String(fraction).padStart(7, '0')}` : ''}`;
}

/** A record (and what it nests) as JSON: camelCase keys, dates ISO, duration fields TimeSpan text. */
export function apiJson(record: object): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined || typeof value === 'function') continue;
    out[camelCase(key)] = DURATION_FIELDS.has(key) && typeof value === 'number' ? timeSpanText(value) : jsonValue(value);
  }
  return out;
}

function jsonValue(value: unknown): Json {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') return apiJson(value);
  return value as Json;
}

/** A log line; written out rather than through apiJson: a list of sessions has tens of thousands. */
export function logJson(line: LogLine): { [key: string]: Json } {
  return { time: line.Time.toISOString(), severity: line.Severity, text: line.Text };
}

/** A job session as Get-Session shows it: named after its job; Duration runs on while it works. */
export function sessionJson(s: SessionInfo): { [key: string]: Json } {
  const duration = s.State === 'Stopped' ? s.Duration : Date.now() - s.CreationTime.getTime();
  const { Id, Log, ...rest } = s;
  return { ...apiJson({ Id, Name: s.JobName, ...rest, Duration: duration }), log: Log.map(logJson) };
}

