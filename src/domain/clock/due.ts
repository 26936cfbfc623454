/**
 * Statutory clocks: when is something due, and how is a clock doing?
 * Semantics are recorded in docs/decisions/0002-clock-semantics.md. Pure: callers pass `now`.
 */

import type { Calendar } from './bank-holidays.ts';
import { addDays, addMonthsClamped, isWeekend, parseIsoDate } from './iso-date.ts';
import { endOfLondonDay, londonDateOf } from './london-time.ts';

export const DURATION_UNITS = ['hours', 'calendar-days', 'working-days', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export type Duration = { amount: number; unit: DurationUnit };

export const CLOCK_STATUSES = ['running', 'due-soon', 'overdue', 'met', 'met-late'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

const HOUR_MS = 3_600_000;

/** Monday to Friday and not a bank holiday. Throws if the calendar does not cover the date's year. */
export function isWorkingDay(isoDate: string, calendar: Calendar): boolean {
  parseIsoDate(isoDate);
  if (calendar.covers && !calendar.covers(isoDate)) {
    throw new RangeError(
      `No England and Wales bank holiday list is held for ${isoDate.slice(0, 4)} ` +
        `(needed for ${isoDate}); an administrator must add that year's bank holidays`,
    );
  }
  return !isWeekend(isoDate) && !calendar.isBankHoliday(isoDate);
}

/** The Nth working day strictly after `isoDate` (n >= 1); `isoDate` itself for n = 0. */
export function addWorkingDays(isoDate: string, n: number, calendar: Calendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let date = isoDate;
  let counted = 0;
  while (counted < n) {
    date = addDays(date, 1);
    if (isWorkingDay(date, calendar)) counted += 1;
  }
  return date;
}

function checkDuration(duration: Duration): void {
  const { amount, unit } = duration;
  if (!(DURATION_UNITS as readonly string[]).includes(unit)) {
    throw new RangeError(`Unknown duration unit ${JSON.stringify(unit)}`);
  }
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(`Duration amount must be a non-negative number, got ${amount}`);
  }
  if (unit !== 'hours' && !Number.isInteger(amount)) {
    throw new RangeError(`Duration amount for ${unit} must be a whole number, got ${amount}`);
  }
}

/**
 * When a clock started at `start` with `duration` falls due.
 * - hours: exactly start + amount x 3600 s (elapsed time; clock changes do not matter).
 * - calendar-days: 23:59:59.999 London time on the London date amount days after start's London date.
 * - working-days: 23:59:59.999 London time on the amount-th working day strictly after start's
 *   London date (weekends and bank holidays skipped; the start day never counts).
 * - months: 23:59:59.999 London time on the same day-of-month amount months after start's London
 *   date, clamped to the end of a shorter month.
 */
export function dueAt(start: Date, duration: Duration, calendar: Calendar): Date {
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) throw new RangeError('start must be a valid Date');
  checkDuration(duration);
  switch (duration.unit) {
    case 'hours':
      return new Date(start.getTime() + duration.amount * HOUR_MS);
    case 'calendar-days':
      return endOfLondonDay(addDays(londonDateOf(start), duration.amount));
    case 'working-days':
      return endOfLondonDay(addWorkingDays(londonDateOf(start), duration.amount, calendar));
    case 'months':
      return endOfLondonDay(addMonthsClamped(londonDateOf(start), duration.amount));
  }
}

export type ClockStatusInput = {
  /** When the clock falls due; null for a clock with no numeric timescale (it never goes overdue). */
  dueAt: Date | null;
  /** When the stopping event happened, if it has. */
  stoppedAt?: Date | null;
  now: Date;
  /** How many hours before `dueAt` the clock counts as due soon (0 = never). */
  warningHours?: number;
};

/**
 * - met: stopped at or before dueAt (or stopped, with no dueAt).
 * - met-late: stopped after dueAt.
 * - overdue: not stopped and now is after dueAt.
 * - due-soon: not stopped and dueAt - warningHours <= now <= dueAt.
 * - running: otherwise.
 */
export function clockStatus(input: ClockStatusInput): ClockStatus {
  const { dueAt: due, stoppedAt, now } = input;
  const warningHours = input.warningHours ?? 0;
  if (!Number.isFinite(warningHours) || warningHours < 0) {
    throw new RangeError(`warningHours must be a non-negative number, got ${warningHours}`);
  }
  if (stoppedAt) {
    if (due === null) return 'met';
    return stoppedAt.getTime() <= due.getTime() ? 'met' : 'met-late';
  }
  if (due === null) return 'running';
  const t = now.getTime();
  if (t > due.getTime()) return 'overdue';
  if (warningHours > 0 && t >= due.getTime() - warningHours * HOUR_MS) return 'due-soon';
  return 'running';
}
