// The TOTP second factor through HTTP: setting it up, signing in with a code, wrong and replayed codes, recovery
// codes, the pending session's limits, turning it off, new recovery codes, an administrator's reset, and the
// required mode. Codes are computed from the secret in the database with the domain module, as an app would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { totpForStep, totpStep } from '../../../src/domain/accounts/totp.ts';
import { SESSION_COOKIE } from '../../../src/platform/web/session-cookie.ts';

const errorMessages = (html: string) => [...html.matchAll(/govuk-error-summary__list[\s\S]*?<\/ul>/g)].flatMap((m) => [...m[0].matchAll(/<a[^>]*>([^<]+)<\/a>/g)].map((a) => a[1]!.trim()));
const recoveryCodesIn = (html: string) => [...html.matchAll(/<li><code>([a-z2-7]{5}-[a-z2-7]{5})<\/code><\/li>/g)].map((m) => m[1]!);

function helpers(harbour: () => TestHarbour) {
  const userId = async (email: string) => (await harbour().db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const secretOf = async (email: string) => (await harbour().db.selectFrom('second_factors').select('secret').where('user_id', '=', await userId(email)).executeTakeFirstOrThrow()).secret;
  /** The code an authenticator app shows at the service's time, `steps` 30-second steps from now. */
  const codeFor = (secret: string, steps = 0) => totpForStep(secret, totpStep(harbour().clock.now) + steps);
  /**
   * Moves the service's clock to a fresh 30-second step, so a code for "now" has not been used yet, and to a second
   * into it: the clock runs on with real time, so a step left half-spent could roll over between a sign-in and the
   * next request, and a test that expects the same code to be refused would be given the next step's code instead.
   */
  const nextStep = () => {
    const next = (Math.floor(harbour().clock.now.getTime() / 30_000) + 1) * 30_000 + 1_000;
    harbour().clock.set(new Date(next));
  };
  const auditRows = async (email: string, action: string) =>
    harbour().db.selectFrom('audit_events').select(['action', 'outcome', 'details', 'actor_id']).where('entity_id', '=', await userId(email)).where('action', '=', action).orderBy('id').execute();

  /** Sets up the second factor from the account page; answers the secret (read from the database) and the recovery codes shown. */
  async function enrolFromAccount(client: Browserish, email: string) {
    const started = await client.submit('/account/second-factor/set-up', '/account/second-factor/set-up/start', {});
    assert.equal(started.status, 303);
    const page = await client.get('/account/second-factor/set-up');
    assert.equal(page.status, 200);
    const secret = await secretOf(email);
    nextStep();
    const confirmed = await client.request('POST', '/account/second-factor/set-up', { _csrf: csrfTokenIn(page.text), code: codeFor(secret) });
    assert.equal(confirmed.status, 200);
    return { secret, page: page.text, recoveryCodes: recoveryCodesIn(confirmed.text), confirmed: confirmed.text };
  }

  /** Signs in with the password and a fresh code; answers the client. */
  async function signInWithCode(email: string, secret: string) {
    const client = new Browserish(harbour().url);
    const password = await client.signIn(email);
    assert.equal(password.location, '/sign-in/second-factor');
    nextStep();
    const done = await client.enterSecondFactorCode(codeFor(secret));
    assert.equal(done.status, 303, `the code was accepted for ${email}`);
    return client;
  }

  return { userId, secretOf, codeFor, nextStep, auditRows, enrolFromAccount, signInWithCode };
}

describe(`second factor (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const h = helpers(() => harbour);
  let caseId: string;
  let secret: string;
  let recoveryCodes: string[];
  const EMAIL = 'nurse@harbour.example';

  before(async () => {
    harbour = await startTestHarbour();
    caseId = (await harbour.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    harbour?.clock.reset();
    await harbour?.stop();
  });

  it('sets up from the account page: QR code and key in groups of 4, a wrong code refused, then 10 recovery codes shown once and stored hashed', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn(EMAIL);
    const account = await client.get('/account');
    assert.match(account.text, /You sign in with your password only/);
    assert.match(account.text, /href="\/account\/second-factor\/set-up"/);

    const intro = await client.get('/account/second-factor/set-up');
    assert.equal(intro.status, 200);
    assert.match(intro.text, /action="\/account\/second-factor\/set-up\/start"/);
    assert.equal(await harbour.db.selectFrom('second_factors').select('user_id').where('user_id', '=', await h.userId(EMAIL)).executeTakeFirst(), undefined, 'showing the page issues no secret');

    await client.submit('/account/second-factor/set-up', '/account/second-factor/set-up/start', {});
    const page = await client.get('/account/second-factor/set-up');
    secret = await h.secretOf(EMAIL);
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.ok(page.text.includes(secret.match(/.{4}/g)!.join(' ')), 'the key is shown in groups of 4');
    assert.match(page.text, /<img class="harbour-qr-code" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" width="200" height="200" alt="QR code that adds Harbour/);
    const svg = Buffer.from(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/.exec(page.text)![1]!, 'base64').toString();
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    const wrong = await client.request('POST', '/account/second-factor/set-up', { _csrf: csrfTokenIn(page.text), code: '000000' === h.codeFor(secret) ? '111111' : '000000' });
    assert.equal(wrong.status, 400);
    assert.match(titleOf(wrong.text), /^Error: Set up a second factor/);
    const malformed = await client.request('POST', '/account/second-factor/set-up', { _csrf: csrfTokenIn(page.text), code: '12345' });
    assert.deepEqual(errorMessages(malformed.text), ['The code must be 6 numbers']);

    h.nextStep();
    const confirmed = await client.request('POST', '/account/second-factor/set-up', { _csrf: csrfTokenIn(page.text), code: h.codeFor(secret) });
    assert.equal(confirmed.status, 200);
    assert.equal(titleOf(confirmed.text), 'Save your recovery codes – Harbour');
    recoveryCodes = recoveryCodesIn(confirmed.text);
    assert.equal(recoveryCodes.length, 10);

    const stored = await harbour.db.selectFrom('second_factor_recovery_codes').select(['code_hash', 'used_at']).where('user_id', '=', await h.userId(EMAIL)).execute();
    assert.equal(stored.length, 10);
    for (const row of stored) {
      assert.equal(row.used_at, null);
      assert.ok(!recoveryCodes.some((code) => row.code_hash.includes(code.replace('-', ''))), 'only hashes are stored');
    }
    // Shown once: the set-up page now goes back to the account page, which shows the count only.
    assert.equal((await client.get('/account/second-factor/set-up')).location, '/account');
    const after = await client.get('/account');
    assert.match(after.text, /Recovery codes left[\s\S]*?10/);
    assert.ok(!recoveryCodes.some((code) => after.text.includes(code)));

    assert.deepEqual((await h.auditRows(EMAIL, 'second-factor.enrolled')).map((r) => r.outcome), ['success']);
    assert.deepEqual((await h.auditRows(EMAIL, 'second-factor.confirmed')).map((r) => r.details), [{ recoveryCodes: 10 }]);
    assert.deepEqual(
      (await h.auditRows(EMAIL, 'second-factor.failed')).map((r) => [r.outcome, (r.details as { stage: string }).stage]),
      [['denied', 'enrolment']],
    );
  });

  it('asks for the code after the password; the pending session opens nothing else, not even / or a case', async () => {
    const signInsBefore = (await h.auditRows(EMAIL, 'sign-in')).length;
    const client = new Browserish(harbour.url);
    const password = await client.signIn(EMAIL);
    assert.equal(password.location, '/sign-in/second-factor');
    const step = await client.get('/sign-in/second-factor');
    assert.equal(step.status, 200);
    assert.equal(titleOf(step.text), 'Enter the code from your authenticator app – Harbour');
    assert.match(step.text, /<a class="govuk-link" href="\/sign-in\/recovery-code">Use a recovery code instead<\/a>/);
    assert.doesNotMatch(step.text, /data-qa="account-bar"/);

    for (const path of ['/', `/cases/${caseId}`, '/account', '/children/search', '/admin', '/sign-in']) {
      const res = await client.get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.location, '/sign-in/second-factor', path);
    }
    const tokensBefore = await harbour.db.selectFrom('api_tokens').select('id').execute();
    const post = await client.request('POST', '/account/api-tokens', { _csrf: csrfTokenIn(step.text), name: 'sneaky' });
    assert.equal(post.status, 303);
    assert.equal(post.location, '/sign-in/second-factor');
    assert.equal((await harbour.db.selectFrom('api_tokens').select('id').execute()).length, tokensBefore.length);
    assert.equal((await client.get('/api/v1/me')).status, 401, 'the API does not take session cookies at all');
    // The password alone is not a sign-in.
    assert.equal((await h.auditRows(EMAIL, 'sign-in.password-accepted')).length, 1);
    assert.equal((await h.auditRows(EMAIL, 'sign-in')).length, signInsBefore);

    const pendingCookie = client.cookies.get(SESSION_COOKIE);
    h.nextStep();
    const done = await client.enterSecondFactorCode(h.codeFor(secret));
    assert.equal(done.status, 303);
    assert.equal(done.location, '/');
    assert.notEqual(client.cookies.get(SESSION_COOKIE), pendingCookie, 'the session id is rotated');
    assert.equal((await client.get('/')).status, 200);
    assert.equal((await client.get(`/cases/${caseId}`)).status !== 303, true);

    const stale = new Browserish(harbour.url);
    stale.cookies.set(SESSION_COOKIE, pendingCookie!);
    assert.match((await stale.get('/')).location ?? '', /^\/sign-in/, 'the pending session is gone');
    assert.deepEqual((await h.auditRows(EMAIL, 'second-factor.succeeded')).map((r) => r.details), [{ method: 'totp' }]);
    assert.deepEqual((await h.auditRows(EMAIL, 'sign-in')).slice(signInsBefore).map((r) => r.details), [{ secondFactor: 'totp' }]);
  });

  it('keeps the page asked for through the code step', async () => {
    const client = new Browserish(harbour.url);
    const page = await client.get(`/cases/${caseId}`);
    const signIn = await client.get(page.location!);
    const password = await client.request('POST', '/sign-in', { _csrf: csrfTokenIn(signIn.text), email: EMAIL, password: 'harbour demo password', returnTo: `/cases/${caseId}` });
    assert.equal(password.location, `/sign-in/second-factor?returnTo=${encodeURIComponent(`/cases/${caseId}`)}`);
    const step = await client.get(password.location!);
    assert.match(step.text, new RegExp(`name="returnTo" value="/cases/${caseId}"`));
    h.nextStep();
    const done = await client.request('POST', '/sign-in/second-factor', { _csrf: csrfTokenIn(step.text), code: h.codeFor(secret), returnTo: `/cases/${caseId}` });
    assert.equal(done.location, `/cases/${caseId}`);
  });

  it('refuses a wrong code and a replayed one, audits both, and counts them as failed sign-in attempts', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn(EMAIL);
    h.nextStep();
    const good = h.codeFor(secret);
    const wrongCode = String((Number(good) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await client.enterSecondFactorCode(wrongCode);
    assert.equal(wrong.status, 401);
    assert.match(titleOf(wrong.text), /^Error: Enter the code from your authenticator app/);
    assert.deepEqual(errorMessages(wrong.text), ['The code is wrong or has already been used. Enter the latest code from your authenticator app']);

    assert.equal((await client.enterSecondFactorCode(good)).status, 303);
    const again = new Browserish(harbour.url);
    await again.signIn(EMAIL);
    const replayed = await again.enterSecondFactorCode(good);
    assert.equal(replayed.status, 401, 'a code already used is refused');
    // The previous step's code is older than the one used: refused too.
    assert.equal((await again.enterSecondFactorCode(h.codeFor(secret, -1))).status, 401);

    const failures = (await h.auditRows(EMAIL, 'second-factor.failed')).filter((r) => (r.details as { stage: string }).stage === 'sign-in');
    assert.deepEqual(
      failures.map((r) => [r.outcome, (r.details as { reason: string }).reason]),
      [
        ['denied', 'wrong'],
        ['denied', 'replayed'],
        ['denied', 'replayed'],
      ],
    );
    assert.ok(failures.every((r) => r.actor_id), 'the audit row names the person whose password was right');
    const attempts = await harbour.db.selectFrom('sign_in_attempts').select('succeeded').where('email_lower', '=', EMAIL).where('succeeded', '=', false).execute();
    assert.equal(attempts.length, 3);
  });

  it('lets a recovery code in once, and tells the person how many are left', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn(EMAIL);
    const page = await client.get('/sign-in/recovery-code');
    assert.equal(titleOf(page.text), 'Enter a recovery code – Harbour');
    const used = await client.request('POST', '/sign-in/recovery-code', { _csrf: csrfTokenIn(page.text), code: recoveryCodes[0]!.toUpperCase() });
    assert.equal(used.status, 303);
    assert.equal(used.location, '/account');
    const account = await client.get('/account');
    assert.match(account.text, /You signed in with a recovery code, which cannot be used again. You have 9 recovery codes left/);

    const again = new Browserish(harbour.url);
    await again.signIn(EMAIL);
    const page2 = await again.get('/sign-in/recovery-code');
    const reused = await again.request('POST', '/sign-in/recovery-code', { _csrf: csrfTokenIn(page2.text), code: recoveryCodes[0]! });
    assert.equal(reused.status, 401);
    assert.match(titleOf(reused.text), /^Error: /);
    const malformed = await again.request('POST', '/sign-in/recovery-code', { _csrf: csrfTokenIn(page2.text), code: 'not-a-code!' });
    assert.equal(malformed.status, 400);

    assert.deepEqual((await h.auditRows(EMAIL, 'second-factor.recovery-code-used')).map((r) => r.details), [{ remaining: 9 }]);
    const failed = (await h.auditRows(EMAIL, 'second-factor.failed')).at(-1)!;
    assert.deepEqual(failed.details, { stage: 'sign-in', method: 'recovery-code', reason: 'wrong' });
    assert.deepEqual((await h.auditRows(EMAIL, 'sign-in')).at(-1)!.details, { secondFactor: 'recovery-code' });
  });

  it('after 100 wrong codes since the last right one refuses every code until a recovery code is used (NIST SP 800-63B 5.2.2)', async () => {
    // As if 99 wrong codes had been typed over many lockout windows; the clock moves past this test's lockout window.
    harbour.clock.advanceMinutes(20);
    await harbour.db.updateTable('second_factors').set({ failures_since_success: 99 }).where('user_id', '=', await h.userId(EMAIL)).execute();
    const client = new Browserish(harbour.url);
    await client.signIn(EMAIL);
    h.nextStep();
    const good = h.codeFor(secret);
    const wrong = await client.enterSecondFactorCode(String((Number(good) + 1) % 1_000_000).padStart(6, '0'));
    assert.equal(wrong.status, 401);
    const refused = await client.enterSecondFactorCode(good);
    assert.equal(refused.status, 401, 'the right code is refused once the limit is reached');
    assert.deepEqual(errorMessages(refused.text), [
      'Too many incorrect codes have been entered for your account since your last successful sign-in, so codes are not accepted. Use a recovery code, or ask your Harbour administrator to reset your second factor',
    ]);
    assert.deepEqual((await h.auditRows(EMAIL, 'second-factor.failed')).at(-1)!.details, { stage: 'sign-in', method: 'totp', reason: 'exhausted' });

    const page = await client.get('/sign-in/recovery-code');
    const recovered = await client.request('POST', '/sign-in/recovery-code', { _csrf: csrfTokenIn(page.text), code: recoveryCodes[1]! });
    assert.equal(recovered.status, 303);
    const row = await harbour.db.selectFrom('second_factors').select('failures_since_success').where('user_id', '=', await h.userId(EMAIL)).executeTakeFirstOrThrow();
    assert.equal(row.failures_since_success, 0);
    await h.signInWithCode(EMAIL, secret);
    harbour.clock.advanceMinutes(20);
  });

  it('ends a pending sign-in after 5 minutes', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn(EMAIL);
    harbour.clock.advanceMinutes(5.5);
    const late = await client.get('/sign-in/second-factor');
    assert.equal(late.status, 303);
    assert.equal(late.location, '/sign-in?reason=timeout');
    const signIn = await client.get(late.location!);
    assert.match(signIn.text, /You did not finish signing in within 5 minutes/);
  });

  it('new recovery codes need a current code and replace the old ones', async () => {
    const client = await h.signInWithCode(EMAIL, secret);
    const page = await client.get('/account/second-factor/recovery-codes');
    assert.equal(page.status, 200);
    const refused = await client.request('POST', '/account/second-factor/recovery-codes', { _csrf: csrfTokenIn(page.text), code: h.codeFor(secret) });
    assert.equal(refused.status, 400, 'the code just used to sign in is not accepted again');
    h.nextStep();
    const fresh = await client.request('POST', '/account/second-factor/recovery-codes', { _csrf: csrfTokenIn(page.text), code: h.codeFor(secret) });
    assert.equal(fresh.status, 200);
    const codes = recoveryCodesIn(fresh.text);
    assert.equal(codes.length, 10);
    assert.ok(!codes.includes(recoveryCodes[1]!));
    recoveryCodes = codes;
    assert.equal((await h.auditRows(EMAIL, 'second-factor.recovery-codes-replaced')).length, 1);
  });

  it('ten wrong codes lock the account, as ten wrong passwords do', async () => {
    const email = 'outreach@harbour.example';
    const setUp = new Browserish(harbour.url);
    await setUp.signIn(email);
    const { secret: outreachSecret } = await h.enrolFromAccount(setUp, email);
    const client = new Browserish(harbour.url);
    await client.signIn(email);
    const good = new Set([-1, 0, 1].map((offset) => h.codeFor(outreachSecret, offset)));
    const wrongCodes = Array.from({ length: 30 }, (_, i) => String(100000 + i * 7919)).filter((code) => !good.has(code)).slice(0, 10);
    let last;
    for (const code of wrongCodes) last = await client.enterSecondFactorCode(code);
    assert.equal(last!.status, 303);
    assert.equal(last!.location, '/sign-in?reason=locked');
    assert.match((await client.get('/sign-in?reason=locked')).text, /You entered an incorrect code too many times/);
    assert.equal((await h.auditRows(email, 'account.locked')).length, 1);
    const locked = await new Browserish(harbour.url).submit('/sign-in', '/sign-in', { email, password: 'harbour demo password' });
    assert.equal(locked.status, 429, 'even the right password is refused now');
  });

  it('turning it off needs the password and a current code; then the password alone signs in', async () => {
    const client = await h.signInWithCode(EMAIL, secret);
    const page = await client.get('/account/second-factor/turn-off');
    assert.equal(titleOf(page.text), 'Turn off your second factor – Harbour');
    h.nextStep();
    const wrongPassword = await client.request('POST', '/account/second-factor/turn-off', { _csrf: csrfTokenIn(page.text), password: 'not my password at all', code: h.codeFor(secret) });
    assert.equal(wrongPassword.status, 400);
    assert.deepEqual(errorMessages(wrongPassword.text), ['Your password is incorrect']);
    const noCode = await client.request('POST', '/account/second-factor/turn-off', { _csrf: csrfTokenIn(page.text), password: 'harbour demo password', code: '' });
    assert.deepEqual(errorMessages(noCode.text), ['Enter the code from your authenticator app']);
    const off = await client.request('POST', '/account/second-factor/turn-off', { _csrf: csrfTokenIn(page.text), password: 'harbour demo password', code: h.codeFor(secret) });
    assert.equal(off.status, 200);
    assert.match(off.text, /Your second factor is turned off/);
    assert.equal((await harbour.db.selectFrom('second_factor_recovery_codes').select('id').where('user_id', '=', await h.userId(EMAIL)).execute()).length, 0);
    assert.equal((await h.auditRows(EMAIL, 'second-factor.disabled')).length, 1);

    const later = new Browserish(harbour.url);
    assert.equal((await later.signIn(EMAIL)).location, '/');
  });

  it('an administrator resets a lost phone with a reason: the factor goes and the person is signed out everywhere', async () => {
    const email = 'teacher@harbour.example';
    const own = new Browserish(harbour.url);
    await own.signIn(email);
    const { secret: teacherSecret } = await h.enrolFromAccount(own, email);
    const teacher = await h.signInWithCode(email, teacherSecret);
    const teacherId = await h.userId(email);

    const admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
    const userPage = await admin.get(`/admin/users/${teacherId}`);
    assert.match(userPage.text, /Second factor[\s\S]*?On since/);
    assert.match(userPage.text, new RegExp(`href="/admin/users/${teacherId}/second-factor/reset"`));

    const path = `/admin/users/${teacherId}/second-factor/reset`;
    const noReason = await admin.submit(path, path, {});
    assert.equal(noReason.status, 400);
    assert.match(titleOf(noReason.text), /^Error: /);
    assert.deepEqual(errorMessages(noReason.text), ['Choose why you are resetting their second factor']);
    const otherWithout = await admin.submit(path, path, { reasonCode: 'other', reason: '' });
    assert.deepEqual(errorMessages(otherWithout.text), ['Explain why you are resetting their second factor']);

    const reset = await admin.submit(path, path, { reasonCode: 'other', reason: 'Phone fell in the canal' });
    assert.equal(reset.status, 303);
    assert.match((await admin.get(reset.location!)).text, /second factor has been reset and they have been signed out everywhere/);

    assert.equal(await harbour.db.selectFrom('second_factors').select('user_id').where('user_id', '=', teacherId).executeTakeFirst(), undefined);
    assert.equal((await harbour.db.selectFrom('sessions').select('id_hash').where('user_id', '=', teacherId).execute()).length, 0);
    assert.match((await teacher.get('/')).location ?? '', /^\/sign-in/, 'their session has ended');
    const stored = await harbour.db.selectFrom('second_factor_resets').select(['reason_code', 'reason']).where('user_id', '=', teacherId).executeTakeFirstOrThrow();
    assert.deepEqual(stored, { reason_code: 'other', reason: 'Phone fell in the canal' });
    const [audit] = await h.auditRows(email, 'second-factor.reset');
    assert.equal((audit!.details as { reasonCode: string }).reasonCode, 'other');
    assert.ok(!JSON.stringify(audit!.details).includes('canal'), 'the free text stays out of the audit trail');

    // Their own reset is not done here, and the button is not offered.
    const adminId = await h.userId('admin@harbour.example');
    assert.doesNotMatch((await admin.get(`/admin/users/${adminId}`)).text, /Reset second factor/);
  });

  it('writes no secret, code or recovery code into the audit trail', async () => {
    const rows = await harbour.db.selectFrom('audit_events').select(['action', 'details']).where('action', 'like', 'second-factor.%').execute();
    assert.ok(rows.length > 10);
    const text = JSON.stringify(rows);
    assert.ok(!text.includes(secret));
    for (const code of recoveryCodes) assert.ok(!text.includes(code) && !text.includes(code.replace('-', '')));
    assert.doesNotMatch(text, /\b\d{6}\b/, 'no 6-digit code');
  });

  it('leaves the API to its bearer tokens', async () => {
    const email = 'police@harbour.example';
    const own = new Browserish(harbour.url);
    await own.signIn(email);
    const { secret: policeSecret } = await h.enrolFromAccount(own, email);
    const client = await h.signInWithCode(email, policeSecret);
    const created = await client.submit('/account', '/account/api-tokens', { name: 'script' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(created.text)![1]!;
    const me = await fetch(`${harbour.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
  });
});

describe(`second factor required (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const h = helpers(() => harbour);
  const EMAIL = 'manager@harbour.example';
  let caseId: string;

  before(async () => {
    harbour = await startTestHarbour({ env: { HARBOUR_REQUIRE_SECOND_FACTOR: 'true' } });
    caseId = (await harbour.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    harbour?.clock.reset();
    await harbour?.stop();
  });

  it('sends someone without a second factor to set one up straight after the password, and nowhere else until they have', async () => {
    const client = new Browserish(harbour.url);
    const password = await client.signIn(EMAIL);
    assert.equal(password.location, '/sign-in/set-up-second-factor');
    for (const path of ['/', `/cases/${caseId}`, '/account', '/sign-in/second-factor', '/account/second-factor/set-up']) {
      const res = await client.get(path);
      assert.equal(res.location, '/sign-in/set-up-second-factor', path);
    }
    const intro = await client.get('/sign-in/set-up-second-factor');
    assert.equal(intro.status, 200);
    assert.match(intro.text, /You need to set this up before you can go on/);
    assert.match(intro.text, /action="\/sign-out"/, 'they can sign out instead');

    const started = await client.request('POST', '/sign-in/set-up-second-factor/start', { _csrf: csrfTokenIn(intro.text) });
    assert.equal(started.location, '/sign-in/set-up-second-factor');
    const page = await client.get('/sign-in/set-up-second-factor');
    const secret = await h.secretOf(EMAIL);
    assert.ok(page.text.includes(secret.match(/.{4}/g)!.join(' ')));
    const before = client.cookies.get(SESSION_COOKIE);
    h.nextStep();
    const confirmed = await client.request('POST', '/sign-in/set-up-second-factor', { _csrf: csrfTokenIn(page.text), code: h.codeFor(secret) });
    assert.equal(confirmed.status, 200);
    assert.equal(recoveryCodesIn(confirmed.text).length, 10);
    assert.match(confirmed.text, /href="\/"[^>]*>\s*Continue/);
    assert.notEqual(client.cookies.get(SESSION_COOKIE), before, 'the session id is rotated');
    assert.equal((await client.get('/')).status, 200);
    assert.deepEqual((await h.auditRows(EMAIL, 'sign-in')).map((r) => r.details), [{ secondFactor: 'enrolment' }]);

    // Next time: the code.
    const next = await h.signInWithCode(EMAIL, secret);
    assert.equal((await next.get('/')).status, 200);
  });

  it('a session whose second factor is turned off can only set up a new one', async () => {
    const secret = await h.secretOf(EMAIL);
    const client = await h.signInWithCode(EMAIL, secret);
    const page = await client.get('/account/second-factor/turn-off');
    assert.match(page.text, /Harbour requires a second factor/);
    h.nextStep();
    const off = await client.request('POST', '/account/second-factor/turn-off', { _csrf: csrfTokenIn(page.text), password: 'harbour demo password', code: h.codeFor(secret) });
    assert.equal(off.status, 200);
    assert.equal((await client.get('/')).location, '/sign-in/set-up-second-factor');
  });

  it('after an administrator’s reset, the person sets up again at their next sign-in', async () => {
    const email = 'coordinator@harbour.example';
    const own = new Browserish(harbour.url);
    await own.signIn(email);
    const intro = await own.get('/sign-in/set-up-second-factor');
    await own.request('POST', '/sign-in/set-up-second-factor/start', { _csrf: csrfTokenIn(intro.text) });
    const page = await own.get('/sign-in/set-up-second-factor');
    const secret = await h.secretOf(email);
    h.nextStep();
    assert.equal((await own.request('POST', '/sign-in/set-up-second-factor', { _csrf: csrfTokenIn(page.text), code: h.codeFor(secret) })).status, 200);

    const admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
    const adminPage = await admin.get('/sign-in/set-up-second-factor');
    const start = await admin.request('POST', '/sign-in/set-up-second-factor/start', { _csrf: csrfTokenIn(adminPage.text) });
    assert.equal(start.status, 303);
    const adminSetUp = await admin.get('/sign-in/set-up-second-factor');
    const adminSecret = await h.secretOf('admin@harbour.example');
    h.nextStep();
    await admin.request('POST', '/sign-in/set-up-second-factor', { _csrf: csrfTokenIn(adminSetUp.text), code: h.codeFor(adminSecret) });

    const path = `/admin/users/${await h.userId(email)}/second-factor/reset`;
    const reset = await admin.submit(path, path, { reasonCode: 'lost-or-stolen' });
    assert.equal(reset.status, 303);
    const again = new Browserish(harbour.url);
    assert.equal((await again.signIn(email)).location, '/sign-in/set-up-second-factor');
  });
});
