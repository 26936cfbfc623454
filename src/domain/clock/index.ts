export {
  BANK_HOLIDAYS_SOURCE,
  BANK_HOLIDAY_FIRST_YEAR,
  BANK_HOLIDAY_LAST_YEAR,
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  isIsoDate,
  makeCalendar,
} from './bank-holidays.ts';
export type { BankHoliday, Calendar } from './bank-holidays.ts';
export { addDays, addMonthsClamped, dayOfWeek, daysInMonth, isLeapYear, isWeekend, parseIsoDate } from './iso-date.ts';
export {
  LONDON_TIME_ZONE,
  endOfLondonDay,
  londonDateOf,
  londonInstant,
  londonOffsetMinutes,
  startOfLondonDay,
  toLondon,
} from './london-time.ts';
export type { LondonDateTime } from './london-time.ts';
export { CLOCK_STATUSES, DURATION_UNITS, addWorkingDays, clockStatus, dueAt, isWorkingDay } from './due.ts';
export type { ClockStatus, ClockStatusInput, Duration, DurationUnit } from './due.ts';
