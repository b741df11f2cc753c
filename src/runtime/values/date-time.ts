// .NET's DateTime as scripts see it. The value is kept as wall-clock milliseconds read through the
// UTC accessors of a JS Date (so formatting never depends on the host's zone rules twice), plus the
// DateTimeKind. Engine objects may carry plain JS Dates; `PSDateTime.fromDate` turns those into
// local wall-clock values the same way `[datetime]::Now` is made.

import { hideFields } from './hide-fields.ts';
import { TimeSpan, TICKS_PER_MS } from './time-span.ts';
import { PSEnumValue } from './ps-enum.ts';

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

  /** Parses the invariant/en-US forms scripts use: ISO 8601, `M/d/yyyy [h:mm[:ss] [AM|PM]]`,
   *  `yyyy-MM-dd HH:mm:ss`, and `Month d, yyyy`. Returns null when the text is not a date. */
  static parse(text: string): PSDateTime | null {
    const t = text.trim();
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(t);
    if (m) {
      const ms = m[7] ? Math.round(Number('0.' + m[7]) * 1000) : 0;
      const dt = PSDateTime.fromParts(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms);
      if (!m[8]) return dt;
      // An explicit zone gives an instant, which .NET converts to local time.
      let offsetMin = 0;
      if (m[8].toUpperCase() !== 'Z') {
        const z = m[8].replace(':', '');
        offsetMin = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
      }
      return PSDateTime.fromDate(new Date(dt.wall - offsetMin * 60_000));
    }
    m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(t);
    if (m) {
      let h = +(m[4] ?? 0);
      if (m[7]) h = (h % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
      return PSDateTime.fromParts(+m[3], +m[1], +m[2], h, +(m[5] ?? 0), +(m[6] ?? 0));
    }
    m = /^(?:[A-Za-z]+,\s*)?([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?$/i.exec(t);
    if (m) {
      const mo = MONTH_NAMES.findIndex((n) => n.toLowerCase().startsWith(m![1].toLowerCase().slice(0, 3)));
      if (mo < 0) return null;
      let h = +(m[4] ?? 0);
      if (m[7]) h = (h % 12) + (m[7].toUpperCase() === 'PM' ? 12 : 0);
      return PSDateTime.fromParts(+m[3], mo + 1, +m[2], h, +(m[5] ?? 0), +(m[6] ?? 0));
    }
    return null;
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
