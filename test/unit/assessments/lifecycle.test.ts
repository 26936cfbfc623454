import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMPLETED_EVENT,
  SECTIONS,
  SECTIONS_OF,
  SECTION_MAX_LENGTH,
  STARTED_EVENT,
  STATE_REFUSALS,
  decide,
  isAssessmentManager,
  relatedChildRefusals,
  submissionRefusals,
} from '../../../src/domain/assessments/index.ts';
import type { AssessmentState, SectionId } from '../../../src/domain/assessments/index.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const now = londonInstant('2026-11-16', 10, 30);
const author = { id: 'worker', isManager: false };
const manager = { id: 'manager', isManager: true };
const draft = (over: Partial<AssessmentState> = {}): AssessmentState => ({ status: 'draft', kind: 'initial', authorId: 'worker', submittedBy: null, significantHarmFound: false, ...over });
const full = (kind: 'initial' | 'core') => Object.fromEntries(SECTIONS_OF[kind].map((id) => [id, `What was found about ${id}.`])) as Record<SectionId, string>;
const codes = (d: ReturnType<typeof decide>) => (d.ok ? [] : d.refusals.map((r) => r.code));

describe('what each assessment records', () => {
  it('staffordshire 25: the initial assessment covers developmental needs, parenting capacity, family and environmental factors, the child’s views and services', () => {
    assert.deepEqual(SECTIONS_OF.initial, ['developmentalNeeds', 'parentingCapacity', 'familyAndEnvironment', 'childsViews', 'servicesNeeded']);
  });
  it('staffordshire 31 and cambridgeshire 5: the core assessment adds the analysis of significant harm and the recommendation', () => {
    assert.deepEqual(SECTIONS_OF.core, [...SECTIONS_OF.initial, 'significantHarm', 'recommendation']);
  });
  it('staffordshire 25, 31: authorising an initial assessment completes it; a core assessment’s clock starts when it starts', () => {
    assert.equal(COMPLETED_EVENT.initial, 'initial-assessment-completed');
    assert.equal(STARTED_EVENT.initial, null);
    assert.equal(STARTED_EVENT.core, 'core-assessment-started');
    assert.equal(COMPLETED_EVENT.core, 'core-assessment-completed');
  });
});

describe('completeness for submission (staffordshire 25)', () => {
  it('a complete initial assessment has no refusals', () => {
    assert.deepEqual(submissionRefusals('initial', full('initial')), []);
  });
  it('each blank section is refused against its field with the GOV.UK message', () => {
    const refusals = submissionRefusals('core', { ...full('core'), parentingCapacity: '   ', recommendation: '' });
    assert.deepEqual(refusals.map((r) => [r.field, r.message]), [
      ['parentingCapacity', 'Enter the parents’ or carers’ capacity to meet the child’s needs'],
      ['recommendation', 'Enter the recommendation'],
    ]);
    assert.equal(refusals[1]!.source, 'cambridgeshire 5');
  });
});

describe('an assessment’s lifecycle (staffordshire 25; camden Part 3 §2)', () => {
  it('save: a draft keeps whatever was typed, blank or not; only the size is checked', () => {
    assert.deepEqual(decide(draft(), { type: 'save', actor: author, sections: { developmentalNeeds: '  half a thought ' } }, now), { ok: true, events: [{ type: 'draft-saved', at: now }] });
    const long = decide(draft(), { type: 'save', actor: author, sections: { childsViews: 'x'.repeat(SECTION_MAX_LENGTH + 1) } }, now);
    assert.deepEqual(codes(long), ['section-too-long']);
    assert.equal(!long.ok && long.refusals[0]!.field, 'childsViews');
  });
  it('save: a submitted assessment cannot be changed until a manager returns it', () => {
    assert.deepEqual(codes(decide(draft({ status: 'submitted', submittedBy: 'worker' }), { type: 'save', actor: author, sections: {} }, now)), ['submitted']);
  });
  it('submit: draft → submitted for authorisation, when every section has text', () => {
    const d = decide(draft(), { type: 'submit', actor: author, sections: full('initial') }, now);
    assert.deepEqual(d, { ok: true, events: [{ type: 'draft-saved', at: now }, { type: 'submitted', at: now, by: 'worker' }] });
  });
  it('submit: an incomplete assessment is refused with one refusal a blank section', () => {
    assert.deepEqual(codes(decide(draft(), { type: 'submit', actor: author, sections: { developmentalNeeds: 'Some' } }, now)), ['section-missing', 'section-missing', 'section-missing', 'section-missing']);
  });
  it('submit: one already submitted is refused', () => {
    assert.deepEqual(codes(decide(draft({ status: 'submitted' }), { type: 'submit', actor: author, sections: full('initial') }, now)), ['submitted']);
  });
  it('authorise: submitted → authorised by a manager', () => {
    assert.deepEqual(decide(draft({ status: 'submitted', submittedBy: 'worker' }), { type: 'authorise', actor: manager }, now), { ok: true, events: [{ type: 'authorised', at: now, by: 'manager' }] });
  });
  it('authorise: someone who is not a manager is refused', () => {
    assert.deepEqual(codes(decide(draft({ status: 'submitted', submittedBy: 'worker' }), { type: 'authorise', actor: { id: 'other', isManager: false } }, now)), ['not-a-manager']);
  });
  it('authorise: a manager cannot authorise an assessment they wrote or submitted', () => {
    assert.deepEqual(codes(decide(draft({ status: 'submitted', authorId: 'manager', submittedBy: 'manager' }), { type: 'authorise', actor: manager }, now)), ['own-assessment']);
    assert.deepEqual(codes(decide(draft({ status: 'submitted', submittedBy: 'manager' }), { type: 'authorise', actor: manager }, now)), ['own-assessment']);
  });
  it('authorise: a draft cannot be authorised', () => {
    assert.deepEqual(codes(decide(draft(), { type: 'authorise', actor: manager }, now)), ['not-submitted']);
  });
  it('return: submitted → draft again, with the manager’s reason', () => {
    assert.deepEqual(decide(draft({ status: 'submitted', submittedBy: 'worker' }), { type: 'return', actor: manager, reason: '  Add the child’s own words.  ' }, now), {
      ok: true,
      events: [{ type: 'returned', at: now, by: 'manager', reason: 'Add the child’s own words.' }],
    });
  });
  it('return: needs a reason, and a manager', () => {
    assert.deepEqual(codes(decide(draft({ status: 'submitted' }), { type: 'return', actor: manager, reason: 'no' }, now)), ['reason-missing']);
    assert.deepEqual(codes(decide(draft({ status: 'submitted' }), { type: 'return', actor: author, reason: 'A good long reason' }, now)), ['not-a-manager']);
  });
  it('authorised is final: nothing more can be saved, submitted, authorised or returned', () => {
    const done = draft({ status: 'authorised' });
    for (const command of [
      { type: 'save', actor: author, sections: {} },
      { type: 'submit', actor: author, sections: full('initial') },
      { type: 'authorise', actor: manager },
      { type: 'return', actor: manager, reason: 'A good long reason' },
      { type: 'record-significant-harm', actor: author, early: true, details: 'A good long description' },
    ] as const) {
      assert.deepEqual(codes(decide(done, command, now)), ['authorised']);
    }
    assert.ok(STATE_REFUSALS.includes('authorised'));
  });
});

describe('continuing risk of significant harm during the initial assessment (staffordshire 28, 29)', () => {
  it('is recorded once, saying whether it was found early (the 2-working-day strategy meeting, staffordshire 29)', () => {
    assert.deepEqual(decide(draft(), { type: 'record-significant-harm', actor: author, early: true, details: 'Disclosed abuse by an adult.' }, now), {
      ok: true,
      events: [{ type: 'significant-harm-found', at: now, by: 'worker', early: true, details: 'Disclosed abuse by an adult.' }],
    });
    assert.deepEqual(codes(decide(draft({ significantHarmFound: true }), { type: 'record-significant-harm', actor: author, early: false, details: 'Disclosed abuse by an adult.' }, now)), ['significant-harm-recorded']);
  });
  it('needs the answer on "early" and a description', () => {
    assert.deepEqual(codes(decide(draft(), { type: 'record-significant-harm', actor: author, early: undefined, details: '' }, now)), ['early-missing', 'details-missing']);
  });
  it('belongs to an initial assessment only', () => {
    assert.deepEqual(codes(decide(draft({ kind: 'core' }), { type: 'record-significant-harm', actor: author, early: true, details: 'Disclosed abuse by an adult.' }, now)), ['not-initial']);
  });
});

describe('who is a manager for an assessment (issue 11)', () => {
  const kase = { localAuthorityId: 'la-1', managerId: 'named-manager' };
  it('a team manager of the case’s local authority', () => {
    assert.equal(isAssessmentManager({ id: 'm', roles: ['team-manager'], localAuthorityId: 'la-1' }, kase), true);
    assert.equal(isAssessmentManager({ id: 'm', roles: ['team-manager'], localAuthorityId: 'la-2' }, kase), false);
  });
  it('the case’s named manager, whatever their role', () => {
    assert.equal(isAssessmentManager({ id: 'named-manager', roles: ['cse-coordinator'], localAuthorityId: 'la-2' }, kase), true);
  });
  it('not a social worker', () => {
    assert.equal(isAssessmentManager({ id: 'w', roles: ['social-worker'], localAuthorityId: 'la-1' }, kase), false);
  });
});

describe('related children (staffordshire 26; ird)', () => {
  const ok = { name: 'Kayla', relationship: 'sibling', personOfConcern: undefined, decision: 'assessed-here', reason: undefined };
  it('a sibling assessed within this assessment needs no reason', () => {
    assert.deepEqual(relatedChildRefusals(ok), []);
  });
  it('referred or no action needs a reason', () => {
    assert.deepEqual(relatedChildRefusals({ ...ok, decision: 'no-action', reason: 'n/a' }).map((r) => r.code), ['reason-missing']);
    assert.deepEqual(relatedChildRefusals({ ...ok, decision: 'referred', reason: 'Seen with the same adults at the shop.' }), []);
  });
  it('ird: a person of concern’s own child names the person of concern', () => {
    assert.deepEqual(relatedChildRefusals({ ...ok, relationship: 'child-of-person-of-concern' }).map((r) => r.code), ['person-of-concern-missing']);
  });
  it('refuses a missing name, relationship and decision', () => {
    assert.deepEqual(relatedChildRefusals({ name: ' ', relationship: 'cousin', personOfConcern: undefined, decision: undefined, reason: undefined }).map((r) => r.code), ['name-missing', 'relationship-missing', 'decision-missing']);
  });
  it('every section has its label and message', () => {
    for (const s of Object.values(SECTIONS)) assert.ok(s.label && s.missing.startsWith('Enter'));
  });
});
