import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { providerAssertsMfa } from '../../../src/domain/accounts/provider-mfa.ts';
import { loadConfig, ConfigError } from '../../../src/platform/config.ts';

const accepted = { mfaAmr: ['mfa', 'otp', 'hwk', 'sc'], mfaAcr: ['urn:council:loa:high'] };

describe('identity provider multi-factor assertion (issue 16, single sign-on)', () => {
  it('an amr value for a second factor counts', () => {
    assert.equal(providerAssertsMfa({ amr: ['pwd', 'mfa'] }, accepted), true);
    assert.equal(providerAssertsMfa({ amr: ['hwk'] }, accepted), true);
  });
  it('a password alone, no claim, or a claim of the wrong type does not', () => {
    assert.equal(providerAssertsMfa({ amr: ['pwd'] }, accepted), false);
    assert.equal(providerAssertsMfa({}, accepted), false);
    assert.equal(providerAssertsMfa({ amr: 'mfa' }, accepted), false);
    assert.equal(providerAssertsMfa({ amr: [1, null] }, accepted), false);
  });
  it('only the acr values configured as multi-factor count', () => {
    assert.equal(providerAssertsMfa({ acr: 'urn:council:loa:high' }, accepted), true);
    assert.equal(providerAssertsMfa({ acr: 'urn:council:loa:low' }, accepted), false);
    assert.equal(providerAssertsMfa({ acr: 'urn:council:loa:high' }, { ...accepted, mfaAcr: [] }), false);
  });
});

describe('single sign-on configuration', () => {
  const base = { NODE_ENV: 'test', SESSION_SECRET: 'x'.repeat(40), HARBOUR_DATA_DIR: '/tmp/harbour-config-test' };
  it('is off without an issuer', () => assert.equal(loadConfig(base).oidc, null));
  it('needs the client id and redirect URI with an issuer, and a known match', () => {
    assert.throws(() => loadConfig({ ...base, HARBOUR_OIDC_ISSUER: 'https://idp.example' }), ConfigError);
    const full = { ...base, HARBOUR_OIDC_ISSUER: 'https://idp.example', HARBOUR_OIDC_CLIENT_ID: 'h', HARBOUR_OIDC_REDIRECT_URI: 'https://harbour.example/sign-in/oidc/callback' };
    assert.deepEqual(loadConfig(full).oidc?.mfaAmr, ['mfa', 'otp', 'hwk', 'sc']);
    assert.equal(loadConfig(full).oidc?.match, 'email');
    assert.throws(() => loadConfig({ ...full, HARBOUR_OIDC_MATCH: 'name' }), ConfigError);
    assert.throws(() => loadConfig({ ...full, HARBOUR_OIDC_REDIRECT_URI: 'https://harbour.example/elsewhere' }), ConfigError);
  });
  it('refuses plain http in production', () => {
    assert.throws(
      () => loadConfig({ ...base, NODE_ENV: 'production', DATABASE_URL: 'postgres://x/y', HARBOUR_OIDC_ISSUER: 'http://idp.example', HARBOUR_OIDC_CLIENT_ID: 'h', HARBOUR_OIDC_REDIRECT_URI: 'https://harbour.example/sign-in/oidc/callback' }),
      /https/,
    );
  });
});
