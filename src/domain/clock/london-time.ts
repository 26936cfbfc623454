/**
 * Europe/London wall-clock time, computed with the built-in Intl API (no date libraries).
 *
 * A UTC instant (a `Date`) always has exactly one London date and time. The reverse is not always
 * true, because of the clock changes:
 *
 * - Spring (last Sunday of March, 01:00 GMT -> 02:00 BST): local times 01:00-01:59:59.999 do not
 *   exist. `londonInstant` resolves a missing time by reading it with the offset in force *before*
 *   the change, which moves it forward by the size of the gap: 01:30 -> 02:30 BST (01:30 UTC).
 * - Autumn (last Sunday of October, 02:00 BST -> 01:00 GMT): local times 01:00-01:59:59.999 happen
 *   twice. `londonInstant` picks the *earlier* of the two instants (the BST one): 01:30 -> 00:30 UTC.
 *
 * This is the same rule as Temporal's `disambiguation: 'compatible'`. Deadlines in Harbour are
 * always 23:59:59.999 London time, which is never missing or ambiguous in Europe/London.
 */

import { addDays, formatIsoDate, parseIsoDate } from './iso-date.ts';

export const LONDON_TIME_ZONE = 'Europe/London';

export type LondonDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes ahead of UTC: 0 in GMT, 60 in BST. */
  offsetMinutes: number;
};

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('Expected a valid Date instant');
  }
}

/** The London wall-clock reading of a UTC instant, read from Intl. */
function readWithIntl(ms: number): LondonDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = fields['year'] ?? NaN;
  const month = fields['month'] ?? NaN;
  const day = fields['day'] ?? NaN;
  const hour = fields['hour'] ?? NaN;
  const minute = fields['minute'] ?? NaN;
  const second = fields['second'] ?? NaN;
  const millisecond = ((ms % 1000) + 1000) % 1000;
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const offsetMinutes = Math.round((wallAsUtc - ms) / 60_000);
  return { year, month, day, hour, minute, second, millisecond, offsetMinutes };
}

const HOUR_MS = 3_600_000;
const offsetByUtcHour = new Map<number, number | null>();

/**
 * London's offset for the UTC hour an instant falls in, or null when it changes within that hour. Clocks change
 * on a whole UTC hour, so one Intl reading serves every instant of the hour: a page of dates costs a few map
 * lookups instead of an Intl call each (Intl was a tenth of a chronology page's CPU).
 */
function offsetForHour(ms: number): number | null {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetByUtcHour.get(hour);
  if (offset === undefined) {
    const atStart = readWithIntl(hour * HOUR_MS).offsetMinutes;
    const atEnd = readWithIntl(hour * HOUR_MS + HOUR_MS - 1).offsetMinutes;
    offset = atStart === atEnd ? atStart : null;
    if (offsetByUtcHour.size >= 100_000) offsetByUtcHour.clear();
    offsetByUtcHour.set(hour, offset);
  }
  return offset;
}

/** The London wall-clock reading of a UTC instant. */
export function toLondon(instant: Date): LondonDateTime {
  assertValidInstant(instant);
  const ms = instant.getTime();
  const offsetMinutes = offsetForHour(ms);
  if (offsetMinutes === null) return readWithIntl(ms);
  const wall = new Date(ms + offsetMinutes * 60_000);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    millisecond: wall.getUTCMilliseconds(),
    offsetMinutes,
  };
}

/** London's offset from UTC, in minutes, at an instant (0 or 60). */
export function londonOffsetMinutes(instant: Date): number {
  return toLondon(instant).offsetMinutes;
}

/** The London calendar date ('YYYY-MM-DD') on which an instant falls. */
export function londonDateOf(instant: Date): string {
  const t = toLondon(instant);
  return formatIsoDate({ year: t.year, month: t.month, day: t.day });
}

function checkField(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer from 0 to ${max}, got ${value}`);
  }
}

/**
 * The UTC instant at which London's clocks read `isoDate hour:minute:second.ms`.
 * Missing times (spring gap) move forward by the gap; repeated times (autumn) take the earlier
 * instant. See the module comment.
 */
export function londonInstant(isoDate: string, hour = 0, minute = 0, second = 0, ms = 0): Date {
  const { year, month, day } = parseIsoDate(isoDate);
  checkField('hour', hour, 23);
  checkField('minute', minute, 59);
  checkField('second', second, 59);
  checkField('ms', ms, 999);
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // The offsets in force a day either side cover every transition London can have in between.
  const before = londonOffsetMinutes(new Date(wallAsUtc - 86_400_000));
  const after = londonOffsetMinutes(new Date(wallAsUtc + 86_400_000));
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset * 60_000)
    .filter((t) => {
      const back = toLondon(new Date(t));
      return (
        Date.UTC(back.year, back.month - 1, back.day, back.hour, back.minute, back.second, back.millisecond) ===
        wallAsUtc
      );
    })
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);
  // The wall time does not exist (spring gap): read it with the pre-transition offset.
  return new Date(wallAsUtc - before * 60_000);
}

/** 00:00:00.000 London time on `isoDate`. */
export function startOfLondonDay(isoDate: string): Date {
  return londonInstant(isoDate, 0, 0, 0, 0);
}

/** 23:59:59.999 London time on `isoDate`: the last instant of that local day. */
export function endOfLondonDay(isoDate: string): Date {
  // Equivalent to londonInstant(isoDate, 23, 59, 59, 999); computed from the next midnight so it
  // stays correct even for a zone whose change happened at midnight.
  return new Date(startOfLondonDay(addDays(isoDate, 1)).getTime() - 1);
}
