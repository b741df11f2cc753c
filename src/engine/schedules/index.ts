// Job schedules: timings, backup windows, retry policies and next-run times (`engine.schedules`).

export { JobSchedules, nextRunOf, DEFAULT_RETRY_COUNT, DEFAULT_RETRY_WAIT_MS } from './job-schedules.ts';
export type { JobScheduleInfo, ScheduleChanges, ScheduledJobs } from './job-schedules.ts';
export { BackupWindow } from './backup-window.ts';
export type { WindowSpan } from './backup-window.ts';
export { checkTiming, describeTiming, describePeriod, nextDue, MIN_PERIOD_MS } from './schedule-timing.ts';
export type { ScheduleTiming, ScheduleKind, Timing } from './schedule-timing.ts';
export { WEEK_DAYS } from './week-days.ts';
export type { WeekDay } from './week-days.ts';
