// Backup windows: which instants are inside ('Mon-Fri 20:00-06:00' opens on the named days and
// closes the next morning), when the window next opens, how it reads back, and bad windows.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BackupWindow } from '../../../src/engine/schedules/index.ts';
import { withTimeZone } from './with-time-zone.ts';

const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi);
const hm = (d: Date | undefined) => (d ? `${d.getDate()} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` : 'closed');

test('Mon-Fri 20:00-06:00 is open from each weekday evening to the next morning', () =>
  withTimeZone('Europe/Berlin', () => {
    const w = BackupWindow.parse('Mon-Fri 20:00-06:00', 'J');
    // 2026-12-07 is a Monday.
    const open = (d: Date) => w.openAt(d);
    assert.is(open(local(2026, 12, 7, 19, 59)), null);
    assert.is(hm(open(local(2026, 12, 7, 20))?.end), '8 06:00');
    assert.is(hm(open(local(2026, 12, 8, 5, 59))?.start), '7 20:00');
    assert.is(open(local(2026, 12, 8, 6)), null, 'the end is exclusive');
    // Friday night runs into Saturday morning; Saturday evening and Sunday are closed.
    assert.is(hm(open(local(2026, 12, 12, 3))?.end), '12 06:00');
    assert.is(open(local(2026, 12, 12, 21)), null);
    assert.is(open(local(2026, 12, 13, 21)), null);
    assert.is(open(local(2026, 12, 7, 3)), null, 'Monday morning follows a closed Sunday');
    assert.is(hm(w.nextOpening(local(2026, 12, 12, 3))), '14 20:00');
    assert.is(hm(w.nextOpening(local(2026, 12, 7, 20))), '8 20:00', 'strictly after');
    assert.is(w.text, 'Mon,Tue,Wed,Thu,Fri 20:00-06:00');
  }));

test('a window without days opens every day; wrapped ranges and lists of days', () =>
  withTimeZone('UTC', () => {
    const every = BackupWindow.parse('22:00-04:30', 'J');
    assert.ok(every.openAt(local(2026, 12, 13, 23)));
    assert.ok(every.openAt(local(2026, 12, 14, 4, 29)));
    assert.is(every.openAt(local(2026, 12, 14, 4, 30)), null);
    assert.is(every.text, '22:00-04:30');
    const weekend = BackupWindow.parse('sat,Sun 00:00-24:00', 'J');
    assert.ok(weekend.openAt(local(2026, 12, 12, 0)));
    assert.ok(weekend.openAt(local(2026, 12, 13, 23, 59)));
    assert.is(weekend.openAt(local(2026, 12, 14, 0)), null);
    assert.is(weekend.text, 'Sat,Sun 00:00-24:00');
    assert.is(BackupWindow.parse('Fri-Mon 08:00-17:00', 'J').text, 'Mon,Fri,Sat,Sun 08:00-17:00');
  }));

test('bad windows: one line naming the job, the window and what is wrong', () => {
  const err = (text: string): string => {
    try {
      BackupWindow.parse(text, 'Nightly');
    } catch (e) {
      assert.is((e as { code?: string }).code, 'VBRS_INVALID_ARGUMENT');
      return (e as Error).message;
    }
    throw new Error(`accepted '${text}'`);
  };
  const tail = "; write it like 'Mon-Fri 20:00-06:00' or '22:00-06:00'.";
  assert.is(err('tonight'), `Job 'Nightly': BackupWindow 'tonight' is not a window${tail}`);
  assert.is(err('Mon-Fri 25:00-06:00'), `Job 'Nightly': BackupWindow 'Mon-Fri 25:00-06:00' has no time of day '25:00'${tail}`);
  assert.is(err('Mon-Fry 20:00-06:00'), `Job 'Nightly': BackupWindow 'Mon-Fry 20:00-06:00' names no day of the week 'Fry'${tail}`);
  assert.is(err('20:00-20:00'), `Job 'Nightly': BackupWindow '20:00-20:00' opens and closes at the same time${tail}`);
});

test.run();
