// The meeting guards of src/domain/meetings, each test named after the paragraph it enforces.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { makeCalendar, londonInstant } from '../../../src/domain/clock/index.ts';
import { loadProfile } from '../../../src/profiles/index.ts';
import {
  checkAction,
  checkAttendanceDecision,
  checkCriminalJusticeAgainstChild,
  checkKeyProfessional,
  checkLookedAfterInvitees,
  checkMeetingTiming,
  checkOutcomes,
  checkParentInformation,
  checkPoliceChecksBeforeHolding,
  checkRecorder,
  checkReviewDate,
  endsReviewCycle,
  meetingClockEvents,
  meetingTypeOf,
  outcomesForClockFacts,
} from '../../../src/domain/meetings/rules.ts';
import type { CriminalJusticeInput } from '../../../src/domain/meetings/rules.ts';
import { conditionHolds } from '../../../src/domain/profiles/conditions.ts';

const calendar = makeCalendar();
const camden = loadProfile('camden');
const bedford = loadProfile('bedford-luton');
const staffordshire = loadProfile('staffordshire');
const catse = meetingTypeOf(camden, 'catse-meeting')!;
const codes = (refusals: { code: string }[]) => refusals.map((r) => r.code);
const THREE_MONTHS = { amount: 3, unit: 'months' as const };
const HELD = londonInstant('2026-11-16', 10, 0);

describe('review date (bedford-luton 7.14; camden Part 3 §3.3)', () => {
  const review = (reviewDate: string | undefined, outcomeIds: string[], reviewLimit: typeof THREE_MONTHS | null = THREE_MONTHS) =>
    codes(checkReviewDate({ heldAt: HELD, reviewDate, outcomeIds, reviewLimit, calendar }));

  it('camden Part 3 §3.3: a review date on the three-month anniversary is allowed', () => {
    assert.deepEqual(review('2027-02-16', ['child-in-need-assessment']), []);
  });
  it('camden Part 3 §3.3: a review date one day after three months is refused', () => {
    assert.deepEqual(review('2027-02-17', ['child-in-need-assessment']), ['review-too-late']);
  });
  it('bedford-luton 7.14: a review date is required unless no further action or child protection procedures', () => {
    assert.deepEqual(review(undefined, ['further-assessment']), ['review-date-missing']);
    assert.deepEqual(review(undefined, ['no-further-action']), []);
    assert.deepEqual(review(undefined, ['child-protection-procedures']), []);
    assert.deepEqual(review(undefined, ['section-47-enquiries']), []);
  });
  it('camden Part 3 §3.3: with no further action or child protection, a later review date is allowed', () => {
    assert.deepEqual(review('2027-06-01', ['no-further-action']), []);
    assert.deepEqual(review('2027-06-01', ['child-protection-procedures', 'criminal-action-against-adult']), []);
  });
  it('uses dueAt: the month end is clamped (30 November + 3 months = 28 February)', () => {
    const held = londonInstant('2026-11-30', 9, 0);
    assert.deepEqual(codes(checkReviewDate({ heldAt: held, reviewDate: '2027-02-28', outcomeIds: ['x'], reviewLimit: THREE_MONTHS, calendar })), []);
    assert.deepEqual(codes(checkReviewDate({ heldAt: held, reviewDate: '2027-03-01', outcomeIds: ['x'], reviewLimit: THREE_MONTHS, calendar })), ['review-too-late']);
  });
  it('the review date must be after the meeting', () => {
    assert.deepEqual(review('2026-11-16', ['no-further-action']), ['review-not-after-meeting']);
  });
  it('staffordshire 55-56: no review timescale, so no date is imposed', () => {
    assert.deepEqual(review(undefined, [], null), []);
    assert.deepEqual(review('2028-01-01', [], null), []);
  });
  it('bedford-luton 7.14: "commence section 47 enquiries" counts as child protection procedures for the review clock', () => {
    assert.equal(endsReviewCycle(['section-47-enquiries']), true);
    assert.equal(conditionHolds('unless-nfa-or-cp', { meetingOutcomes: outcomesForClockFacts(['section-47-enquiries']) }), false);
    assert.equal(conditionHolds('unless-nfa-or-cp', { meetingOutcomes: outcomesForClockFacts(['further-assessment']) }), true);
  });
});

describe('outcomes from the profile list (bedford-luton 7.14; camden Part 3 §3.3)', () => {
  it('camden Part 3 §3.3: one or more outcomes from the CATSE list', () => {
    assert.deepEqual(checkOutcomes(catse, ['no-further-action'], undefined), []);
    assert.deepEqual(checkOutcomes(catse, ['criminal-action-against-adult', 'voluntary-project-referral'], undefined), []);
    assert.deepEqual(codes(checkOutcomes(catse, [], undefined)), ['outcome-missing']);
    assert.deepEqual(codes(checkOutcomes(catse, ['section-47-enquiries'], undefined)), ['outcome-not-in-list']);
  });
  it('bedford-luton 7.14: the nine outcomes of the strategy meeting are the list', () => {
    const strategy = meetingTypeOf(bedford, 'strategy-meeting')!;
    assert.equal(strategy.outcomes.length, 9);
    assert.deepEqual(checkOutcomes(strategy, ['section-47-enquiries'], undefined), []);
    assert.deepEqual(codes(checkOutcomes(strategy, ['criminal-action-against-child'], undefined)), ['outcome-not-in-list']);
  });
  it('staffordshire 31: no outcome list, so the decisions are written down instead', () => {
    const strategy = meetingTypeOf(staffordshire, 'strategy-meeting')!;
    assert.deepEqual(codes(checkOutcomes(strategy, [], undefined)), ['decisions-missing']);
    assert.deepEqual(checkOutcomes(strategy, [], 'Formal investigation by police; core assessment.'), []);
    assert.deepEqual(codes(checkOutcomes(strategy, ['no-further-action'], 'x')), ['no-outcome-list']);
  });
});

describe('clock events of a held meeting', () => {
  it('camden Part 3 §3.3: the first CATSE meeting stops the CATSE clock and starts the review clock', () => {
    assert.deepEqual(meetingClockEvents('catse-meeting', true), ['cse-meeting-held', 'initial-meeting-held']);
  });
  it('camden Part 3 §3.3: a later CATSE meeting is a review, and the next review clock starts from it', () => {
    assert.deepEqual(meetingClockEvents('catse-meeting', false), ['cse-meeting-held', 'review-meeting-held', 'initial-meeting-held']);
    assert.deepEqual(meetingClockEvents('review-meeting', false), ['review-meeting-held', 'initial-meeting-held']);
  });
  it('staffordshire 29; bedford-luton 7.11: a strategy meeting stops the strategy clock', () => {
    assert.deepEqual(meetingClockEvents('strategy-meeting', true), ['strategy-meeting-held', 'cse-meeting-held', 'initial-meeting-held']);
  });
  it('ird "Inter-agency planning": an IRD answers the strategy discussion clock; a planning meeting answers none', () => {
    assert.deepEqual(meetingClockEvents('inter-agency-referral-discussion', true), ['strategy-discussion-held', 'cse-meeting-held', 'initial-meeting-held']);
    assert.deepEqual(meetingClockEvents('inter-agency-planning-meeting', true), []);
  });
});

describe('meeting date against its clock', () => {
  const due = londonInstant('2026-11-20', 23, 59);
  it('camden Part 3 §3.3: a CATSE meeting after its 15-working-day deadline needs a reason', () => {
    assert.deepEqual(codes(checkMeetingTiming({ at: londonInstant('2026-11-23', 10, 0), clockDueAt: due, lateReason: undefined })), ['late-reason-missing']);
    assert.deepEqual(codes(checkMeetingTiming({ at: londonInstant('2026-11-23', 10, 0), clockDueAt: due, lateReason: 'short' })), ['late-reason-missing']);
    assert.deepEqual(checkMeetingTiming({ at: londonInstant('2026-11-23', 10, 0), clockDueAt: due, lateReason: 'Police could not attend before Monday' }), []);
  });
  it('on time, or with no clock, no reason is needed', () => {
    assert.deepEqual(checkMeetingTiming({ at: londonInstant('2026-11-20', 10, 0), clockDueAt: due, lateReason: undefined }), []);
    assert.deepEqual(checkMeetingTiming({ at: londonInstant('2030-01-01', 10, 0), clockDueAt: null, lateReason: undefined }), []);
  });
});

describe('police checks before a CATSE meeting (camden Part 3 §3.3)', () => {
  it('camden Part 3 §3.3: a CATSE meeting cannot be held until checks on child, family and significant adults are requested', () => {
    assert.deepEqual(codes(checkPoliceChecksBeforeHolding({ profileId: 'camden', meetingTypeId: 'catse-meeting', requestedSubjects: null })), ['police-checks-missing']);
    const partial = checkPoliceChecksBeforeHolding({ profileId: 'camden', meetingTypeId: 'catse-meeting', requestedSubjects: ['child', 'family'] });
    assert.deepEqual(codes(partial), ['police-checks-missing']);
    assert.match(partial[0]!.message, /other significant adults/);
    assert.deepEqual(checkPoliceChecksBeforeHolding({ profileId: 'camden', meetingTypeId: 'catse-meeting', requestedSubjects: ['child', 'family', 'significant-adults'] }), []);
  });
  it('other profiles and meeting types do not require them', () => {
    assert.deepEqual(checkPoliceChecksBeforeHolding({ profileId: 'bedford-luton', meetingTypeId: 'strategy-meeting', requestedSubjects: null }), []);
    assert.deepEqual(checkPoliceChecksBeforeHolding({ profileId: 'camden', meetingTypeId: 'review-meeting', requestedSubjects: null }), []);
  });
});

describe('looked-after children (camden Part 3 §3.3)', () => {
  const label = (role: string) => role;
  it('camden Part 3 §3.3: a CATSE meeting about a looked-after child invites the Access to Resources team', () => {
    assert.deepEqual(codes(checkLookedAfterInvitees({ profileId: 'camden', meetingTypeId: 'catse-meeting', lookedAfter: true, inviteeRoles: ['allocated-social-worker'], roleLabel: label })), ['looked-after-invitee-missing']);
    assert.deepEqual(checkLookedAfterInvitees({ profileId: 'camden', meetingTypeId: 'catse-meeting', lookedAfter: true, inviteeRoles: ['access-to-resources'], roleLabel: label }), []);
    assert.deepEqual(checkLookedAfterInvitees({ profileId: 'camden', meetingTypeId: 'catse-meeting', lookedAfter: false, inviteeRoles: [], roleLabel: label }), []);
  });
});

describe('family attendance (bedford-luton 7.12; camden Part 3 §4.1)', () => {
  const ids = catse.attendanceCriteria!.items.map((i) => i.id);
  const base = { criteriaIds: ids, considered: ids, childAttends: false, parentsAttend: false, reasons: 'Police investigation at an early stage', safetyConfirmed: false, whoWillInform: 'Social worker, home visit', source: 'camden Part 3 §4.1' };
  it('camden Part 3 §4.1: every criterion is considered', () => {
    assert.deepEqual(codes(checkAttendanceDecision({ ...base, considered: ids.slice(1) })), ['criteria-not-considered']);
  });
  it('camden Part 3 §4.1: the chair gives reasons', () => {
    assert.deepEqual(codes(checkAttendanceDecision({ ...base, reasons: '' })), ['reasons-missing']);
  });
  it('camden Part 3 §4.1: attendance only if it will not compromise safety or an investigation', () => {
    assert.deepEqual(codes(checkAttendanceDecision({ ...base, childAttends: true, parentsAttend: true })), ['safety-not-confirmed']);
    assert.deepEqual(checkAttendanceDecision({ ...base, childAttends: true, parentsAttend: true, safetyConfirmed: true, whoWillInform: undefined }), []);
  });
  it('camden Part 3 §4.1: when the child or parents do not attend, who will tell them is recorded', () => {
    assert.deepEqual(codes(checkAttendanceDecision({ ...base, whoWillInform: '' })), ['who-informs-missing']);
    assert.deepEqual(codes(checkAttendanceDecision({ ...base, childAttends: true, safetyConfirmed: true, whoWillInform: '' })), ['who-informs-missing']);
    assert.deepEqual(checkAttendanceDecision(base), []);
  });
});

describe('what parents are told (bedford-luton 7.16; camden Part 3 §3.3, §4.2)', () => {
  const base = { parentsTold: true, what: 'The concerns and the plan', byWhom: 'Social worker', exceptionReason: undefined, childAge: 14, profileId: 'camden' };
  it('bedford-luton 7.16: what they are told and by whom', () => {
    assert.deepEqual(checkParentInformation(base), []);
    assert.deepEqual(codes(checkParentInformation({ ...base, what: '', byWhom: '' })), ['parents-what-missing', 'parents-by-whom-missing']);
  });
  it('bedford-luton 7.16: any exception is recorded with reasons', () => {
    assert.deepEqual(codes(checkParentInformation({ ...base, parentsTold: false })), ['parents-exception-reason-missing']);
    assert.deepEqual(checkParentInformation({ ...base, parentsTold: false, exceptionReason: 'Father is the suspected abuser' }), []);
  });
  it('camden Part 3 §4.2: under 13, parents must be told unless clearly inconsistent with the child’s welfare', () => {
    assert.deepEqual(codes(checkParentInformation({ ...base, parentsTold: false, childAge: 12, exceptionReason: 'Not now please' })), ['under-13-parents-must-be-told']);
    assert.deepEqual(checkParentInformation({ ...base, parentsTold: false, childAge: 12, exceptionReason: 'Mother’s partner is the suspected abuser and lives at home' }), []);
  });
});

describe('key professional (bedford-luton 7.15)', () => {
  it('bedford-luton 7.15: a key professional is nominated for a vulnerable child', () => {
    assert.deepEqual(codes(checkKeyProfessional({ profileId: 'bedford-luton', nominated: false, caseHasOne: false, outcomeIds: ['further-assessment'] })), ['key-professional-missing']);
    assert.deepEqual(checkKeyProfessional({ profileId: 'bedford-luton', nominated: false, caseHasOne: true, outcomeIds: ['further-assessment'] }), []);
    assert.deepEqual(checkKeyProfessional({ profileId: 'bedford-luton', nominated: false, caseHasOne: false, outcomeIds: ['no-further-action'] }), []);
    assert.deepEqual(checkKeyProfessional({ profileId: 'camden', nominated: false, caseHasOne: false, outcomeIds: ['x'] }), []);
  });
});

describe('criminal justice action against the child (staffordshire 37; bedford-luton 11.6; camden Part 4 §3, Part 1 §4.3)', () => {
  const ok: CriminalJusticeInput = {
    profileId: 'camden',
    childAge: 17,
    earlierMeetingHeld: true,
    diversionFailed: true,
    ageAndVulnerability: 'Seventeen, living independently, assessed as not vulnerable to coercion',
    genuinelyVoluntary: true,
    childUnderstands: true,
  };
  it('camden Part 4 §3: allowed when every condition is met', () => {
    assert.deepEqual(checkCriminalJusticeAgainstChild(ok), []);
  });
  it('camden Part 1 §4.3: never for a child under 16, and not with the age unknown', () => {
    const refused = checkCriminalJusticeAgainstChild({ ...ok, childAge: 15 });
    assert.deepEqual(codes(refused), ['cj-under-minimum-age']);
    assert.match(refused[0]!.message, /under 16/);
    assert.deepEqual(codes(checkCriminalJusticeAgainstChild({ ...ok, childAge: null })), ['cj-age-unknown']);
  });
  it('bedford-luton 11.6: the camden age bar does not apply elsewhere, the other conditions do', () => {
    assert.deepEqual(checkCriminalJusticeAgainstChild({ ...ok, profileId: 'bedford-luton', childAge: 15 }), []);
  });
  it('staffordshire 37: only at a re-convened meeting after an earlier one on the same case', () => {
    const refused = checkCriminalJusticeAgainstChild({ ...ok, earlierMeetingHeld: false });
    assert.deepEqual(codes(refused), ['cj-no-earlier-meeting']);
    assert.match(refused[0]!.message, /re-convened/);
  });
  it('staffordshire 37: every diversionary intervention has failed', () => {
    assert.deepEqual(codes(checkCriminalJusticeAgainstChild({ ...ok, diversionFailed: false })), ['cj-diversion-not-failed']);
  });
  it('bedford-luton 11.6: the three considerations are each answered, and each missing one is named', () => {
    assert.deepEqual(codes(checkCriminalJusticeAgainstChild({ ...ok, ageAndVulnerability: '' })), ['cj-age-vulnerability-missing']);
    assert.deepEqual(codes(checkCriminalJusticeAgainstChild({ ...ok, genuinelyVoluntary: false })), ['cj-not-genuinely-voluntary']);
    assert.deepEqual(codes(checkCriminalJusticeAgainstChild({ ...ok, childUnderstands: false })), ['cj-child-not-told']);
  });
});

describe('actions and who records (camden Part 3 §3.3; bedford-luton 7.14, 7.17)', () => {
  it('bedford-luton 7.14: an action needs an owner, a person or an agency', () => {
    assert.deepEqual(codes(checkAction({ what: 'Home visit', ownerUserId: undefined, ownerAgencyId: undefined, dueDate: '2026-12-01' })), ['action-owner-missing']);
    assert.deepEqual(checkAction({ what: 'Home visit', ownerUserId: 'u1', ownerAgencyId: undefined, dueDate: '2026-12-01' }), []);
    assert.deepEqual(checkAction({ what: 'Police checks', ownerUserId: undefined, ownerAgencyId: 'a1', dueDate: '2026-12-01' }), []);
  });
  it('camden Part 3 §3.3: an action needs a timescale', () => {
    assert.deepEqual(codes(checkAction({ what: 'Home visit', ownerUserId: 'u1', ownerAgencyId: undefined, dueDate: undefined })), ['action-date-missing']);
    assert.deepEqual(codes(checkAction({ what: 'Home visit', ownerUserId: 'u1', ownerAgencyId: undefined, dueDate: '2026-11-01', notBefore: '2026-11-16' })), ['action-date-past']);
  });
  it('camden Part 3 §3.3: the record is saved by the chair or an attendee', () => {
    assert.deepEqual(checkRecorder({ actorId: 'chair', chairId: 'chair', attendedUserIds: [] }), []);
    assert.deepEqual(checkRecorder({ actorId: 'u2', chairId: 'chair', attendedUserIds: ['u2'] }), []);
    assert.deepEqual(codes(checkRecorder({ actorId: 'u3', chairId: 'chair', attendedUserIds: ['u2'] })), ['recorder-not-present']);
  });
});
