/**
 * England and Wales bank holidays, 2020 to 2031 inclusive, as data.
 *
 * Pure module: no I/O. Working-day timescales (for example "a strategy meeting within two working
 * days") skip Saturdays, Sundays and these dates. Administrators can add further dates (a one-off
 * holiday, or the list for a year after 2031) from the database through `makeCalendar(extras)`.
 */

export type BankHoliday = { readonly date: string; readonly name: string };

export const BANK_HOLIDAYS_SOURCE =
  'GOV.UK "UK bank holidays" (https://www.gov.uk/bank-holidays), England and Wales division, ' +
  'including substitute days and the one-off days 2020-05-08 (early May bank holiday moved to VE day), ' +
  '2022-06-02/03 (Platinum Jubilee), 2022-09-19 (State Funeral of Queen Elizabeth II) and ' +
  '2023-05-08 (Coronation of King Charles III). Years GOV.UK had not yet published when this list ' +
  'was written (2028 onwards) follow the standing rules (New Year, Good Friday, Easter Monday, first ' +
  'and last Mondays of May, last Monday of August, Christmas and Boxing Day with weekend substitutes) ' +
  'and must be re-checked against GOV.UK each year; corrections are added as extra holidays.';

/** First and last calendar year for which the built-in list is complete. */
export const BANK_HOLIDAY_FIRST_YEAR = 2020;
export const BANK_HOLIDAY_LAST_YEAR = 2031;

export const ENGLAND_AND_WALES_BANK_HOLIDAYS: readonly BankHoliday[] = Object.freeze([
  { date: '2020-01-01', name: "New Year's Day" },
  { date: '2020-04-10', name: 'Good Friday' },
  { date: '2020-04-13', name: 'Easter Monday' },
  { date: '2020-05-08', name: 'Early May bank holiday (VE day)' },
  { date: '2020-05-25', name: 'Spring bank holiday' },
  { date: '2020-08-31', name: 'Summer bank holiday' },
  { date: '2020-12-25', name: 'Christmas Day' },
  { date: '2020-12-28', name: 'Boxing Day (substitute day)' },

  { date: '2021-01-01', name: "New Year's Day" },
  { date: '2021-04-02', name: 'Good Friday' },
  { date: '2021-04-05', name: 'Easter Monday' },
  { date: '2021-05-03', name: 'Early May bank holiday' },
  { date: '2021-05-31', name: 'Spring bank holiday' },
  { date: '2021-08-30', name: 'Summer bank holiday' },
  { date: '2021-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2021-12-28', name: 'Boxing Day (substitute day)' },

  { date: '2022-01-03', name: "New Year's Day (substitute day)" },
  { date: '2022-04-15', name: 'Good Friday' },
  { date: '2022-04-18', name: 'Easter Monday' },
  { date: '2022-05-02', name: 'Early May bank holiday' },
  { date: '2022-06-02', name: 'Spring bank holiday' },
  { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
  { date: '2022-08-29', name: 'Summer bank holiday' },
  { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
  { date: '2022-12-26', name: 'Boxing Day' },
  { date: '2022-12-27', name: 'Christmas Day (substitute day)' },

  { date: '2023-01-02', name: "New Year's Day (substitute day)" },
  { date: '2023-04-07', name: 'Good Friday' },
  { date: '2023-04-10', name: 'Easter Monday' },
  { date: '2023-05-01', name: 'Early May bank holiday' },
  { date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' },
  { date: '2023-05-29', name: 'Spring bank holiday' },
  { date: '2023-08-28', name: 'Summer bank holiday' },
  { date: '2023-12-25', name: 'Christmas Day' },
  { date: '2023-12-26', name: 'Boxing Day' },

  { date: '2024-01-01', name: "New Year's Day" },
  { date: '2024-03-29', name: 'Good Friday' },
  { date: '2024-04-01', name: 'Easter Monday' },
  { date: '2024-05-06', name: 'Early May bank holiday' },
  { date: '2024-05-27', name: 'Spring bank holiday' },
  { date: '2024-08-26', name: 'Summer bank holiday' },
  { date: '2024-12-25', name: 'Christmas Day' },
  { date: '2024-12-26', name: 'Boxing Day' },

  { date: '2025-01-01', name: "New Year's Day" },
  { date: '2025-04-18', name: 'Good Friday' },
  { date: '2025-04-21', name: 'Easter Monday' },
  { date: '2025-05-05', name: 'Early May bank holiday' },
  { date: '2025-05-26', name: 'Spring bank holiday' },
  { date: '2025-08-25', name: 'Summer bank holiday' },
  { date: '2025-12-25', name: 'Christmas Day' },
  { date: '2025-12-26', name: 'Boxing Day' },

  { date: '2026-01-01', name: "New Year's Day" },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-06', name: 'Easter Monday' },
  { date: '2026-05-04', name: 'Early May bank holiday' },
  { date: '2026-05-25', name: 'Spring bank holiday' },
  { date: '2026-08-31', name: 'Summer bank holiday' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2026-12-28', name: 'Boxing Day (substitute day)' },

  { date: '2027-01-01', name: "New Year's Day" },
  { date: '2027-03-26', name: 'Good Friday' },
  { date: '2027-03-29', name: 'Easter Monday' },
  { date: '2027-05-03', name: 'Early May bank holiday' },
  { date: '2027-05-31', name: 'Spring bank holiday' },
  { date: '2027-08-30', name: 'Summer bank holiday' },
  { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', name: 'Boxing Day (substitute day)' },

  { date: '2028-01-03', name: "New Year's Day (substitute day)" },
  { date: '2028-04-14', name: 'Good Friday' },
  { date: '2028-04-17', name: 'Easter Monday' },
  { date: '2028-05-01', name: 'Early May bank holiday' },
  { date: '2028-05-29', name: 'Spring bank holiday' },
  { date: '2028-08-28', name: 'Summer bank holiday' },
  { date: '2028-12-25', name: 'Christmas Day' },
  { date: '2028-12-26', name: 'Boxing Day' },

  { date: '2029-01-01', name: "New Year's Day" },
  { date: '2029-03-30', name: 'Good Friday' },
  { date: '2029-04-02', name: 'Easter Monday' },
  { date: '2029-05-07', name: 'Early May bank holiday' },
  { date: '2029-05-28', name: 'Spring bank holiday' },
  { date: '2029-08-27', name: 'Summer bank holiday' },
  { date: '2029-12-25', name: 'Christmas Day' },
  { date: '2029-12-26', name: 'Boxing Day' },

  { date: '2030-01-01', name: "New Year's Day" },
  { date: '2030-04-19', name: 'Good Friday' },
  { date: '2030-04-22', name: 'Easter Monday' },
  { date: '2030-05-06', name: 'Early May bank holiday' },
  { date: '2030-05-27', name: 'Spring bank holiday' },
  { date: '2030-08-26', name: 'Summer bank holiday' },
  { date: '2030-12-25', name: 'Christmas Day' },
  { date: '2030-12-26', name: 'Boxing Day' },

  { date: '2031-01-01', name: "New Year's Day" },
  { date: '2031-04-11', name: 'Good Friday' },
  { date: '2031-04-14', name: 'Easter Monday' },
  { date: '2031-05-05', name: 'Early May bank holiday' },
  { date: '2031-05-26', name: 'Spring bank holiday' },
  { date: '2031-08-25', name: 'Summer bank holiday' },
  { date: '2031-12-25', name: 'Christmas Day' },
  { date: '2031-12-26', name: 'Boxing Day' },
].map((h) => Object.freeze(h)));

/**
 * A working-day calendar. `isBankHoliday` answers for any ISO date; `covers` (optional for
 * hand-made calendars, always present on `makeCalendar` results) says whether the holiday list for
 * that date's year is known to be complete. Working-day arithmetic refuses to step onto a date the
 * calendar does not cover rather than silently treating an unknown year as having no holidays.
 */
export type Calendar = {
  isBankHoliday(isoDate: string): boolean;
  covers?(isoDate: string): boolean;
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written 'YYYY-MM-DD'. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * Build a calendar from the built-in list plus extra holidays (ISO dates, typically read from the
 * database by an administrator's screen). Extras are validated: an invalid date throws RangeError.
 *
 * Coverage: the built-in years 2020-2031, plus every year in which at least one extra holiday is
 * given (adding any holiday for, say, 2032 declares that the administrator has entered 2032's list).
 */
export function makeCalendar(extraHolidays: Iterable<string> = []): Required<Calendar> {
  const dates = new Set<string>(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.date));
  const coveredYears = new Set<number>();
  for (let y = BANK_HOLIDAY_FIRST_YEAR; y <= BANK_HOLIDAY_LAST_YEAR; y++) coveredYears.add(y);
  for (const extra of extraHolidays) {
    if (typeof extra !== 'string' || !isIsoDate(extra)) {
      throw new RangeError(`Extra bank holiday ${JSON.stringify(extra)} is not a valid 'YYYY-MM-DD' date`);
    }
    dates.add(extra);
    coveredYears.add(Number(extra.slice(0, 4)));
  }
  return Object.freeze({
    isBankHoliday(isoDate: string): boolean {
      return dates.has(isoDate);
    },
    covers(isoDate: string): boolean {
      return coveredYears.has(Number(isoDate.slice(0, 4)));
    },
  });
}
