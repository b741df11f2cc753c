// A backup window ('Mon-Fri 20:00-06:00'): when a job's runs may start and until when they may run.
// The days name the day a window opens on; an end at or before the start is on the next day (so
// 'Mon-Fri 20:00-06:00' is open from Monday 20:00 to Tuesday 06:00, …, Friday 20:00 to Saturday
// 06:00). Without days it opens every day; '00:00-24:00' is the whole day. As in Veeam, a run does not
// start outside the window, and one still running when it closes is stopped.

import { EngineError } from '../engine-error.ts';
import { atLocalTime, formatClockTime, parseClockTime } from './clock-time.ts';
import { WEEK_DAYS, sortWeekDays, weekDayNumber } from './week-days.ts';

const DAY_MINUTES = 24 * 60;

export interface WindowSpan {
  start: Date;
  end: Date;
}

export class BackupWindow {
  /** Days the window opens on (Sunday 0). */
  readonly days: readonly number[];
  /** Minutes after midnight. */
  readonly opens: number;
  readonly lengthMinutes: number;

  private constructor(days: number[], opens: number, lengthMinutes: number) {
    this.days = days;
    this.opens = opens;
    this.lengthMinutes = lengthMinutes;
  }

  /** Parses the text; a one-line EngineError about `job` when it is not a window. */
  static parse(text: string, job: string): BackupWindow {
    const bad = (reason: string) =>
      EngineError.invalid('Job', job, `BackupWindow '${text}' ${reason}; write it like 'Mon-Fri 20:00-06:00' or '22:00-06:00'.`);
    const m = /^\s*(?:(.+?)\s+)?(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(text);
    if (!m) throw bad('is not a window');
    const opens = parseClockTime(m[2]!);
    const closes = parseClockTime(m[3]!, true);
    if (opens === null) throw bad(`has no time of day '${m[2]}'`);
    if (closes === null) throw bad(`has no time of day '${m[3]}'`);
    if (opens === closes) throw bad('opens and closes at the same time');
    const length = closes > opens ? closes - opens : closes + DAY_MINUTES - opens;
    const days = m[1] === undefined ? [0, 1, 2, 3, 4, 5, 6] : parseDays(m[1], bad);
    return new BackupWindow(days, opens, length);
  }

  /** The text it reads back as: days in Mon…Sun order, times as HH:MM. */
  get text(): string {
    const days = this.days.length === 7 ? '' : `${sortWeekDays(this.days).map((d) => WEEK_DAYS[d]!.slice(0, 3)).join(',')} `;
    const closes = (this.opens + this.lengthMinutes) % DAY_MINUTES;
    // '00:00-24:00' reads back as written; any other end is a time of day.
    return `${days}${formatClockTime(this.opens)}-${this.lengthMinutes === DAY_MINUTES ? '24:00' : formatClockTime(closes)}`;
  }

  /** The window open at `at` (start inclusive, end exclusive), or null when it is closed then. */
  openAt(at: Date): WindowSpan | null {
    // A window lasts at most a day, so one open at `at` opened today or yesterday.
    for (const offset of [0, -1]) {
      const span = this.#spanOn(at, offset);
      if (span && span.start <= at && at < span.end) return span;
    }
    return null;
  }

  /** The first opening strictly after `after`. */
  nextOpening(after: Date): Date {
    for (let offset = 0; offset <= 7; offset++) {
      const span = this.#spanOn(after, offset);
      if (span && span.start > after) return span.start;
    }
    throw new Error('unreachable: a window opens at least once a week');
  }

  #spanOn(day: Date, offset: number): WindowSpan | null {
    const start = atLocalTime(day, this.opens, offset);
    if (!this.days.includes(start.getDay())) return null;
    // Through the calendar, so a day with a daylight-saving shift keeps the wall-clock end.
    const endMinutes = this.opens + this.lengthMinutes;
    const end = atLocalTime(day, endMinutes % DAY_MINUTES, offset + Math.floor(endMinutes / DAY_MINUTES));
    return { start, end };
  }
}

function parseDays(text: string, bad: (reason: string) => EngineError): number[] {
  const days: number[] = [];
  for (const part of text.split(',')) {
    const range = part.split('-');
    if (range.length > 2) throw bad(`has a day range '${part.trim()}' with more than two ends`);
    const ends = range.map((word) => {
      const n = weekDayNumber(word);
      if (n === null) throw bad(`names no day of the week '${word.trim()}'`);
      return n;
    });
    // 'Fri-Mon' wraps over the weekend.
    for (let d = ends[0]!; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === ends[ends.length - 1]) break;
    }
  }
  return sortWeekDays(days);
}
