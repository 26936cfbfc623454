// Plan guards: kinds by category, required sections, disruption measures and restricted care measures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkCareMeasures, checkChildAbductionNotice, checkDisruptionMeasures, checkPlanKindForCategory, checkPlanSections, PLAN_KIND_INFO } from '../../../src/domain/plans/plans.ts';

const codes = (r: { code: string }[]) => r.map((x) => x.code);

describe('plan kinds and sections', () => {
  it('camden Part 3 §3.2: a diversion plan is for category 1', () => {
    assert.deepEqual(checkPlanKindForCategory('diversion-plan', 1), []);
    assert.deepEqual(codes(checkPlanKindForCategory('diversion-plan', 2)), ['plan-kind-category']);
    assert.deepEqual(codes(checkPlanKindForCategory('diversion-plan', null)), ['plan-kind-category']);
  });
  it('camden Part 3 §3.3: a support plan and exit strategy is for categories 2 and 3', () => {
    assert.deepEqual(checkPlanKindForCategory('support-exit-plan', 3), []);
    assert.deepEqual(codes(checkPlanKindForCategory('support-exit-plan', 1)), ['plan-kind-category']);
  });
  it('cambridgeshire 5, 6: a safety plan is for every case', () => {
    for (const c of [1, 2, 3, null] as const) assert.deepEqual(checkPlanKindForCategory('safety-plan', c), []);
  });
  it('camden Part 3 §3.2: a diversion plan covers health, safety, education, links, offending, and what happens if risk rises', () => {
    assert.deepEqual(PLAN_KIND_INFO['diversion-plan'].sections.map((s) => s.id), ['health', 'safety', 'education', 'links-with-vulnerable-children', 'offending-behaviour', 'if-risk-rises']);
    const refused = checkPlanSections('diversion-plan', { health: 'GP', safety: 'x', education: 'x', 'links-with-vulnerable-children': 'x', 'offending-behaviour': 'x' });
    assert.deepEqual(refused.map((r) => r.field), ['section-if-risk-rises']);
  });
});

describe('disruption and care measures', () => {
  it('bedford-luton 11.9: a child abduction notice only for a child aged 16 or under', () => {
    assert.deepEqual(checkChildAbductionNotice(16), []);
    assert.deepEqual(codes(checkChildAbductionNotice(17)), ['can-over-16']);
    assert.deepEqual(codes(checkChildAbductionNotice(null)), ['can-age-unknown']);
    assert.deepEqual(codes(checkDisruptionMeasures({ measures: ['observation', 'child-abduction-notice'], childAge: 17 })), ['can-over-16']);
    assert.deepEqual(checkDisruptionMeasures({ measures: ['observation', 'licensing-powers'], childAge: 17 }), []);
    assert.deepEqual(codes(checkDisruptionMeasures({ measures: [], childAge: 12 })), ['disruption-measures-missing']);
  });
  it('camden Part 4 §1.3: restricting liberty or confiscating property of a looked-after child needs the Principal Officer’s agreement', () => {
    const base = { profileId: 'camden', lookedAfter: true, childAge: 15, principalOfficerAgreement: undefined, secretaryOfStateApproval: undefined };
    assert.deepEqual(codes(checkCareMeasures({ ...base, measures: ['confiscation-of-property'] })), ['principal-officer-agreement-missing']);
    assert.deepEqual(checkCareMeasures({ ...base, measures: ['confiscation-of-property'], principalOfficerAgreement: 'J. Smith, 12 Nov 2026' }), []);
    assert.deepEqual(checkCareMeasures({ ...base, lookedAfter: false, measures: ['restriction-of-liberty'] }), []);
  });
  it('cambridgeshire 5: secure accommodation for a child under 13 needs the Secretary of State’s approval', () => {
    const base = { profileId: 'cambridgeshire', lookedAfter: true, principalOfficerAgreement: undefined, secretaryOfStateApproval: undefined, measures: ['secure-accommodation'] };
    assert.deepEqual(codes(checkCareMeasures({ ...base, childAge: 12 })), ['secretary-of-state-approval-missing']);
    assert.deepEqual(checkCareMeasures({ ...base, childAge: 12, secretaryOfStateApproval: 'Approved 3 Nov 2026, ref 123' }), []);
    assert.deepEqual(checkCareMeasures({ ...base, childAge: 13 }), []);
  });
});
