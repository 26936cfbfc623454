import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkTriageDecision, presumesStrategyDiscussion, TRIAGE_DECISIONS, TRIAGE_DECISION_INFO } from '../../../src/domain/triage/decisions.ts';
import type { TriageInput } from '../../../src/domain/triage/decisions.ts';

const NOW = new Date('2026-11-16T10:30:00Z');
const base = (overrides: Partial<TriageInput> = {}): TriageInput => ({
  decision: 'no-further-action',
  reasons: 'No new information of concern.',
  ageBand: '16-17',
  sexualActivity: false,
  checklistItemIds: ['q1', 'q2'],
  checklistAnswers: {},
  childIdentified: true,
  now: NOW,
  ...overrides,
});
const codes = (input: TriageInput) => checkTriageDecision(input).map((r) => r.code);

describe('front-door decisions (PROCEDURES.md flow step 4)', () => {
  it('every decision has a label, a hint and a source', () => {
    for (const d of TRIAGE_DECISIONS) {
      assert.ok(TRIAGE_DECISION_INFO[d].label && TRIAGE_DECISION_INFO[d].hint && TRIAGE_DECISION_INFO[d].source, d);
    }
  });

  it('bedford-luton 7.6: no further action needs reasons the referrer can be told', () => {
    assert.deepEqual(codes(base()), []);
    assert.deepEqual(codes(base({ reasons: 'short' })), ['reasons-required']);
  });

  it('staffordshire 25: an initial assessment needs an allocated social worker and an identified child', () => {
    assert.deepEqual(codes(base({ decision: 'initial-assessment' })), ['worker-required']);
    assert.deepEqual(codes(base({ decision: 'initial-assessment', allocatedWorkerId: 'w1', childIdentified: false })), ['child-not-identified']);
    assert.deepEqual(codes(base({ decision: 'initial-assessment', allocatedWorkerId: 'w1' })), []);
  });

  it('bedford-luton 11.4: immediate protective action records what and when, not in the future', () => {
    assert.deepEqual(codes(base({ decision: 'immediate-protective-action' })), ['action-required', 'action-time-required']);
    assert.deepEqual(codes(base({ decision: 'immediate-protective-action', protectiveAction: 'police-protection-s46', protectiveActionAt: new Date(NOW.getTime() + 3_600_000) })), ['action-time-future']);
    assert.deepEqual(codes(base({ decision: 'immediate-protective-action', protectiveAction: 'tasered', protectiveActionAt: NOW })), ['action-required']);
    assert.deepEqual(codes(base({ decision: 'immediate-protective-action', protectiveAction: 'emergency-protection-order-s44', protectiveActionAt: NOW })), []);
  });

  it('bedford-luton 18: referring on needs the home authority', () => {
    assert.deepEqual(codes(base({ decision: 'refer-to-home-authority' })), ['home-authority-required']);
    assert.deepEqual(codes(base({ decision: 'refer-to-home-authority', homeAuthority: 'Luton' })), []);
  });

  it('bedford-luton 3.10-3.11: under 13 with sexual activity presumes a strategy discussion', () => {
    assert.equal(presumesStrategyDiscussion('under-13', true), true);
    assert.equal(presumesStrategyDiscussion('under-13', false), false);
    assert.equal(presumesStrategyDiscussion('13-15', true), false);
    assert.equal(presumesStrategyDiscussion(null, true), false);
    const under13 = base({ ageBand: 'under-13', sexualActivity: true });
    assert.deepEqual(codes(under13), ['presumption-reason-required']);
    assert.deepEqual(codes({ ...under13, presumptionReason: 'Misunderstanding confirmed by the reporter.' }), []);
    assert.deepEqual(codes({ ...under13, decision: 'strategy-discussion' }), []);
    assert.deepEqual(codes({ ...under13, decision: 'immediate-protective-action', protectiveAction: 'police-protection-s46', protectiveActionAt: NOW }), []);
  });

  it('bedford-luton 3.13: for 13 to 15 year olds with sexual activity every checklist question is answered', () => {
    const teen = base({ ageBand: '13-15', sexualActivity: true });
    assert.deepEqual(codes(teen), ['checklist-incomplete']);
    assert.deepEqual(codes({ ...teen, checklistAnswers: { q1: 'yes', q2: 'maybe' } }), ['checklist-incomplete']);
    assert.deepEqual(codes({ ...teen, checklistAnswers: { q1: 'yes', q2: 'not-known' } }), []);
    assert.deepEqual(codes({ ...teen, sexualActivity: false }), []);
  });
});
