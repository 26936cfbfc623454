import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkChildAge, isOutOfHours, routeContact } from '../../../src/domain/triage/contact-rules.ts';
import { loadProfile } from '../../../src/profiles/index.ts';
import { londonInstant, makeCalendar } from '../../../src/domain/clock/index.ts';

const calendar = makeCalendar();

describe('routing a contact to its team', () => {
  const camden = loadProfile('camden');
  it('camden Appendix 2: by the ward of the child’s address, case-insensitively', () => {
    assert.equal(routeContact(camden.routing, { ward: 'Kilburn', localAuthorityId: 'camden' }).teamId, 'north');
    assert.equal(routeContact(camden.routing, { ward: 'holborn', localAuthorityId: 'camden' }).teamId, 'south');
  });
  it('camden Appendix 2: an unknown or unlisted ward is left for the duty worker', () => {
    const unknown = routeContact(camden.routing, { ward: 'Atlantis', localAuthorityId: 'camden' });
    assert.equal(unknown.teamId, null);
    assert.match('reason' in unknown ? unknown.reason : '', /not in the procedure’s list/);
    assert.equal(routeContact(camden.routing, { ward: '', localAuthorityId: 'camden' }).teamId, null);
  });
  it('bedford-luton: by local authority (Luton to its Initial Assessment Team)', () => {
    const bl = loadProfile('bedford-luton');
    assert.equal(routeContact(bl.routing, { localAuthorityId: 'luton' }).teamId, 'initial-assessment-team');
    assert.equal(routeContact(bl.routing, { localAuthorityId: 'bedford-borough' }).teamId, 'intake-and-assessment');
  });
  it('staffordshire 22: one First Response Team', () => {
    assert.equal(routeContact(loadProfile('staffordshire').routing, { localAuthorityId: 'staffordshire' }).teamId, 'first-response-team');
  });
});

describe('out of hours (Harbour setting: 09:00-17:00 London on working days)', () => {
  it('office hours on a weekday are not out of hours', () => {
    assert.equal(isOutOfHours(londonInstant('2026-11-16', 9, 0), calendar), false);
    assert.equal(isOutOfHours(londonInstant('2026-11-16', 16, 59), calendar), false);
  });
  it('evenings, early mornings, weekends and bank holidays are', () => {
    assert.equal(isOutOfHours(londonInstant('2026-11-16', 17, 0), calendar), true);
    assert.equal(isOutOfHours(londonInstant('2026-11-16', 8, 59), calendar), true);
    assert.equal(isOutOfHours(londonInstant('2026-11-21', 12, 0), calendar), true);
    assert.equal(isOutOfHours(londonInstant('2026-12-25', 12, 0), calendar), true);
  });
  it('uses London time across the clock change (BST)', () => {
    // 16:30 BST is 15:30 UTC: still office hours.
    assert.equal(isOutOfHours(new Date('2026-07-01T15:30:00Z'), calendar), false);
    assert.equal(isOutOfHours(new Date('2026-07-01T16:30:00Z'), calendar), true);
  });
});

describe('the child’s age as reported (PROCEDURES.md step 10: children to 18, care leavers to 21)', () => {
  const now = new Date('2026-11-16T12:00:00Z');
  it('accepts a child and flags nothing', () => {
    assert.deepEqual(checkChildAge({ dateOfBirth: '2012-04-12', careLeaver: false, now }), { ok: true, careLeaverFlag: false });
    assert.deepEqual(checkChildAge({ careLeaver: false, now }), { ok: true, careLeaverFlag: false });
  });
  it('refuses a date of birth in the future', () => {
    const result = checkChildAge({ dateOfBirth: '2027-01-01', careLeaver: false, now });
    assert.equal(result.ok, false);
  });
  it('refuses 18 or over unless a care leaver, who is flagged, and refuses 21 or over always', () => {
    assert.equal(checkChildAge({ approximateAge: 18, careLeaver: false, now }).ok, false);
    assert.deepEqual(checkChildAge({ approximateAge: 19, careLeaver: true, now }), { ok: true, careLeaverFlag: true });
    assert.equal(checkChildAge({ approximateAge: 21, careLeaver: true, now }).ok, false);
    // 18th birthday is today: an adult.
    assert.equal(checkChildAge({ dateOfBirth: '2008-11-16', careLeaver: false, now }).ok, false);
    assert.equal(checkChildAge({ dateOfBirth: '2008-11-17', careLeaver: false, now }).ok, true);
  });
});
