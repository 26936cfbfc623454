// Timeliness against each profile's own clocks (issue 14; staffordshire 56; PROCEDURES.md timescales).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clockOutcome, percentile, summariseClocks, takenUnitFor, timeTaken } from '../../../src/domain/board/timeliness.ts';
import { makeCalendar, londonInstant } from '../../../src/domain/clock/index.ts';
import { lastQuarters, quarterContaining, quarterIndex } from '../../../src/domain/board/quarters.ts';
import { trendChart } from '../../../src/domain/board/trend-chart.ts';

const calendar = makeCalendar();
const at = (date: string, hour = 10) => londonInstant(date, hour);

describe('clock outcome', () => {
  const due = at('2026-11-20', 17);
  it('met when stopped by the time due, missed when stopped late', () => {
    assert.equal(clockOutcome({ startedAt: at('2026-11-16'), dueAt: due, stoppedAt: at('2026-11-20', 12) }, at('2026-12-01')), 'met');
    assert.equal(clockOutcome({ startedAt: at('2026-11-16'), dueAt: due, stoppedAt: due }, at('2026-12-01')), 'met');
    assert.equal(clockOutcome({ startedAt: at('2026-11-16'), dueAt: due, stoppedAt: at('2026-11-21') }, at('2026-12-01')), 'missed');
  });
  it('missed when still running after it fell due, running before', () => {
    assert.equal(clockOutcome({ startedAt: at('2026-11-16'), dueAt: due, stoppedAt: null }, at('2026-11-21')), 'missed');
    assert.equal(clockOutcome({ startedAt: at('2026-11-16'), dueAt: due, stoppedAt: null }, at('2026-11-18')), 'running');
  });
});

describe('time taken in the unit the profile counts in', () => {
  it('camden Part 3 §3.1: a 24-hour decision is measured in hours', () => {
    assert.equal(takenUnitFor('hours'), 'hours');
    assert.equal(timeTaken(at('2026-11-16', 10), at('2026-11-17', 16), 'hours', calendar), 30);
  });
  it('camden Part 3 §3.3: 15 working days skip weekends and bank holidays, the start day never counts', () => {
    assert.equal(takenUnitFor('working-days'), 'working-days');
    // Friday 18 December 2026 to Tuesday 29 December 2026: 21, 22, 23, 24 and 29 (25, 28 are bank holidays).
    assert.equal(timeTaken(at('2026-12-18'), at('2026-12-29'), 'working-days', calendar), 5);
    assert.equal(timeTaken(at('2026-11-16', 9), at('2026-11-16', 17), 'working-days', calendar), 0);
  });
  it('staffordshire 25: seven calendar days, and a months timescale, in days', () => {
    assert.equal(takenUnitFor('calendar-days'), 'calendar-days');
    assert.equal(takenUnitFor('months'), 'calendar-days');
    assert.equal(timeTaken(at('2026-11-16'), at('2026-11-23'), 'calendar-days', calendar), 7);
  });
});

describe('median and 90th percentile (nearest rank)', () => {
  it('takes the smallest value with at least p per cent at or below it', () => {
    assert.equal(percentile([], 50), null);
    assert.equal(percentile([5], 90), 5);
    assert.equal(percentile([1, 2, 3, 4], 50), 2);
    assert.equal(percentile([4, 1, 3, 2, 5], 50), 3);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), 9);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90), 10);
    assert.throws(() => percentile([1], 0), RangeError);
  });
  it('summarises one clock kind: met, missed and running add up, time measured on the stopped ones', () => {
    const due = at('2026-11-17', 10);
    const s = summariseClocks(
      [
        { startedAt: at('2026-11-16'), dueAt: due, stoppedAt: at('2026-11-16', 12) },
        { startedAt: at('2026-11-16'), dueAt: due, stoppedAt: at('2026-11-16', 20) },
        { startedAt: at('2026-11-16'), dueAt: due, stoppedAt: at('2026-11-18', 10) },
        { startedAt: at('2026-11-16'), dueAt: due, stoppedAt: null },
      ],
      'hours',
      calendar,
      at('2026-11-16', 22),
    );
    assert.deepEqual({ ...s }, { started: 4, met: 2, missed: 1, running: 1, measured: 3, median: 10, p90: 48, unit: 'hours' });
  });
});

describe('quarters and the trend chart (staffordshire 56: trends)', () => {
  it('eight calendar quarters ending with the current one', () => {
    const qs = lastQuarters(at('2026-12-04'), 8);
    assert.deepEqual(qs.map((q) => q.label), ['2025 Q1', '2025 Q2', '2025 Q3', '2025 Q4', '2026 Q1', '2026 Q2', '2026 Q3', '2026 Q4']);
    assert.equal(quarterContaining(at('2026-03-31', 23)).label, '2026 Q1');
    assert.equal(quarterIndex(qs, at('2025-04-01', 0)), 1);
    assert.equal(quarterIndex(qs, at('2024-12-31')), -1);
  });
  it('a suppressed quarter gets no bar, only "<5"', () => {
    const chart = trendChart('Concerns', [{ label: 'Q1', shown: { kind: 'count', value: 10 } }, { label: 'Q2', shown: { kind: 'primary' } }]);
    assert.equal(chart.bars[1]!.height, 0);
    assert.equal(chart.bars[1]!.valueText, '<5');
    assert.match(chart.description, /Q2 fewer than 5/);
  });
});
