// Times of day as schedules write them ('22:00', '3:05', '24:00' for the end of a day) and the
// local-time instant a time of day names on a given calendar day. Local time is the process's
// (`TZ`), as an admin reads a schedule; building dates from calendar fields lets the platform
// handle daylight-saving shifts.

/** Minutes after midnight for 'H:MM' / 'HH:MM', or null when the text is not a time of day. */
export function parseClockTime(text: string, allowEndOfDay = false): number | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (allowEndOfDay && h === 24 && min === 0) return 24 * 60;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** 'HH:MM' for minutes after midnight. */
export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The instant at `minutes` after local midnight of the calendar day `dayOffset` days after `day`'s. */
export function atLocalTime(day: Date, minutes: number, dayOffset = 0): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + dayOffset, Math.floor(minutes / 60), minutes % 60, 0, 0);
}
