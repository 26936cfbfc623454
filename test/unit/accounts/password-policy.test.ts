import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword, MIN_PASSWORD_LENGTH } from '../../../src/domain/accounts/password-policy.ts';

describe('password policy (NCSC: length over complexity, deny-list)', () => {
  it('accepts a long passphrase without composition rules', () => {
    assert.equal(checkPassword('purple tractor minnow'), null);
    assert.equal(checkPassword('harbour demo password'), null);
  });
  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters`, () => {
    assert.equal(checkPassword('Tr0ub4dor&3')?.code, 'too-short');
  });
  it('refuses common passwords in any case, with punctuation or trailing digits', () => {
    assert.equal(checkPassword('passwordpassword')?.code, 'common');
    assert.equal(checkPassword('QWERTYUIOP123')?.code, 'common');
    assert.equal(checkPassword('Password123!!')?.code, 'common');
  });
  it('refuses repeated characters and sequences', () => {
    assert.equal(checkPassword('aaaaaaaaaaaaaa')?.code, 'repetitive');
    assert.equal(checkPassword('abcdefghijklmn')?.code, 'sequence');
  });
  it('refuses a password containing the e-mail name or the person’s name', () => {
    assert.equal(checkPassword('jo.bloggs-is-great', { email: 'jo.bloggs@council.example' })?.code, 'personal');
    assert.equal(checkPassword('nadianadia2026', { displayName: 'Nadia Nurse' })?.code, 'personal');
  });
  it('refuses more than 256 characters', () => {
    assert.equal(checkPassword('x y z '.repeat(60))?.code, 'too-long');
  });
});
