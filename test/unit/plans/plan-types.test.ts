// Plan types under each profile, the whole check of a plan version, who writes a plan, what changed, and reviews.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PLACEMENT_CONSIDERATIONS, changedParts, checkPlanReview, checkPlanVersion, emptyPlanContent, planTypeOf, planTypesFor, planWriteRefusal } from '../../../src/domain/plans/plan-types.ts';
import type { PlanContent, PlanTypeOption } from '../../../src/domain/plans/plan-types.ts';

const codes = (r: { code: string }[]) => r.map((x) => x.code);
const camden = {
  planTypes: [
    { id: 'diversion-plan', label: 'Diversion plan', source: 'camden Part 3 §3.2', categories: [1 as const], note: 'Agreed by the CPO' },
    { id: 'support-plan', label: 'CATSE support plan', source: 'camden Part 3 §3.3', categories: [2 as const, 3 as const] },
    { id: 'care-plan', label: 'Care plan (looked-after child)', source: 'camden Part 4 §1.3' },
  ],
};
const cambridgeshire = { planTypes: [{ id: 'safety-plan', label: 'Safety plan (every case)', source: 'cambridgeshire 5, 6' }, { id: 'child-in-need-plan', label: 'Child in Need Plan', source: 'cambridgeshire 5' }] };
const content = (over: Partial<PlanContent> = {}): PlanContent => ({ ...emptyPlanContent(), ...over });
const typeOf = (profile: typeof camden | typeof cambridgeshire, id: string) => planTypeOf(profile, id) as PlanTypeOption;
const check = (type: PlanTypeOption, over: Partial<Parameters<typeof checkPlanVersion>[0]> = {}) =>
  checkPlanVersion({ type, profileId: 'camden', category: 1, lookedAfter: false, childAge: 14, content: content(), ...over });

describe('plan types offered under a profile (PROCEDURES.md step 8)', () => {
  it('cambridgeshire 5, 6; camden Part 3 §3.2; bedford-luton 11.9: the national plans come first under every profile', () => {
    const ids = planTypesFor({ planTypes: [{ id: 'exit-and-recovery-plan', label: 'Exit and recovery plan', source: 'staffordshire 10, 43' }] }).map((t) => t.id);
    assert.deepEqual(ids, ['safety-plan', 'diversion-plan', 'support-exit-plan', 'disruption-plan', PLACEMENT_CONSIDERATIONS, 'exit-and-recovery-plan']);
  });
  it('camden Part 3 §3.2: a profile type with a national id is merged into it, keeping its note', () => {
    const types = planTypesFor(camden);
    assert.equal(types.filter((t) => t.id === 'diversion-plan').length, 1);
    assert.equal(typeOf(camden, 'diversion-plan').note, 'Agreed by the CPO');
    assert.equal(typeOf(camden, 'diversion-plan').kind, 'diversion-plan');
    assert.match(typeOf(cambridgeshire, 'safety-plan').source, /cambridgeshire 5, 6/);
  });
  it('camden Part 3 §3.3: a profile-only type keeps its categories and is written as a whole', () => {
    const support = typeOf(camden, 'support-plan');
    assert.deepEqual(support.categories, [2, 3]);
    assert.equal(support.kind, null);
    assert.deepEqual(codes(check(support, { category: 1, content: content({ sections: { plan: 'Weekly key work' } }) })), ['plan-kind-category']);
    assert.deepEqual(check(support, { category: 2, content: content({ sections: { plan: 'Weekly key work' } }) }), []);
    assert.deepEqual(codes(check(support, { category: 2 })), ['plan-section-missing']);
  });
});

describe('checking a plan version', () => {
  const diversion = typeOf(camden, 'diversion-plan');
  const full = { health: 'GP', safety: 'x', education: 'x', 'links-with-vulnerable-children': 'x', 'offending-behaviour': 'x', 'if-risk-rises': 'x' };
  it('camden Part 3 §3.2: a diversion plan for category 1 needs each of its six sections', () => {
    assert.deepEqual(check(diversion, { content: content({ sections: full }) }), []);
    const missing = check(diversion, { content: content({ sections: { ...full, education: '  ' } }) });
    assert.deepEqual(missing.map((r) => r.field), ['section-education']);
    assert.deepEqual(codes(check(diversion, { category: 3, content: content({ sections: full }) })), ['plan-kind-category']);
  });
  it('bedford-luton 11.9: a disruption plan names a person of concern and refuses a child abduction notice for a 17-year-old', () => {
    const disruption = typeOf(camden, 'disruption-plan');
    const base = content({ sections: { perpetrators: 'Intelligence log 42' }, measures: ['observation'], personsOfConcern: [{ name: 'Mr X', details: '' }] });
    assert.deepEqual(check(disruption, { content: base }), []);
    assert.deepEqual(codes(check(disruption, { childAge: 17, content: { ...base, measures: ['child-abduction-notice'] } })), ['can-over-16']);
    assert.deepEqual(check(disruption, { childAge: 16, content: { ...base, measures: ['child-abduction-notice'] } }), []);
    assert.deepEqual(codes(check(disruption, { content: { ...base, personsOfConcern: [] } })), ['person-of-concern-missing']);
  });
  it('bedford-luton 11.9: disruption measures belong only in a police disruption plan', () => {
    const safety = typeOf(camden, 'safety-plan');
    const sections = { risks: 'x', 'keeping-safe': 'x', 'who-to-contact': 'x' };
    assert.deepEqual(codes(check(safety, { content: content({ sections, measures: ['observation'] }) })), ['measures-not-disruption-plan']);
  });
  it('bedford-luton 8.2; camden Part 4 §1.3: placement considerations are for a looked-after child and cover all three factors', () => {
    const placement = typeOf(camden, PLACEMENT_CONSIDERATIONS);
    const sections = { 'risks-to-other-children': 'x', 'remain-in-placement': 'x', 'controlling-movements': 'x' };
    assert.deepEqual(check(placement, { lookedAfter: true, content: content({ sections }) }), []);
    assert.deepEqual(codes(check(placement, { lookedAfter: false, content: content({ sections }) })), ['plan-needs-looked-after']);
    assert.deepEqual(check(placement, { lookedAfter: true, content: content({ sections: { ...sections, 'controlling-movements': '' } }) }).map((r) => r.field), ['section-controlling-movements']);
  });
  it('camden Part 4 §1.3: restriction of liberty in a looked-after child’s plan needs the Principal Officer’s recorded agreement', () => {
    const placement = typeOf(camden, PLACEMENT_CONSIDERATIONS);
    const sections = { 'risks-to-other-children': 'x', 'remain-in-placement': 'x', 'controlling-movements': 'x' };
    assert.deepEqual(codes(check(placement, { lookedAfter: true, content: content({ sections, careMeasures: ['restriction-of-liberty'] }) })), ['principal-officer-agreement-missing']);
    assert.deepEqual(check(placement, { lookedAfter: true, content: content({ sections, careMeasures: ['restriction-of-liberty'], principalOfficerAgreement: 'J. Smith, 1 Dec 2026' }) }), []);
  });
  it('cambridgeshire 5: secure accommodation for a child under 13 needs the Secretary of State’s approval; measures only for a looked-after child', () => {
    const safety = typeOf(cambridgeshire, 'safety-plan');
    const sections = { risks: 'x', 'keeping-safe': 'x', 'who-to-contact': 'x' };
    assert.deepEqual(codes(check(safety, { profileId: 'cambridgeshire', lookedAfter: true, childAge: 12, content: content({ sections, careMeasures: ['secure-accommodation'] }) })), ['secretary-of-state-approval-missing']);
    assert.deepEqual(codes(check(safety, { profileId: 'cambridgeshire', lookedAfter: false, childAge: 12, content: content({ sections, careMeasures: ['secure-accommodation'] }) })), ['care-measures-not-looked-after']);
  });
});

describe('who writes a plan', () => {
  it('bedford-luton 11.1, 11.9: the police write the disruption plan; network members and area roles write the others', () => {
    assert.equal(planWriteRefusal({ kind: 'disruption-plan', roles: ['police-investigator'], basis: 'network' }), null);
    assert.match(planWriteRefusal({ kind: 'disruption-plan', roles: ['social-worker'], basis: 'network' }) ?? '', /police/);
    assert.equal(planWriteRefusal({ kind: 'safety-plan', roles: ['cse-coordinator'], basis: 'area-role' }), null);
    assert.match(planWriteRefusal({ kind: 'safety-plan', roles: ['social-worker'], basis: 'break-glass' }) ?? '', /network/);
    assert.match(planWriteRefusal({ kind: null, roles: ['health-professional'], basis: 'meeting-invite' }) ?? '', /network/);
  });
});

describe('what changed between two versions', () => {
  it('names the sections and measures that differ, by their labels', () => {
    const type = typeOf(camden, 'diversion-plan');
    const before = content({ sections: { health: 'GP', safety: 'A' } });
    const after = content({ sections: { health: 'GP ', safety: 'B', education: 'School' }, careMeasures: ['confiscation-of-property'] });
    const changed = changedParts(type, before, after);
    assert.equal(changed.length, 3);
    assert.match(changed[0]!, /^Safety/);
    assert.match(changed[1]!, /^Education/);
    assert.equal(changed[2], 'Restrictive measures');
    assert.deepEqual(changedParts(type, before, { ...before, changeNote: 'only a note' }), []);
  });
});

describe('plan reviews', () => {
  const ids = ['a1', 'a2'];
  it('bedford-luton 7.14; camden Part 3 §3.3: progress is recorded for every open action, with an overall note', () => {
    assert.deepEqual(checkPlanReview({ openActionIds: ids, items: [{ actionId: 'a1', status: 'on-track', note: undefined }, { actionId: 'a2', status: 'achieved', note: undefined }], overallNote: 'Going well' }), []);
    const refused = checkPlanReview({ openActionIds: ids, items: [{ actionId: 'a1', status: undefined, note: undefined }, { actionId: 'a2', status: 'delayed', note: ' ' }], overallNote: '' });
    assert.deepEqual(refused.map((r) => r.field), ['overallNote', 'progress-0-status', 'progress-1-note']);
    assert.deepEqual(checkPlanReview({ openActionIds: [], items: [], overallNote: 'No open actions; plan holding' }), []);
  });
});
