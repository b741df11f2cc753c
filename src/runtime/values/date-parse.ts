// Reads a date the way `[datetime]'…'` does: .NET's DateTime.Parse with the invariant culture
// (month before day), which PowerShell's conversion uses. The forms scripts write: ISO 8601 with
// `T` or a space (`2000-01-01T10:00:00Z`, `2000-01-01 10:00 PM`), `2000/01/02`, `01/02/2000` and
// `01-02-2000` (month first), `Jan 2 2000`, `January 2, 2000`, `2 January 2000`, RFC 1123
// (`Sun, 02 Jan 2000 10:00:00 GMT`), a time alone (today), each with an optional day name, `AM`/`PM`
// and a zone (`Z`, `GMT`, `UTC`, `+02:00`). Out-of-range parts (`13/01/2000`) are no date.

import { MONTH_NAMES, DAY_NAMES } from './date-time.ts';

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Minutes east of UTC when the text names a zone; null for none (an Unspecified date). */
  offset: number | null;
  /** No date was written: the date is today's. */
  timeOnly: boolean;
}

const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?/;
const ZONE = /^(?:(Z|GMT|UTC)|([+-])(\d{2}):?(\d{2}))$/i;

function monthOf(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return 0;
  const i = MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(w) && (w.length === 3 || m.toLowerCase() === w || w === 'sept'));
  return i + 1;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date part at the start of `t`: [year, month, day, rest] or null. */
function datePart(t: string): [number, number, number, string] | null {
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?=$|[T\s])/i.exec(t);
  if (m) return [+m[1]!, +m[3]!, +m[4]!, t.slice(m[0].length)];
  m = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?=$|\s)/.exec(t);
  if (m) return [+m[4]!, +m[1]!, +m[3]!, t.slice(m[0].length)];
  // `Jan 2 2000`, `January 2, 2000`
  m = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?=$|\s)/.exec(t);
  if (m && monthOf(m[1]!)) return [+m[3]!, monthOf(m[1]!), +m[2]!, t.slice(m[0].length)];
  // `2 January 2000`, `02 Jan 2000`
  m = /^(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})(?=$|\s)/.exec(t);
  if (m && monthOf(m[2]!)) return [+m[3]!, monthOf(m[2]!), +m[1]!, t.slice(m[0].length)];
  return null;
}

/** The parts of a date written in one of the forms above; null when it is none of them. */
export function parseDateParts(text: string): DateParts | null {
  let t = text.trim();
  // a leading day name (`Sun,`, `Sunday`) only decorates the date
  const day = /^([A-Za-z]+),?\s+/.exec(t);
  if (day && DAY_NAMES.some((d) => d.toLowerCase().startsWith(day[1]!.toLowerCase()) && day[1]!.length >= 3)) t = t.slice(day[0].length);
  const date = datePart(t);
  let rest = date ? date[3] : t;
  rest = rest.replace(/^(?:T|\s+)/i, '');
  let hour = 0, minute = 0, second = 0, ms = 0;
  const time = TIME.exec(rest);
  if (time) {
    hour = +time[1]!;
    minute = +time[2]!;
    second = +(time[3] ?? 0);
    ms = time[4] ? Math.round(Number('0.' + time[4]) * 1000) : 0;
    if (time[5]) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (time[5].toLowerCase() === 'p' ? 12 : 0);
    }
    rest = rest.slice(time[0].length).trim();
  } else if (!date) return null;
  let offset: number | null = null;
  if (rest !== '') {
    const z = ZONE.exec(rest);
    if (!z) return null;
    offset = z[1] ? 0 : (z[2] === '-' ? -1 : 1) * (+z[3]! * 60 + +z[4]!);
  }
  const [year, month, dayOfMonth] = date ?? [0, 1, 1];
  if (date && (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysIn(year, month) || year < 1)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { year, month, day: dayOfMonth, hour, minute, second, ms, offset, timeOnly: !date };
}
