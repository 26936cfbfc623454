import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeCalendar } from '../../../src/domain/clock/bank-holidays.ts';
import { addWorkingDays, clockStatus, dueAt, isWorkingDay } from '../../../src/domain/clock/due.ts';
import type { Duration } from '../../../src/domain/clock/due.ts';
import { londonInstant, toLondon } from '../../../src/domain/clock/london-time.ts';

const calendar = makeCalendar();
const due = (start: Date, amount: number, unit: Duration['unit']) => dueAt(start, { amount, unit }, calendar).toISOString();

describe('isWorkingDay', () => {
  test('weekdays that are not bank holidays', () => {
    assert.equal(isWorkingDay('2026-12-24', calendar), true);
    assert.equal(isWorkingDay('2026-12-25', calendar), false);
    assert.equal(isWorkingDay('2026-12-26', calendar), false);
    assert.equal(isWorkingDay('2026-12-27', calendar), false);
    assert.equal(isWorkingDay('2026-12-28', calendar), false);
    assert.equal(isWorkingDay('2026-12-29', calendar), true);
  });

  test('refuses a year the calendar does not cover', () => {
    assert.throws(() => isWorkingDay('2032-01-05', calendar), /2032/);
    assert.equal(isWorkingDay('2032-01-05', makeCalendar(['2032-01-01'])), true);
    assert.equal(isWorkingDay('2032-01-05', { isBankHoliday: () => false }), true, 'hand-made calendars without covers() are trusted');
  });
});

describe('dueAt: working days', () => {
  test('15 working days from Monday 15 December 2025 skip Christmas, Boxing Day and New Year', () => {
    // 16,17,18,19,22,23,24 Dec (7); 25-26 holidays; 29,30,31 Dec (10); 1 Jan holiday; 2 Jan (11); 5,6,7,8 Jan (15)
    assert.equal(due(londonInstant('2025-12-15', 10, 0), 15, 'working-days'), '2026-01-08T23:59:59.999Z');
  });

  test('Easter 2026: Good Friday and Easter Monday are skipped; the due instant is in BST', () => {
    assert.equal(due(londonInstant('2026-04-02', 9, 0), 2, 'working-days'), '2026-04-08T22:59:59.999Z');
    assert.equal(due(londonInstant('2026-04-01', 9, 0), 5, 'working-days'), '2026-04-10T22:59:59.999Z');
  });

  test('across the October clock change: due at the end of the Monday in GMT', () => {
    assert.equal(due(londonInstant('2026-10-23', 15, 0), 1, 'working-days'), '2026-10-26T23:59:59.999Z');
  });

  test('a start late in the evening counts from its London date, not its UTC date', () => {
    // 00:30 London on Wednesday 1 July 2026 is 23:30 UTC on Tuesday 30 June.
    assert.equal(due(new Date('2026-06-30T23:30:00Z'), 1, 'working-days'), '2026-07-02T22:59:59.999Z');
  });

  test('a start on a weekend or bank holiday: day 1 is the next working day', () => {
    assert.equal(due(londonInstant('2026-12-26', 12, 0), 1, 'working-days'), '2026-12-29T23:59:59.999Z');
    assert.equal(due(londonInstant('2026-05-04', 12, 0), 1, 'working-days'), '2026-05-05T22:59:59.999Z');
    assert.equal(due(londonInstant('2026-01-04', 12, 0), 1, 'working-days'), '2026-01-05T23:59:59.999Z');
  });

  test('leap day is a working day', () => {
    assert.equal(due(londonInstant('2028-02-25', 12, 0), 2, 'working-days'), '2028-02-29T23:59:59.999Z');
  });

  test('administrator extra holidays are skipped', () => {
    const withExtra = makeCalendar(['2026-01-05']);
    assert.equal(dueAt(londonInstant('2026-01-04', 12, 0), { amount: 1, unit: 'working-days' }, withExtra).toISOString(), '2026-01-06T23:59:59.999Z');
  });

  test('refuses to run into a year with no bank holiday data', () => {
    assert.throws(() => due(londonInstant('2031-12-20', 12, 0), 15, 'working-days'), /2032/);
  });

  test('addWorkingDays counts strictly after the start date', () => {
    assert.equal(addWorkingDays('2026-12-18', 0, calendar), '2026-12-18');
    assert.equal(addWorkingDays('2026-12-18', 1, calendar), '2026-12-21');
    assert.equal(addWorkingDays('2026-12-24', 1, calendar), '2026-12-29');
  });
});

describe('dueAt: hours are elapsed time', () => {
  test('24 hours across the October change end an hour earlier on the wall clock', () => {
    const start = londonInstant('2026-10-24', 12, 0); // 12:00 BST
    const end = dueAt(start, { amount: 24, unit: 'hours' }, calendar);
    assert.equal(end.toISOString(), '2026-10-25T11:00:00.000Z');
    assert.equal(toLondon(end).hour, 11); // 11:00 GMT
  });

  test('24 hours across the March change end an hour later on the wall clock', () => {
    const start = londonInstant('2026-03-28', 12, 0); // 12:00 GMT
    const end = dueAt(start, { amount: 24, unit: 'hours' }, calendar);
    assert.equal(end.toISOString(), '2026-03-29T12:00:00.000Z');
    assert.equal(toLondon(end).hour, 13); // 13:00 BST
  });

  test('48 hours and zero hours', () => {
    assert.equal(due(new Date('2026-12-18T16:30:00Z'), 48, 'hours'), '2026-12-20T16:30:00.000Z');
    assert.equal(due(new Date('2026-12-18T16:30:00Z'), 0, 'hours'), '2026-12-18T16:30:00.000Z');
  });
});

describe('dueAt: calendar days end at 23:59:59.999 London time', () => {
  test('across the October change', () => {
    assert.equal(due(londonInstant('2026-10-24', 12, 0), 1, 'calendar-days'), '2026-10-25T23:59:59.999Z');
    assert.equal(due(londonInstant('2026-10-24', 12, 0), 0, 'calendar-days'), '2026-10-24T22:59:59.999Z');
  });

  test('across the March change', () => {
    assert.equal(due(londonInstant('2026-03-28', 12, 0), 1, 'calendar-days'), '2026-03-29T22:59:59.999Z');
    assert.equal(due(londonInstant('2026-03-27', 23, 30), 2, 'calendar-days'), '2026-03-29T22:59:59.999Z');
  });

  test('weekends and bank holidays count', () => {
    assert.equal(due(londonInstant('2026-12-18', 16, 30), 7, 'calendar-days'), '2026-12-25T23:59:59.999Z');
  });

  test('leap years', () => {
    assert.equal(due(londonInstant('2028-02-28', 9, 0), 1, 'calendar-days'), '2028-02-29T23:59:59.999Z');
    assert.equal(due(londonInstant('2027-02-28', 9, 0), 1, 'calendar-days'), '2027-03-01T23:59:59.999Z');
  });
});

describe('dueAt: months clamp to the end of shorter months', () => {
  test('31 January + 1 month and + 3 months', () => {
    assert.equal(due(londonInstant('2026-01-31', 10, 0), 1, 'months'), '2026-02-28T23:59:59.999Z');
    assert.equal(due(londonInstant('2026-01-31', 10, 0), 3, 'months'), '2026-04-30T22:59:59.999Z');
  });

  test('leap years', () => {
    assert.equal(due(londonInstant('2028-01-31', 10, 0), 1, 'months'), '2028-02-29T23:59:59.999Z');
    assert.equal(due(londonInstant('2027-11-30', 10, 0), 3, 'months'), '2028-02-29T23:59:59.999Z');
    assert.equal(due(londonInstant('2024-02-29', 10, 0), 12, 'months'), '2025-02-28T23:59:59.999Z');
  });

  test('ordinary months and year ends', () => {
    assert.equal(due(londonInstant('2026-08-31', 10, 0), 3, 'months'), '2026-11-30T23:59:59.999Z');
    assert.equal(due(londonInstant('2026-12-18', 16, 30), 3, 'months'), '2027-03-18T23:59:59.999Z');
  });
});

describe('dueAt: bad input', () => {
  test('is refused', () => {
    const start = new Date('2026-12-18T16:30:00Z');
    assert.throws(() => dueAt(start, { amount: 2, unit: 'fortnights' as Duration['unit'] }, calendar), /fortnights/);
    assert.throws(() => dueAt(start, { amount: -1, unit: 'hours' }, calendar), RangeError);
    assert.throws(() => dueAt(start, { amount: 1.5, unit: 'working-days' }, calendar), RangeError);
    assert.throws(() => dueAt(new Date(NaN), { amount: 1, unit: 'hours' }, calendar), RangeError);
  });
});

describe('clockStatus', () => {
  const dueTime = new Date('2026-12-22T23:59:59.999Z');
  const at = (iso: string) => new Date(iso);

  test('running, due-soon, overdue', () => {
    assert.equal(clockStatus({ dueAt: dueTime, now: at('2026-12-21T12:00:00Z'), warningHours: 24 }), 'running');
    assert.equal(clockStatus({ dueAt: dueTime, now: at('2026-12-21T23:59:59.998Z'), warningHours: 24 }), 'running');
    assert.equal(clockStatus({ dueAt: dueTime, now: at('2026-12-21T23:59:59.999Z'), warningHours: 24 }), 'due-soon');
    assert.equal(clockStatus({ dueAt: dueTime, now: dueTime, warningHours: 24 }), 'due-soon');
    assert.equal(clockStatus({ dueAt: dueTime, now: at('2026-12-23T00:00:00Z'), warningHours: 24 }), 'overdue');
    assert.equal(clockStatus({ dueAt: dueTime, now: at('2026-12-22T23:00:00Z') }), 'running', 'no warning window by default');
  });

  test('met and met-late depend on when it stopped, not on now', () => {
    assert.equal(clockStatus({ dueAt: dueTime, stoppedAt: dueTime, now: at('2027-01-10T00:00:00Z'), warningHours: 24 }), 'met');
    assert.equal(clockStatus({ dueAt: dueTime, stoppedAt: at('2026-12-23T00:00:00Z'), now: at('2026-12-23T00:00:01Z') }), 'met-late');
    assert.equal(clockStatus({ dueAt: dueTime, stoppedAt: null, now: at('2026-12-20T00:00:00Z') }), 'running');
  });

  test('a clock with no numeric timescale never goes overdue', () => {
    assert.equal(clockStatus({ dueAt: null, now: at('2030-01-01T00:00:00Z'), warningHours: 24 }), 'running');
    assert.equal(clockStatus({ dueAt: null, stoppedAt: at('2026-12-23T00:00:00Z'), now: at('2030-01-01T00:00:00Z') }), 'met');
  });
});
