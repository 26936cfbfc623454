// The front door's missing steps (issue 11): written confirmation, the referral clock's moments, police protection
// and the out-of-hours handover, as pure rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROCEDURE_FORM, awaitsWrittenConfirmation, checkWrittenConfirmation, mayBeConfirmedInWriting } from '../../../src/domain/front-door/written-confirmation.ts';
import type { WrittenConfirmationInput } from '../../../src/domain/front-door/written-confirmation.ts';
import { apparentAtRefusal, referralClockChange } from '../../../src/domain/front-door/referral-clock.ts';
import {
  POLICE_PROTECTION_MAX_HOURS, POLICE_PROTECTION_OUTCOMES, checkPoliceProtectionOutcome, checkPoliceProtectionStart, endedPastLimit, policeProtectionEndsBy,
} from '../../../src/domain/front-door/police-protection.ts';
import type { PoliceProtectionOutcome } from '../../../src/domain/front-door/police-protection.ts';
import { checkHandover, handoverState } from '../../../src/domain/front-door/handover.ts';
import { loadProfile } from '../../../src/profiles/index.ts';

const NOW = new Date('2026-11-16T10:30:00Z');
const hours = (n: number) => new Date(NOW.getTime() + n * 3_600_000);

describe('written confirmation of a spoken referral', () => {
  const input = (overrides: Partial<WrittenConfirmationInput> = {}, contact: Partial<WrittenConfirmationInput['contact']> = {}): WrittenConfirmationInput => ({
    contact: { kind: 'referral', channel: 'phone', receivedAt: hours(-30), confirmedAt: null, ...contact },
    arrivedAt: hours(-2),
    form: 'caf',
    now: NOW,
    ...overrides,
  });
  const codes = (i: WrittenConfirmationInput) => checkWrittenConfirmation(i).map((r) => r.code);

  it('camden Part 3 §2: an urgent telephone referral is confirmed on the CAF, accepted when it arrived after the call', () => {
    assert.deepEqual(codes(input()), []);
    assert.equal(PROCEDURE_FORM.camden?.form, 'caf');
  });
  it('bedford-luton 12.4: telephone, in person, letter and fax referrals are followed up with the Multi-Agency Referral Form', () => {
    for (const channel of ['phone', 'in-person', 'letter', 'fax']) assert.ok(mayBeConfirmedInWriting({ kind: 'referral', channel }), channel);
    assert.equal(mayBeConfirmedInWriting({ kind: 'referral', channel: 'online' }), false);
    assert.equal(mayBeConfirmedInWriting({ kind: 'professional-concern', channel: 'online' }), false);
    assert.equal(PROCEDURE_FORM['bedford-luton']?.form, 'multi-agency-referral-form');
  });
  it('camden Part 3 §2; bedford-luton 12.4: spoken referrals (telephone, in person) wait for the written one until it arrives', () => {
    assert.ok(awaitsWrittenConfirmation({ kind: 'referral', channel: 'phone', confirmedAt: null }));
    assert.ok(awaitsWrittenConfirmation({ kind: 'referral', channel: 'in-person', confirmedAt: null }));
    assert.equal(awaitsWrittenConfirmation({ kind: 'referral', channel: 'phone', confirmedAt: hours(-1) }), false);
    assert.equal(awaitsWrittenConfirmation({ kind: 'referral', channel: 'letter', confirmedAt: null }), false);
  });
  it('refuses an online referral, a second confirmation, a future arrival, one before the referral, and another form without a note', () => {
    assert.deepEqual(codes(input({}, { channel: 'online' })), ['not-needed']);
    assert.deepEqual(codes(input({}, { confirmedAt: hours(-1) })), ['already-confirmed']);
    assert.deepEqual(codes(input({ arrivedAt: hours(1) })), ['future']);
    assert.deepEqual(codes(input({ arrivedAt: hours(-31) })), ['before-referral']);
    assert.deepEqual(codes(input({ form: 'other' })), ['form-unnamed']);
    assert.deepEqual(codes(input({ form: 'other', note: 'Police referral form' })), []);
  });
});

describe('bedford-luton 2.8, 12.4: the 24-hour referral clock runs from the moment the concern became apparent', () => {
  it('starts at the moment given, moves when it is corrected, keeps it otherwise', () => {
    assert.equal(referralClockChange({ apparentAt: hours(-3), runningSince: null }), 'start');
    assert.equal(referralClockChange({ apparentAt: hours(-3), runningSince: hours(-3) }), 'keep');
    assert.equal(referralClockChange({ apparentAt: hours(-5), runningSince: hours(-3) }), 'move');
    assert.equal(referralClockChange({ apparentAt: null, runningSince: null }), 'none');
    assert.equal(referralClockChange({ apparentAt: null, runningSince: hours(-3) }), 'keep', 'a moment removed never stops a statutory clock');
  });
  it('refuses a moment in the future', () => {
    assert.ok(apparentAtRefusal(hours(1), NOW));
    assert.equal(apparentAtRefusal(hours(-1), NOW), null);
    assert.equal(apparentAtRefusal(null, NOW), null);
  });
  it('bedford-luton is the only profile with a number for it', () => {
    const rule = loadProfile('bedford-luton').timescales.find((t) => t.id === 'referral-to-social-care');
    assert.deepEqual(rule?.duration, { amount: 24, unit: 'hours' });
    assert.equal(rule?.startsOn, 'concern-identified');
    assert.equal(rule?.stopsOn, 'referral-made');
  });
});

describe('police protection (bedford-luton 11.4; its legislation table, Section 46: up to 72 hours)', () => {
  it('lasts at most 72 hours', () => {
    assert.equal(POLICE_PROTECTION_MAX_HOURS, 72);
    assert.equal(policeProtectionEndsBy(NOW).toISOString(), hours(72).toISOString());
    assert.equal(endedPastLimit(NOW, hours(72)), false);
    assert.equal(endedPastLimit(NOW, hours(73)), true);
  });
  it('ends in one of four outcomes: returned home, emergency protection order (s44), accommodated (s20), other', () => {
    assert.deepEqual([...POLICE_PROTECTION_OUTCOMES], ['returned-home', 'emergency-protection-order', 'accommodated-s20', 'other']);
  });
  it('refuses a start in the future or while one is open', () => {
    assert.deepEqual(checkPoliceProtectionStart({ startedAt: hours(-1), now: NOW, alreadyOpen: false }), []);
    assert.deepEqual(checkPoliceProtectionStart({ startedAt: hours(1), now: NOW, alreadyOpen: false }).map((r) => r.code), ['future']);
    assert.deepEqual(checkPoliceProtectionStart({ startedAt: hours(-1), now: NOW, alreadyOpen: true }).map((r) => r.code), ['already-open']);
  });
  it('refuses an outcome before the start, in the future, twice, or "other" without a description; a late one is recorded', () => {
    const base = { startedAt: hours(-80), endedAt: hours(-1), outcome: 'returned-home' as PoliceProtectionOutcome, now: NOW, alreadyEnded: false };
    assert.deepEqual(checkPoliceProtectionOutcome(base), []);
    assert.deepEqual(checkPoliceProtectionOutcome({ ...base, endedAt: hours(-81) }).map((r) => r.code), ['before-start']);
    assert.deepEqual(checkPoliceProtectionOutcome({ ...base, endedAt: hours(1) }).map((r) => r.code), ['future']);
    assert.deepEqual(checkPoliceProtectionOutcome({ ...base, alreadyEnded: true }).map((r) => r.code), ['already-ended']);
    assert.deepEqual(checkPoliceProtectionOutcome({ ...base, outcome: 'other' }).map((r) => r.code), ['detail-required']);
    assert.deepEqual(checkPoliceProtectionOutcome({ ...base, outcome: 'other', detail: 'Placed with grandparents' }), []);
  });
  it('a 72-hour clock where the document names s46 (bedford-luton legislation table; staffordshire 23); silent elsewhere', () => {
    const rule = (id: string) => loadProfile(id).timescales.find((t) => t.id === 'police-protection');
    assert.deepEqual(rule('bedford-luton')?.duration, { amount: 72, unit: 'hours' });
    assert.deepEqual(rule('staffordshire')?.duration, { amount: 72, unit: 'hours' });
    for (const id of ['camden', 'ird', 'cambridgeshire']) assert.equal(rule(id)?.silent, true, id);
  });
});

describe('out-of-hours handover (bedford-luton 2.7, 12.3)', () => {
  it('only a contact received out of hours is handed over, once', () => {
    assert.deepEqual(checkHandover({ outOfHours: true, handedOverAt: null }), []);
    assert.deepEqual(checkHandover({ outOfHours: false, handedOverAt: null }).map((r) => r.code), ['not-out-of-hours']);
    assert.deepEqual(checkHandover({ outOfHours: true, handedOverAt: NOW }).map((r) => r.code), ['already-handed-over']);
    assert.equal(handoverState({ outOfHours: false, handedOverAt: null }), 'not-applicable');
    assert.equal(handoverState({ outOfHours: true, handedOverAt: null }), 'awaiting-handover');
    assert.equal(handoverState({ outOfHours: true, handedOverAt: NOW }), 'handed-over');
  });
});

describe('camden Part 3 §3.3: the CSE risk category is re-assessed at least every 3 months', () => {
  it('each category decision starts the clock and the next one stops it', () => {
    const rule = loadProfile('camden').timescales.find((t) => t.id === 'risk-reassessment');
    assert.deepEqual(rule?.duration, { amount: 3, unit: 'months' });
    assert.equal(rule?.startsOn, 'risk-category-recorded');
    assert.equal(rule?.stopsOn, 'risk-category-reassessed');
    for (const id of ['bedford-luton', 'staffordshire', 'ird', 'cambridgeshire']) assert.equal(loadProfile(id).timescales.find((t) => t.id === 'risk-reassessment')?.silent, true, id);
  });
});
