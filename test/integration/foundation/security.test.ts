import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';

describe(`foundation security (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  before(async () => {
    // One trusted proxy hop, so that the lockout test can come from two addresses (one alone is slowed first).
    harbour = await startTestHarbour({ env: { HARBOUR_TRUST_PROXY: '1' } });
  });
  after(async () => {
    await harbour?.stop();
  });

  it('GET /health answers JSON with the database status', async () => {
    const res = await fetch(`${harbour.url}/health`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; database: { status: string; kind: string } };
    assert.equal(body.status, 'ok');
    assert.equal(body.database.status, 'ok');
    assert.equal(body.database.kind, harbour.kind);
  });

  it('sends a strict CSP with no inline script, and no X-Powered-By', async () => {
    const res = await fetch(`${harbour.url}/sign-in`);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers.get('x-powered-by'), null);
    const html = await res.text();
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'every script on the page is external');
  });

  it('signs in, shows a role-dependent navigation and signs out', async () => {
    const admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
    const adminHome = await admin.get('/');
    assert.equal(adminHome.status, 200);
    assert.match(adminHome.text, /href="\/admin"/);

    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    const home = await worker.get('/');
    assert.equal(titleOf(home.text), 'My work – Harbour');
    assert.doesNotMatch(home.text, /href="\/admin"/);
    assert.match(home.text, /href="\/children\/search"/);

    const out = await worker.request('POST', '/sign-out', { _csrf: csrfTokenIn(home.text) });
    assert.equal(out.status, 303);
    const after = await worker.get('/');
    assert.equal(after.status, 303);
    assert.match(after.location ?? '', /^\/sign-in/);
  });

  it('gives the same message for a wrong password and an unknown user', async () => {
    const client = new Browserish(harbour.url);
    const wrong = await client.submit('/sign-in', '/sign-in', { email: 'nurse@harbour.example', password: 'not the password at all' });
    const unknown = await client.submit('/sign-in', '/sign-in', { email: 'nobody@harbour.example', password: 'not the password at all' });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    const message = (html: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)<\/a>/.exec(html)?.[1];
    assert.equal(message(wrong.text), 'Enter a correct e-mail address and password');
    assert.equal(message(unknown.text), message(wrong.text));
    assert.match(titleOf(wrong.text), /^Error: /);
  });

  it('locks an account after 10 failures in 15 minutes, audits it, and refuses even the right password', async () => {
    const client = new Browserish(harbour.url);
    // From two addresses: one address alone is slowed before it can lock an account (issue 16).
    for (let i = 0; i < 10; i++) {
      const page = await client.get('/sign-in');
      await client.request('POST', '/sign-in', { _csrf: csrfTokenIn(page.text), email: 'outreach@harbour.example', password: `wrong password number ${i}` }, { 'x-forwarded-for': `198.51.100.${i % 2}` });
    }
    const locked = await client.submit('/sign-in', '/sign-in', { email: 'outreach@harbour.example', password: 'harbour demo password' });
    assert.equal(locked.status, 429);
    assert.match(locked.text, /locked for 15 minutes/);
    const audit = await harbour.db.selectFrom('audit_events').select('action').where('action', '=', 'account.locked').execute();
    assert.equal(audit.length, 1);
  });

  it('refuses a deactivated user', async () => {
    await harbour.db.updateTable('users').set({ active: false, deactivated_at: new Date() }).where('email', '=', 'iro@harbour.example').execute();
    const client = new Browserish(harbour.url);
    const res = await client.submit('/sign-in', '/sign-in', { email: 'iro@harbour.example', password: 'harbour demo password' });
    assert.equal(res.status, 401);
    await harbour.db.updateTable('users').set({ active: true, deactivated_at: null }).where('email', '=', 'iro@harbour.example').execute();
  });

  it('refuses a POST without a CSRF token with 403 and changes nothing', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn('social.worker@harbour.example');
    const before = await harbour.db.selectFrom('api_tokens').select('id').execute();
    const res = await client.request('POST', '/account/api-tokens', { name: 'sneaky' });
    assert.equal(res.status, 403);
    const forged = await client.request('POST', '/account/api-tokens', { name: 'sneaky', _csrf: 'forged-token' });
    assert.equal(forged.status, 403);
    const afterRows = await harbour.db.selectFrom('api_tokens').select('id').execute();
    assert.equal(afterRows.length, before.length);
  });

  it('ends a session after 30 idle minutes', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn('teacher@harbour.example');
    assert.equal((await client.get('/')).status, 200);
    harbour.clock.advanceMinutes(31);
    try {
      const res = await client.get('/account');
      assert.equal(res.status, 303);
      // The redirect carries why, so the sign-in page can say it.
      assert.equal(res.location, '/sign-in?returnTo=%2Faccount&reason=idle');
      const signIn = await client.get(res.location!);
      assert.match(signIn.text, /data-qa="signed-out-idle"/);
      assert.match(signIn.text, /You were signed out because you had not used Harbour for 30 minutes/);
    } finally {
      harbour.clock.reset();
    }
  });

  it('ends a session after 12 hours however busy, and the sign-in page says so rather than blaming idleness', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn('teacher@harbour.example');
    assert.equal((await client.get('/')).status, 200);
    const userId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'teacher@harbour.example').executeTakeFirstOrThrow()).id;
    // As if signed in 12 hours ago and active ever since: the absolute limit has just passed.
    await harbour.db.updateTable('sessions').set({ expires_at: new Date(harbour.clock.now.getTime() - 60_000) }).where('user_id', '=', userId).execute();
    const res = await client.get('/account');
    assert.equal(res.status, 303);
    assert.equal(res.location, '/sign-in?returnTo=%2Faccount&reason=expired');
    const signIn = await client.get(res.location!);
    assert.match(signIn.text, /You were signed out because you had been signed in for 12 hours/);
    assert.doesNotMatch(signIn.text, /data-qa="signed-out-idle"/);
  });

  it('keeps sessions in the database', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn('manager@harbour.example');
    const rows = await sql<{ n: number }>`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.email = 'manager@harbour.example'`.execute(harbour.db);
    assert.ok(rows.rows[0]!.n >= 1);
  });

  it('answers unknown pages with the GOV.UK 404 page and oversize bodies with 413', async () => {
    const res = await fetch(`${harbour.url}/no-such-page`);
    assert.equal(res.status, 404);
    assert.match(await res.text(), /Page not found/);
    const client = new Browserish(harbour.url);
    const page = await client.get('/sign-in');
    const big = await client.request('POST', '/sign-in', { _csrf: csrfTokenIn(page.text), email: 'x'.repeat(300_000), password: 'x' });
    assert.equal(big.status, 413);
  });

  it('answers API errors as application/problem+json and authenticates with personal tokens', async () => {
    const anonymous = await fetch(`${harbour.url}/api/v1/me`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('content-type') ?? '', /application\/problem\+json/);

    const client = new Browserish(harbour.url);
    await client.signIn('police@harbour.example');
    const created = await client.submit('/account', '/account/api-tokens', { name: 'analysis script' });
    assert.equal(created.status, 201);
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(created.text)?.[1];
    assert.ok(token?.startsWith('hbr_'));
    const stored = await harbour.db.selectFrom('api_tokens').select(['token_hash']).where('name', '=', 'analysis script').executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, token, 'only a hash is stored');

    const me = await fetch(`${harbour.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { email: string }).email, 'police@harbour.example');

    const account = await client.get('/account');
    const tokenId = /name="tokenId" value="([^"]+)"/.exec(account.text)?.[1];
    const revoked = await client.request('POST', '/account/api-tokens/revoke', { _csrf: csrfTokenIn(account.text), tokenId: tokenId! });
    assert.equal(revoked.status, 200);
    const afterRevoke = await fetch(`${harbour.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(afterRevoke.status, 401);
  });
});
