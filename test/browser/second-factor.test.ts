// The second factor in a real browser: set up from the account page (reading the key shown on the page, as a
// person typing it into their app would), sign out, sign in with a code; a recovery code with JavaScript off; and an
// administrator's reset. Every page is checked with axe-core (WCAG 2.2 AA) by the support code.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { totpForStep, totpStep } from '../../src/domain/accounts/totp.ts';
import { DEMO_PASSWORD } from '../../src/features/demo/service.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';

describe(`second factor in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  const EMAIL = 'nurse@harbour.example';
  let key = '';
  let recoveryCodes: string[] = [];

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
  });
  after(async () => {
    harbour?.clock.reset();
    await browser?.close();
    await harbour?.stop();
  });

  /** The code the person's app shows now; the clock moves to a fresh step first, so it has not been used. */
  const freshCode = () => {
    harbour.clock.advanceMinutes(0.5);
    return totpForStep(key, totpStep(harbour.clock.now));
  };

  async function passwordStep(page: Page, email: string) {
    await visit(page, `${harbour.url}/sign-in`);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await navigate(page, () => page.getByRole('button', { name: 'Sign in' }).click());
  }

  it('sets up the second factor from the account page, signs out, and signs in with a code', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, EMAIL);
      await navigate(page, () => page.getByRole('link', { name: 'Your account' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Set up a second factor' }).click());
      assert.equal(await page.title(), 'Set up a second factor – Harbour');
      await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());

      const qr = page.getByRole('img', { name: /QR code that adds Harbour to an authenticator app/ });
      assert.ok(await qr.isVisible());
      assert.ok((await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)) > 0, 'the QR code renders');
      key = (await page.locator('[data-qa="setup-key"]').innerText()).replace(/\s+/g, '');
      assert.match(key, /^[A-Z2-7]{32}$/);

      await page.getByLabel('Code from your authenticator app').fill('12345');
      await navigate(page, () => page.getByRole('button', { name: 'Confirm' }).click(), { status: 400 });
      assert.equal(await page.title(), 'Error: Set up a second factor – Harbour');
      const summary = page.locator('.govuk-error-summary');
      assert.equal((await summary.getByRole('link').innerText()).trim(), 'The code must be 6 numbers');
      assert.ok(await page.locator('[data-qa="setup-key"]').isVisible(), 'the key is still shown after an error');

      await page.getByLabel('Code from your authenticator app').fill(freshCode());
      await navigate(page, () => page.getByRole('button', { name: 'Confirm' }).click());
      assert.equal(await page.title(), 'Save your recovery codes – Harbour');
      recoveryCodes = (await page.locator('[data-qa="recovery-codes"] li').allInnerTexts()).map((t) => t.trim());
      assert.equal(recoveryCodes.length, 10);

      await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());
      assert.equal(new URL(page.url()).pathname, '/account');
      assert.match(await page.locator('[data-qa="second-factor"]').innerText(), /On since[\s\S]*Recovery codes left\s*10/);

      await navigate(page, () => page.getByRole('button', { name: 'Sign out' }).click());
      await passwordStep(page, EMAIL);
      assert.equal(new URL(page.url()).pathname, '/sign-in/second-factor');
      assert.equal(await page.title(), 'Enter the code from your authenticator app – Harbour');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Enter the code from your authenticator app');
      assert.equal(await page.locator('[data-qa="account-bar"]').count(), 0, 'nothing of Harbour is shown before the code');

      await page.getByLabel('Enter the code from your authenticator app').fill('000000' === freshCode() ? '111111' : '000000');
      await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click(), { status: 401 });
      assert.match(await page.title(), /^Error: Enter the code from your authenticator app/);
      assert.ok(await page.locator('.govuk-error-summary').evaluate((el) => el === document.activeElement), 'the error summary has focus');

      await page.getByLabel('Enter the code from your authenticator app').fill(freshCode());
      await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());
      assert.equal(page.url(), `${harbour.url}/`);
      assert.equal(await page.title(), 'My work – Harbour');
    });
  });

  it('signs in with a recovery code, with JavaScript off, and visits the pages that need a code', async () => {
    await withPage(
      browser,
      async (page) => {
        await passwordStep(page, EMAIL);
        await navigate(page, () => page.getByRole('link', { name: 'Use a recovery code instead' }).click());
        assert.equal(await page.title(), 'Enter a recovery code – Harbour');
        await page.getByLabel('Enter a recovery code').fill(recoveryCodes[0]!);
        await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());
        assert.equal(new URL(page.url()).pathname, '/account');
        assert.match(await page.locator('.govuk-notification-banner').innerText(), /You have 9 recovery codes left/);

        await navigate(page, () => page.getByRole('button', { name: 'Get new recovery codes' }).click());
        assert.equal(await page.title(), 'Get new recovery codes – Harbour');
        await page.getByLabel('Code from your authenticator app').fill(freshCode());
        await navigate(page, () => page.getByRole('button', { name: 'Get new recovery codes' }).click());
        assert.equal((await page.locator('[data-qa="recovery-codes"] li').count()), 10);
        await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());

        await navigate(page, () => page.getByRole('button', { name: 'Turn off second factor' }).click());
        assert.equal(await page.title(), 'Turn off your second factor – Harbour');
        await page.getByLabel('Your password').fill('not my password at all');
        await page.getByLabel('Code from your authenticator app').fill(freshCode());
        await navigate(page, () => page.getByRole('button', { name: 'Turn off second factor' }).click(), { status: 400 });
        assert.match(await page.title(), /^Error: Turn off your second factor/);
      },
      { javaScriptEnabled: false },
    );
  });

  it('an administrator resets a second factor from the user’s page, giving a reason', async () => {
    await withPage(browser, async (page) => {
      const nurseId = (await harbour.db.selectFrom('users').select('id').where('email', '=', EMAIL).executeTakeFirstOrThrow()).id;
      await signIn(page, harbour.url, 'admin@harbour.example');
      await visit(page, `${harbour.url}/admin/users/${nurseId}`);
      await navigate(page, () => page.getByRole('button', { name: 'Reset second factor' }).click());
      assert.equal(await page.title(), 'Reset the second factor of Nadia Nurse – Harbour');
      await navigate(page, () => page.getByRole('button', { name: 'Reset second factor' }).click(), { status: 400 });
      assert.match(await page.title(), /^Error: /);
      await page.getByLabel('Their phone was lost or stolen').check();
      await navigate(page, () => page.getByRole('button', { name: 'Reset second factor' }).click());
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /second factor has been reset/);
      assert.match(await page.locator('[data-qa="user-summary"]').innerText(), /Second factor\s*Off/);
    });
  });
});
