// Nothing typed is lost to a time-out, in a real browser: a case note typed while the session times out is kept,
// given back after signing in and sent; and the warning before the time-out (a modal dialog, Escape or "Stay signed
// in" to carry on, then "You have been signed out" when the time is up). The browser's own clock is Playwright's,
// moved on by the test; Harbour's is the harness's. Keeping and sending the note is done with JavaScript off, since it
// must not need it. Every page and the dialog are checked with axe-core (WCAG 2.2 AA).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { checkAccessibility, launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';

const WORKER = 'social.worker@harbour.example';
const NOTE = 'Met Amira at school with her designated safeguarding lead.\nShe talked about a new "boyfriend" aged 19 who picks her up in a car.\n\nNext: strategy discussion with police.';

describe(`nothing typed is lost to a time-out, in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  let caseId = '';

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    harbour?.clock.reset();
    await browser?.close();
    await harbour?.stop();
  });

  it('keeps a note saved after the time-out, and sends it once signed in again (no JavaScript needed)', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, WORKER);
      await visit(page, `${harbour.url}/cases/${caseId}/notes/new`);
      await page.getByRole('group', { name: 'Type of contact' }).getByRole('radio', { name: 'School visit' }).check();
      await page.getByLabel('What happened').fill(NOTE);
      harbour.clock.advanceMinutes(31);
      await navigate(page, () => page.getByRole('button', { name: 'Save the note' }).click());
      assert.equal(new URL(page.url()).pathname, '/sign-in');
      assert.equal(
        (await page.locator('[data-qa="held"]').innerText()).trim().replace(/\s+/g, ' '),
        'Important You were signed out after 30 minutes without activity. What you typed has been kept: sign in to send it.',
      );

      await page.getByLabel('E-mail address').fill(WORKER);
      await page.getByLabel('Password').fill('harbour demo password');
      await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click());
      assert.match(new URL(page.url()).pathname, /^\/held-submissions\/[0-9a-f-]{36}$/);
      assert.equal(await page.title(), 'Send what you typed – Harbour');
      assert.equal(await page.locator('[data-qa="destination"]').innerText(), 'a case note on CSE-0003');
      const shown = page.locator('[data-qa="held-fields"]');
      assert.equal((await shown.locator('.govuk-summary-list__row', { hasText: 'Body' }).locator('dd').innerText()).trim(), NOTE, 'the note in full, line breaks kept');
      assert.match(await shown.innerText(), /Contact type\s+school visit/);

      await navigate(page, () => page.getByRole('button', { name: 'Send it' }).click());
      assert.equal(new URL(page.url()).pathname, `/cases/${caseId}/notes`);
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /The case note was saved/);
      assert.match(await page.locator('.govuk-summary-card').first().innerText(), /She talked about a new "boyfriend" aged 19/);
      const saved = await harbour.db.selectFrom('case_notes').select('body').where('case_id', '=', caseId).where('body', 'like', 'Met Amira at school%').execute();
      assert.equal(saved.length, 1);
      assert.equal(saved[0]!.body.replace(/\r\n/g, '\n'), NOTE);
    }, { javaScriptEnabled: false });
  });

  it('warns 5 minutes before the idle time-out: Escape or "Stay signed in" carries on, and the text stays when the time is up', async () => {
    await withPage(browser, async (page) => {
      await page.clock.install();
      await signIn(page, harbour.url, WORKER);
      await visit(page, `${harbour.url}/cases/${caseId}/notes/new`);
      const text = page.getByLabel('What happened');
      await text.fill('Typing a long note');
      const dialog = page.getByRole('dialog', { name: 'You’re about to be signed out' });
      assert.equal(await dialog.isVisible(), false);

      await page.clock.fastForward('25:01');
      await dialog.waitFor({ state: 'visible' });
      assert.equal((await dialog.locator('#timeout-warning-text').innerText()).trim(), 'You will be signed out in 5 minutes. We do this to keep children’s information secure.');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Stay signed in', 'focus moves into the dialog');
      await checkAccessibility(page, 'the time-out warning');

      // Escape is "Stay signed in": Harbour is told, and the writer goes back to their text.
      harbour.clock.advanceMinutes(20);
      const kept = page.waitForResponse((response) => response.url().endsWith('/session/keep-alive'));
      await page.keyboard.press('Escape');
      assert.equal((await kept).status(), 204);
      await dialog.waitFor({ state: 'hidden' });
      assert.equal(await text.evaluate((element) => element === document.activeElement), true, 'focus goes back to where it was');
      const userId = (await harbour.db.selectFrom('users').select('id').where('email', '=', WORKER).executeTakeFirstOrThrow()).id;
      const session = await harbour.db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', userId).orderBy('last_seen_at', 'desc').executeTakeFirstOrThrow();
      assert.ok(Math.abs(session.last_seen_at.getTime() - harbour.clock.now.getTime()) < 5_000, 'the session was kept alive');

      await page.clock.fastForward('25:01');
      await dialog.waitFor({ state: 'visible' });
      harbour.clock.advanceMinutes(20);
      await dialog.getByRole('button', { name: 'Stay signed in' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // Time up: the page stays, and says what happens to what was typed.
      await page.clock.fastForward('25:01');
      await dialog.waitFor({ state: 'visible' });
      await page.clock.fastForward('05:00');
      const ended = page.getByRole('dialog', { name: 'You have been signed out' });
      await ended.waitFor({ state: 'visible' });
      assert.match(await ended.innerText(), /What you typed on this page is still here: when you save or send it, Harbour will keep it and ask you to sign in again\./);
      assert.equal(await ended.getByRole('button', { name: 'Stay signed in' }).isVisible(), false);
      await checkAccessibility(page, 'the signed-out notice');
      await ended.getByRole('button', { name: 'Close' }).click();
      await ended.waitFor({ state: 'hidden' });
      assert.equal(await text.inputValue(), 'Typing a long note');

      harbour.clock.advanceMinutes(31);
      await page.getByRole('group', { name: 'Type of contact' }).getByRole('radio', { name: 'Phone call' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save the note' }).click());
      assert.match(await page.locator('[data-qa="held"]').innerText(), /What you typed has been kept/);
    });
  });
});
