import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cseListTotal } from '../../../src/features/work/presenters.ts';

const summary = [
  { category: 3 as const, open: 40, withOverdue: 7 },
  { category: 2 as const, open: 25, withOverdue: 3 },
  { category: 1 as const, open: 10, withOverdue: 0 },
];

describe("the coordinator's list total (issue 7, cached headline counts)", () => {
  it('sums the headline counts that match the filter', () => {
    assert.equal(cseListTotal(summary, { overdueOnly: false }, 1, 25, 25), 75);
    assert.equal(cseListTotal(summary, { category: 3, overdueOnly: false }, 1, 25, 25), 40);
    assert.equal(cseListTotal(summary, { overdueOnly: true }, 1, 25, 10), 10);
    assert.equal(cseListTotal(summary, { category: 2, overdueOnly: true }, 1, 25, 3), 3);
  });
  it('trusts a short page over older counts: the total is exact', () => {
    // Two cases closed since the counts were taken: page 3 of 75 now holds 23.
    assert.equal(cseListTotal(summary, { overdueOnly: false }, 3, 25, 23), 73);
    // A case opened since: the overdue-only list's only page holds 11, not 10.
    assert.equal(cseListTotal(summary, { overdueOnly: true }, 1, 25, 11), 11);
  });
  it('a full page proves at least that many, so the next page stays reachable', () => {
    assert.equal(cseListTotal(summary, { category: 1, overdueOnly: false }, 1, 25, 25), 25);
    assert.equal(cseListTotal(summary, { category: 1, overdueOnly: false }, 2, 5, 5), 10);
  });
  it('an empty page falls back to the counts (beyond the end, or nothing at all)', () => {
    assert.equal(cseListTotal(summary, { overdueOnly: false }, 9, 25, 0), 75);
    assert.equal(cseListTotal([], { overdueOnly: false }, 1, 25, 0), 0);
  });
});
