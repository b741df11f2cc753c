// .NET's TimeSpan as scripts see it: a signed duration in 100 ns ticks, with the Days/Hours/…
// components, the Total* views and the `[-][d.]hh:mm:ss[.fffffff]` string form.

import { hideFields } from './hide-fields.ts';

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 600_000_000;
export const TICKS_PER_HOUR = 36_000_000_000;
export const TICKS_PER_DAY = 864_000_000_000;

export class TimeSpan {
  readonly ticks: number;

  constructor(ticks: number) {
    this.ticks = Math.trunc(ticks);
    hideFields(this, 'ticks');
  }

  static fromMilliseconds(ms: number): TimeSpan {
    return new TimeSpan(Math.round(ms * TICKS_PER_MS));
  }

  static fromParts(days: number, hours: number, minutes: number, seconds: number, ms = 0): TimeSpan {
    return new TimeSpan(
      days * TICKS_PER_DAY + hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE + seconds * TICKS_PER_SECOND + ms * TICKS_PER_MS,
    );
  }

  /** Parses `[-][d.]hh:mm[:ss[.fffffff]]` or a plain day count, as TimeSpan.Parse does; null if invalid. */
  static parse(text: string): TimeSpan | null {
    const m = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$/.exec(text);
    if (!m) {
      const d = /^\s*(-)?(\d+)\s*$/.exec(text);
      if (!d) return null;
      return new TimeSpan((d[1] ? -1 : 1) * Number(d[2]) * TICKS_PER_DAY);
    }
    const frac = m[6] ? Number(m[6].padEnd(7, '0')) : 0;
    const hours = Number(m[3]);
    const minutes = Number(m[4]);
    const seconds = m[5] ? Number(m[5]) : 0;
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
    const t = Number(m[2] ?? 0) * TICKS_PER_DAY + hours * TICKS_PER_HOUR + minutes * TICKS_PER_MINUTE + seconds * TICKS_PER_SECOND + frac;
    return new TimeSpan(m[1] ? -t : t);
  }

  get Ticks(): number {
    return this.ticks;
  }
  get Days(): number {
    return Math.trunc(this.ticks / TICKS_PER_DAY);
  }
  get Hours(): number {
    return Math.trunc((this.ticks % TICKS_PER_DAY) / TICKS_PER_HOUR);
  }
  get Minutes(): number {
    return Math.trunc((this.ticks % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
  }
  get Seconds(): number {
    return Math.trunc((this.ticks % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
  }
  get Milliseconds(): number {
    return Math.trunc((this.ticks % TICKS_PER_SECOND) / TICKS_PER_MS);
  }
  get TotalDays(): number {
    return this.ticks / TICKS_PER_DAY;
  }
  get TotalHours(): number {
    return this.ticks / TICKS_PER_HOUR;
  }
  get TotalMinutes(): number {
    return this.ticks / TICKS_PER_MINUTE;
  }
  get TotalSeconds(): number {
    return this.ticks / TICKS_PER_SECOND;
  }
  get TotalMilliseconds(): number {
    return this.ticks / TICKS_PER_MS;
  }

  add(other: TimeSpan): TimeSpan {
    return new TimeSpan(this.ticks + other.ticks);
  }

  negate(): TimeSpan {
    return new TimeSpan(-this.ticks);
  }

  /** The constant ("c") format: `[-][d.]hh:mm:ss[.fffffff]`. */
  toString(): string {
    const neg = this.ticks < 0;
    const t = Math.abs(this.ticks);
    const days = Math.floor(t / TICKS_PER_DAY);
    const rest = t % TICKS_PER_DAY;
    const h = Math.floor(rest / TICKS_PER_HOUR);
    const m = Math.floor((rest % TICKS_PER_HOUR) / TICKS_PER_MINUTE);
    const s = Math.floor((rest % TICKS_PER_MINUTE) / TICKS_PER_SECOND);
    const f = rest % TICKS_PER_SECOND;
    const two = (n: number) => String(n).padStart(2, '0');
    return (neg ? '-' : '') + (days ? days + '.' : '') + `${two(h)}:${two(m)}:${two(s)}` + (f ? '.' + String(f).padStart(7, '0') : '');
  }
}
