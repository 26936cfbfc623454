// Timeliness for the board (issue 14; staffordshire 56 and camden Part 4 §2: how quickly agencies act), against
// each profile's own clocks. Pure: the clocks, the unit the profile counts in, the calendar and now are inputs.
import type { Calendar } from '../clock/bank-holidays.ts';
import type { DurationUnit } from '../clock/due.ts';
import { isWorkingDay } from '../clock/due.ts';
import { addDays } from '../clock/iso-date.ts';
import { londonDateOf } from '../clock/london-time.ts';

export type ClockFacts = { startedAt: Date; dueAt: Date; stoppedAt: Date | null };
export type ClockOutcome = 'met' | 'missed' | 'running';

/** Met: stopped by the time it fell due. Missed: stopped late, or still running after it fell due. Running: neither. */
export function clockOutcome(clock: ClockFacts, now: Date): ClockOutcome {
  if (clock.stoppedAt) return clock.stoppedAt.getTime() <= clock.dueAt.getTime() ? 'met' : 'missed';
  return now.getTime() > clock.dueAt.getTime() ? 'missed' : 'running';
}

/** The unit a time taken is reported in: hours for an hours timescale, otherwise working days or calendar days. */
export type TakenUnit = 'hours' | 'working-days' | 'calendar-days';

export function takenUnitFor(unit: DurationUnit): TakenUnit {
  if (unit === 'hours') return 'hours';
  if (unit === 'working-days') return 'working-days';
  return 'calendar-days';
}

export const TAKEN_UNIT_LABELS: Record<TakenUnit, string> = { hours: 'hours', 'working-days': 'working days', 'calendar-days': 'days' };

/**
 * Time from start to stop. Hours: elapsed hours to one decimal place. Working days: the working days after the start's
 * London date up to and including the stop's (the start day never counts, as dueAt counts them; 0 on the same day).
 * Calendar days: London dates apart.
 */
export function timeTaken(start: Date, stop: Date, unit: TakenUnit, calendar: Calendar): number {
  if (stop.getTime() < start.getTime()) return 0;
  if (unit === 'hours') return Math.round((stop.getTime() - start.getTime()) / 360_000) / 10;
  const from = londonDateOf(start);
  const to = londonDateOf(stop);
  let days = 0;
  for (let d = from; d < to; ) {
    d = addDays(d, 1);
    if (unit === 'calendar-days' || isWorkingDay(d, calendar)) days += 1;
  }
  return days;
}

/** Nearest-rank percentile: the smallest value with at least p per cent of the values at or below it. Null if none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
}

export type TimelinessSummary = { started: number; met: number; missed: number; running: number; measured: number; median: number | null; p90: number | null; unit: TakenUnit };

/** The board's line for one clock kind of one profile. Time taken is measured on the clocks that have stopped. */
export function summariseClocks(clocks: readonly ClockFacts[], unit: DurationUnit, calendar: Calendar, now: Date): TimelinessSummary {
  const taken = takenUnitFor(unit);
  const counts = { met: 0, missed: 0, running: 0 };
  const times: number[] = [];
  for (const clock of clocks) {
    counts[clockOutcome(clock, now)] += 1;
    if (clock.stoppedAt) times.push(timeTaken(clock.startedAt, clock.stoppedAt, taken, calendar));
  }
  return { started: clocks.length, ...counts, measured: times.length, median: percentile(times, 50), p90: percentile(times, 90), unit: taken };
}
