import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  BANK_HOLIDAYS_SOURCE,
  BANK_HOLIDAY_FIRST_YEAR,
  BANK_HOLIDAY_LAST_YEAR,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  isIsoDate,
  makeCalendar,
} from '../../../src/domain/clock/bank-holidays.ts';

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function shift(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function weekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

const names = new Map(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => [h.date, h.name]));
const years = Array.from({ length: BANK_HOLIDAY_LAST_YEAR - BANK_HOLIDAY_FIRST_YEAR + 1 }, (_, i) => BANK_HOLIDAY_FIRST_YEAR + i);

describe('England and Wales bank holidays', () => {
  test('the algorithm agrees with known Easter Sundays', () => {
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2025), '2025-04-20');
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2038), '2038-04-25');
  });

  for (const year of years) {
    test(`${year}: Good Friday and Easter Monday match the computed Easter`, () => {
      const easter = easterSunday(year);
      assert.equal(names.get(shift(easter, -2)), 'Good Friday');
      assert.equal(names.get(shift(easter, 1)), 'Easter Monday');
      const holidays = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${year}-`));
      assert.equal(holidays.filter((h) => h.name === 'Good Friday').length, 1);
      assert.equal(holidays.filter((h) => h.name === 'Easter Monday').length, 1);
    });
  }

  test('every date is valid, unique, sorted, within 2020-2031 and never on a weekend', () => {
    const dates = ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.date);
    assert.deepEqual([...dates].sort(), dates);
    assert.equal(new Set(dates).size, dates.length);
    for (const date of dates) {
      assert.ok(isIsoDate(date), date);
      assert.ok(Number(date.slice(0, 4)) >= 2020 && Number(date.slice(0, 4)) <= 2031, date);
      assert.ok(weekday(date) !== 0 && weekday(date) !== 6, `${date} is a weekend`);
    }
  });

  test('eight a year, except 2022 (ten) and 2023 (nine)', () => {
    const counts = Object.fromEntries(
      years.map((y) => [y, ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${y}-`)).length]),
    );
    for (const y of years) assert.equal(counts[y], y === 2022 ? 10 : y === 2023 ? 9 : 8, String(y));
  });

  test('one-off and moved days', () => {
    assert.equal(names.get('2020-05-08'), 'Early May bank holiday (VE day)');
    assert.equal(names.has('2020-05-04'), false, 'the 2020 early May holiday moved from Monday 4 May');
    assert.equal(names.get('2022-06-02'), 'Spring bank holiday');
    assert.equal(names.get('2022-06-03'), 'Platinum Jubilee bank holiday');
    assert.equal(names.has('2022-05-30'), false, 'the 2022 spring holiday moved from Monday 30 May');
    assert.equal(names.get('2022-09-19'), 'Bank Holiday for the State Funeral of Queen Elizabeth II');
    assert.equal(names.get('2023-05-08'), 'Bank holiday for the coronation of King Charles III');
  });

  test('substitute days for Christmas, Boxing Day and New Year on weekends', () => {
    assert.equal(names.get('2020-12-28'), 'Boxing Day (substitute day)');
    assert.equal(names.get('2021-12-27'), 'Christmas Day (substitute day)');
    assert.equal(names.get('2021-12-28'), 'Boxing Day (substitute day)');
    assert.equal(names.get('2022-01-03'), "New Year's Day (substitute day)");
    assert.equal(names.get('2022-12-26'), 'Boxing Day');
    assert.equal(names.get('2022-12-27'), 'Christmas Day (substitute day)');
    assert.equal(names.get('2023-01-02'), "New Year's Day (substitute day)");
    assert.equal(names.get('2026-12-28'), 'Boxing Day (substitute day)');
    assert.equal(names.get('2027-12-27'), 'Christmas Day (substitute day)');
    assert.equal(names.get('2027-12-28'), 'Boxing Day (substitute day)');
    assert.equal(names.get('2028-01-03'), "New Year's Day (substitute day)");
  });

  test('the source names GOV.UK', () => {
    assert.match(BANK_HOLIDAYS_SOURCE, /GOV\.UK/);
  });
});

describe('makeCalendar', () => {
  test('knows the built-in holidays and nothing else', () => {
    const calendar = makeCalendar();
    assert.equal(calendar.isBankHoliday('2025-12-25'), true);
    assert.equal(calendar.isBankHoliday('2025-12-24'), false);
    assert.equal(calendar.isBankHoliday('2026-12-26'), false, 'Saturday Boxing Day is not itself the holiday');
  });

  test('adds administrator extras and extends coverage to their years', () => {
    const calendar = makeCalendar(['2026-12-24', '2032-01-01']);
    assert.equal(calendar.isBankHoliday('2026-12-24'), true);
    assert.equal(calendar.isBankHoliday('2032-01-01'), true);
    assert.equal(calendar.covers('2032-06-01'), true);
    assert.equal(calendar.covers('2033-06-01'), false);
    assert.equal(makeCalendar().covers('2032-06-01'), false);
    assert.equal(makeCalendar().covers('2019-12-31'), false);
    assert.equal(makeCalendar().covers('2020-01-01'), true);
  });

  test('refuses malformed extras', () => {
    assert.throws(() => makeCalendar(['2026-02-30']), /2026-02-30/);
    assert.throws(() => makeCalendar(['24/12/2026']), RangeError);
  });
});
