// Invitee suggestions from the profile's roles, and the Section 47 outcome mapping.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadProfile } from '../../../src/profiles/index.ts';
import { meetingTypeOf } from '../../../src/domain/meetings/rules.ts';
import { inviteeRoleFor, suggestInvitees, unfilledInviteeRoles, UNLISTED_INVITEE } from '../../../src/domain/meetings/invitees.ts';
import { checkSection47Outcome, section47NextSteps } from '../../../src/domain/meetings/section47.ts';

const catse = meetingTypeOf(loadProfile('camden'), 'catse-meeting')!;
const bedfordStrategy = meetingTypeOf(loadProfile('bedford-luton'), 'strategy-meeting')!;
const ird = meetingTypeOf(loadProfile('ird'), 'inter-agency-referral-discussion')!;

describe('invitees by profile role (camden Part 3 §3.3; bedford-luton 7.13)', () => {
  it('camden Part 3 §3.3: the lead social worker is the allocated social worker, police go to Sapphire, outreach to BYWP', () => {
    const suggested = suggestInvitees(catse, [
      { userId: 'sw', roles: ['social-worker'], isLeadProfessional: true },
      { userId: 'pc', roles: ['police-investigator'], isLeadProfessional: false },
      { userId: 'kw', roles: ['voluntary-key-worker'], isLeadProfessional: false },
      { userId: 'iro', roles: ['independent-reviewing-officer'], isLeadProfessional: false },
    ]);
    assert.deepEqual(suggested.map((s) => s.invitedRole), ['allocated-social-worker', 'police-sapphire', 'barnardos-ywp-worker', 'other-relevant-person']);
    assert.match(suggested[0]!.label, /Allocated social worker/);
  });
  it('bedford-luton 7.12-7.13: the lead professional fills the lead professional role, police the CAIU officer', () => {
    assert.equal(inviteeRoleFor(bedfordStrategy, { userId: 'x', roles: ['social-worker'], isLeadProfessional: true }), 'lead-professional');
    assert.equal(inviteeRoleFor(bedfordStrategy, { userId: 'x', roles: ['police-investigator'], isLeadProfessional: false }), 'caiu-officer');
  });
  it('ird "Inter-agency planning": no invitee list, so everyone is an invited professional', () => {
    assert.equal(inviteeRoleFor(ird, { userId: 'x', roles: ['social-worker'], isLeadProfessional: true }), UNLISTED_INVITEE.role);
  });
  it('camden Part 3 §3.3: roles nobody fills are shown as gaps', () => {
    const gaps = unfilledInviteeRoles(catse, ['allocated-social-worker']).map((r) => r.role);
    assert.ok(gaps.includes('child-and-parents'));
    assert.ok(!gaps.includes('allocated-social-worker'));
  });
});

describe('Section 47 outcomes (cambridgeshire 5)', () => {
  it('cambridgeshire 5: substantiated leads to an initial child protection conference', () => {
    assert.equal(section47NextSteps({ outcome: 'substantiated', childHasProtectionPlan: false }).task, 'initial-child-protection-conference');
  });
  it('cambridgeshire 5: substantiated with a child protection plan already leads to a review conference', () => {
    assert.equal(section47NextSteps({ outcome: 'substantiated', childHasProtectionPlan: true }).task, 'review-conference');
  });
  it('cambridgeshire 5: not substantiated leads to a CIN plan, early help or no further action', () => {
    assert.equal(section47NextSteps({ outcome: 'not-substantiated', childHasProtectionPlan: false, followUp: 'child-in-need-plan' }).task, 'child-in-need-plan');
    assert.equal(section47NextSteps({ outcome: 'not-substantiated', childHasProtectionPlan: false, followUp: 'early-help' }).task, 'early-help');
    assert.equal(section47NextSteps({ outcome: 'not-substantiated', childHasProtectionPlan: false, followUp: 'no-further-action' }).task, null);
  });
  it('cambridgeshire 5: the CSE lead is always told', () => {
    for (const outcome of ['substantiated', 'not-substantiated'] as const) assert.equal(section47NextSteps({ outcome, childHasProtectionPlan: false }).notifyCseLead, true);
  });
  it('cambridgeshire 5: the outcome, the follow-up and the reasons are required', () => {
    const allowed = ['substantiated', 'not-substantiated'];
    const codes = (r: { code: string }[]) => r.map((x) => x.code);
    assert.deepEqual(codes(checkSection47Outcome({ outcome: undefined, allowed, followUp: undefined, reasons: undefined, dueDate: undefined })), ['s47-outcome-missing']);
    assert.deepEqual(codes(checkSection47Outcome({ outcome: 'not-substantiated', allowed, followUp: undefined, reasons: 'No evidence of harm found', dueDate: undefined })), ['s47-follow-up-missing']);
    assert.deepEqual(codes(checkSection47Outcome({ outcome: 'substantiated', allowed, followUp: undefined, reasons: 'Disclosure and medical evidence', dueDate: undefined })), ['s47-task-date-missing']);
    assert.deepEqual(checkSection47Outcome({ outcome: 'not-substantiated', allowed, followUp: 'no-further-action', reasons: 'No evidence, no additional needs', dueDate: undefined }), []);
  });
});
