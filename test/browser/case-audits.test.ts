// Board case audits through a real browser (issue 14; staffordshire 55-56): the analyst draws a sample by criteria
// (counting first, seeing only counts) and names an auditor; the auditor finds the audit on their work list, records a
// finding with the error summary on an incomplete one, and a stale save is refused. axe checks every page visited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { Browserish } from '../support/http-client.ts';
import { launchBrowser, navigate, signIn, withPage } from './support/browser.ts';
import { addDays, londonDateOf } from '../../src/domain/clock/index.ts';

describe(`case audits in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');

  it('the analyst draws a sample and names an auditor; the auditor records findings', async () => {
    let auditUrl = '';
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'analyst@harbour.example');
      await navigate(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Case audits' }).click());
      assert.equal(await heading(page), 'Case audits');
      await navigate(page, () => page.getByRole('button', { name: 'Draw a sample for a new audit' }).click());
      assert.equal(await heading(page), 'Draw a sample for a case audit');
      // Draw with nothing filled in: the error summary, with focus.
      await navigate(page, () => page.getByRole('button', { name: 'Draw the sample' }).click(), { status: 400 });
      assert.ok(await errorSummary(page).evaluate((el) => el === document.activeElement), 'the error summary has focus');
      await page.getByLabel('Title of the audit').fill('Quarter 3 multi-agency audit');
      await page.getByLabel('Current risk category').selectOption({ label: 'Category 2' });
      await page.getByLabel('Sample size').fill('2');
      await navigate(page, () => page.getByRole('button', { name: 'Count matching cases' }).click());
      assert.match(await page.locator('[data-qa="matching-count"]').innerText(), /^2 cases meet these criteria/);
      await page.getByLabel('Toby Teacher (Hampstead Heath Academy)').check();
      await page.getByLabel('End date').fill(addDays(londonDateOf(harbour.clock.now), 14).split('-').reverse().join('/'));
      await navigate(page, () => page.getByRole('button', { name: 'Draw the sample' }).click());
      assert.equal(await heading(page), 'Quarter 3 multi-agency audit');
      assert.equal(await page.locator('[data-qa="drawn-count"]').innerText(), '2');
      const text = await page.locator('main').innerText();
      assert.doesNotMatch(text, /CSE-\d{4}|Jade|Kayleigh/, 'the analyst sees no case and no child');
      assert.match(await page.locator('[data-qa="auditors"]').innerText(), /Toby Teacher/);
      auditUrl = page.url().replace(/\?.*$/, '');
    });

    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'teacher@harbour.example');
      await navigate(page, () => page.locator('[data-qa="my-case-audits"]').getByRole('link', { name: 'Quarter 3 multi-agency audit' }).click());
      assert.equal(page.url(), auditUrl);
      const links = page.locator('[data-qa="audit-cases"]').getByRole('link', { name: /Record the finding/ });
      assert.equal(await links.count(), 2);
      await navigate(page, () => links.first().click());
      assert.match(await heading(page), /^Finding for case CSE-\d{4}$/);
      const findingUrl = page.url();
      await page.getByRole('group', { name: 'Grade for timeliness' }).getByLabel('Good').check();
      await navigate(page, () => page.getByRole('button', { name: 'Save the finding' }).click(), { status: 400 });
      assert.ok(await errorSummary(page).evaluate((el) => el === document.activeElement), 'the error summary has focus');
      for (const [theme, grade] of [['timeliness', 'Good'], ['quality of assessment', 'Requires improvement'], ['voice of the child', 'Good'], ['multi-agency working', 'Inadequate']] as const) {
        await page.getByRole('group', { name: `Grade for ${theme}` }).getByLabel(grade, { exact: true }).check();
        await page.getByLabel(`Comment on ${theme}`).fill(`Comment on ${theme}.`);
      }
      // Another session of the same auditor saves first: this page's save is then stale.
      const other = new Browserish(harbour.url);
      await other.signIn('teacher@harbour.example');
      const path = new URL(findingUrl).pathname;
      const saved = await other.submit(path, path, {
        version: '0', timeliness: 'good', timelinessComment: 'Saved in the other tab.', assessment: 'good', assessmentComment: 'Saved in the other tab.',
        voice: 'good', voiceComment: 'Saved in the other tab.', multiAgency: 'good', multiAgencyComment: 'Saved in the other tab.',
      });
      assert.equal(saved.status, 303);
      await navigate(page, () => page.getByRole('button', { name: 'Save the finding' }).click(), { status: 409 });
      assert.ok(await page.locator('[data-qa="stale-save"]').isVisible());
      assert.match(await page.locator('[data-qa="yours-multiAgency"]').innerText(), /inadequate/);
      assert.equal(await page.getByLabel('Comment on timeliness').inputValue(), 'Saved in the other tab.', 'the form holds the saved version');
      await page.getByRole('group', { name: 'Grade for multi-agency working' }).getByLabel('Inadequate', { exact: true }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save the finding' }).click());
      assert.match(await page.locator('[data-qa="finding-version"]').innerText(), /^Version 2/);
      await navigate(page, () => page.getByRole('link', { name: 'Back to the audit' }).click());
      assert.match(await page.locator('[data-qa="audit-figures"]').innerText(), /fewer than 5/);
    });
  });
});
