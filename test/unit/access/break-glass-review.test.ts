import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BREAK_GLASS_REVIEW_WORKING_DAYS, breakGlassReviewDue, isBreakGlassReviewOverdue, mayReviewBreakGlass } from '../../../src/domain/access/break-glass-review.ts';
import { londonInstant, makeCalendar } from '../../../src/domain/clock/index.ts';
import type { Actor } from '../../../src/domain/access/access.ts';

const calendar = makeCalendar();
const actor = (id: string, roles: Actor['roles'], localAuthorityId = 'camden'): Actor => ({ id, agencyId: 'a', localAuthorityId, active: true, roles });

describe('break-glass review (issue 16)', () => {
  it('is due 5 working days after the use, bank holidays not counted', () => {
    assert.equal(BREAK_GLASS_REVIEW_WORKING_DAYS, 5);
    // Monday 16 November 2026: Tuesday to Friday, then Monday 23.
    assert.equal(breakGlassReviewDue(londonInstant('2026-11-16', 10, 30), calendar), '2026-11-23');
    // Wednesday 23 December 2026: Christmas Day, Boxing Day (substitute Monday 28) and New Year's Day are not working days.
    assert.equal(breakGlassReviewDue(londonInstant('2026-12-23', 9), calendar), '2027-01-04');
    // A use late on a Saturday night counts from that Saturday, in London time.
    assert.equal(breakGlassReviewDue(londonInstant('2026-11-21', 23, 30), calendar), '2026-11-27');
  });
  it('is overdue only once the due day has passed', () => {
    const used = londonInstant('2026-11-16', 10, 30);
    assert.equal(isBreakGlassReviewOverdue(used, londonInstant('2026-11-23', 23, 59), calendar), false);
    assert.equal(isBreakGlassReviewOverdue(used, londonInstant('2026-11-24', 0, 1), calendar), true);
  });
  it('is reviewed by the case’s manager, or the area’s CSE coordinator when it has none, never by the one who used it', () => {
    const manager = actor('m', ['team-manager']);
    const coordinator = actor('c', ['cse-coordinator']);
    const elsewhere = actor('e', ['cse-coordinator'], 'other');
    assert.equal(mayReviewBreakGlass(manager, { managerId: 'm', localAuthorityId: 'camden', usedBy: 'u' }), true);
    assert.equal(mayReviewBreakGlass(coordinator, { managerId: 'm', localAuthorityId: 'camden', usedBy: 'u' }), false);
    assert.equal(mayReviewBreakGlass(coordinator, { managerId: null, localAuthorityId: 'camden', usedBy: 'u' }), true);
    assert.equal(mayReviewBreakGlass(elsewhere, { managerId: null, localAuthorityId: 'camden', usedBy: 'u' }), false);
    assert.equal(mayReviewBreakGlass(manager, { managerId: 'm', localAuthorityId: 'camden', usedBy: 'm' }), false);
    assert.equal(mayReviewBreakGlass({ ...manager, active: false }, { managerId: 'm', localAuthorityId: 'camden', usedBy: 'u' }), false);
  });
});
