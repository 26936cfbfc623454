// Missing episodes through a real browser: a child reported missing (the error summary first), the "Missing now"
// tag in the identity bar of every case page, the return that takes it away, and a return interview recorded with
// JavaScript off. Every page visited is checked with axe-core (WCAG 2.2 AA) and fails on any JavaScript error or CSP
// violation (see support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`missing episodes in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  const caseIds = new Map<string, string>();

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    harbour.clock.set(MONDAY_MORNING);
    for (const row of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) caseIds.set(row.reference, row.id);
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  const caseUrl = (reference: string, path = '') => `${harbour.url}/cases/${caseIds.get(reference)}${path}`;
  const caseNav = (page: Page) => page.getByRole('navigation', { name: 'Case sections' });
  const identity = (page: Page) => page.locator('[data-qa="identity-bar"]');
  const missingTag = (page: Page) => identity(page).getByText('Missing now', { exact: true });
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');
  const group = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

  it('Amira is reported missing: the error summary first, then “Missing now” in the identity bar until her return is recorded', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, caseUrl('CSE-0003'));
      assert.ok(await identity(page).getByText('Under 13', { exact: true }).isVisible());
      assert.equal(await missingTag(page).count(), 0);

      await navigate(page, () => caseNav(page).getByRole('link', { name: 'Missing episodes' }).click());
      assert.equal(page.url(), caseUrl('CSE-0003', '/missing'));
      assert.equal(await page.title(), 'Missing episodes – Amira Haddad – CSE-0003 – Harbour');
      assert.equal(await caseNav(page).getByRole('link', { name: 'Missing episodes' }).getAttribute('aria-current'), 'page');
      assert.ok(await page.locator('[data-qa="no-episodes"]').isVisible());
      assert.equal(await page.locator('[data-qa="frequency"]').innerText(), '0 missing episodes in the last 12 months. Only the episodes you can see are listed and counted.');

      await navigate(page, () => page.getByRole('button', { name: 'Report missing' }).click());
      assert.equal(await page.title(), 'Report missing – CSE-0003 – Harbour');
      assert.equal(await heading(page), 'Report Amira Haddad missing');
      assert.equal(await page.getByLabel('Date they left').inputValue(), '2026-11-16', 'today by default');
      await page.getByLabel('Date they left').fill('16/11/2026');
      await page.getByLabel('Time they left').fill('07:45');
      await group(page, 'Where they went missing from').getByRole('radio', { name: 'Home', exact: true }).check();
      await page.getByLabel('Who they were with (optional)').fill('A boy of about 17 on a black moped.');
      await navigate(page, () => page.getByRole('button', { name: 'Report missing' }).click(), { status: 400 });

      assert.equal(await page.title(), 'Error: Report missing – CSE-0003 – Harbour');
      const summary = errorSummary(page);
      assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
      const message = 'Describe how they looked when they left: clothes, hair, anything they carried';
      assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map((t) => t.trim()), [message]);
      assert.equal(await page.getByLabel('Who they were with (optional)').inputValue(), 'A boy of about 17 on a black moped.', 'what was typed is kept');
      assert.equal(await page.getByLabel('Time they left').inputValue(), '07:45');
      assert.ok(await group(page, 'Where they went missing from').getByRole('radio', { name: 'Home', exact: true }).isChecked());
      await summary.getByRole('link', { name: message }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'appearanceOnLeaving');

      await page.getByLabel('How they looked when they left').fill('School uniform, green parka, hair in a ponytail.');
      await navigate(page, () => page.getByRole('button', { name: 'Report missing' }).click());
      assert.equal(page.url(), caseUrl('CSE-0003', '/missing?done=reported'));
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /The child was reported missing and it was added to the chronology\./);
      assert.match(await page.locator('[data-qa="missing-now"]').innerText(), /^Missing now since 16 November 2026 at 7:45am \(2 hours 4\d minutes so far\)\.$/);
      assert.ok(await missingTag(page).isVisible(), 'the identity bar says Missing now');
      assert.match(await page.locator('[data-qa="frequency"]').innerText(), /^1 missing episode in the last 12 months\./);

      // Every section's identity bar carries the tag; the overview says since when, with a link to the episode.
      for (const section of ['Chronology', 'Case notes', 'Overview']) {
        await navigate(page, () => caseNav(page).getByRole('link', { name: section, exact: true }).click());
        assert.ok(await missingTag(page).isVisible(), `Missing now on ${section}`);
      }
      assert.match(await page.locator('[data-qa="missing-now"]').innerText(), /Missing since 16 November 2026 at 7:45am\. See the missing episode/);
      await navigate(page, () => page.getByRole('link', { name: 'See the missing episode' }).click());
      assert.equal(page.url(), caseUrl('CSE-0003', '/missing'));

      await navigate(page, () => page.getByRole('button', { name: 'Record their return' }).click());
      assert.equal(await page.title(), 'Record the return – CSE-0003 – Harbour');
      assert.match(await page.locator('[data-qa="episode-details"]').innerText(), /School uniform, green parka/);
      await page.getByLabel('Date they came back').fill('16/11/2026');
      await page.getByLabel('Time they came back').fill('06:00');
      await page.getByLabel('Their emotional and physical appearance when they came back').fill('Tearful and cold; new earrings she would not explain.');
      await navigate(page, () => page.getByRole('button', { name: 'Save the return' }).click(), { status: 400 });
      assert.deepEqual((await errorSummary(page).getByRole('link').allInnerTexts()).map((t) => t.trim()), ['The date and time they came back must be after the date and time they left']);
      assert.equal(await page.getByLabel('Their emotional and physical appearance when they came back').inputValue(), 'Tearful and cold; new earrings she would not explain.');
      await page.getByLabel('Time they came back').fill('10:10');
      await navigate(page, () => page.getByRole('button', { name: 'Save the return' }).click());
      assert.match(page.url(), /\/missing\?done=returned#episode-[0-9a-f-]{36}$/);
      assert.equal(await missingTag(page).count(), 0, 'the tag has gone');
      assert.equal(await page.locator('[data-qa="missing-now"]').count(), 0);
      const card = page.locator('.govuk-summary-card');
      assert.equal(await card.locator('[data-qa="absence"]').innerText(), '2 hours 25 minutes');
      assert.equal(await card.locator('[data-qa="returned"]').innerText(), '16 November 2026 at 10:10am');

      await navigate(page, () => caseNav(page).getByRole('link', { name: 'Overview', exact: true }).click());
      assert.equal(await missingTag(page).count(), 0);
      assert.equal(await page.locator('[data-qa="missing-now"]').count(), 0);
      await navigate(page, () => caseNav(page).getByRole('link', { name: 'Chronology', exact: true }).click());
      const titles = await page.locator('[data-qa="chronology"] .moj-timeline__title').allInnerTexts();
      assert.ok(titles.includes('Reported missing from home') && titles.includes('Returned after 2 hours 25 minutes missing'), titles.join(', '));
    });
  });

  it('the return interview, recorded with JavaScript off', async () => {
    await withPage(
      browser,
      async (page) => {
        await signIn(page, harbour.url, 'social.worker@harbour.example');
        await visit(page, caseUrl('CSE-0003', '/missing'));
        await navigate(page, () => page.getByRole('link', { name: 'Record the return interview for the episode of 16 November 2026 at 7:45am' }).click());
        assert.equal(await page.title(), 'Record the return interview – CSE-0003 – Harbour');
        await page.getByLabel('Date of the interview').fill('16/11/2026');
        await page.getByLabel('Time of the interview').fill('10:20');
        await page.getByLabel('What the child said').fill('Met the boy online; he took her to a flat in Kentish Town. She wants help to stop seeing him.');
        await navigate(page, () => page.getByRole('button', { name: 'Save the return interview' }).click(), { status: 400 });
        assert.deepEqual((await errorSummary(page).getByRole('link').allInnerTexts()).map((t) => t.trim()), ['Enter who held the return interview', 'Say whether the interview was independent']);
        assert.match(await page.getByLabel('What the child said').inputValue(), /^Met the boy online/);
        await page.getByLabel('Who held the interview').fill('Olu Outreach, Safe Passage Outreach');
        await group(page, 'Was it an independent return interview?').getByRole('radio', { name: 'Yes' }).check();
        await navigate(page, () => page.getByRole('button', { name: 'Save the return interview' }).click());
        assert.match(page.url(), /\/missing\?done=interview#episode-/);
        const interview = await page.locator('[data-qa="interview"]').innerText();
        assert.match(interview, /16 November 2026 at 10:20am, held by Olu Outreach, Safe Passage Outreach\s+Independent/);
        assert.match(interview, /She wants help to stop seeing him\./);
      },
      { javaScriptEnabled: false },
    );
  });
});
