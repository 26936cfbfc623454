import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decideReview } from '../../../src/domain/retention/review.ts';
import { decideItem, decideRelease, reviewReasonsFor, sarDueOn } from '../../../src/domain/retention/subject-access.ts';

const pending = { status: 'pending' as const, dueOn: '2026-11-01', version: 3, legalHold: false };
const today = '2026-12-04';

describe('retention review decision (issue 15, retention)', () => {
  it('confirms deletion of a record past its date', () => {
    assert.deepEqual(decideReview(pending, { type: 'confirm-deletion', version: 3 }, today), { ok: true, event: { type: 'deletion-confirmed' } });
  });
  it('refuses a stale decision', () => {
    const r = decideReview(pending, { type: 'confirm-deletion', version: 2 }, today);
    assert.equal(r.ok === false && r.refusal.code, 'stale');
  });
  it('refuses to decide twice', () => {
    const r = decideReview({ status: 'deleted', version: 4 }, { type: 'confirm-deletion', version: 4 }, today);
    assert.equal(r.ok === false && r.refusal.code, 'already-decided');
  });
  it('refuses deletion before the date', () => {
    const r = decideReview({ ...pending, dueOn: '2027-01-01' }, { type: 'confirm-deletion', version: 3 }, today);
    assert.equal(r.ok === false && r.refusal.code, 'not-yet-due');
  });
  it('refuses deletion while a subject access request is open', () => {
    const r = decideReview({ ...pending, legalHold: true }, { type: 'confirm-deletion', version: 3 }, today);
    assert.equal(r.ok === false && r.refusal.code, 'legal-hold');
  });
  it('extends with a reason to a future date within 10 years', () => {
    assert.deepEqual(decideReview(pending, { type: 'extend', version: 3, reason: ' Civil claim pending ', until: '2028-01-01' }, today), { ok: true, event: { type: 'extended', until: '2028-01-01', reason: 'Civil claim pending' } });
  });
  it('an extension needs a reason, a future date and an end', () => {
    const code = (reason: string, until: string) => {
      const r = decideReview(pending, { type: 'extend', version: 3, reason, until }, today);
      return r.ok ? 'ok' : r.refusal.code;
    };
    assert.equal(code('  ', '2028-01-01'), 'reason-required');
    assert.equal(code('Inquiry', today), 'until-not-future');
    assert.equal(code('Inquiry', '2036-12-05'), 'until-too-far');
    assert.equal(code('Inquiry', '2036-12-04'), 'ok');
  });
});

describe('subject access review (issue 15; camden Part 1 §6)', () => {
  it('related people and intelligence links name third parties', () => {
    assert.deepEqual(reviewReasonsFor({ kind: 'related-person', authorAgencyKind: 'social-care', sharingLevel: null }), ['third-party']);
    assert.deepEqual(reviewReasonsFor({ kind: 'intelligence-link', authorAgencyKind: 'police', sharingLevel: 'network' }), ['third-party', 'police-only']);
  });
  it('a police entry not shared with the network is police-only; a shared one is not', () => {
    assert.deepEqual(reviewReasonsFor({ kind: 'chronology-entry', authorAgencyKind: 'police', sharingLevel: 'agency' }), ['police-only']);
    assert.deepEqual(reviewReasonsFor({ kind: 'case-note', authorAgencyKind: 'police', sharingLevel: 'network' }), []);
    assert.deepEqual(reviewReasonsFor({ kind: 'case-note', authorAgencyKind: 'health', sharingLevel: 'agency' }), []);
  });
  it('a request is due one calendar month after receipt', () => {
    assert.equal(sarDueOn('2026-01-31'), '2026-02-28');
  });
  it('each decision needs a reason; nothing changes after release', () => {
    assert.equal(decideItem(false, { decision: 'withhold', reason: ' ' }).ok, false);
    assert.deepEqual(decideItem(false, { decision: 'withhold', reason: 'Sch. 2 para 16' }), { ok: true, decision: { decision: 'withhold', reason: 'Sch. 2 para 16' } });
    assert.equal(decideItem(true, { decision: 'release', reason: 'x' }).ok, false);
  });
  it('release waits for every flagged item', () => {
    assert.deepEqual(decideRelease(false, 0), { ok: true });
    const r = decideRelease(false, 2);
    assert.equal(r.ok === false && r.refusal.code, 'items-undecided');
    assert.equal(decideRelease(true, 0).ok, false);
  });
});
