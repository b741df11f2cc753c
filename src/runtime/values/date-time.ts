// .NET's DateTime as scripts see it. The value is kept as wall-clock milliseconds read through the
// UTC accessors of a JS Date (so formatting never depends on the host's zone rules twice), plus the
// DateTimeKind. Engine objects may carry plain JS Dates; `PSDateTime.fromDate` turns those into
// local wall-clock values the same way `[datetime]::Now` is made.

import { hideFields } from './hide-fields.ts';
import { TimeSpan, TICKS_PER_MS } from './time-span.ts';
import { PSEnumValue } from './ps-enum.ts';
import { parseDateParts } from './date-parse.ts';

export type DateTimeKind = 'Local' | 'Utc' | 'Unspecified';

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** Milliseconds between 0001-01-01 and 1970-01-01, for .NET tick values. */
const EPOCH_OFFSET_MS = 62_135_596_800_000;

export class PSDateTime {
  /** Wall-clock time as milliseconds since 1970-01-01 read with the UTC accessors. */
  readonly wall: number;
  readonly kind: DateTimeKind;

  constructor(wall: number, kind: DateTimeKind = 'Unspecified') {
    this.wall = wall;
    this.kind = kind;
    hideFields(this, 'wall', 'kind');
  }

  static fromDate(d: Date): PSDateTime {
    return new PSDateTime(d.getTime() - d.getTimezoneOffset() * 60_000, 'Local');
  }

  static now(): PSDateTime {
    return PSDateTime.fromDate(new Date());
  }

  static utcNow(): PSDateTime {
    return new PSDateTime(Date.now(), 'Utc');
  }

  static fromParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, kind: DateTimeKind = 'Unspecified'): PSDateTime {
    const date = new Date(0);
    date.setUTCFullYear(y, mo - 1, d);
    date.setUTCHours(h, mi, s, ms);
    return new PSDateTime(date.getTime(), kind);
  }

  /** `[datetime]'…'`: the forms of date-parse.ts (DateTime.Parse, invariant culture). A written zone
   *  gives an instant, which .NET converts to local time; a time alone is today's. Null when the
   *  text is not a date. */
  static parse(text: string): PSDateTime | null {
    const p = parseDateParts(text);
    if (!p) return null;
    const today = p.timeOnly ? PSDateTime.now() : null;
    const dt = PSDateTime.fromParts(today?.Year ?? p.year, today?.Month ?? p.month, today?.Day ?? p.day, p.hour, p.minute, p.second, p.ms);
    if (p.offset === null) return dt;
    return PSDateTime.fromDate(new Date(dt.wall - p.offset * 60_000));
  }

  #d(): Date {
    return new Date(this.wall);
  }

  get Year(): number { return this.#d().getUTCFullYear(); }
  get Month(): number { return this.#d().getUTCMonth() + 1; }
  get Day(): number { return this.#d().getUTCDate(); }
  get Hour(): number { return this.#d().getUTCHours(); }
  get Minute(): number { return this.#d().getUTCMinutes(); }
  get Second(): number { return this.#d().getUTCSeconds(); }
  get Millisecond(): number { return this.#d().getUTCMilliseconds(); }
  get DayOfWeek(): PSEnumValue { return new PSEnumValue('System.DayOfWeek', DAY_NAMES[this.#d().getUTCDay()], this.#d().getUTCDay()); }
  get DayOfYear(): number {
    return Math.floor((this.wall - Date.UTC(this.Year, 0, 1)) / 86_400_000) + 1;
  }
  get Date(): PSDateTime {
    return new PSDateTime(this.wall - (((this.wall % 86_400_000) + 86_400_000) % 86_400_000), this.kind);
  }
  get TimeOfDay(): TimeSpan {
    return TimeSpan.fromMilliseconds(((this.wall % 86_400_000) + 86_400_000) % 86_400_000);
  }
  get Ticks(): number {
    return (this.wall + EPOCH_OFFSET_MS) * TICKS_PER_MS;
  }
  get Kind(): PSEnumValue { return new PSEnumValue('System.DateTimeKind', this.kind, ['Unspecified', 'Utc', 'Local'].indexOf(this.kind)); }

  addMilliseconds(ms: number): PSDateTime {
    return new PSDateTime(this.wall + Math.round(ms), this.kind);
  }

  addMonths(n: number): PSDateTime {
    const d = this.#d();
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + Math.trunc(n));
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    return new PSDateTime(d.getTime(), this.kind);
  }

  /** The instant this wall-clock value denotes (Local and Unspecified are read as local time). */
  toDate(): Date {
    if (this.kind === 'Utc') return new Date(this.wall);
    const guess = new Date(this.wall);
    return new Date(this.wall + guess.getTimezoneOffset() * 60_000);
  }

  toLocal(): PSDateTime {
    return this.kind === 'Utc' ? PSDateTime.fromDate(new Date(this.wall)) : this;
  }

  toUniversal(): PSDateTime {
    return this.kind === 'Utc' ? this : new PSDateTime(this.toDate().getTime(), 'Utc');
  }
}
