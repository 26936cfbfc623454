// Issue 16: sign-in is limited per address and overall as well as per account, so that one password sprayed across
// many accounts is slowed, while nobody can lock a named colleague out from one address; and HARBOUR_TRUST_PROXY
// trusts a number of hops, not every X-Forwarded-For.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { DEMO_PASSWORD } from '../../../src/features/demo/service.ts';
import { ADDRESS_FAILURES, LOCKOUT_FAILURES, OVERALL_FAILURES, SURGE_ADDRESS_FAILURES } from '../../../src/features/accounts/service.ts';

/** One sign-in attempt as if from `address`, behind the one proxy Harbour is told to trust. */
async function attempt(harbour: TestHarbour, email: string, password: string, forwardedFor: string) {
  const client = new Browserish(harbour.url);
  const page = await client.get('/sign-in');
  return client.request('POST', '/sign-in', { _csrf: csrfTokenIn(page.text), email, password }, { 'x-forwarded-for': forwardedFor });
}

describe(`sign-in limits per address and overall (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let emails: string[] = [];
  before(async () => {
    harbour = await startTestHarbour({ env: { HARBOUR_TRUST_PROXY: '1' } });
    emails = (await harbour.db.selectFrom('users').select('email').where('active', '=', true).orderBy('email').execute()).map((u) => u.email);
    assert.ok(ADDRESS_FAILURES < LOCKOUT_FAILURES, 'one address is slowed before it can lock an account');
  });
  after(async () => {
    await harbour?.stop();
  });

  const lockedAccounts = async () => (await harbour.db.selectFrom('users').select('email').where('locked_until', 'is not', null).execute()).map((u) => u.email);

  it('spraying one password across many accounts from one address is slowed after a few failures; no account is locked and others sign in', async () => {
    const sprayer = '203.0.113.10';
    for (const email of emails.slice(0, ADDRESS_FAILURES)) {
      const res = await attempt(harbour, email, 'Summer2026!', sprayer);
      assert.equal(res.status, 401, email);
    }
    const slowed = await attempt(harbour, emails[ADDRESS_FAILURES]!, DEMO_PASSWORD, sprayer);
    assert.equal(slowed.status, 429, 'even the right password waits: the address is slowed, not the account');
    assert.match(slowed.text, /Too many sign-in attempts have failed from your network/);
    assert.ok(Number(slowed.headers.get('retry-after')) > 0);
    assert.deepEqual(await lockedAccounts(), []);
    const elsewhere = await attempt(harbour, emails[ADDRESS_FAILURES]!, DEMO_PASSWORD, '198.51.100.20');
    assert.equal(elsewhere.status, 303, 'the same account signs in from another address');
    const audit = await harbour.db.selectFrom('audit_events').select(['ip', 'details']).where('action', '=', 'sign-in').where('outcome', '=', 'denied').orderBy('id', 'desc').limit(1).offset(1).executeTakeFirstOrThrow();
    assert.equal(audit.ip, sprayer);
  });

  it('nobody can lock a named colleague out from one address: the address is slowed first, and the colleague still signs in', async () => {
    const colleague = 'police@harbour.example';
    const attacker = '203.0.113.30';
    for (let i = 0; i < LOCKOUT_FAILURES + 2; i += 1) await attempt(harbour, colleague, `wrong guess ${i}`, attacker);
    assert.deepEqual(await lockedAccounts(), []);
    const res = await attempt(harbour, colleague, DEMO_PASSWORD, '198.51.100.31');
    assert.equal(res.status, 303);
  });

  it('trusts one proxy hop: a forged X-Forwarded-For entry before it does not change the address that is counted', async () => {
    const proxySaw = '203.0.113.50';
    for (let i = 0; i < ADDRESS_FAILURES; i += 1) await attempt(harbour, `nobody${i}@harbour.example`, 'guess', `10.9.8.${i}, ${proxySaw}`);
    const res = await attempt(harbour, 'social.worker@harbour.example', DEMO_PASSWORD, `10.9.8.200, ${proxySaw}`);
    assert.equal(res.status, 429);
    const rows = await harbour.db.selectFrom('audit_events').select('ip').where('action', '=', 'sign-in').where('ip', 'like', '10.9.8.%').execute();
    assert.equal(rows.length, 0, 'the forged first entry is never taken for the client');
  });

  it('when failures surge across Harbour, every address that has failed is held to fewer attempts', async () => {
    const key = (address: string) => createHmac('sha256', harbour.services.config.sessionSecret).update(`sign-in-address:${address}`).digest('hex');
    const at = harbour.clock.now;
    // A spray from many addresses, one failure each: as recorded, without spending a minute hashing passwords.
    await harbour.db
      .insertInto('sign_in_attempts')
      .values(Array.from({ length: OVERALL_FAILURES }, (_, i) => ({ email_lower: `sprayed${i}@harbour.example`, user_id: null, succeeded: false, at, address_key: key(`192.0.2.${i % 250}`) })))
      .execute();
    const address = '203.0.113.70';
    for (let i = 0; i < SURGE_ADDRESS_FAILURES; i += 1) assert.equal((await attempt(harbour, `nobody-surge${i}@harbour.example`, 'guess', address)).status, 401);
    assert.equal((await attempt(harbour, 'nurse@harbour.example', DEMO_PASSWORD, address)).status, 429);
    assert.equal((await attempt(harbour, 'nurse@harbour.example', DEMO_PASSWORD, '198.51.100.71')).status, 303, 'an address with no failures signs in');
    assert.deepEqual(await lockedAccounts(), []);
  });
});
