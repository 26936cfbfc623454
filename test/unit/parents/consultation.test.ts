// Anonymous consultation (issue 13; bedford-luton 3.12; ird): nothing that identifies the child, answered by the front
// door or the CSE coordinator, attached to a case only later.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkAnonymous, checkAttach, checkNoIdentifyingFields, identifyingDetailsIn, mayAnswer, maySeeConsultation } from '../../../src/domain/consultations/anonymous.ts';
import type { Actor } from '../../../src/domain/access/access.ts';
import type { Role } from '../../../src/domain/access/roles.ts';

const actor = (id: string, roles: Role[], overrides: Partial<Actor> = {}): Actor => ({ id, roles, agencyId: 'a1', localAuthorityId: 'camden', active: true, ...overrides });

describe('anonymous consultation', () => {
  it('bedford-luton 3.12: a date, a full postcode, a phone number or an e-mail address would identify the child', () => {
    assert.deepEqual(identifyingDetailsIn('Born 14/03/2011, lives NW6 2AB, mobile 07700 900123, jade@example.com'), ['date', 'postcode', 'phone', 'email']);
    assert.deepEqual(identifyingDetailsIn('born 14 March 2011'), ['date']);
    assert.deepEqual(identifyingDetailsIn('2011-03-14'), ['date']);
  });

  it('bedford-luton 3.12: the facts that do not identify a child are allowed', () => {
    assert.deepEqual(identifyingDetailsIn('Year 9 girl in NW6, seen getting into cars after school, new phone and clothes, 3 times this term'), []);
    assert.deepEqual(checkAnonymous({ question: 'Aged 14, older boyfriend of about 25.' }), []);
  });

  it('bedford-luton 3.12: free text with identifying details is refused against its field', () => {
    const r = checkAnonymous({ question: 'DOB 14.3.2011' });
    assert.equal(r.length, 1);
    assert.equal(r[0]!.field, 'question');
    assert.match(r[0]!.message, /a date/);
  });

  it('ird: a request naming the child, or giving a date of birth, is refused, not silently dropped', () => {
    assert.deepEqual(checkNoIdentifyingFields({ name: 'Jade', dateOfBirth: '2011-03-14', ageBand: '13-15' }).map((r) => r.field), ['name', 'dateOfBirth']);
    assert.deepEqual(checkNoIdentifyingFields({ ageBand: '13-15', name: '' }), []);
  });

  it('ird: the front door or CSE coordinator of the area answers, never the asker', () => {
    const c = { addressedTo: 'front-door' as const, localAuthorityId: 'camden', askedBy: 't1' };
    assert.equal(mayAnswer(actor('f1', ['front-door']), c), true);
    assert.equal(mayAnswer(actor('c1', ['cse-coordinator']), c), true);
    assert.equal(mayAnswer(actor('f2', ['front-door'], { localAuthorityId: 'luton' }), c), false);
    assert.equal(mayAnswer(actor('t1', ['front-door']), c), false);
    assert.equal(mayAnswer(actor('s1', ['social-worker']), c), false);
    assert.equal(mayAnswer(actor('f1', ['front-door']), { ...c, addressedTo: 'cse-coordinator' }), false);
  });

  it('ird: the asker and the area’s front door and CSE coordinator see it; nobody else', () => {
    const c = { localAuthorityId: 'camden', askedBy: 't1' };
    assert.equal(maySeeConsultation(actor('t1', ['education-professional']), c), true);
    assert.equal(maySeeConsultation(actor('f1', ['front-door']), c), true);
    assert.equal(maySeeConsultation(actor('s1', ['social-worker']), c), false);
    assert.equal(maySeeConsultation(actor('m1', ['team-manager']), c), false);
  });

  it('bedford-luton 3.12: attached to a case only after it is answered, once, by the front door or coordinator', () => {
    const base = { localAuthorityId: 'camden', answered: true, attached: false, caseLocalAuthorityId: 'camden' };
    assert.deepEqual(checkAttach(actor('f1', ['front-door']), base), []);
    assert.equal(checkAttach(actor('f1', ['front-door']), { ...base, answered: false })[0]!.code, 'not-answered');
    assert.equal(checkAttach(actor('f1', ['front-door']), { ...base, attached: true })[0]!.code, 'already-attached');
    assert.equal(checkAttach(actor('s1', ['social-worker']), base)[0]!.code, 'not-front-door');
    assert.equal(checkAttach(actor('f1', ['front-door']), { ...base, caseLocalAuthorityId: 'luton' })[0]!.code, 'other-area');
  });
});
