// Single sign-on in a real browser, without JavaScript (issue 16): the sign-in page's "Sign in with …" button, the
// redirects through a real OpenID provider (test/support/oidc-provider.ts) and back, which a form's redirect would
// not survive under the CSP's form-action 'self'; and the refusal page for someone with no Harbour account. Every
// page is checked with axe-core (see support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { oidcEnv, oidcRedirectReady, startProvider } from '../support/oidc-provider.ts';
import { launchBrowser, navigate, visit, withPage } from './support/browser.ts';

describe(`single sign-on in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  let provider: Awaited<ReturnType<typeof startProvider>>;

  before(async () => {
    provider = await startProvider();
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour({ env: oidcEnv(provider.issuer) })]);
    oidcRedirectReady(provider, [harbour]);
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
    await provider?.stop();
  });

  it('signs a known user in through the provider (MFA asserted) and lands on the page asked for', async () => {
    await withPage(
      browser,
      async (page) => {
        provider.state.next = { accountId: 'sub-manager', amr: ['pwd', 'mfa'] };
        await visit(page, `${harbour.url}/sign-in?returnTo=%2Faccount`);
        await navigate(page, () => page.getByRole('button', { name: 'Sign in with Test Council' }).click());
        assert.equal(new URL(page.url()).pathname, '/account');
        assert.match(await page.locator('body').innerText(), /Morgan Manager/);
      },
      { javaScriptEnabled: false },
    );
  });

  it('shows someone with no Harbour account a page that says so', async () => {
    await withPage(
      browser,
      async (page) => {
        provider.state.next = { accountId: 'sub-stranger', amr: ['mfa'] };
        await visit(page, `${harbour.url}/sign-in`);
        await navigate(page, () => page.getByRole('button', { name: 'Sign in with Test Council' }).click(), { status: 403 });
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'You do not have a Harbour account');
      },
      { javaScriptEnabled: false },
    );
  });
});
