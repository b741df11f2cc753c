// Set-, Get- and Remove-JobSchedule: when a job runs by itself (daily, monthly, periodically, by
// cron, or after another job), how often a failed run is retried, and the backup window. The
// schedule lives in the catalog (engine.schedules); `vbrs service` runs it. Periods and waits take
// the same durations as every timeout (30s, 10m, 4h or a TimeSpan) and reach scripts as TimeSpan.
import type { BoundParameters, CmdletDef, ParameterDef } from '../runtime/cmdlet.ts';
import type { JobScheduleInfo, ScheduleChanges, ScheduleTiming } from '../engine/schedules/index.ts';
import { TimeSpan } from '../runtime/values/time-span.ts';
import { EngineError } from '../engine/engine-error.ts';
import { domainCmdlet, given, lookup } from './domain-cmdlet.ts';
import { durationMs } from './duration.ts';
import { shellObject } from './shell-object.ts';

export function jobScheduleObject(s: JobScheduleInfo): Record<string, unknown> {
  return shellObject('Vbrs.JobSchedule', {
    ...s,
    Period: s.Period === null ? null : TimeSpan.fromMilliseconds(s.Period),
    RetryWait: TimeSpan.fromMilliseconds(s.RetryWait),
  });
}

const jobParam: ParameterDef = { name: 'Job', type: 'string', mandatory: true, position: 0, valueFromPipelineByPropertyName: true, completion: 'job', help: 'The job to schedule.' };

function timing(p: BoundParameters): ScheduleTiming | undefined {
  const days = (v: unknown) => (Array.isArray(v) ? v : [v]).map(String);
  if (given(p, 'Daily')) return { Kind: 'Daily', At: String(p.Daily), ...(given(p, 'DaysOfWeek') ? { DaysOfWeek: days(p.DaysOfWeek) } : {}) };
  if (given(p, 'Monthly')) return { Kind: 'Monthly', DayOfMonth: Number(p.Monthly), At: String(p.At) };
  if (given(p, 'Periodically')) return { Kind: 'Periodically', Period: durationMs(p.Periodically, 'Periodically') };
  if (given(p, 'Cron')) return { Kind: 'Cron', Cron: String(p.Cron) };
  if (given(p, 'AfterJob')) return { Kind: 'AfterJob', AfterJob: String(p.AfterJob) };
  return undefined;
}

export const setJobScheduleCmdlet: CmdletDef = domainCmdlet({
  name: 'Set-JobSchedule',
  parameters: [
    // Listing every set here makes 'Policy' (no timing: only retries or window change) a set of its own.
    { ...jobParam, parameterSets: ['Policy', 'Daily', 'Monthly', 'Periodically', 'Cron', 'AfterJob'] },
    { name: 'Daily', type: 'string', mandatory: true, parameterSets: ['Daily'], help: 'Run every day at this local time (22:00).' },
    { name: 'DaysOfWeek', type: 'string[]', parameterSets: ['Daily'], help: 'With -Daily: only on these days (Monday, Friday or Mon, Fri); every day when omitted.' },
    { name: 'Monthly', type: 'int', mandatory: true, parameterSets: ['Monthly'], help: 'Run on this day of the month (1-31; a shorter month runs on its last day), at -At.' },
    { name: 'At', type: 'string', mandatory: true, parameterSets: ['Monthly'], help: 'With -Monthly: the local time of day (03:00).' },
    { name: 'Periodically', type: 'object', mandatory: true, parameterSets: ['Periodically'], help: 'Run every this long, from 1s up (30s, 10m, 4h or a TimeSpan), counted from when the schedule is set.' },
    { name: 'Cron', type: 'string', mandatory: true, parameterSets: ['Cron'], help: "Run when this cron expression matches, in local time ('0 22 * * 1-5'; six fields put seconds first)." },
    { name: 'AfterJob', type: 'string', mandatory: true, parameterSets: ['AfterJob'], completion: 'job', help: "Run when this other job's session ends, whatever its result." },
    { name: 'RetryCount', type: 'int', help: 'Retries of a failed run the service started, processing only the failed VMs (default 3; 0 turns retries off).' },
    { name: 'RetryWait', type: 'object', help: 'Wait before each retry (default 10m): 30s, 10m or a TimeSpan.' },
    { name: 'BackupWindow', type: 'string', help: "When runs may start and run ('Mon-Fri 20:00-06:00'); a run still going when it closes is stopped. An empty string removes it." },
    { name: 'PassThru', type: 'switch', help: 'Return the schedule.' },
  ],
  defaultParameterSet: 'Policy',
  supportsShouldProcess: true,
  help: {
    synopsis: 'Sets when a job runs by itself, its retries and its backup window.',
    description:
      'One of -Daily (with -DaysOfWeek), -Monthly with -At, -Periodically, -Cron or -AfterJob sets the timing; without one, the job keeps its timing and only -RetryCount, -RetryWait or -BackupWindow change. Times are local. Get-Job shows the schedule as Schedule and the next due time as NextRun; vbrs service runs it (docs/scheduling.md).',
    examples: [
      { code: 'Set-JobSchedule -Job Nightly -Daily 22:00 -DaysOfWeek Monday,Tuesday,Wednesday,Thursday,Friday', needs: 'engine' },
      { code: "Set-JobSchedule -Job Nightly -Cron '0 22 * * 1-5' -RetryCount 3 -RetryWait 10m -BackupWindow 'Mon-Fri 20:00-06:00'", needs: 'engine' },
      { code: 'Set-JobSchedule -Job Offsite -AfterJob Nightly', needs: 'engine' },
      { code: 'Set-JobSchedule -Job Monthly -Monthly 1 -At 03:00', needs: 'engine' },
      { code: 'Set-JobSchedule -Job Hourly -Periodically 4h', needs: 'engine' },
    ],
  },
  outputType: 'Vbrs.JobSchedule',
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Job));
    const c: ScheduleChanges = {};
    const t = timing(p);
    if (t) c.Timing = t;
    if (given(p, 'RetryCount')) c.RetryCount = Number(p.RetryCount);
    if (given(p, 'RetryWait')) c.RetryWait = durationMs(p.RetryWait, 'RetryWait');
    if (given(p, 'BackupWindow')) c.BackupWindow = p.BackupWindow === null || String(p.BackupWindow).trim() === '' ? null : String(p.BackupWindow);
    if (!(await ctx.shouldProcess(job.Name, 'Set-JobSchedule'))) return;
    const s = engine.schedules.set(job.Name, c);
    if (p.PassThru) await ctx.emit(jobScheduleObject(s));
  },
});

export const getJobScheduleCmdlet: CmdletDef = domainCmdlet({
  name: 'Get-JobSchedule',
  parameters: [{ name: 'Job', type: 'string[]', position: 0, completion: 'job', valueFromPipelineByPropertyName: true, help: 'Only the schedules of these jobs; wildcards (*, ?) are allowed. Omit it for every scheduled job.' }],
  help: {
    synopsis: "Lists job schedules with their retry policy, backup window and next run.",
    description: 'Each has JobName, Kind (Daily, Monthly, Periodically, Cron, AfterJob), Schedule (as text), At, DaysOfWeek, DayOfMonth, Period, Cron, AfterJob, RetryCount, RetryWait, BackupWindow and NextRun ($null for after-job schedules and disabled jobs). A job without a schedule gives nothing.',
    examples: [{ code: 'Get-JobSchedule', needs: 'engine' }, { code: 'Get-JobSchedule -Job Nightly | Format-List', needs: 'engine' }],
  },
  outputType: 'Vbrs.JobSchedule',
  async process(p, ctx, engine) {
    const jobs = lookup(p.Job, (n) => engine.jobs.get(n), (pat) => engine.jobs.list(pat));
    const all = given(p, 'Job') ? null : engine.schedules.list();
    for (const s of all ?? jobs.map((j) => engine.schedules.get(j.Name)).filter((s) => s !== null)) await ctx.emit(jobScheduleObject(s));
  },
});

export const removeJobScheduleCmdlet: CmdletDef = domainCmdlet({
  name: 'Remove-JobSchedule',
  parameters: [{ ...jobParam, help: 'The job whose schedule goes; the job stays and runs only when started.' }],
  supportsShouldProcess: true,
  help: { synopsis: 'Removes a job schedule (the job itself stays).', examples: [{ code: 'Remove-JobSchedule -Job Nightly', needs: 'engine' }] },
  async process(p, ctx, engine) {
    const job = engine.jobs.get(String(p.Job));
    if (!engine.schedules.get(job.Name)) throw new EngineError('VBRS_UNKNOWN_OBJECT', `Job '${job.Name}' has no schedule.`, { kind: 'Job', name: job.Name });
    if (!(await ctx.shouldProcess(job.Name, 'Remove-JobSchedule'))) return;
    engine.schedules.remove(job.Name);
  },
});

export const jobScheduleCmdlets: CmdletDef[] = [setJobScheduleCmdlet, getJobScheduleCmdlet, removeJobScheduleCmdlet];
