import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDate, formatDateTime } from '../../../src/platform/web/nunjucks.ts';

// The oracle: Intl's own en-GB reading in Europe/London, as the GOV.UK style wants it (4 June 2026 at 9:05am).
const intlDateTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
const intlDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
function oracle(date: Date): string {
  const parts = Object.fromEntries(intlDateTime.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute}${(parts.dayPeriod ?? '').toLowerCase().replace(/\s/g, '')}`;
}

describe('dates as pages show them (GOV.UK style, London time)', () => {
  it('reads as the GOV.UK style guide writes them, midnight and midday included', () => {
    assert.equal(formatDateTime(new Date('2026-06-04T08:05:00Z')), '4 June 2026 at 9:05am');
    assert.equal(formatDateTime(new Date('2026-01-04T00:00:00Z')), '4 January 2026 at 12:00am');
    assert.equal(formatDateTime(new Date('2026-01-04T12:30:00Z')), '4 January 2026 at 12:30pm');
    assert.equal(formatDateTime('2026-10-25T01:30:00Z'), '25 October 2026 at 1:30am');
    assert.equal(formatDate('2026-03-29'), '29 March 2026');
    assert.equal(formatDate(new Date('2026-03-28T23:30:00Z')), '28 March 2026');
    assert.equal(formatDate(new Date('2026-06-30T23:30:00Z')), '1 July 2026');
    assert.equal(formatDateTime(null), '');
    assert.equal(formatDateTime('nonsense'), '');
    assert.equal(formatDate(undefined), '');
  });
  it('agrees with Intl for instants across the clock changes and the years', () => {
    const instants: Date[] = [];
    for (let m = 0; m < 24 * 60; m += 11) {
      instants.push(new Date(Date.parse('2026-03-28T12:00:00Z') + m * 60_000), new Date(Date.parse('2026-10-24T12:00:00Z') + m * 60_000));
    }
    for (let i = 0; i < 1000; i++) instants.push(new Date(Date.UTC(1990, 0, 1) + ((i * 7919) % 1000) * 17.3 * 86_400_000 + i * 61_000));
    for (const d of instants) {
      assert.equal(formatDateTime(d), oracle(d), d.toISOString());
      assert.equal(formatDate(d), intlDate.format(d), d.toISOString());
    }
  });
});
