// When a job's schedule makes it due: the five forms Set-JobSchedule takes, their checks (one
// EngineError line naming the job), their text for Get-Job's `Schedule`, and the next due time
// after a given instant in local time. Cron expressions are parsed and stepped by croner, a
// well-kept cron library, rather than by hand. After-job schedules have no time of their own: the
// other job's session ending makes them due (the scheduler watches for that).

import { Cron } from 'croner';
import { EngineError } from '../engine-error.ts';
import { atLocalTime, formatClockTime, parseClockTime } from './clock-time.ts';
import { WEEK_DAYS, sortWeekDays, weekDayNumber, type WeekDay } from './week-days.ts';

export type ScheduleTiming =
  /** Every day at `At` ('22:00'), or only on `DaysOfWeek`. */
  | { Kind: 'Daily'; At: string; DaysOfWeek?: readonly string[] }
  /** Day `DayOfMonth` (1–31; a shorter month runs on its last day) at `At`. */
  | { Kind: 'Monthly'; DayOfMonth: number; At: string }
  /** Every `Period` ms (at least 1 s), counted from when the schedule was set. */
  | { Kind: 'Periodically'; Period: number }
  /** A cron expression (5 fields, or 6 with seconds first), in local time. */
  | { Kind: 'Cron'; Cron: string }
  /** When the other job's session ends. */
  | { Kind: 'AfterJob'; AfterJob: string };

export type ScheduleKind = ScheduleTiming['Kind'];

/** A checked timing: times as minutes after midnight, days as numbers (Sunday 0). */
export type Timing =
  | { Kind: 'Daily'; minutes: number; days: number[] }
  | { Kind: 'Monthly'; day: number; minutes: number }
  | { Kind: 'Periodically'; periodMs: number }
  | { Kind: 'Cron'; cron: string }
  | { Kind: 'AfterJob'; afterJob: string };

export const MIN_PERIOD_MS = 1000;

/** Checks a timing for `job`; throws a one-line EngineError naming the job and the reason. */
export function checkTiming(timing: ScheduleTiming, job: string): Timing {
  const bad = (reason: string) => EngineError.invalid('Job', job, reason);
  const time = (text: string, parameter: string) => {
    const minutes = parseClockTime(String(text));
    if (minutes === null) throw bad(`${parameter} '${text}' is not a time of day; use HH:MM from 00:00 to 23:59.`);
    return minutes;
  };
  switch (timing.Kind) {
    case 'Daily': {
      const days = (timing.DaysOfWeek ?? []).map((word) => {
        const n = weekDayNumber(String(word));
        if (n === null) throw bad(`DaysOfWeek '${word}' is not a day of the week (${WEEK_DAYS.join(', ')}).`);
        return n;
      });
      return { Kind: 'Daily', minutes: time(timing.At, 'Daily'), days: days.length ? sortWeekDays(days) : [0, 1, 2, 3, 4, 5, 6] };
    }
    case 'Monthly': {
      if (!Number.isInteger(timing.DayOfMonth) || timing.DayOfMonth < 1 || timing.DayOfMonth > 31) throw bad(`Monthly must be a day of the month from 1 to 31, not ${timing.DayOfMonth}.`);
      return { Kind: 'Monthly', day: timing.DayOfMonth, minutes: time(timing.At, 'At') };
    }
    case 'Periodically': {
      if (!Number.isFinite(timing.Period) || timing.Period < MIN_PERIOD_MS) throw bad(`Periodically must be at least 1 second, not ${timing.Period} ms.`);
      return { Kind: 'Periodically', periodMs: Math.round(timing.Period) };
    }
    case 'Cron': {
      const cron = String(timing.Cron).trim();
      try {
        new Cron(cron, { paused: true });
      } catch (e) {
        throw bad(`Cron '${cron}' does not parse: ${(e as Error).message.replace(/^CronPattern:\s*/, '')}.`.replace(/\.\.$/, '.'));
      }
      return { Kind: 'Cron', cron };
    }
    case 'AfterJob': {
      const afterJob = String(timing.AfterJob).trim();
      if (afterJob.toLowerCase() === job.toLowerCase()) throw bad('a job cannot run after itself.');
      return { Kind: 'AfterJob', afterJob };
    }
  }
}

/** How Get-Job and Get-JobSchedule show the timing: 'Daily at 22:00 on Monday, Friday'. */
export function describeTiming(t: Timing): string {
  switch (t.Kind) {
    case 'Daily':
      return t.days.length === 7 ? `Daily at ${formatClockTime(t.minutes)}` : `Daily at ${formatClockTime(t.minutes)} on ${t.days.map((d) => WEEK_DAYS[d]).join(', ')}`;
    case 'Monthly':
      return `Monthly on day ${t.day} at ${formatClockTime(t.minutes)}`;
    case 'Periodically':
      return `Periodically every ${describePeriod(t.periodMs)}`;
    case 'Cron':
      return `Cron '${t.cron}'`;
    case 'AfterJob':
      return `After job ${t.afterJob}`;
  }
}

/** '4h', '1h30m', '1s', '1.5s': the shortest way a duration argument would say it. */
export function describePeriod(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest / 1000}s`);
  return parts.join('');
}

/** The days a Daily timing runs on, by name. */
export function timingDays(t: Timing): WeekDay[] {
  return t.Kind === 'Daily' ? t.days.map((d) => WEEK_DAYS[d]!) : [];
}

/**
 * The first due time strictly after `after`, or null for after-job timings. `anchor` is when the
 * schedule was set: periodic runs fall on anchor + k·period, so every process computes the same
 * times and a restarted service does not catch up runs it missed.
 */
export function nextDue(t: Timing, after: Date, anchor: Date): Date | null {
  switch (t.Kind) {
    case 'Daily':
      for (let offset = 0; offset <= 8; offset++) {
        const at = atLocalTime(after, t.minutes, offset);
        if (at > after && t.days.includes(at.getDay())) return at;
      }
      return null;
    case 'Monthly':
      for (let month = 0; month <= 13; month++) {
        const first = new Date(after.getFullYear(), after.getMonth() + month, 1);
        const last = new Date(first.getFullYear(), first.getMonth() + 1, 0).getDate();
        const at = new Date(first.getFullYear(), first.getMonth(), Math.min(t.day, last), Math.floor(t.minutes / 60), t.minutes % 60);
        if (at > after) return at;
      }
      return null;
    case 'Periodically': {
      const k = Math.floor((after.getTime() - anchor.getTime()) / t.periodMs) + 1;
      return new Date(anchor.getTime() + Math.max(k, 1) * t.periodMs);
    }
    case 'Cron':
      return new Cron(t.cron, { paused: true }).nextRun(after);
    case 'AfterJob':
      return null;
  }
}
