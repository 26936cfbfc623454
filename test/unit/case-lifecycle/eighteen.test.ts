// The 18th-birthday rule (src/domain/case-lifecycle/eighteen.ts): the review is prompted 3 months before the 18th
// birthday; care leavers keep support to 21 under their pathway plan (cambridgeshire 6; camden Part 4 §1.5).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eighteenFacts, eighteenReviewRefusals, reviewPrompted } from '../../../src/domain/case-lifecycle/eighteen.ts';

describe('turning 18 (PROCEDURES.md step 10; cambridgeshire 5)', () => {
  it('the prompt starts exactly 3 months before the 18th birthday, not a day earlier', () => {
    const f = eighteenFacts('2009-03-15', false, '2026-12-14');
    assert.equal(f.eighteenthBirthday, '2027-03-15');
    assert.equal(f.reviewFrom, '2026-12-15');
    assert.equal(f.status, 'not-yet');
    assert.equal(eighteenFacts('2009-03-15', false, '2026-12-15').status, 'review-due');
    assert.equal(eighteenFacts('2009-03-15', false, '2027-03-15').status, 'turned-18');
  });

  it('a child born on 29 February turns 18 on 28 February in a common year', () => {
    assert.equal(eighteenFacts('2008-02-29', false, '2026-01-01').eighteenthBirthday, '2026-02-28');
  });

  it('the review date clamps to the end of a shorter month (31 May → 28 or 29 February)', () => {
    assert.equal(eighteenFacts('2009-05-31', false, '2026-01-01').reviewFrom, '2027-02-28');
  });

  it('care leavers keep support to their 21st birthday (cambridgeshire 6); others have no support date', () => {
    assert.equal(eighteenFacts('2009-03-15', true, '2026-12-15').supportUntil, '2030-03-15');
    assert.equal(eighteenFacts('2009-03-15', false, '2026-12-15').supportUntil, null);
  });

  it('the work list prompts from the review date until the review is recorded; never without a date of birth', () => {
    assert.equal(reviewPrompted('2009-03-15', '2026-12-14', false), false);
    assert.equal(reviewPrompted('2009-03-15', '2026-12-15', false), true);
    assert.equal(reviewPrompted('2009-03-15', '2027-06-01', false), true);
    assert.equal(reviewPrompted('2009-03-15', '2026-12-15', true), false);
    assert.equal(reviewPrompted(null, '2026-12-15', false), false);
  });

  it('a care leaver’s review records the pathway plan (camden Part 4 §1.5)', () => {
    assert.deepEqual(eighteenReviewRefusals({ careLeaver: true, pathwayPlan: '', outcome: 'care-leaver-support' }).map((r) => r.code), ['pathway-plan-missing']);
    assert.deepEqual(eighteenReviewRefusals({ careLeaver: true, pathwayPlan: 'Housing support and a personal adviser to 21', outcome: 'care-leaver-support' }), []);
    assert.deepEqual(eighteenReviewRefusals({ careLeaver: false, pathwayPlan: undefined, outcome: 'care-leaver-support' }).map((r) => r.code), ['not-a-care-leaver']);
    assert.deepEqual(eighteenReviewRefusals({ careLeaver: false, pathwayPlan: undefined, outcome: undefined }).map((r) => r.code), ['outcome-missing']);
  });
});
