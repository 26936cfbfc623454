/**
 * One test per numeric timescale in the PROCEDURES.md table: load the profile, take the rule,
 * start it at a concrete moment and assert the exact due instant.
 *
 * Default start: Friday 18 December 2026, 16:30 London (GMT, so 16:30 UTC). Bank holidays ahead:
 * Christmas Day (Fri 25 Dec), Boxing Day substitute (Mon 28 Dec), New Year's Day (Fri 1 Jan 2027).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeCalendar } from '../../../src/domain/clock/bank-holidays.ts';
import { dueAt } from '../../../src/domain/clock/due.ts';
import { londonInstant } from '../../../src/domain/clock/london-time.ts';
import type { TimescaleRule } from '../../../src/domain/profiles/schema.ts';
import { loadProfile } from '../../../src/profiles/index.ts';

const calendar = makeCalendar();
const FRIDAY_BEFORE_CHRISTMAS = londonInstant('2026-12-18', 16, 30);

function rule(profileId: string, ruleId: string): TimescaleRule {
  const found = loadProfile(profileId).timescales.find((r) => r.id === ruleId);
  assert.ok(found, `${profileId} has no timescale "${ruleId}"`);
  return found;
}

function dueFor(profileId: string, ruleId: string, start: Date = FRIDAY_BEFORE_CHRISTMAS): string {
  const r = rule(profileId, ruleId);
  assert.ok(r.duration, `${profileId} ${ruleId} has no duration`);
  return dueAt(start, r.duration, calendar).toISOString();
}

describe('concern referred to children\'s social care', () => {
  test('bedford-luton 2.8, 12.4: referral within 24 hours of the concern becoming apparent', () => {
    const r = rule('bedford-luton', 'referral-to-social-care');
    assert.equal(r.startsOn, 'concern-identified');
    assert.equal(r.stopsOn, 'referral-made');
    assert.equal(dueFor('bedford-luton', 'referral-to-social-care'), '2026-12-19T16:30:00.000Z');
  });
});

describe('first response', () => {
  test('staffordshire 24: First Response Team discusses with the referrer and consults agencies within 24 hours', () => {
    assert.equal(rule('staffordshire', 'first-response').startsOn, 'contact-received');
    assert.equal(dueFor('staffordshire', 'first-response'), '2026-12-19T16:30:00.000Z');
  });
});

describe('urgent telephone referral confirmed in writing', () => {
  test('camden Part 3 §2: telephone referral confirmed in writing on the CAF within 48 hours', () => {
    assert.equal(rule('camden', 'written-confirmation').startsOn, 'phone-referral-received');
    assert.equal(dueFor('camden', 'written-confirmation'), '2026-12-20T16:30:00.000Z');
  });
});

describe('referrer told the outcome', () => {
  test('camden Part 3 §2: referrer notified of the outcome within 24 hours', () => {
    assert.equal(rule('camden', 'referrer-told-outcome').stopsOn, 'referrer-informed-of-outcome');
    assert.equal(dueFor('camden', 'referrer-told-outcome'), '2026-12-19T16:30:00.000Z');
  });
});

describe('initial assessment completed', () => {
  test('staffordshire 25: initial assessment within 7 days (calendar days, Christmas Day counts)', () => {
    assert.equal(dueFor('staffordshire', 'initial-assessment'), '2026-12-25T23:59:59.999Z');
  });

  test('camden Part 3 §2, Part 4 §1.2: initial assessment within 7 days of the referral', () => {
    assert.equal(rule('camden', 'initial-assessment').condition, 'child-not-known-to-social-care');
    assert.equal(dueFor('camden', 'initial-assessment'), '2026-12-25T23:59:59.999Z');
  });
});

describe('strategy meeting', () => {
  test('staffordshire 29: strategy meeting within 2 working days of continuing significant harm being found', () => {
    assert.equal(rule('staffordshire', 'strategy-meeting').startsOn, 'continuing-significant-harm-found');
    // Mon 21 (1), Tue 22 (2)
    assert.equal(dueFor('staffordshire', 'strategy-meeting'), '2026-12-22T23:59:59.999Z');
  });
});

describe('core assessment', () => {
  test('staffordshire 31: core assessment within 35 working days', () => {
    // 21-24 Dec (4); 29-31 Dec (7); 4-8 Jan (12); 11-15 (17); 18-22 (22); 25-29 (27); 1-5 Feb (32); 8, 9, 10 Feb (35)
    assert.equal(dueFor('staffordshire', 'core-assessment'), '2027-02-10T23:59:59.999Z');
  });
});

describe('CSE coordinator decision', () => {
  test('camden Part 3 §3.1: CPO for CATSE decides on the referral within 24 hours', () => {
    assert.equal(rule('camden', 'cse-referral-decision').startsOn, 'cse-referral-received');
    assert.equal(dueFor('camden', 'cse-referral-decision'), '2026-12-19T16:30:00.000Z');
  });
});

describe('CSE meeting for category 2 or 3', () => {
  test('camden Part 3 §3.3: CATSE meeting within 15 working days', () => {
    const r = rule('camden', 'cse-meeting');
    assert.equal(r.startsOn, 'cse-category-decided');
    assert.equal(r.condition, 'category-2-or-3');
    // 21-24 Dec (4); 25, 28 Dec holidays; 29-31 Dec (7); 1 Jan holiday; 4-8 Jan (12); 11, 12, 13 Jan (15)
    assert.equal(dueFor('camden', 'cse-meeting'), '2027-01-13T23:59:59.999Z');
  });
});

describe('review meeting', () => {
  test('bedford-luton 7.14: review no later than 3 months after the initial meeting', () => {
    assert.equal(rule('bedford-luton', 'review-meeting').condition, 'unless-nfa-or-cp');
    assert.equal(dueFor('bedford-luton', 'review-meeting'), '2027-03-18T23:59:59.999Z');
  });

  test('camden Part 3 §3.3: review no later than 3 months after the initial meeting (31 January -> 30 April, in BST)', () => {
    assert.equal(rule('camden', 'review-meeting').condition, 'unless-nfa-or-cp');
    assert.equal(dueFor('camden', 'review-meeting', londonInstant('2027-01-31', 10, 0)), '2027-04-30T22:59:59.999Z');
  });
});

describe('documents without numbers', () => {
  test('ird and cambridgeshire have no numeric timescale, and say so', () => {
    for (const id of ['ird', 'cambridgeshire']) {
      for (const r of loadProfile(id).timescales) {
        assert.equal(r.duration, null, `${id} ${r.id}`);
        assert.ok(r.silent === true || typeof r.qualitative === 'string', `${id} ${r.id}`);
      }
    }
    assert.equal(rule('ird', 'referral-to-social-care').qualitative, 'prompt');
    assert.equal(rule('cambridgeshire', 'referral-to-social-care').qualitative, 'at the earliest opportunity');
  });
});
