// Issue 16, bad input and sessions: every state-changing form route (from the router's own list) refuses a request
// without a valid CSRF token and writes nothing; the API cannot be driven by a browser's cookie; every answer, of
// every page type, carries a strict CSP without inline script, frame-ancestors 'none', nosniff and a referrer
// policy; the session id changes at sign-in and again when the second factor is done.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseLabel } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { totpForStep, totpStep } from '../../../src/domain/accounts/totp.ts';
import { SESSION_COOKIE } from '../../../src/platform/web/session-cookie.ts';
import { buildWorld } from './world.ts';
import type { World } from './world.ts';
import { runCsrf, runHeaders, runPageTypes, runServerFaultPages } from './csrf-and-headers.ts';
import type { CsrfFigures, HeaderFigures } from './csrf-and-headers.ts';

describe(`CSRF, security headers and session ids on every route (${databaseLabel})`, () => {
  let world: World;
  let csrf: CsrfFigures;
  let headers: HeaderFigures;
  before(async () => {
    world = await buildWorld();
    csrf = await runCsrf(world);
    headers = await runHeaders(world);
    process.stdout.write(`# csrf: ${JSON.stringify({ ...csrf, accepted: csrf.accepted.length })}\n# headers: ${JSON.stringify({ responses: headers.responses, failures: headers.failures.length })}\n`);
  });
  after(async () => {
    world?.harbour.clock.reset();
    await world?.stop().catch(() => {});
  });

  it('refuses every state-changing form route without a valid CSRF token (none, empty, another session’s, duplicated) and writes nothing', () => {
    assert.ok(csrf.formRoutes > 80, `${csrf.formRoutes} form routes`);
    assert.deepEqual(csrf.accepted, [], 'requests accepted without a valid CSRF token');
    assert.equal(csrf.refused, csrf.formRoutes * 4);
    assert.deepEqual(csrf.partialWrites, [], 'tables whose row counts changed');
  });

  it('refuses every state-changing API route driven by a browser’s session cookie alone (the API is CSRF-exempt because it reads only bearer tokens)', () => {
    assert.ok(csrf.apiRoutes >= 3);
    assert.deepEqual(csrf.apiCookieAccepted, []);
  });

  it('sends the security headers on the answer of every GET route', () => {
    assert.ok(headers.responses > 90, `${headers.responses} answers`);
    assert.deepEqual(headers.failures, []);
  });

  it('sends them on every page type: sign-in, home, case page, form, form with errors, redirects, 400/403/404/413, CSRF refusal, PDF, CSV, API JSON and problems, /health, static files', async () => {
    const types = await runPageTypes(world);
    process.stdout.write(`# header page types: ${types.checked.length}\n`);
    assert.ok(types.checked.length >= 18);
    assert.deepEqual(types.failures, []);
  });

  it('gives a new session id at sign-in, whatever cookie the browser came with, and ends the session it replaces', async () => {
    const b = new Browserish(world.harbour.url);
    // An attacker-chosen cookie planted before sign-in (session fixation) is not adopted.
    b.cookies.set(SESSION_COOKIE, 'planted-by-someone-else');
    await b.signIn('outreach@harbour.example');
    const first = b.cookies.get(SESSION_COOKIE)!;
    assert.ok(first && first !== 'planted-by-someone-else');
    // Signing in again from the same browser: a new id, and the old one is worth nothing.
    const again = await b.request('POST', '/sign-in', { _csrf: csrfTokenIn((await b.get('/account')).text), email: 'outreach@harbour.example', password: 'harbour demo password' });
    assert.equal(again.status, 303);
    const second = b.cookies.get(SESSION_COOKIE)!;
    assert.notEqual(second, first);
    const old = new Browserish(world.harbour.url);
    old.cookies.set(SESSION_COOKIE, first);
    assert.match((await old.get('/account')).location ?? '', /^\/sign-in/);
    assert.equal((await b.get('/account')).status, 200);
  });

  it('gives another new session id when the second factor is done: the password-only session’s id opens nothing', async () => {
    const email = 'nurse@harbour.example';
    const b = new Browserish(world.harbour.url);
    await b.signIn(email);
    assert.equal((await b.submit('/account/second-factor/set-up', '/account/second-factor/set-up/start', {})).status, 303);
    const page = await b.get('/account/second-factor/set-up');
    const userId = world.users.get('nurse')!;
    const secret = (await world.harbour.db.selectFrom('second_factors').select('secret').where('user_id', '=', userId).executeTakeFirstOrThrow()).secret;
    world.harbour.clock.advanceMinutes(0.5);
    assert.equal((await b.request('POST', '/account/second-factor/set-up', { _csrf: csrfTokenIn(page.text), code: totpForStep(secret, totpStep(world.harbour.clock.now)) })).status, 200);

    const c = new Browserish(world.harbour.url);
    const password = await c.signIn(email);
    assert.equal(password.location, '/sign-in/second-factor');
    const pending = c.cookies.get(SESSION_COOKIE)!;
    world.harbour.clock.advanceMinutes(0.5);
    const done = await c.enterSecondFactorCode(totpForStep(secret, totpStep(world.harbour.clock.now)));
    assert.equal(done.status, 303);
    const full = c.cookies.get(SESSION_COOKIE)!;
    assert.ok(full && full !== pending, 'the session id changed at the second factor');
    assert.equal((await c.get('/account')).status, 200);
    const stolen = new Browserish(world.harbour.url);
    stolen.cookies.set(SESSION_COOKIE, pending);
    const res = await stolen.get('/account');
    assert.equal(res.status, 303);
    assert.match(res.location ?? '', /^\/sign-in/);
  });

  it('sends the headers on the 500 page and the API’s 500 problem too (the database taken away, so this runs last)', async () => {
    assert.deepEqual(await runServerFaultPages(world), []);
  });
});
