// Who may refer to the CSE coordinator, per profile, and what a category decision must say.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  AGE_RULE_SUMMARY,
  CSE_REFERRER_ROLE_MATCHERS,
  checkCategoryDecision,
  checkDecline,
  defaultSharingLevel,
  differsFromSuggestion,
  followUpFor,
  mayReferToCse,
  mayWidenSharing,
} from '../../../src/domain/risk/cse-referral.ts';
import type { CseReferralRules, CseReferrerFacts } from '../../../src/domain/risk/cse-referral.ts';
import type { Role } from '../../../src/domain/access/roles.ts';

const PROFILES_DIR = join(import.meta.dirname, '..', '..', '..', 'src', 'profiles');
const profile = (id: string) => JSON.parse(readFileSync(join(PROFILES_DIR, `${id}.json`), 'utf8')) as { referral: { cseReferrers: CseReferralRules['cseReferrers'] }; vocabulary: { cseLeadRole: CseReferralRules['cseLeadRole'] } };
const rulesOf = (id: string): CseReferralRules => {
  const p = profile(id);
  return { cseReferrers: p.referral.cseReferrers, cseLeadRole: p.vocabulary.cseLeadRole };
};
const facts = (roles: Role[], overrides: Partial<CseReferrerFacts> = {}): CseReferrerFacts => ({ actorId: 'me', roles, agencyKind: 'social-care', leadProfessionalId: 'me', ...overrides });

describe('mayReferToCse: who may refer, per profile', () => {
  it('camden Part 3 §3.1: the allocated social worker (lead professional with the social-worker role) may refer', () => {
    assert.deepEqual(mayReferToCse(rulesOf('camden'), facts(['social-worker'])), { allowed: true, basis: 'allocated-social-worker' });
  });

  it('camden Part 3 §3.1: a social worker who is not the lead professional may not', () => {
    const p = mayReferToCse(rulesOf('camden'), facts(['social-worker'], { leadProfessionalId: 'someone-else' }));
    assert.equal(p.allowed, false);
    assert.equal(p.allowed === false && p.code, 'not-a-referrer');
    assert.match(p.allowed === false ? p.message : '', /allocated .*social worker/i);
    assert.match(p.allowed === false ? p.message : '', /camden Part 3 §3\.1/);
  });

  it('camden Part 3 §3.1: a lead professional who is not a social worker may not; nor police, health, coordinator or manager', () => {
    for (const roles of [['voluntary-key-worker'], ['police-investigator'], ['health-professional'], ['cse-coordinator'], ['team-manager']] as Role[][]) {
      assert.equal(mayReferToCse(rulesOf('camden'), facts(roles)).allowed, false, roles.join());
    }
    assert.equal(mayReferToCse(rulesOf('camden'), facts(['social-worker'], { leadProfessionalId: null })).allowed, false);
  });

  it('bedford-luton 11.5, 16.5: police officers and the probation service refer; a social worker does not', () => {
    const rules = rulesOf('bedford-luton');
    assert.equal(mayReferToCse(rules, facts(['police-investigator'], { agencyKind: 'police', leadProfessionalId: null })).allowed, true);
    assert.equal(mayReferToCse(rules, facts(['referrer'], { agencyKind: 'probation', leadProfessionalId: null })).allowed, true);
    assert.equal(mayReferToCse(rules, facts(['social-worker'])).allowed, false);
  });

  it('cambridgeshire 5 (silent on referrers, names a CSE lead): the lead professional or a social worker may refer', () => {
    const rules = rulesOf('cambridgeshire');
    assert.equal(mayReferToCse(rules, facts(['social-worker'], { leadProfessionalId: null })).allowed, true);
    assert.equal(mayReferToCse(rules, facts(['voluntary-key-worker'])).allowed, true);
    assert.equal(mayReferToCse(rules, facts(['health-professional'], { leadProfessionalId: 'x' })).allowed, false);
  });

  it('staffordshire and ird (no CSE lead): nobody may refer', () => {
    for (const id of ['staffordshire', 'ird']) {
      const p = mayReferToCse(rulesOf(id), facts(['social-worker']));
      assert.equal(p.allowed === false && p.code, 'no-cse-lead', id);
    }
  });

  it('every referrer role any profile names is recognised (fails closed otherwise)', () => {
    for (const file of readdirSync(PROFILES_DIR).filter((f) => f.endsWith('.json'))) {
      const referrers = profile(file.replace('.json', '')).referral.cseReferrers;
      if ('roles' in referrers) for (const role of referrers.roles) assert.ok(CSE_REFERRER_ROLE_MATCHERS[role.id], `${file}: ${role.id}`);
    }
  });
});

describe('checkCategoryDecision: the coordinator decides, the suggestion never does (camden Part 2 §2, Part 3 §3.1)', () => {
  it('needs a category and a rationale', () => {
    const codes = checkCategoryDecision({ category: undefined, suggested: 2, rationale: ' ', differsReason: undefined }).map((r) => r.code);
    assert.deepEqual(codes, ['category-required', 'rationale-required']);
  });

  it('agreeing with the suggestion needs no reason for a difference', () => {
    assert.deepEqual(checkCategoryDecision({ category: 2, suggested: 2, rationale: 'Overnight stays', differsReason: undefined }), []);
  });

  it('departing from the suggestion, up or down, needs the reason for the difference', () => {
    for (const category of [1, 3] as const) {
      const refusals = checkCategoryDecision({ category, suggested: 2, rationale: 'Because', differsReason: '' });
      assert.deepEqual(refusals.map((r) => r.field), ['differsReason']);
      assert.match(refusals[0]!.message, new RegExp(`category ${category} when the indicators suggest category 2`));
      assert.deepEqual(checkCategoryDecision({ category, suggested: 2, rationale: 'Because', differsReason: 'Police intelligence' }), []);
    }
  });

  it('with no suggestion (no levelled indicators) any category needs only a rationale', () => {
    assert.equal(differsFromSuggestion(3, null), false);
    assert.deepEqual(checkCategoryDecision({ category: 3, suggested: null, rationale: 'Known to police', differsReason: undefined }), []);
  });

  it('declining needs reasons, because the referrer is told', () => {
    assert.equal(checkDecline('')[0]?.code, 'reasons-required');
    assert.deepEqual(checkDecline('Not sexual exploitation: bullying at school'), []);
  });
});

describe('follow-up and sharing rules', () => {
  it('camden Part 3 §3.2: category 1 → a diversion plan by the lead social worker; §3.3: 2 and 3 → the coordinator convenes the meeting', () => {
    assert.deepEqual(followUpFor(1), { kind: 'diversion-plan', owner: 'lead-social-worker', source: 'camden Part 3 §3.2' });
    assert.equal(followUpFor(2).kind, 'convene-cse-meeting');
    assert.equal(followUpFor(3).owner, 'coordinator');
  });

  it('bedford-luton 3.10-3.11, 3.13, 3.8: the age rule recorded with a decision', () => {
    assert.match(AGE_RULE_SUMMARY['under-13'], /strategy discussion is presumed/);
    assert.match(AGE_RULE_SUMMARY['13-15'], /3\.13 checklist/);
    assert.match(AGE_RULE_SUMMARY['16-17'], /offered a service/);
  });

  it('DESIGN.md access model: only the recording agency widens an own-agency entry; police and health start at own-agency', () => {
    assert.equal(mayWidenSharing({ agencyId: 'police' }, { agencyId: 'police', sharingLevel: 'agency' }), true);
    assert.equal(mayWidenSharing({ agencyId: 'health' }, { agencyId: 'police', sharingLevel: 'agency' }), false);
    assert.equal(mayWidenSharing({ agencyId: 'police' }, { agencyId: 'police', sharingLevel: 'network' }), false);
    assert.equal(defaultSharingLevel('police'), 'agency');
    assert.equal(defaultSharingLevel('health'), 'agency');
    assert.equal(defaultSharingLevel('education'), 'network');
  });
});
