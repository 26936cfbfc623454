/**
 * Civil (wall-calendar) date arithmetic on 'YYYY-MM-DD' strings. Pure; no time zones involved:
 * a civil date is a day on the calendar, not an instant.
 */

import { isIsoDate } from './bank-holidays.ts';

export { isIsoDate };

export type CivilDate = { year: number; month: number; day: number };

const DAY_MS = 86_400_000;

export function parseIsoDate(isoDate: string): CivilDate {
  if (!isIsoDate(isoDate)) {
    throw new RangeError(`${JSON.stringify(isoDate)} is not a valid 'YYYY-MM-DD' date`);
  }
  return {
    year: Number(isoDate.slice(0, 4)),
    month: Number(isoDate.slice(5, 7)),
    day: Number(isoDate.slice(8, 10)),
  };
}

export function formatIsoDate(date: CivilDate): string {
  const y = String(date.year).padStart(4, '0');
  const m = String(date.month).padStart(2, '0');
  const d = String(date.day).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function toUtcMidnight(isoDate: string): number {
  const { year, month, day } = parseIsoDate(isoDate);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMidnight(ms: number): string {
  const t = new Date(ms);
  return formatIsoDate({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}

/** The civil date `days` days after (or before, if negative) `isoDate`. */
export function addDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromUtcMidnight(toUtcMidnight(isoDate) + days * DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(isoDate: string): number {
  return new Date(toUtcMidnight(isoDate)).getUTCDay();
}

export function isWeekend(isoDate: string): boolean {
  const d = dayOfWeek(isoDate);
  return d === 0 || d === 6;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The same day-of-month `months` months later, clamped to the last day of the target month:
 * 2026-01-31 + 1 month = 2026-02-28; 2028-01-31 + 1 month = 2028-02-29; 2026-01-31 + 3 = 2026-04-30.
 */
export function addMonthsClamped(isoDate: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const { year, month, day } = parseIsoDate(isoDate);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return formatIsoDate({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}
