// Days of the week as schedules and backup windows name them: full English names or their first
// three letters, any case ('Monday', 'mon'). Numbered as JavaScript's Date.getDay() does (Sunday 0).

export const WEEK_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekDay = (typeof WEEK_DAYS)[number];

/** The day's number (Sunday 0), or null when the word names no day. */
export function weekDayNumber(word: string): number | null {
  const w = word.trim().toLowerCase();
  if (w.length < 3) return null;
  const i = WEEK_DAYS.findIndex((d) => d.toLowerCase() === w || d.slice(0, 3).toLowerCase() === w);
  return i < 0 ? null : i;
}

/** Days in week order from Monday, as an admin lists them. */
export function sortWeekDays(days: Iterable<number>): number[] {
  return [...new Set(days)].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
}
