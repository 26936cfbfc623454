// The Child Sex Offender Disclosure Scheme (issue 13; cambridgeshire 9): police only, in person, signed undertaking.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkApplication, checkDecision, checkDisclosure, isPolice, maySeeApplication } from '../../../src/domain/disclosure-scheme/scheme.ts';
import type { DisclosureInput } from '../../../src/domain/disclosure-scheme/scheme.ts';
import type { Actor } from '../../../src/domain/access/access.ts';
import type { Role } from '../../../src/domain/access/roles.ts';

const now = new Date('2026-12-04T10:00:00Z');
const actor = (id: string, roles: Role[], overrides: Partial<Actor> = {}): Actor => ({ id, roles, agencyId: 'met', localAuthorityId: 'camden', active: true, ...overrides });
const disclosure = (overrides: Partial<DisclosureInput> = {}): DisclosureInput => ({
  inPerson: true, warningsGiven: true, undertakingSigned: true, proceedWithoutSignature: undefined, unsignedConsideration: undefined, recipientName: 'Ms A', disclosedAt: now, now, ...overrides,
});

describe('the Child Sex Offender Disclosure Scheme', () => {
  it('cambridgeshire 9: managed by the police, so only police officers of a police agency decide', () => {
    assert.equal(isPolice(actor('p', ['police-investigator']), 'police'), true);
    assert.equal(isPolice(actor('p', ['police-investigator']), 'social-care'), false);
    assert.equal(isPolice(actor('s', ['social-worker']), 'police'), false);
  });

  it('cambridgeshire 9: seen by the police holding it and the handling officer, nobody else', () => {
    const app = { policeAgencyId: 'met', handlingOfficerId: 'h1' };
    assert.equal(maySeeApplication(actor('p', ['police-investigator']), 'police', app), true);
    assert.equal(maySeeApplication(actor('p', ['police-investigator'], { agencyId: 'beds' }), 'police', app), false);
    assert.equal(maySeeApplication(actor('h1', ['police-investigator'], { agencyId: 'beds' }), 'police', app), true);
    assert.equal(maySeeApplication(actor('c', ['cse-coordinator'], { agencyId: 'csc' }), 'social-care', app), false);
  });

  it('cambridgeshire 9: an application names the person of concern, from the register or described', () => {
    assert.equal(checkApplication({ entityId: undefined, personDescription: '', receivedAt: now, now })[0]!.code, 'person-missing');
    assert.deepEqual(checkApplication({ entityId: 'e1', personDescription: undefined, receivedAt: now, now }), []);
  });

  it('cambridgeshire 9: the decision is recorded once, with reasons', () => {
    assert.equal(checkDecision({ status: 'received', reason: 'short' })[0]!.code, 'reason-missing');
    assert.deepEqual(checkDecision({ status: 'received', reason: 'Previous convictions for offences against children.' }), []);
    assert.equal(checkDecision({ status: 'disclose', reason: 'Previous convictions for offences against children.' })[0]!.code, 'already-decided');
  });

  it('cambridgeshire 9: a disclosure only after a decision to disclose', () => {
    assert.equal(checkDisclosure('received', disclosure()).refusals[0]!.code, 'not-decided-to-disclose');
    assert.equal(checkDisclosure('no-disclosure', disclosure()).refusals[0]!.code, 'not-decided-to-disclose');
  });

  it('cambridgeshire 9: delivered in person, with the warning, and the undertaking signed', () => {
    assert.deepEqual(checkDisclosure('disclose', disclosure()), { refusals: [], status: 'disclosed' });
    assert.deepEqual(checkDisclosure('disclose', disclosure({ inPerson: false, warningsGiven: false })).refusals.map((r) => r.code), ['not-in-person', 'warnings-missing']);
  });

  it('cambridgeshire 9: unwilling to sign, the police consider whether the disclosure should still take place', () => {
    assert.deepEqual(checkDisclosure('disclose', disclosure({ undertakingSigned: false })).refusals.map((r) => r.code), ['unsigned-not-considered', 'unsigned-reason-missing']);
    assert.equal(checkDisclosure('disclose', disclosure({ undertakingSigned: false, proceedWithoutSignature: false, unsignedConsideration: 'Not safe to disclose without it.' })).status, 'not-disclosed');
    assert.equal(checkDisclosure('disclose', disclosure({ undertakingSigned: false, proceedWithoutSignature: true, unsignedConsideration: 'Risk to the child outweighs it.' })).status, 'disclosed');
  });
});
