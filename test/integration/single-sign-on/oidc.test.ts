// Single sign-on against a real OpenID provider (oidc-provider, test/support/oidc-provider.ts) on 127.0.0.1: the
// whole authorisation code flow over HTTP, redirects followed by hand with each site's cookies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { totpForStep, totpStep } from '../../../src/domain/accounts/totp.ts';
import { SESSION_COOKIE } from '../../../src/platform/web/session-cookie.ts';
import { OIDC_COOKIE } from '../../../src/features/single-sign-on/routes.ts';
import { ACCOUNTS, SOCIAL_WORKER, oidcEnv, oidcRedirectReady, startProvider } from '../../support/oidc-provider.ts';
import type { Login } from '../../support/oidc-provider.ts';

describe(`single sign-on through OpenID Connect (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  /** A second Harbour with HARBOUR_REQUIRE_SECOND_FACTOR=true, at the same provider. */
  let strict: TestHarbour;
  let provider: Awaited<ReturnType<typeof startProvider>>;
  let secret: string;

  const userId = async (email: string) => (await harbour.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const deniedReasons = async () =>
    (await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'sign-in').where('outcome', '=', 'denied').orderBy('id').execute())
      .map((row) => (row.details as { method?: string; reason?: string } | null))
      .filter((d) => d?.method === 'oidc')
      .map((d) => d!.reason);

  /** From Harbour's button to the provider's answer: the callback path Harbour is sent back to, and Harbour's client. */
  async function toCallback(login: Login, returnTo = '/', at: TestHarbour = harbour) {
    provider.state.next = login;
    const client = new Browserish(at.url);
    const page = await client.get(returnTo === '/' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    assert.match(page.text, /Sign in with Test Council/);
    const href = /<a href="([^"]+)"[^>]*data-qa="single-sign-on"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(href, 'the sign-in page links to the provider');
    const started = await client.get(href);
    assert.equal(started.status, 303);
    let location = new URL(started.location!);
    assert.equal(location.origin, provider.issuer);
    assert.equal(location.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(location.searchParams.get('state') && location.searchParams.get('nonce'));
    const idp = new Browserish(provider.issuer);
    for (let hop = 0; location.origin === provider.issuer; hop += 1) {
      assert.ok(hop < 10, 'the provider answered within ten redirects');
      const res = await idp.get(location.pathname + location.search);
      assert.ok([302, 303].includes(res.status), `provider ${location.pathname} answered ${res.status}: ${res.text.slice(0, 300)}`);
      location = new URL(res.location!, location);
    }
    assert.equal(location.origin + location.pathname, `${at.url}/sign-in/oidc/callback`);
    return { client, callback: location.pathname + location.search };
  }

  before(async () => {
    provider = await startProvider();
    const env = oidcEnv(provider.issuer);
    harbour = await startTestHarbour({ env });
    strict = await startTestHarbour({ env: { ...env, HARBOUR_REQUIRE_SECOND_FACTOR: 'true' } });
    oidcRedirectReady(provider, [harbour, strict]);

    // The social worker has Harbour's own second factor, set up with a password sign-in as anyone would.
    const client = new Browserish(harbour.url);
    await client.signIn(SOCIAL_WORKER);
    assert.equal((await client.submit('/account/second-factor/set-up', '/account/second-factor/set-up/start', {})).status, 303);
    const page = await client.get('/account/second-factor/set-up');
    secret = (await harbour.db.selectFrom('second_factors').select('secret').where('user_id', '=', await userId(SOCIAL_WORKER)).executeTakeFirstOrThrow()).secret;
    harbour.clock.advanceMinutes(0.5);
    assert.equal((await client.request('POST', '/account/second-factor/set-up', { _csrf: csrfTokenIn(page.text), code: totpForStep(secret, totpStep(harbour.clock.now)) })).status, 200);
  });

  after(async () => {
    await harbour?.stop();
    await strict?.stop();
    await provider?.stop();
  });

  it('signs a known user in, skipping Harbour’s second factor when the provider asserts MFA (amr), with a new session id', async () => {
    const { client, callback } = await toCallback({ accountId: 'sub-social-worker', amr: ['pwd', 'mfa'] }, '/account');
    const before = client.cookies.get(SESSION_COOKIE);
    const done = await client.get(callback);
    assert.equal(done.status, 303, done.text.slice(0, 500));
    assert.equal(done.location, '/account');
    assert.notEqual(client.cookies.get(SESSION_COOKIE), before, 'the session id is new');
    assert.equal(client.cookies.has(OIDC_COOKIE), false, 'the attempt is used up');
    const account = await client.get('/account');
    assert.equal(account.status, 200);
    assert.match(account.text, /Sam Worker/);
    const linked = await harbour.db.selectFrom('users').select(['oidc_issuer', 'oidc_subject']).where('email', '=', SOCIAL_WORKER).executeTakeFirstOrThrow();
    assert.deepEqual(linked, { oidc_issuer: provider.issuer, oidc_subject: 'sub-social-worker' });
    const audit = await harbour.db.selectFrom('audit_events').select(['details']).where('action', '=', 'sign-in').where('outcome', '=', 'success').where('entity_id', '=', await userId(SOCIAL_WORKER)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { method: 'oidc', providerMfa: true });
  });

  it('an acr configured as MFA also skips the second factor', async () => {
    const { client, callback } = await toCallback({ accountId: 'sub-social-worker', acr: 'urn:test:loa:high' });
    const done = await client.get(callback);
    assert.equal(done.status, 303);
    assert.equal(done.location, '/');
    assert.equal((await client.get('/account')).status, 200);
  });

  it('without MFA asserted, the known user goes on to Harbour’s second-factor step, then is signed in', async () => {
    const { client, callback } = await toCallback({ accountId: 'sub-social-worker', amr: ['pwd'] });
    const done = await client.get(callback);
    assert.equal(done.status, 303);
    assert.equal(done.location, '/sign-in/second-factor');
    const pending = client.cookies.get(SESSION_COOKIE);
    assert.equal((await client.get('/account')).location, '/sign-in/second-factor', 'nothing else opens before the code');
    harbour.clock.advanceMinutes(0.5);
    const coded = await client.enterSecondFactorCode(totpForStep(secret, totpStep(harbour.clock.now)));
    assert.equal(coded.status, 303);
    assert.notEqual(client.cookies.get(SESSION_COOKIE), pending, 'the session id is rotated at the second factor too');
    assert.equal((await client.get('/account')).status, 200);
  });

  it('a user with no second factor and no MFA asserted is signed in as a password would be (second factor not required here)', async () => {
    const { client, callback } = await toCallback({ accountId: 'sub-manager' });
    const done = await client.get(callback);
    assert.equal(done.location, '/');
    assert.equal((await client.get('/account')).status, 200);
  });

  it('refuses an unknown user with a clear page and an audit row: no self-registration', async () => {
    const countUsers = async () => Number((await harbour.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const users = await countUsers();
    const { client, callback } = await toCallback({ accountId: 'sub-stranger', amr: ['mfa'] });
    const refused = await client.get(callback);
    assert.equal(refused.status, 403);
    assert.match(refused.text, /You do not have a Harbour account/);
    assert.equal(client.cookies.has(SESSION_COOKIE), false);
    assert.equal(await countUsers(), users);
    assert.equal((await deniedReasons()).at(-1), 'unknown-user');
  });

  it('refuses an e-mail the provider has not verified', async () => {
    const { client, callback } = await toCallback({ accountId: 'sub-unverified', amr: ['mfa'] });
    const refused = await client.get(callback);
    assert.equal(refused.status, 403);
    assert.equal((await deniedReasons()).at(-1), 'email-not-verified');
    const linked = await harbour.db.selectFrom('users').select('oidc_subject').where('email', '=', 'police@harbour.example').executeTakeFirstOrThrow();
    assert.equal(linked.oidc_subject, null);
  });

  it('refuses a wrong state', async () => {
    const { client, callback } = await toCallback({ accountId: 'sub-social-worker', amr: ['mfa'] });
    const url = new URL(callback, harbour.url);
    url.searchParams.set('state', 'not-the-state-harbour-sent');
    const refused = await client.get(url.pathname + url.search);
    assert.equal(refused.status, 401);
    assert.match(refused.text, /did not work/);
    assert.equal(client.cookies.has(SESSION_COOKIE), false);
    assert.equal((await deniedReasons()).at(-1), 'state-mismatch');
  });

  it('refuses a replayed code, with the attempt cookie kept (the provider refuses it) and without (Harbour does)', async () => {
    const { client, callback } = await toCallback({ accountId: 'sub-social-worker', amr: ['mfa'] });
    const attempt = client.cookies.get(OIDC_COOKIE)!;
    assert.equal((await client.get(callback)).status, 303);
    const attacker = new Browserish(harbour.url);
    attacker.cookies.set(OIDC_COOKIE, attempt);
    const replayed = await attacker.get(callback);
    assert.equal(replayed.status, 401);
    assert.equal(attacker.cookies.has(SESSION_COOKIE), false);
    assert.match(String((await deniedReasons()).at(-1)), /^token-refused:invalid_grant$/);
    const withoutCookie = await new Browserish(harbour.url).get(callback);
    assert.equal(withoutCookie.status, 400);
    assert.equal((await deniedReasons()).at(-1), 'no-attempt');
  });

  it('once linked, the subject decides: another subject claiming a linked e-mail is refused', async () => {
    ACCOUNTS['sub-impostor'] = { email: SOCIAL_WORKER, email_verified: true };
    const { client, callback } = await toCallback({ accountId: 'sub-impostor', amr: ['mfa'] });
    const refused = await client.get(callback);
    assert.equal(refused.status, 403);
    assert.equal((await deniedReasons()).at(-1), 'subject-mismatch');
  });

  it('with the second factor required, MFA at the provider signs in without being sent to set one up; without it, to set-up', async () => {
    const mfa = await toCallback({ accountId: 'sub-coordinator', amr: ['mfa'] }, '/', strict);
    const done = await mfa.client.get(mfa.callback);
    assert.equal(done.location, '/');
    assert.equal((await mfa.client.get('/account')).status, 200, 'not sent to set up a second factor');
    const plain = await toCallback({ accountId: 'sub-coordinator', amr: ['pwd'] }, '/', strict);
    const pending = await plain.client.get(plain.callback);
    assert.equal(pending.location, '/sign-in/set-up-second-factor');
    assert.equal((await plain.client.get('/account')).location, '/sign-in/set-up-second-factor');
  });

  it('refuses a deactivated account', async () => {
    await harbour.db.updateTable('users').set({ active: false }).where('email', '=', 'admin@harbour.example').execute();
    const { client, callback } = await toCallback({ accountId: 'sub-admin', amr: ['mfa'] });
    const refused = await client.get(callback);
    assert.equal(refused.status, 403);
    assert.equal((await deniedReasons()).at(-1), 'deactivated');
    await harbour.db.updateTable('users').set({ active: true }).where('email', '=', 'admin@harbour.example').execute();
  });

  it('with HARBOUR_OIDC_MATCH=subject, only an account already linked signs in', async () => {
    const oidc = harbour.services.config.oidc!;
    oidc.match = 'subject';
    try {
      const linked = await toCallback({ accountId: 'sub-manager', amr: ['mfa'] });
      assert.equal((await linked.client.get(linked.callback)).location, '/');
      const unlinked = await toCallback({ accountId: 'sub-coordinator', amr: ['mfa'] });
      assert.equal((await unlinked.client.get(unlinked.callback)).status, 403);
      assert.equal((await deniedReasons()).at(-1), 'unknown-user');
    } finally {
      oidc.match = 'email';
    }
  });

  // Last: it slows this address for the rest of the file.
  it('an address slowed by failed password sign-ins is slowed for single sign-on too, and the account is not locked', async () => {
    for (let i = 0; i < 8; i += 1) await new Browserish(harbour.url).submit('/sign-in', '/sign-in', { email: `nobody${i}@harbour.example`, password: 'wrong password' });
    const { client, callback } = await toCallback({ accountId: 'sub-social-worker', amr: ['mfa'] });
    const slowed = await client.get(callback);
    assert.equal(slowed.status, 429);
    assert.ok(Number(slowed.headers.get('retry-after')) > 0);
    assert.equal(client.cookies.has(SESSION_COOKIE), false);
    assert.equal((await deniedReasons()).at(-1), 'address-slowed');
    const user = await harbour.db.selectFrom('users').select('locked_until').where('email', '=', SOCIAL_WORKER).executeTakeFirstOrThrow();
    assert.equal(user.locked_until, null);
  });
});
