// Nothing typed is lost to a time-out (docs/decisions/0010-nothing-lost-to-a-time-out.md), through HTTP: a form sent
// from a session that has timed out is kept (only with that session's own CSRF token), given back after signing in
// (after the second factor too), sent once through the form's own route, or discarded; only its owner sees it, and it
// is gone after 24 hours. "Stay signed in" moves the idle time-out on.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonDateOf } from '../../../src/domain/clock/index.ts';
import { totpForStep, totpStep } from '../../../src/domain/accounts/totp.ts';
import { SESSION_COOKIE } from '../../../src/platform/web/session-cookie.ts';

const WORKER = 'social.worker@harbour.example';
const NOTE = 'Home visit with Amira and her aunt.\r\nShe said an older "friend" <from the park> collects her after school & buys her things.\r\n\r\nAgreed: I will speak to school tomorrow.';

const decode = (value: string) => value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The held page's "Send it" form, as a browser would send it: its action and every hidden field, in order. */
function sendFormIn(html: string): { action: string; fields: Record<string, string | string[]> } {
  const form = /<form method="post" action="([^"]+)" novalidate class="harbour-inline-form">([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, 'the held page has a form to send it');
  const fields: Record<string, string | string[]> = {};
  for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    const name = input[1]!;
    // A browser sends a line break in a field as CR LF, whichever way the page wrote it.
    const value = decode(input[2]!).replace(/\r?\n/g, '\r\n');
    const existing = fields[name];
    fields[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { action: decode(form[1]!), fields };
}

describe(`nothing typed is lost to a time-out (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId: string;
  let childId: string;

  before(async () => {
    harbour = await startTestHarbour();
    const kase = await harbour.db.selectFrom('cases').select(['id', 'child_id']).where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow();
    caseId = kase.id;
    childId = kase.child_id;
  });
  after(async () => {
    harbour?.clock.reset();
    await harbour?.stop();
  });

  const userId = async (email: string) => (await harbour.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const heldRows = async (email: string) => harbour.db.selectFrom('held_submissions').selectAll().where('user_id', '=', await userId(email)).orderBy('created_at').execute();
  const notesWith = async (text: string) => harbour.db.selectFrom('case_notes').select(['id', 'body']).where('case_id', '=', caseId).where('body', '=', text).execute();
  const audits = (action: string, entityId: string) => harbour.db.selectFrom('audit_events').select(['action', 'outcome', 'actor_id', 'child_id', 'details']).where('action', '=', action).where('entity_id', '=', entityId).orderBy('id').execute();
  const noteFields = (body: string) => ({ contactDate: londonDateOf(harbour.clock.now), contactType: 'home visit', body, sharingLevel: 'network' });
  /** Settling a send happens once its answer has gone: wait for it rather than race it. */
  async function eventually(check: () => Promise<boolean>, what: string) {
    for (let i = 0; i < 50; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.fail(`timed out waiting for ${what}`);
  }

  /** Signs in, opens the new-note form, lets the session time out, then presses Save: answers the client and the reply. */
  async function typeANoteAndTimeOut(email: string, body: string, minutes = 31) {
    const client = new Browserish(harbour.url);
    await client.signIn(email);
    const form = await client.get(`/cases/${caseId}/notes/new`);
    assert.equal(form.status, 200);
    harbour.clock.advanceMinutes(minutes);
    const saved = await client.request('POST', `/cases/${caseId}/notes`, { _csrf: csrfTokenIn(form.text), ...noteFields(body) });
    return { client, saved, token: csrfTokenIn(form.text) };
  }

  it('keeps a case note typed into a session that timed out, gives it back after signing in, and sends it exactly once', async () => {
    const { client, saved } = await typeANoteAndTimeOut(WORKER, NOTE);
    assert.equal(saved.status, 303);
    assert.equal(saved.location, '/sign-in?reason=held');
    assert.equal(client.cookies.has(SESSION_COOKIE), false, 'the timed-out session’s cookie is cleared');
    assert.deepEqual(await notesWith(NOTE), [], 'nothing is saved while signed out');

    const [held] = await heldRows(WORKER);
    assert.ok(held);
    assert.equal(held.method, 'POST');
    assert.equal(held.path, `/cases/${caseId}/notes`);
    assert.deepEqual(held.body, noteFields(NOTE), 'the form as typed, without its CSRF token');
    assert.equal(held.expires_at.getTime() - held.created_at.getTime(), 24 * 3_600_000);
    assert.equal(held.used_at, null);
    const [heldAudit] = await audits('submission.held', held.id);
    assert.deepEqual(heldAudit, { action: 'submission.held', outcome: 'success', actor_id: await userId(WORKER), child_id: childId, details: { path: `/cases/${caseId}/notes` } });

    const signInPage = await client.get(saved.location!);
    assert.match(signInPage.text, /You were signed out after 30 minutes without activity\. What you typed has been kept: sign in to send it\./);

    const signedIn = await client.signIn(WORKER);
    assert.equal(signedIn.location, `/held-submissions/${held.id}`);
    const page = await client.get(signedIn.location!);
    assert.equal(page.status, 200);
    assert.equal(titleOf(page.text), 'Send what you typed – Harbour');
    assert.match(page.text, /data-qa="destination">a case note on CSE-0003</);
    assert.ok(page.text.includes('She said an older &quot;friend&quot; &lt;from the park&gt; collects her after school &amp; buys her things.'), 'the text is shown in full, escaped');
    assert.match(page.text, /<dt class="govuk-summary-list__key">Contact type<\/dt>/);
    assert.equal((await audits('submission.viewed', held.id)).length, 1, 'viewing is audited');

    const { action, fields } = sendFormIn(page.text);
    assert.equal(action, `/cases/${caseId}/notes`);
    assert.equal(fields._held, held.id);
    assert.notEqual(fields._csrf, undefined);
    const sent = await client.request('POST', action, fields);
    assert.equal(sent.status, 303);
    assert.equal(sent.location, `/cases/${caseId}/notes?saved=1`);
    assert.equal((await notesWith(NOTE)).length, 1, 'the note is saved, with its line breaks');

    // A second click (or the page open in another tab) does not save it again.
    const again = await client.request('POST', action, fields);
    assert.equal(again.status, 303);
    assert.equal(again.location, `/held-submissions/${held.id}`);
    assert.equal((await notesWith(NOTE)).length, 1, 'sent exactly once');
    const used = await client.get(again.location!);
    assert.equal(used.status, 200);
    assert.match(used.text, /What you typed has already been sent or discarded/);
    assert.deepEqual((await audits('submission.sent', held.id)).map((a) => a.outcome), ['success']);
    await eventually(async () => JSON.stringify((await heldRows(WORKER))[0]!.body) === '{}', 'the kept text to be deleted once sent');
    assert.notEqual((await heldRows(WORKER))[0]!.used_at, null);

    // The next sign-in goes where it was going: nothing is left to send.
    const later = new Browserish(harbour.url);
    assert.equal((await later.signIn(WORKER)).location, '/');
  });

  it('does not keep a form whose CSRF token is not the timed-out session’s own, nor one from a session signed out on purpose', async () => {
    const before = (await heldRows(WORKER)).length;
    const client = new Browserish(harbour.url);
    await client.signIn(WORKER);
    await client.get(`/cases/${caseId}/notes/new`);
    // A real token, but another session's (someone else's): what planting a form would need.
    const someoneElse = new Browserish(harbour.url);
    await someoneElse.signIn('teacher@harbour.example');
    const theirToken = csrfTokenIn((await someoneElse.get('/')).text);
    harbour.clock.advanceMinutes(31);
    const planted = await client.request('POST', `/cases/${caseId}/notes`, { _csrf: theirToken, ...noteFields('Planted') });
    assert.equal(planted.status, 403);
    assert.match(planted.text, /This form has expired/);

    const noToken = new Browserish(harbour.url);
    await noToken.signIn(WORKER);
    harbour.clock.advanceMinutes(31);
    assert.equal((await noToken.request('POST', `/cases/${caseId}/notes`, noteFields('No token'))).status, 403);

    const signedOut = new Browserish(harbour.url);
    await signedOut.signIn(WORKER);
    const form = await signedOut.get(`/cases/${caseId}/notes/new`);
    const cookie = signedOut.cookies.get(SESSION_COOKIE)!;
    await signedOut.submit('/', '/sign-out', {});
    signedOut.cookies.set(SESSION_COOKIE, cookie);
    const afterSignOut = await signedOut.request('POST', `/cases/${caseId}/notes`, { _csrf: csrfTokenIn(form.text), ...noteFields('After signing out') });
    assert.equal(afterSignOut.status, 403);

    assert.equal((await heldRows(WORKER)).length, before, 'nothing was kept');
  });

  it('keeps a form after the 12-hour limit too, and never a password or the account pages', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn(WORKER);
    const form = await client.get(`/cases/${caseId}/notes/new`);
    const token = csrfTokenIn(form.text);
    await harbour.db.updateTable('sessions').set({ expires_at: new Date(harbour.clock.now.getTime() - 1000) }).where('user_id', '=', await userId(WORKER)).execute();
    const before = (await heldRows(WORKER)).length;
    const password = await client.request('POST', '/account/password', { _csrf: token, currentPassword: 'harbour demo password', newPassword: 'a new long passphrase', confirmPassword: 'a new long passphrase' });
    assert.equal(password.status, 403, 'a password is never kept');
    assert.equal((await heldRows(WORKER)).length, before);

    await client.signIn(WORKER);
    const again = await client.get(`/cases/${caseId}/notes/new`);
    await harbour.db.updateTable('sessions').set({ expires_at: new Date(harbour.clock.now.getTime() - 1000) }).where('user_id', '=', await userId(WORKER)).execute();
    const saved = await client.request('POST', `/cases/${caseId}/notes`, { _csrf: csrfTokenIn(again.text), ...noteFields('Typed at the end of a long day') });
    assert.equal(saved.location, '/sign-in?reason=held-absolute');
    assert.match((await client.get(saved.location!)).text, /You were signed out because you had been signed in for 12 hours\. What you typed has been kept/);
    const held = (await heldRows(WORKER)).at(-1)!;
    assert.equal(held.body.body, 'Typed at the end of a long day');
    // Tidy up for the tests that follow.
    const signedIn = await client.signIn(WORKER);
    const page = await client.get(signedIn.location!);
    await client.request('POST', `/held-submissions/${held.id}/discard`, { _csrf: csrfTokenIn(page.text) });
  });

  it('shows it only to its owner: anyone else gets 404 and cannot send or discard it', async () => {
    const { client } = await typeANoteAndTimeOut(WORKER, 'Only mine to send');
    const held = (await heldRows(WORKER)).at(-1)!;
    const other = new Browserish(harbour.url);
    assert.equal((await other.signIn('teacher@harbour.example')).location, '/', 'someone else signing in is not sent to it');
    assert.equal((await other.get(`/held-submissions/${held.id}`)).status, 404);
    const home = await other.get('/');
    assert.equal((await other.request('POST', `/held-submissions/${held.id}/discard`, { _csrf: csrfTokenIn(home.text) })).status, 404);
    const form = await other.get(`/cases/${caseId}/notes/new`);
    const stolen = await other.request('POST', `/cases/${caseId}/notes`, { _csrf: csrfTokenIn(form.text), _held: held.id, ...noteFields('Only mine to send') });
    assert.equal(stolen.location, `/held-submissions/${held.id}`);
    assert.deepEqual(await notesWith('Only mine to send'), []);
    assert.equal((await heldRows(WORKER)).at(-1)!.used_at, null);
    assert.equal((await audits('submission.viewed', held.id)).length, 0);

    // Its owner discards it: the text goes at once, and the page then says so.
    const signedIn = await client.signIn(WORKER);
    assert.equal(signedIn.location, `/held-submissions/${held.id}`);
    const page = await client.get(signedIn.location!);
    const discarded = await client.request('POST', `/held-submissions/${held.id}/discard`, { _csrf: csrfTokenIn(page.text) });
    assert.equal(discarded.status, 303);
    assert.equal(discarded.location, '/');
    const row = (await heldRows(WORKER)).at(-1)!;
    assert.notEqual(row.used_at, null);
    assert.deepEqual(row.body, {});
    assert.deepEqual((await audits('submission.discarded', held.id)).map((a) => [a.outcome, a.child_id]), [['success', childId]]);
    assert.match((await client.get(`/held-submissions/${held.id}`)).text, /already been sent or discarded/);
    const { fields } = sendFormIn(page.text);
    assert.equal((await client.request('POST', `/cases/${caseId}/notes`, fields)).location, `/held-submissions/${held.id}`, 'a discarded form cannot be sent');
    assert.deepEqual(await notesWith('Only mine to send'), []);
  });

  it('keeps it for 24 hours and then deletes it', async () => {
    await typeANoteAndTimeOut(WORKER, 'Forgotten until the next day');
    const held = (await heldRows(WORKER)).at(-1)!;
    harbour.clock.advanceMinutes(24 * 60 + 1);
    const client = new Browserish(harbour.url);
    assert.equal((await client.signIn(WORKER)).location, '/', 'nothing to send after 24 hours');
    assert.equal((await client.get(`/held-submissions/${held.id}`)).status, 404);
    assert.equal((await harbour.db.selectFrom('held_submissions').select('id').where('id', '=', held.id).execute()).length, 0, 'deleted');
  });

  it('keeps it when the form’s route refuses without reading it, so it can be sent again', async () => {
    // An edit of a note that does not exist: the route answers 404, so the kept copy stays.
    const client = new Browserish(harbour.url);
    await client.signIn(WORKER);
    const form = await client.get(`/cases/${caseId}/notes/new`);
    harbour.clock.advanceMinutes(31);
    const missingNote = '00000000-0000-4000-8000-000000000000';
    const saved = await client.request('POST', `/cases/${caseId}/notes/${missingNote}`, { _csrf: csrfTokenIn(form.text), version: '1', ...noteFields('An edit of a lost note') });
    assert.equal(saved.location, '/sign-in?reason=held');
    const held = (await heldRows(WORKER)).at(-1)!;
    const page = await client.get((await client.signIn(WORKER)).location!);
    assert.match(page.text, /a change to a case note on CSE-0003/);
    assert.doesNotMatch(page.text, /<dt class="govuk-summary-list__key">Version<\/dt>/, 'the version travels but is not shown');
    const { action, fields } = sendFormIn(page.text);
    const sent = await client.request('POST', action, fields);
    assert.equal(sent.status, 404);
    await eventually(async () => (await heldRows(WORKER)).at(-1)!.used_at === null, 'the kept form to be there to send again');
    assert.equal((await heldRows(WORKER)).at(-1)!.body.body, 'An edit of a lost note');
    assert.deepEqual((await audits('submission.sent', held.id)).map((a) => a.outcome), ['success', 'failure']);
    await client.request('POST', `/held-submissions/${held.id}/discard`, { _csrf: csrfTokenIn(page.text) });
  });

  it('works with the second factor on: the kept form comes after the code', async () => {
    const EMAIL = 'nurse@harbour.example';
    const client = new Browserish(harbour.url);
    await client.signIn(EMAIL);
    await client.submit('/account/second-factor/set-up', '/account/second-factor/set-up/start', {});
    const setUp = await client.get('/account/second-factor/set-up');
    const { secret } = await harbour.db.selectFrom('second_factors').select('secret').where('user_id', '=', await userId(EMAIL)).executeTakeFirstOrThrow();
    const freshCode = () => {
      harbour.clock.advanceMinutes(0.5);
      return totpForStep(secret, totpStep(harbour.clock.now));
    };
    assert.equal((await client.request('POST', '/account/second-factor/set-up', { _csrf: csrfTokenIn(setUp.text), code: freshCode() })).status, 200);

    // The nurse is in CSE-0001's network.
    const nurseCase = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
    const form = await client.get(`/cases/${nurseCase}/notes/new`);
    assert.equal(form.status, 200);
    harbour.clock.advanceMinutes(31);
    const saved = await client.request('POST', `/cases/${nurseCase}/notes`, { _csrf: csrfTokenIn(form.text), contactDate: londonDateOf(harbour.clock.now), contactType: 'school visit', body: 'Seen in the medical room', sharingLevel: 'network' });
    assert.equal(saved.location, '/sign-in?reason=held');
    const held = (await heldRows(EMAIL)).at(-1)!;

    const password = await client.signIn(EMAIL);
    assert.equal(password.location, '/sign-in/second-factor', 'the password alone does not open it');
    assert.equal((await client.get(`/held-submissions/${held.id}`)).location, '/sign-in/second-factor');
    const code = await client.enterSecondFactorCode(freshCode());
    assert.equal(code.location, `/held-submissions/${held.id}`);
    const page = await client.get(code.location!);
    assert.match(page.text, /a case note on CSE-0001/);
    const { action, fields } = sendFormIn(page.text);
    assert.equal((await client.request('POST', action, fields)).location, `/cases/${nurseCase}/notes?saved=1`);
    assert.equal((await harbour.db.selectFrom('case_notes').select('id').where('body', '=', 'Seen in the medical room').execute()).length, 1);
  });

  it('"Stay signed in" moves the idle time-out on; the page says how long is left', async () => {
    const client = new Browserish(harbour.url);
    await client.signIn(WORKER);
    const home = await client.get('/');
    assert.match(home.text, /<dialog class="harbour-timeout-dialog" id="timeout-warning"[^>]*data-idle-minutes="30" data-seconds-left="(17\d\d|1800)"/);
    assert.match(home.text, /<script type="module" src="\/static\/timeout-warning.js"><\/script>/);
    assert.doesNotMatch((await new Browserish(harbour.url).get('/sign-in')).text, /timeout-warning/, 'no warning for someone not signed in');

    const token = csrfTokenIn(home.text);
    harbour.clock.advanceMinutes(26);
    assert.equal((await client.request('POST', '/session/keep-alive', undefined, { 'x-csrf-token': 'wrong' })).status, 403);
    const kept = await client.request('POST', '/session/keep-alive', undefined, { 'x-csrf-token': token });
    assert.equal(kept.status, 204);
    const session = await harbour.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', await userId(WORKER)).orderBy('last_seen_at', 'desc').executeTakeFirstOrThrow();
    assert.ok(Math.abs(session.last_seen_at.getTime() - harbour.clock.now.getTime()) < 5_000, 'the session was touched');
    harbour.clock.advanceMinutes(26);
    const still = await client.get('/');
    assert.equal(still.status, 200, '52 minutes after the page, but 26 after "Stay signed in"');
    assert.match(still.text, /data-seconds-left="1[78]\d\d"/);

    harbour.clock.advanceMinutes(31);
    const late = await client.request('POST', '/session/keep-alive', undefined, { 'x-csrf-token': token });
    assert.notEqual(late.status, 204, 'too late to stay signed in');
  });
});
