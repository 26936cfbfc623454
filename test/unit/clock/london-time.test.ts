import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  endOfLondonDay,
  londonDateOf,
  londonInstant,
  londonOffsetMinutes,
  startOfLondonDay,
  toLondon,
} from '../../../src/domain/clock/london-time.ts';

describe('London time', () => {
  test('GMT in winter, BST in summer', () => {
    assert.equal(londonOffsetMinutes(new Date('2026-01-15T12:00:00Z')), 0);
    assert.equal(londonOffsetMinutes(new Date('2026-07-15T12:00:00Z')), 60);
  });

  test('toLondon reads the wall clock', () => {
    assert.deepEqual(toLondon(new Date('2026-07-01T08:15:30.250Z')), {
      year: 2026, month: 7, day: 1, hour: 9, minute: 15, second: 30, millisecond: 250, offsetMinutes: 60,
    });
  });

  test('londonDateOf uses the London date, not the UTC date', () => {
    assert.equal(londonDateOf(new Date('2026-06-30T23:30:00Z')), '2026-07-01');
    assert.equal(londonDateOf(new Date('2026-12-31T23:30:00Z')), '2026-12-31');
    assert.equal(londonDateOf(new Date('2026-03-28T23:59:59.999Z')), '2026-03-28');
  });

  test('londonInstant in GMT and BST', () => {
    assert.equal(londonInstant('2026-12-18', 16, 30).toISOString(), '2026-12-18T16:30:00.000Z');
    assert.equal(londonInstant('2026-06-18', 16, 30).toISOString(), '2026-06-18T15:30:00.000Z');
    assert.equal(londonInstant('2026-06-18').toISOString(), '2026-06-17T23:00:00.000Z');
  });

  test('March change (29 March 2026): the missing hour moves forward by the gap', () => {
    assert.equal(londonInstant('2026-03-29', 0, 59, 59, 999).toISOString(), '2026-03-29T00:59:59.999Z');
    assert.equal(londonInstant('2026-03-29', 1, 0).toISOString(), '2026-03-29T01:00:00.000Z');
    assert.equal(londonInstant('2026-03-29', 1, 30).toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(londonInstant('2026-03-29', 2, 0).toISOString(), '2026-03-29T01:00:00.000Z');
    assert.equal(londonInstant('2026-03-29', 2, 30).toISOString(), '2026-03-29T01:30:00.000Z');
  });

  test('October change (25 October 2026): the repeated hour takes the earlier (BST) instant', () => {
    assert.equal(londonInstant('2026-10-25', 0, 30).toISOString(), '2026-10-24T23:30:00.000Z');
    assert.equal(londonInstant('2026-10-25', 1, 30).toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(londonInstant('2026-10-25', 2, 0).toISOString(), '2026-10-25T02:00:00.000Z');
    // Both readings of 01:30 really are 01:30 in London.
    assert.equal(toLondon(new Date('2026-10-25T00:30:00Z')).hour, 1);
    assert.equal(toLondon(new Date('2026-10-25T01:30:00Z')).hour, 1);
  });

  test('start and end of local days, including the 23- and 25-hour days', () => {
    assert.equal(startOfLondonDay('2026-03-29').toISOString(), '2026-03-29T00:00:00.000Z');
    assert.equal(endOfLondonDay('2026-03-29').toISOString(), '2026-03-29T22:59:59.999Z');
    assert.equal(startOfLondonDay('2026-10-25').toISOString(), '2026-10-24T23:00:00.000Z');
    assert.equal(endOfLondonDay('2026-10-25').toISOString(), '2026-10-25T23:59:59.999Z');
    assert.equal(endOfLondonDay('2026-12-31').toISOString(), '2026-12-31T23:59:59.999Z');
  });

  test('the hourly offset cache reads exactly as Intl does, across clock changes and a century of instants', () => {
    const intl = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const read = (d: Date) => {
      const t = toLondon(d);
      return `${String(t.day).padStart(2, '0')}/${String(t.month).padStart(2, '0')}/${t.year}, ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}:${String(t.second).padStart(2, '0')}`;
    };
    const instants: Date[] = [];
    // Every 7 minutes through both 2026 changes, and through 1940s double summer time.
    for (const start of ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z', '1941-05-03T20:00:00Z', '1941-08-09T20:00:00Z']) {
      for (let m = 0; m < 12 * 60; m += 7) instants.push(new Date(Date.parse(start) + m * 60_000 + 13_000));
    }
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      instants.push(new Date(Date.UTC(1900, 0, 1) + (seed / 2 ** 31) * 200 * 365.25 * 86_400_000));
    }
    for (const d of instants) {
      // Read twice: once filling the cache, once from it.
      assert.equal(read(d), intl.format(d), d.toISOString());
      assert.equal(read(d), intl.format(d), d.toISOString());
    }
  });

  test('rejects bad input', () => {
    assert.throws(() => londonInstant('2026-02-29'), RangeError);
    assert.throws(() => londonInstant('2026-01-01', 24), RangeError);
    assert.throws(() => londonDateOf(new Date('nonsense')), RangeError);
  });
});
