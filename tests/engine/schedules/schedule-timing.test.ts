// Due times of each schedule form, computed against fixed instants in pinned time zones: daily with
// and without days, monthly on days a month lacks, periodic counted from when it was set (no catch
// up), cron through croner (daylight-saving days included), and the one-line errors for bad timings.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkTiming, describeTiming, nextDue, type ScheduleTiming } from '../../../src/engine/schedules/index.ts';
import { withTimeZone } from './with-time-zone.ts';

const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s);
/** Local wall-clock text of a date, in the zone in force. */
const wall = (d: Date | null) =>
  d === null ? 'null' : `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getDay()]} ${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
const due = (t: ScheduleTiming, after: Date, anchor = after) => wall(nextDue(checkTiming(t, 'J'), after, anchor));

test('daily: today if the time is still ahead, else tomorrow; with days, the next listed day', () =>
  withTimeZone('Europe/Berlin', () => {
    // Sunday 2026-12-06
    assert.is(due({ Kind: 'Daily', At: '22:00' }, local(2026, 12, 6, 12)), 'Sun 2026-12-06 22:00:00');
    assert.is(due({ Kind: 'Daily', At: '22:00' }, local(2026, 12, 6, 22)), 'Mon 2026-12-07 22:00:00');
    assert.is(due({ Kind: 'Daily', At: '7:05' }, local(2026, 12, 6, 23)), 'Mon 2026-12-07 07:05:00');
    assert.is(due({ Kind: 'Daily', At: '22:00', DaysOfWeek: ['Friday', 'mon'] }, local(2026, 12, 6, 12)), 'Mon 2026-12-07 22:00:00');
    assert.is(due({ Kind: 'Daily', At: '22:00', DaysOfWeek: ['Friday'] }, local(2026, 12, 11, 22, 0, 1)), 'Fri 2026-12-18 22:00:00');
  }));

test('daily at 02:30 across the spring daylight-saving change keeps to the wall clock', () =>
  withTimeZone('America/New_York', () => {
    // 2026-03-08 02:00 → 03:00 in New York: 02:30 does not exist that day, the platform moves it on.
    assert.is(due({ Kind: 'Daily', At: '22:00' }, local(2026, 3, 7, 23)), 'Sun 2026-03-08 22:00:00');
    const gap = nextDue(checkTiming({ Kind: 'Daily', At: '02:30' }, 'J'), local(2026, 3, 7, 23), local(2026, 3, 7))!;
    assert.is(gap.getDate(), 8);
    assert.is(wall(nextDue(checkTiming({ Kind: 'Daily', At: '02:30' }, 'J'), gap, gap)), 'Mon 2026-03-09 02:30:00');
  }));

test('monthly: day N at a time; a month without day 31 runs on its last day', () =>
  withTimeZone('UTC', () => {
    assert.is(due({ Kind: 'Monthly', DayOfMonth: 1, At: '03:00' }, local(2026, 12, 6)), 'Fri 2027-01-01 03:00:00');
    assert.is(due({ Kind: 'Monthly', DayOfMonth: 6, At: '03:00' }, local(2026, 12, 6, 2)), 'Sun 2026-12-06 03:00:00');
    assert.is(due({ Kind: 'Monthly', DayOfMonth: 31, At: '23:00' }, local(2027, 2, 1)), 'Sun 2027-02-28 23:00:00');
    assert.is(due({ Kind: 'Monthly', DayOfMonth: 31, At: '23:00' }, local(2027, 2, 28, 23, 30)), 'Wed 2027-03-31 23:00:00');
    assert.is(due({ Kind: 'Monthly', DayOfMonth: 29, At: '00:00' }, local(2028, 2, 1)), 'Tue 2028-02-29 00:00:00');
  }));

test('periodically: anchor + k·period, the first strictly after now; missed periods are not caught up', () =>
  withTimeZone('UTC', () => {
    const anchor = local(2026, 12, 6, 10);
    const t = { Kind: 'Periodically', Period: 4 * 3_600_000 } as const;
    assert.is(due(t, anchor, anchor), 'Sun 2026-12-06 14:00:00');
    assert.is(due(t, local(2026, 12, 6, 13, 59), anchor), 'Sun 2026-12-06 14:00:00');
    assert.is(due(t, local(2026, 12, 6, 14), anchor), 'Sun 2026-12-06 18:00:00');
    // A service down for three days resumes at the next slot after now, not at the missed ones.
    assert.is(due(t, local(2026, 12, 9, 11, 30), anchor), 'Wed 2026-12-09 14:00:00');
    const second = { Kind: 'Periodically', Period: 1000 } as const;
    assert.is(due(second, local(2026, 12, 6, 10, 0, 0), anchor), 'Sun 2026-12-06 10:00:01');
  }));

test('cron: croner steps the expression in local time, weekdays only', () =>
  withTimeZone('Europe/Berlin', () => {
    const t = { Kind: 'Cron', Cron: '0 22 * * 1-5' } as const;
    assert.is(due(t, local(2026, 12, 5, 12)), 'Mon 2026-12-07 22:00:00');
    assert.is(due(t, local(2026, 12, 11, 22)), 'Mon 2026-12-14 22:00:00');
    // Seconds field: every 10 s.
    assert.is(due({ Kind: 'Cron', Cron: '*/10 * * * * *' }, local(2026, 12, 6, 1, 2, 3)), 'Sun 2026-12-06 01:02:10');
    // The autumn change in Berlin (2026-10-25 03:00 → 02:00): the 22:00 run that day is still 22:00.
    assert.is(due({ Kind: 'Cron', Cron: '0 22 * * *' }, local(2026, 10, 25, 1)), 'Sun 2026-10-25 22:00:00');
  }));

test('the same schedule is due at a different instant in a different zone (local time)', async () => {
  const at = (tz: string) => withTimeZone(tz, () => nextDue(checkTiming({ Kind: 'Daily', At: '22:00' }, 'J'), new Date(Date.UTC(2026, 11, 6, 12)), new Date(0))!.toISOString());
  assert.is(await at('UTC'), '2026-12-06T22:00:00.000Z');
  assert.is(await at('Asia/Tokyo'), '2026-12-06T13:00:00.000Z');
  assert.is(await at('America/New_York'), '2026-12-07T03:00:00.000Z');
});

test('text of each form, as Get-Job shows it', () => {
  const text = (t: ScheduleTiming) => describeTiming(checkTiming(t, 'J'));
  assert.is(text({ Kind: 'Daily', At: '22:00' }), 'Daily at 22:00');
  assert.is(text({ Kind: 'Daily', At: '9:30', DaysOfWeek: ['fri', 'Monday', 'WED'] }), 'Daily at 09:30 on Monday, Wednesday, Friday');
  assert.is(text({ Kind: 'Monthly', DayOfMonth: 1, At: '03:00' }), 'Monthly on day 1 at 03:00');
  assert.is(text({ Kind: 'Periodically', Period: 4 * 3_600_000 }), 'Periodically every 4h');
  assert.is(text({ Kind: 'Periodically', Period: 90 * 60_000 }), 'Periodically every 1h30m');
  assert.is(text({ Kind: 'Periodically', Period: 1000 }), 'Periodically every 1s');
  assert.is(text({ Kind: 'Cron', Cron: ' 0 22 * * 1-5 ' }), "Cron '0 22 * * 1-5'");
  assert.is(text({ Kind: 'AfterJob', AfterJob: 'Nightly' }), 'After job Nightly');
});

test('bad timings: one line naming the job and the reason', () => {
  const err = (t: ScheduleTiming): string => {
    try {
      checkTiming(t, 'Nightly');
    } catch (e) {
      assert.is((e as { code?: string }).code, 'VBRS_INVALID_ARGUMENT');
      assert.not.match((e as Error).message, /\n/);
      return (e as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(t)}`);
  };
  assert.is(err({ Kind: 'Daily', At: '25:00' }), "Job 'Nightly': Daily '25:00' is not a time of day; use HH:MM from 00:00 to 23:59.");
  assert.is(err({ Kind: 'Daily', At: '22:60' }), "Job 'Nightly': Daily '22:60' is not a time of day; use HH:MM from 00:00 to 23:59.");
  assert.is(err({ Kind: 'Daily', At: 'ten' }), "Job 'Nightly': Daily 'ten' is not a time of day; use HH:MM from 00:00 to 23:59.");
  assert.match(err({ Kind: 'Daily', At: '22:00', DaysOfWeek: ['Funday'] }), /^Job 'Nightly': DaysOfWeek 'Funday' is not a day of the week \(Sunday, Monday/);
  assert.is(err({ Kind: 'Monthly', DayOfMonth: 32, At: '03:00' }), "Job 'Nightly': Monthly must be a day of the month from 1 to 31, not 32.");
  assert.is(err({ Kind: 'Monthly', DayOfMonth: 1, At: '24:00' }), "Job 'Nightly': At '24:00' is not a time of day; use HH:MM from 00:00 to 23:59.");
  assert.is(err({ Kind: 'Periodically', Period: 999 }), "Job 'Nightly': Periodically must be at least 1 second, not 999 ms.");
  assert.is(err({ Kind: 'Cron', Cron: '61 * * * *' }), "Job 'Nightly': Cron '61 * * * *' does not parse: Invalid value for minute: 61.");
  assert.match(err({ Kind: 'Cron', Cron: 'every night' }), /^Job 'Nightly': Cron 'every night' does not parse: invalid configuration format/);
  assert.is(err({ Kind: 'AfterJob', AfterJob: 'nightly' }), "Job 'Nightly': a job cannot run after itself.");
});

test.run();
