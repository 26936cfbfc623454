// What may be kept after a time-out, for how long, and how the held page names where it was going
// (docs/decisions/0010-nothing-lost-to-a-time-out.md).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  HELD_SUBMISSION_HOURS,
  destinationLabel,
  destinationOf,
  fieldLabel,
  heldUntil,
  isHeldLive,
  isInternalPath,
  isShownField,
  keptFields,
  mayHold,
} from '../../../src/domain/accounts/held-submissions.ts';

const CASE = '0b6f3a4e-8f0c-4c57-9d61-2f3a1b5c7d90';
const OTHER = '5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('held submissions: how long they are kept', () => {
  it('keeps one for 24 hours from when it was kept', () => {
    assert.equal(HELD_SUBMISSION_HOURS, 24);
    assert.equal(heldUntil(new Date('2026-03-27T16:40:00Z')).toISOString(), '2026-03-28T16:40:00.000Z');
  });
  it('is there to send until it expires, and not once sent or discarded', () => {
    const heldAt = new Date('2026-03-27T16:40:00Z');
    const expiresAt = heldUntil(heldAt);
    assert.equal(isHeldLive({ expiresAt, usedAt: null }, new Date('2026-03-28T16:39:59Z')), true);
    assert.equal(isHeldLive({ expiresAt, usedAt: null }, expiresAt), false);
    assert.equal(isHeldLive({ expiresAt, usedAt: new Date('2026-03-27T17:00:00Z') }, new Date('2026-03-27T17:01:00Z')), false);
  });
});

describe('held submissions: what may be kept', () => {
  it('keeps a form’s fields without its CSRF token or the held page’s marker, repeated names as lists', () => {
    assert.deepEqual(keptFields({ _csrf: 'token', _held: 'id', body: 'Saw J at school', sharedWith: ['a', 'b'] }), { body: 'Saw J at school', sharedWith: ['a', 'b'] });
  });
  it('keeps nothing that is not a plain form', () => {
    assert.equal(keptFields(undefined), null);
    assert.equal(keptFields('body=x'), null);
    assert.equal(keptFields([['body', 'x']]), null);
    assert.equal(keptFields({ body: { nested: 'x' } }), null);
    assert.equal(keptFields({ list: ['a', 1] }), null);
  });
  it('takes internal paths only', () => {
    assert.equal(isInternalPath(`/cases/${CASE}/notes`), true);
    for (const path of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'cases/x', '/cases/x?y=1', '/a#b', '/a b', `/${'x'.repeat(500)}`]) {
      assert.equal(isInternalPath(path), false, path);
    }
  });
  it('keeps a case note, a concern or a meeting record', () => {
    assert.equal(mayHold(`/cases/${CASE}/notes`, { body: 'x' }), true);
    assert.equal(mayHold('/concerns', { idempotencyKey: OTHER, details: 'x' }), true);
    assert.equal(mayHold(`/cases/${CASE}/meetings/${OTHER}/record`, { summary: 'x' }), true);
  });
  it('never keeps signing in or out, the session, the held page, the account pages, the API or an empty form', () => {
    for (const path of ['/sign-in', '/sign-in/second-factor', '/sign-in/recovery-code', '/sign-out', '/session/keep-alive', `/held-submissions/${OTHER}/discard`, '/account/password', '/account/api-tokens', '/account/second-factor/turn-off', '/api/v1/concerns']) {
      assert.equal(mayHold(path, { anything: 'x' }), false, path);
    }
    assert.equal(mayHold(`/cases/${CASE}/notes`, {}), false);
  });
  it('matches the never-kept paths as the router does: in any letter case and with a trailing slash (issue 16)', () => {
    for (const path of ['/ACCOUNT/api-tokens', '/Account/second-factor/turn-off', '/account/api-tokens/', '/Sign-Out', '/sign-out/', '/SIGNED-OUT/', '/Session/keep-alive', `/Held-Submissions/${OTHER}/discard`, '/API/v1/concerns', '/Sign-In/second-factor']) {
      assert.equal(mayHold(path, { anything: 'x' }), false, path);
    }
  });
  it('never keeps a password, whatever the form (an administrator setting one, say)', () => {
    assert.equal(mayHold(`/admin/users/${OTHER}/password`, { password: 'correct horse battery' }), false);
    assert.equal(mayHold('/admin/users', { email: 'x@example.org', initialPassword: 'y' }), false);
  });
});

describe('held submissions: the page that gives it back', () => {
  it('names a case form by what it makes and the case’s reference', () => {
    assert.deepEqual(destinationOf(`/cases/${CASE}/notes`), { caseId: CASE, what: 'a case note' });
    assert.equal(destinationLabel(`/cases/${CASE}/notes`, 'CSE-0003'), 'a case note on CSE-0003');
    assert.equal(destinationLabel(`/cases/${CASE}/notes/${OTHER}`, 'CSE-0003'), 'a change to a case note on CSE-0003');
    assert.equal(destinationLabel(`/cases/${CASE}/meetings/${OTHER}/record`, 'CSE-0001'), 'a meeting record on CSE-0001');
    assert.equal(destinationLabel(`/cases/${CASE}/missing/${OTHER}/interview`, 'CSE-0001'), 'a return interview on CSE-0001');
    assert.equal(destinationLabel(`/cases/${CASE}/risk/observations`, 'CSE-0002'), 'a risk observation on CSE-0002');
  });
  it('without a reference (no access any more) says only that it is a child’s case', () => {
    assert.equal(destinationLabel(`/cases/${CASE}/notes`), 'a case note on a child’s case');
    assert.equal(destinationLabel(`/cases/${CASE}/something-new`), 'a record on a child’s case');
  });
  it('names the front door’s forms, and any other page by its path', () => {
    assert.equal(destinationLabel('/concerns'), 'a concern');
    assert.equal(destinationLabel(`/front-door/contacts/${OTHER}/decision`), 'a front door decision');
    assert.equal(destinationLabel('/admin/bank-holidays'), 'the page /admin/bank-holidays');
    assert.deepEqual(destinationOf('/cases/not-a-uuid/notes'), { caseId: null, what: null });
  });
  it('labels fields from their names and leaves version numbers and keys out of what is shown', () => {
    assert.equal(fieldLabel('contactDate'), 'Contact date');
    assert.equal(fieldLabel('shared_with'), 'Shared with');
    assert.equal(fieldLabel('body'), 'Body');
    for (const name of ['version', 'caseVersion', 'planVersion', 'idempotencyKey', 'formStartedAt', 'returnTo', '_held']) assert.equal(isShownField(name), false, name);
    for (const name of ['body', 'contactType', 'sharingLevel']) assert.equal(isShownField(name), true, name);
  });
});
