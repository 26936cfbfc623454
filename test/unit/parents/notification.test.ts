// Telling parents (issue 13): the rules of src/domain/parents/notification.ts, each citing its paragraph.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAgreement, checkNotification, initialStatus, mayAgreeExceptions, meetingExceptionStatus, notificationTitle, under13Rule } from '../../../src/domain/parents/notification.ts';
import type { Actor } from '../../../src/domain/access/access.ts';
import type { Role } from '../../../src/domain/access/roles.ts';

const now = new Date('2026-12-04T10:00:00Z');
const actor = (id: string, roles: Role[], overrides: Partial<Actor> = {}): Actor => ({ id, roles, agencyId: 'a1', localAuthorityId: 'camden', active: true, ...overrides });
const codes = (r: { code: string }[]) => r.map((x) => x.code);
const exception = (overrides: Partial<{ ground: 'parent-may-be-involved' | 'child-asks-not-to'; reasons: string; clearlyInconsistent: boolean }> = {}) => ({
  told: false as const, ground: 'parent-may-be-involved' as const, reasons: 'The stepfather is named by the child as taking her to the flat.', clearlyInconsistent: false, ...overrides,
});

describe('telling parents', () => {
  it('bedford-luton 7.16: parents told needs who told them, when and how', () => {
    assert.deepEqual(codes(checkNotification({ told: true, toldBy: '', toldAt: undefined, toldHow: undefined, whatTold: undefined }, { under13: false, now })), ['told-by-missing', 'told-at-missing', 'told-how-missing']);
    assert.deepEqual(checkNotification({ told: true, toldBy: 'Sam Worker', toldAt: now, toldHow: 'in-person', whatTold: undefined }, { under13: true, now }), []);
  });

  it('bedford-luton 7.16: the date parents were told is not in the future', () => {
    assert.deepEqual(codes(checkNotification({ told: true, toldBy: 'Sam', toldAt: new Date(now.getTime() + 86_400_000), toldHow: 'letter', whatTold: undefined }, { under13: false, now })), ['told-at-future']);
  });

  it('bedford-luton 7.16, camden Part 3 §3.3: any exception is recorded with its ground and reasons', () => {
    assert.deepEqual(codes(checkNotification({ told: false, ground: undefined, reasons: 'no', clearlyInconsistent: false }, { under13: false, now })), ['ground-missing', 'reasons-missing']);
    assert.deepEqual(checkNotification(exception(), { under13: false, now }), []);
  });

  it('camden Part 3 §4.2: 13 to 15, the child’s own request may be the ground, with reasons', () => {
    assert.deepEqual(checkNotification(exception({ ground: 'child-asks-not-to' }), { under13: false, now }), []);
  });

  it('camden Part 3 §4.2: under 13, an exception only where telling is clearly inconsistent with the child’s welfare', () => {
    assert.deepEqual(codes(checkNotification(exception(), { under13: true, now })), ['under-13-not-clearly-inconsistent']);
    assert.deepEqual(checkNotification(exception({ clearlyInconsistent: true }), { under13: true, now }), []);
  });

  it('camden Part 3 §4.2: under 13, the child’s wish alone is not the ground', () => {
    assert.deepEqual(codes(checkNotification(exception({ ground: 'child-asks-not-to', clearlyInconsistent: true }), { under13: true, now })), ['under-13-child-wish-alone']);
  });

  it('camden Part 3 §4.2: the under-13 rule applies below 13, and when the age is not known', () => {
    assert.equal(under13Rule(12), true);
    assert.equal(under13Rule(13), false);
    assert.equal(under13Rule(null), true);
  });

  it('camden Part 3 §4.2: an under-13 exception awaits a manager’s agreement; otherwise it is in force when recorded', () => {
    assert.equal(initialStatus(false, true), 'awaiting-agreement');
    assert.equal(initialStatus(false, false), 'in-force');
    assert.equal(initialStatus(true, true), 'told');
  });

  it('camden Part 3 §4.2: a manager agrees, a second person and never the recorder', () => {
    const record = { status: 'awaiting-agreement' as const, recordedBy: 'm1', caseLocalAuthorityId: 'camden' };
    assert.equal(checkAgreement(actor('m1', ['team-manager']), record)?.code, 'recorder-cannot-agree');
    assert.equal(checkAgreement(actor('s1', ['social-worker']), record)?.code, 'not-a-manager');
    assert.equal(checkAgreement(actor('m2', ['team-manager'], { localAuthorityId: 'luton' }), record)?.code, 'not-a-manager');
    assert.equal(checkAgreement(actor('m2', ['team-manager'], { active: false }), record)?.code, 'not-a-manager');
    assert.equal(checkAgreement(actor('m2', ['team-manager']), record), null);
    assert.equal(checkAgreement(actor('c1', ['cse-coordinator']), record), null);
    assert.equal(checkAgreement(actor('c1', ['cse-coordinator']), { ...record, status: 'in-force' })?.code, 'not-awaiting');
  });

  it('camden Part 3 §4.2: team managers and CSE coordinators see exceptions awaiting agreement', () => {
    assert.equal(mayAgreeExceptions(actor('m', ['team-manager'])), true);
    assert.equal(mayAgreeExceptions(actor('s', ['social-worker', 'front-door'])), false);
    assert.equal(mayAgreeExceptions(actor('m', ['team-manager'], { localAuthorityId: null })), false);
  });

  it('the chronology says what was decided, never the reasons', () => {
    assert.equal(notificationTitle('in-force', 'meeting'), 'Parents not told: exception recorded (at a meeting)');
    assert.equal(notificationTitle('told', 'referral'), 'Parents told of the concerns (at the CSE referral)');
  });

  it('camden Part 3 §4.2: a meeting’s “parents will not be told” for a child under 13 awaits a manager’s agreement', () => {
    assert.equal(meetingExceptionStatus({ parentsTold: false, childAge: 12 }), 'awaiting-agreement');
    assert.equal(meetingExceptionStatus({ parentsTold: false, childAge: null }), 'awaiting-agreement');
    assert.equal(meetingExceptionStatus({ parentsTold: false, childAge: 13 }), null);
    assert.equal(meetingExceptionStatus({ parentsTold: true, childAge: 9 }), null);
  });
});
