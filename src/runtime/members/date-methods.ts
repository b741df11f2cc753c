// DateTime and TimeSpan methods (`AddDays`, `ToString('yyyy-MM-dd')`, `Subtract`, `TotalSeconds` …).
// Their properties are getters on the value classes; this file adds what takes arguments.

import { PSDateTime } from '../values/date-time.ts';
import { TimeSpan, TICKS_PER_MS } from '../values/time-span.ts';
import { toNumber, toStringValue, convertTo } from '../values/convert.ts';
import { formatDate, formatTimeSpan } from '../values/date-format.ts';
import { compareValues, valuesEqual } from '../operators/compare.ts';
import { methodNotFound } from './member-error.ts';

export function dateMethod(d: PSDateTime, name: string, args: unknown[]): unknown {
  const n = () => toNumber(args[0]);
  switch (name.toLowerCase()) {
    case 'adddays': return d.addMilliseconds(n() * 86_400_000);
    case 'addhours': return d.addMilliseconds(n() * 3_600_000);
    case 'addminutes': return d.addMilliseconds(n() * 60_000);
    case 'addseconds': return d.addMilliseconds(n() * 1000);
    case 'addmilliseconds': return d.addMilliseconds(n());
    case 'addticks': return d.addMilliseconds(n() / TICKS_PER_MS);
    case 'addmonths': return d.addMonths(n());
    case 'addyears': return d.addMonths(n() * 12);
    case 'add': return d.addMilliseconds((convertTo(args[0], 'timespan') as TimeSpan).ticks / TICKS_PER_MS);
    case 'subtract': {
      const a = args[0];
      if (a instanceof PSDateTime || a instanceof Date) {
        const other = a instanceof Date ? PSDateTime.fromDate(a) : a;
        return TimeSpan.fromMilliseconds(d.wall - other.wall);
      }
      return d.addMilliseconds(-(convertTo(a, 'timespan') as TimeSpan).ticks / TICKS_PER_MS);
    }
    case 'tostring': return formatDate(d, args.length ? toStringValue(args[0]) : 'G');
    case 'toshortdatestring': return formatDate(d, 'd');
    case 'tolongdatestring': return formatDate(d, 'D');
    case 'toshorttimestring': return formatDate(d, 't');
    case 'tolongtimestring': return formatDate(d, 'T');
    case 'touniversaltime': return d.toUniversal();
    case 'tolocaltime': return d.toLocal();
    case 'tofiletime': return (d.toDate().getTime() + 11_644_473_600_000) * TICKS_PER_MS;
    case 'compareto': return compareValues(d, args[0]);
    case 'equals': return valuesEqual(d, args[0]);
    case 'isdaylightsavingtime': return false;
    case 'gettype': break;
  }
  throw methodNotFound(d, name);
}

export function timeSpanMethod(t: TimeSpan, name: string, args: unknown[]): unknown {
  switch (name.toLowerCase()) {
    case 'add': return t.add(convertTo(args[0], 'timespan') as TimeSpan);
    case 'subtract': return new TimeSpan(t.ticks - (convertTo(args[0], 'timespan') as TimeSpan).ticks);
    case 'negate': return t.negate();
    case 'duration': return new TimeSpan(Math.abs(t.ticks));
    case 'multiply': return new TimeSpan(t.ticks * toNumber(args[0]));
    case 'divide': return args[0] instanceof TimeSpan ? t.ticks / args[0].ticks : new TimeSpan(t.ticks / toNumber(args[0]));
    case 'tostring': return formatTimeSpan(t, args.length ? toStringValue(args[0]) : '');
    case 'compareto': return compareValues(t, args[0]);
    case 'equals': return valuesEqual(t, args[0]);
  }
  throw methodNotFound(t, name);
}
