import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { conditionHolds, conditionsSettledBy, rulesNoLongerRequired } from '../../../src/domain/profiles/conditions.ts';
import { loadAllProfiles, loadProfile } from '../../../src/profiles/index.ts';
import { procedureViewModel, timescaleText } from '../../../src/features/profiles/presenters.ts';

describe('timescale conditions', () => {
  it('camden Part 3 §3.3: the CATSE meeting clock is only for category 2 or 3', () => {
    assert.equal(conditionHolds('category-2-or-3', { category: 1 }), false);
    assert.equal(conditionHolds('category-2-or-3', { category: 2 }), true);
    assert.equal(conditionHolds('category-2-or-3', { category: 3 }), true);
    assert.equal(conditionHolds('category-2-or-3', {}), false);
  });
  it('bedford-luton 7.14 / camden Part 3 §3.3: no review clock after no further action or child protection procedures', () => {
    assert.equal(conditionHolds('unless-nfa-or-cp', { meetingOutcomes: ['diversion-plan'] }), true);
    assert.equal(conditionHolds('unless-nfa-or-cp', { meetingOutcomes: ['no-further-action'] }), false);
    assert.equal(conditionHolds('unless-nfa-or-cp', { meetingOutcomes: ['child-protection-procedures'] }), false);
  });
  it('camden Part 3 §2: the 48-hour and 7-day clocks apply when the child is not known; unknown counts as not known', () => {
    assert.equal(conditionHolds('child-not-known-to-social-care', { childKnownToSocialCare: true }), false);
    assert.equal(conditionHolds('child-not-known-to-social-care', { childKnownToSocialCare: false }), true);
    assert.equal(conditionHolds('child-not-known-to-social-care', {}), true);
  });
  it('no condition always holds', () => {
    assert.equal(conditionHolds(undefined, {}), true);
  });
});

describe('the Procedure in force page shows each profile faithfully', () => {
  it('every profile renders its board, timescales with sources, and meetings', () => {
    for (const profile of loadAllProfiles()) {
      const view = procedureViewModel(profile);
      assert.equal(view.board, profile.board);
      assert.equal(view.timescales.length, profile.timescales.length);
      assert.ok(view.meetingTypes.length >= 1, profile.id);
      for (const t of view.timescales) assert.ok(t.source.length > 0, `${profile.id} ${t.id}`);
    }
  });
  it('says when the procedure is silent instead of inventing a number', () => {
    const camden = loadProfile('camden');
    const silent = camden.timescales.find((t) => t.id === 'core-assessment')!;
    assert.equal(timescaleText(silent), 'The procedure gives no timescale');
    const numeric = camden.timescales.find((t) => t.id === 'cse-meeting')!;
    assert.equal(timescaleText(numeric), 'Within 15 working days');
  });
  it('camden Appendix 2: groups the wards under the North and South teams', () => {
    const view = procedureViewModel(loadProfile('camden'));
    assert.equal(view.routing.wards.length, 2);
    assert.ok(view.routing.wards[0]!.wards.includes('Kilburn') || view.routing.wards[1]!.wards.includes('Kilburn'));
  });
});

describe('facts learnt after a clock started', () => {
  const rules = loadProfile('camden').timescales;
  it('camden Part 3 §2: a child found to be known to social care no longer needs the 48-hour and 7-day clocks', () => {
    assert.deepEqual(rulesNoLongerRequired(rules, { childKnownToSocialCare: true }).map((r) => r.id).sort(), ['initial-assessment', 'written-confirmation']);
    assert.deepEqual(rulesNoLongerRequired(rules, { childKnownToSocialCare: false }), []);
  });
  it('only the conditions the facts speak to are reconsidered: an unknown category withdraws nothing', () => {
    assert.deepEqual(conditionsSettledBy({}), []);
    assert.deepEqual(rulesNoLongerRequired(rules, {}), []);
    assert.deepEqual(conditionsSettledBy({ childKnownToSocialCare: true }), ['child-not-known-to-social-care']);
  });
  it('camden Part 3 §3.3: a category 1 decision settles the CATSE meeting clock against it', () => {
    assert.deepEqual(rulesNoLongerRequired(rules, { category: 1 }).map((r) => r.id), ['cse-meeting']);
  });
});
