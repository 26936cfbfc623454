import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MESSAGES,
  absenceLength,
  episodesInLast12Months,
  interviewRefusals,
  reportRefusals,
  returnRefusals,
  twelveMonthsBefore,
} from '../../../src/domain/missing/index.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const now = londonInstant('2026-11-16', 10, 30);
const hours = (n: number) => n * 3_600_000;
const before = (ms: number) => new Date(now.getTime() - ms);
const codes = (refusals: readonly { code: string }[]) => refusals.map((r) => r.code);

describe('reporting a child missing (bedford-luton Appendix 2)', () => {
  it('accepts a past date and time left with the appearance on leaving', () => {
    assert.deepEqual(reportRefusals({ leftAt: before(hours(3)), appearanceOnLeaving: 'Black puffer jacket, grey joggers', now }), []);
  });

  it('accepts leaving "now" (the same instant)', () => {
    assert.deepEqual(reportRefusals({ leftAt: now, appearanceOnLeaving: 'Red coat', now }), []);
  });

  it('refuses a date and time left in the future', () => {
    const refusals = reportRefusals({ leftAt: new Date(now.getTime() + 60_000), appearanceOnLeaving: 'Red coat', now });
    assert.deepEqual(codes(refusals), ['left-in-future']);
    assert.equal(refusals[0]!.field, 'leftDate');
    assert.equal(refusals[0]!.source, 'bedford-luton Appendix 2');
  });

  it('Appendix 2 "Appearance when YP leaves unit": the appearance on leaving is required (blank is not enough)', () => {
    const refusals = reportRefusals({ leftAt: before(hours(1)), appearanceOnLeaving: '   ', now });
    assert.deepEqual(codes(refusals), ['appearance-on-leaving-required']);
    assert.equal(refusals[0]!.field, 'appearanceOnLeaving');
    assert.equal(refusals[0]!.message, MESSAGES.appearanceOnLeaving);
  });

  it('reports every problem at once, so the error summary lists them all', () => {
    assert.deepEqual(codes(reportRefusals({ leftAt: new Date(now.getTime() + hours(1)), appearanceOnLeaving: '', now })), ['left-in-future', 'appearance-on-leaving-required']);
  });
});

describe('recording the return (bedford-luton Appendix 2)', () => {
  const leftAt = before(hours(30));

  it('accepts a return after leaving and not in the future, with the appearance on return', () => {
    assert.deepEqual(returnRefusals({ leftAt, returnedAt: before(hours(2)), appearanceOnReturn: 'Tired, scratch on left arm, new phone', now }), []);
  });

  it('refuses a return at or before the time they left', () => {
    assert.deepEqual(codes(returnRefusals({ leftAt, returnedAt: leftAt, appearanceOnReturn: 'Tired', now })), ['return-before-leaving']);
    assert.deepEqual(codes(returnRefusals({ leftAt, returnedAt: before(hours(31)), appearanceOnReturn: 'Tired', now })), ['return-before-leaving']);
  });

  it('refuses a return in the future', () => {
    const refusals = returnRefusals({ leftAt, returnedAt: new Date(now.getTime() + 60_000), appearanceOnReturn: 'Tired', now });
    assert.deepEqual(codes(refusals), ['return-in-future']);
    assert.equal(refusals[0]!.field, 'returnedDate');
  });

  it('Appendix 2 "Emotional & Physical appearance upon return" is required', () => {
    const refusals = returnRefusals({ leftAt, returnedAt: before(hours(1)), appearanceOnReturn: '', now });
    assert.deepEqual(codes(refusals), ['appearance-on-return-required']);
    assert.equal(refusals[0]!.message, MESSAGES.appearanceOnReturn);
  });

  it('a correction may not move the return after a return interview already recorded', () => {
    const interviewAt = before(hours(5));
    assert.deepEqual(codes(returnRefusals({ leftAt, returnedAt: before(hours(4)), appearanceOnReturn: 'Tired', now, interviewAt })), ['return-after-interview']);
    assert.deepEqual(returnRefusals({ leftAt, returnedAt: before(hours(6)), appearanceOnReturn: 'Tired', now, interviewAt }), []);
  });
});

describe('recording the return interview (cambridgeshire 4)', () => {
  const returnedAt = before(hours(48));
  const fine = { heldBy: 'Olu Outreach, Safe Passage Outreach', summary: 'Went to a party in Luton with older friends.' };

  it('accepts an interview held after the return and not in the future', () => {
    assert.deepEqual(interviewRefusals({ returnedAt, interviewAt: before(hours(24)), now, ...fine }), []);
  });

  it('accepts an interview at the moment of return', () => {
    assert.deepEqual(interviewRefusals({ returnedAt, interviewAt: returnedAt, now, ...fine }), []);
  });

  it('refuses an interview before the child has come back', () => {
    const refusals = interviewRefusals({ returnedAt: null, interviewAt: before(hours(1)), now, ...fine });
    assert.deepEqual(codes(refusals), ['not-returned']);
    assert.equal(refusals[0]!.source, 'cambridgeshire 4');
  });

  it('refuses an interview dated before the return', () => {
    assert.deepEqual(codes(interviewRefusals({ returnedAt, interviewAt: before(hours(49)), now, ...fine })), ['interview-before-return']);
  });

  it('refuses an interview in the future: it is recorded once held', () => {
    assert.deepEqual(codes(interviewRefusals({ returnedAt, interviewAt: new Date(now.getTime() + hours(24)), now, ...fine })), ['interview-in-future']);
  });

  it('who held it and what the child said are required: independent interviews help establish why they went missing', () => {
    assert.deepEqual(codes(interviewRefusals({ returnedAt, interviewAt: before(hours(1)), now, heldBy: ' ', summary: '' })), ['held-by-required', 'summary-required']);
  });

  it('sets no timescale for the interview: an interview long after the return is still accepted', () => {
    assert.deepEqual(interviewRefusals({ returnedAt: before(hours(24 * 200)), interviewAt: before(hours(1)), now, ...fine }), []);
  });
});

describe('the length of absence (bedford-luton Appendix 2)', () => {
  const from = londonInstant('2026-11-10', 22, 15);
  const plus = (minutes: number) => new Date(from.getTime() + minutes * 60_000);

  it('days and hours when a day or more', () => {
    assert.equal(absenceLength(from, plus(2 * 1440 + 3 * 60 + 40)), '2 days 3 hours');
    assert.equal(absenceLength(from, plus(1440)), '1 day');
    assert.equal(absenceLength(from, plus(1440 + 60)), '1 day 1 hour');
  });

  it('hours and minutes when under a day', () => {
    assert.equal(absenceLength(from, plus(5 * 60 + 20)), '5 hours 20 minutes');
    assert.equal(absenceLength(from, plus(60)), '1 hour');
    assert.equal(absenceLength(from, plus(61)), '1 hour 1 minute');
  });

  it('minutes when under an hour', () => {
    assert.equal(absenceLength(from, plus(45)), '45 minutes');
    assert.equal(absenceLength(from, plus(1)), '1 minute');
    assert.equal(absenceLength(from, from), 'less than a minute');
  });

  it('counts elapsed time across the change of the clocks (25 hours on the autumn Sunday is 1 day 1 hour)', () => {
    assert.equal(absenceLength(londonInstant('2026-10-24', 12, 0), londonInstant('2026-10-25', 12, 0)), '1 day 1 hour');
  });
});

describe('how often the child went missing in the last 12 months (cambridgeshire 4)', () => {
  it('counts episodes that began since the same London date a year ago', () => {
    const leftAts = [
      londonInstant('2026-11-15', 23, 0),
      londonInstant('2026-03-01', 9, 0),
      londonInstant('2025-11-16', 0, 0), // the first instant of the window
      londonInstant('2025-11-15', 23, 59), // a minute before it
      londonInstant('2024-06-01', 12, 0),
    ];
    assert.equal(episodesInLast12Months(leftAts, now), 3);
  });

  it('none recorded: zero', () => {
    assert.equal(episodesInLast12Months([], now), 0);
  });

  it('ignores a time after now', () => {
    assert.equal(episodesInLast12Months([new Date(now.getTime() + 60_000)], now), 0);
  });

  it('the window starts at London midnight a year earlier, clamped from 29 February', () => {
    assert.equal(twelveMonthsBefore(now).toISOString(), '2025-11-16T00:00:00.000Z');
    assert.equal(twelveMonthsBefore(londonInstant('2028-02-29', 12, 0)).toISOString(), '2027-02-28T00:00:00.000Z');
    assert.equal(twelveMonthsBefore(londonInstant('2026-07-01', 12, 0)).toISOString(), '2025-06-30T23:00:00.000Z');
  });
});
