// Get-Date (with -Date, component overrides, -Format .NET patterns and -UFormat Unix patterns),
// New-TimeSpan and Start-Sleep (which stops early when the pipeline is cancelled).

import type { CmdletDef } from '../cmdlet.ts';
import { waitUnlessStopped } from '../wait-unless-stopped.ts';
import { PSDateTime, DAY_NAMES, MONTH_NAMES } from '../values/date-time.ts';
import { TimeSpan } from '../values/time-span.ts';
import { convertTo, toNumber, toStringValue } from '../values/convert.ts';
import { formatDate } from '../values/date-format.ts';

/** `Get-Date -UFormat`: the Unix `date` specifiers PowerShell supports. */
export function formatUnixDate(d: PSDateTime, format: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return format.replace(/%(.)/g, (_m, c: string) => {
    switch (c) {
      case 'Y': return String(d.Year);
      case 'y': return two(d.Year % 100);
      case 'C': return two(Math.floor(d.Year / 100));
      case 'm': return two(d.Month);
      case 'd': return two(d.Day);
      case 'e': return String(d.Day).padStart(2, ' ');
      case 'H': return two(d.Hour);
      case 'I': return two(d.Hour % 12 || 12);
      case 'k': return String(d.Hour).padStart(2, ' ');
      case 'l': return String(d.Hour % 12 || 12).padStart(2, ' ');
      case 'M': return two(d.Minute);
      case 'S': return two(d.Second);
      case 'p': return d.Hour < 12 ? 'AM' : 'PM';
      case 'A': return DAY_NAMES[new Date(d.wall).getUTCDay()];
      case 'a': return DAY_NAMES[new Date(d.wall).getUTCDay()].slice(0, 3);
      case 'B': return MONTH_NAMES[d.Month - 1];
      case 'b': case 'h': return MONTH_NAMES[d.Month - 1].slice(0, 3);
      case 'j': return String(d.DayOfYear).padStart(3, '0');
      case 'u': return String(new Date(d.wall).getUTCDay() || 7);
      case 'w': return String(new Date(d.wall).getUTCDay());
      case 's': return String(Math.floor(d.toDate().getTime() / 1000));
      case 'D': return `${two(d.Month)}/${two(d.Day)}/${two(d.Year % 100)}`;
      case 'F': return `${d.Year}-${two(d.Month)}-${two(d.Day)}`;
      case 'T': return `${two(d.Hour)}:${two(d.Minute)}:${two(d.Second)}`;
      case 'R': return `${two(d.Hour)}:${two(d.Minute)}`;
      case 'Z': return formatDate(d, 'zz');
      case 'z': return formatDate(d, 'zzz').replace(':', '');
      case 'n': return '\n';
      case 't': return '\t';
      case '%': return '%';
      default: return c;
    }
  });
}

export const getDateCmdlet: CmdletDef = {
  name: 'Get-Date',
  parameters: [
    { name: 'Date', type: 'object', position: 0, valueFromPipeline: true, aliases: ['LastWriteTime'] },
    { name: 'Format', type: 'string', help: '.NET format string, e.g. yyyy-MM-dd.' },
    { name: 'UFormat', type: 'string', help: 'Unix format string, e.g. %Y-%m-%d.' },
    { name: 'Year', type: 'int' },
    { name: 'Month', type: 'int' },
    { name: 'Day', type: 'int' },
    { name: 'Hour', type: 'int' },
    { name: 'Minute', type: 'int' },
    { name: 'Second', type: 'int' },
    { name: 'Millisecond', type: 'int' },
    { name: 'AsUTC', type: 'switch' },
    { name: 'DisplayHint', type: 'string', validateSet: ['Date', 'Time', 'DateTime'] },
  ],
  help: {
    synopsis: 'Gets the current date and time, or the given one, optionally formatted.',
    examples: [
      { code: "Get-Date -Format 'yyyy-MM-dd'" },
      { code: "(Get-Date -Date '2024-01-15').DayOfWeek", remarks: 'Monday' },
      { code: "Get-Date -Year 2024 -Month 2 -Day 29 -UFormat '%A'" },
    ],
  },
  create(params, ctx) {
    const produce = async (input: unknown) => {
      let d = input === undefined || input === null ? PSDateTime.now() : (convertTo(input, 'datetime') as PSDateTime);
      const part = (name: string) => (typeof params[name] === 'number' ? (params[name] as number) : undefined);
      if (['Year', 'Month', 'Day', 'Hour', 'Minute', 'Second', 'Millisecond'].some((n) => part(n) !== undefined)) {
        d = PSDateTime.fromParts(part('Year') ?? d.Year, part('Month') ?? d.Month, part('Day') ?? d.Day, part('Hour') ?? d.Hour, part('Minute') ?? d.Minute, part('Second') ?? d.Second, part('Millisecond') ?? d.Millisecond, d.kind);
      }
      if (params.AsUTC === true) d = d.toUniversal();
      if (params.Format !== undefined) await ctx.emit(formatDate(d, toStringValue(params.Format)));
      else if (params.UFormat !== undefined) await ctx.emit(formatUnixDate(d, toStringValue(params.UFormat)));
      else await ctx.emit(d);
    };
    return {
      async process(input) {
        await produce(input === undefined ? params.Date : input);
      },
    };
  },
};

export const newTimeSpanCmdlet: CmdletDef = {
  name: 'New-TimeSpan',
  parameters: [
    { name: 'Start', type: 'datetime', position: 0, aliases: ['LastWriteTime'] },
    { name: 'End', type: 'datetime', position: 1 },
    { name: 'Days', type: 'double' },
    { name: 'Hours', type: 'double' },
    { name: 'Minutes', type: 'double' },
    { name: 'Seconds', type: 'double' },
    { name: 'Milliseconds', type: 'double' },
  ],
  help: {
    synopsis: 'Creates a time span from parts or as the time between two dates.',
    examples: [
      { code: 'New-TimeSpan -Hours 1 -Minutes 30', remarks: '01:30:00' },
      { code: "(New-TimeSpan -Start '2024-01-01' -End '2024-01-31').Days", remarks: '30' },
    ],
  },
  create(params, ctx) {
    return {
      async end() {
        if (params.Start !== undefined || params.End !== undefined) {
          const start = (params.Start as PSDateTime | undefined) ?? PSDateTime.now();
          const end = (params.End as PSDateTime | undefined) ?? PSDateTime.now();
          await ctx.emit(TimeSpan.fromMilliseconds(end.wall - start.wall));
          return;
        }
        const n = (k: string) => (params[k] === undefined ? 0 : toNumber(params[k]));
        await ctx.emit(TimeSpan.fromParts(n('Days'), n('Hours'), n('Minutes'), n('Seconds'), n('Milliseconds')));
      },
    };
  },
};

export const startSleepCmdlet: CmdletDef = {
  name: 'Start-Sleep',
  aliases: ['sleep'],
  parameters: [
    { name: 'Seconds', type: 'double', position: 0, aliases: ['s'] },
    { name: 'Milliseconds', type: 'int', aliases: ['ms'] },
    { name: 'Duration', type: 'timespan' },
  ],
  help: {
    synopsis: 'Waits for the given time; stops early when the pipeline is cancelled.',
    examples: [{ code: 'Start-Sleep -Milliseconds 10' }],
  },
  create(params, ctx) {
    return {
      async end() {
        const ms =
          params.Duration instanceof TimeSpan ? params.Duration.TotalMilliseconds : params.Milliseconds !== undefined ? toNumber(params.Milliseconds) : toNumber(params.Seconds ?? 0) * 1000;
        if (ms <= 0 || ctx.signal.aborted) return;
        await waitUnlessStopped(ms, ctx.signal);
      },
    };
  },
};
