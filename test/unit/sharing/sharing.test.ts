// The rules of information sharing (PROCEDURES.md; bedford-luton 3.11-3.12, 5.6-5.7; camden Part 1 §6).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  approvalRefusal, consentGiverRefusal, consentGiversFor, initialStatus, publicInterestRefusals, tellingRefusals, widens, withdrawalRefusal, SHARING_STATUSES,
} from '../../../src/domain/sharing/sharing.ts';
import type { ApprovalFacts } from '../../../src/domain/sharing/sharing.ts';
import { canSeeEntry } from '../../../src/domain/access/access.ts';

describe('consent by age (camden Part 1 §6)', () => {
  it('camden Part 1 §6: a child aged 16 or over consents for themselves', () => {
    assert.equal(consentGiverRefusal({ giver: 'child-16-plus', childAge: 16 }), null);
    assert.equal(consentGiverRefusal({ giver: 'child-16-plus', childAge: 17 }), null);
    assert.deepEqual(consentGiversFor(16), ['child-16-plus', 'parental-responsibility']);
  });
  it('camden Part 1 §6: a child under 16 does not consent as a 16-year-old would', () => {
    assert.equal(consentGiverRefusal({ giver: 'child-16-plus', childAge: 15 })?.code, 'under-16');
    assert.equal(consentGiverRefusal({ giver: 'child-16-plus', childAge: null })?.code, 'age-unknown');
  });
  it('camden Part 1 §6: a child under 16 consents only if judged to have capacity, with the reasons recorded', () => {
    assert.equal(consentGiverRefusal({ giver: 'child-with-capacity', childAge: 14 })?.code, 'capacity-reasons');
    assert.equal(consentGiverRefusal({ giver: 'child-with-capacity', childAge: 14, capacityReasons: '  ' })?.code, 'capacity-reasons');
    assert.equal(consentGiverRefusal({ giver: 'child-with-capacity', childAge: 14, capacityReasons: 'Understands who will see it and why' }), null);
    assert.equal(consentGiverRefusal({ giver: 'child-with-capacity', childAge: 16, capacityReasons: 'x' })?.code, 'is-16-plus');
    assert.deepEqual(consentGiversFor(15), ['child-with-capacity', 'parental-responsibility']);
  });
  it('camden Part 1 §6: otherwise a person with parental responsibility consents, at any age', () => {
    for (const age of [null, 9, 15, 17]) assert.equal(consentGiverRefusal({ giver: 'parental-responsibility', childAge: age }), null);
  });
});

describe('sharing without consent (bedford-luton 5.7, 3.11)', () => {
  it('bedford-luton 5.7: all seven questions must be answered', () => {
    assert.equal(publicInterestRefusals({}).length, 7);
    const all = { crime: 'a', protection: 'b', risksToOthers: 'c', vulnerability: 'd', impact: 'e', proportionate: 'f', alternative: 'g' };
    assert.deepEqual(publicInterestRefusals(all), []);
    assert.deepEqual(publicInterestRefusals({ ...all, alternative: ' ' }).map((r) => r.field), ['answer-alternative']);
  });
  it('bedford-luton 3.11: without consent a decision waits for approval and widens nothing until then', () => {
    assert.equal(initialStatus('public-interest'), 'pending');
    assert.equal(initialStatus('child-protection'), 'pending');
    assert.equal(initialStatus('consent'), 'in-force');
    assert.equal(initialStatus('not-shared'), 'not-shared');
    assert.deepEqual(SHARING_STATUSES.filter(widens), ['in-force']);
  });

  const facts = (approver: Partial<ApprovalFacts['approver']>, decision: Partial<ApprovalFacts['decision']> = {}): ApprovalFacts => ({
    approver: { id: 'manager', agencyId: 'csc', roles: ['team-manager'], localAuthorityId: 'la', ...approver },
    decision: { requestedBy: 'police-officer', requestedAgencyId: 'police', caseLocalAuthorityId: 'la', status: 'pending', ...decision },
  });
  it('bedford-luton 3.11: the requester can never approve their own request, whatever their role', () => {
    assert.equal(approvalRefusal(facts({ id: 'police-officer' }))?.code, 'requester');
    assert.equal(approvalRefusal(facts({ id: 'dsl', agencyId: 'school', roles: ['designated-safeguarding-lead'] }, { requestedBy: 'dsl', requestedAgencyId: 'school' }))?.code, 'requester');
  });
  it('bedford-luton 3.11: a team manager of the area or the requesting agency’s designated safeguarding lead approves', () => {
    assert.equal(approvalRefusal(facts({})), null);
    assert.equal(approvalRefusal(facts({ localAuthorityId: 'elsewhere' }))?.code, 'not-approver');
    assert.equal(approvalRefusal(facts({ id: 'dsl', agencyId: 'police', roles: ['designated-safeguarding-lead'] })), null);
    assert.equal(approvalRefusal(facts({ id: 'dsl', agencyId: 'school', roles: ['designated-safeguarding-lead'] }))?.code, 'not-approver');
    assert.equal(approvalRefusal(facts({ id: 'worker', roles: ['social-worker'] }))?.code, 'not-approver');
  });
  it('bedford-luton 3.11: a request already decided is not decided again', () => {
    assert.equal(approvalRefusal(facts({}, { status: 'in-force' }))?.code, 'not-pending');
    assert.equal(approvalRefusal(facts({}, { status: 'declined' }))?.code, 'not-pending');
  });
});

describe('withdrawing consent and telling the child', () => {
  it('camden Part 1 §6: only consent in force can be withdrawn', () => {
    assert.equal(withdrawalRefusal({ basis: 'consent', status: 'in-force' }), null);
    assert.equal(withdrawalRefusal({ basis: 'consent', status: 'withdrawn' })?.code, 'not-in-force');
    assert.equal(withdrawalRefusal({ basis: 'public-interest', status: 'in-force' })?.code, 'not-consent');
  });
  it('camden Part 1 §6: when confidentiality is breached, who tells the child and when, or why not', () => {
    assert.deepEqual(tellingRefusals({}).map((r) => r.field), ['childTold']);
    assert.deepEqual(tellingRefusals({ childTold: 'will-tell' }).map((r) => r.field), ['tellerName', 'tellBy']);
    assert.deepEqual(tellingRefusals({ childTold: 'will-tell', tellerName: 'Sam Worker', tellBy: '2026-12-05' }), []);
    assert.deepEqual(tellingRefusals({ childTold: 'not-told' }).map((r) => r.field), ['notToldReason']);
    assert.deepEqual(tellingRefusals({ childTold: 'not-told', notToldReason: 'Would alert the perpetrator', familyTold: 'not-told' }).map((r) => r.field), ['familyNotToldReason']);
  });
  it('bedford-luton 3.11: an entry widens only through a decision in force, never by its own fields', () => {
    const entry = { sharingLevel: 'agency' as const, agencyId: 'police', authorId: 'officer', sharedWith: [] };
    const nurse = { id: 'nurse', roles: ['health-professional' as const], agencyId: 'health', localAuthorityId: 'la', active: true };
    assert.equal(canSeeEntry(nurse, entry), false);
    assert.equal(canSeeEntry(nurse, { ...entry, sharedByDecision: true }), true);
    assert.equal(canSeeEntry({ ...nurse, active: false }, { ...entry, sharedByDecision: true }), false);
  });
});
