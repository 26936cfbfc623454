// Board monitoring in a real browser (issue 14; staffordshire 55-56; camden Part 4 §2): the analyst's dashboard, its
// filters and charts' tables, an export refused without a reason and then downloaded; the coordinator following a
// count to the cases behind it. Every page visited is checked with axe-core (WCAG 2.2 AA), see support/browser.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`board monitoring in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    harbour.clock.set(MONDAY_MORNING);
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  it('the analyst reads the dashboard, filters it, reads a chart’s table and exports a CSV with a reason', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'analyst@harbour.example');
      await navigate(page, () => page.getByRole('link', { name: 'Board monitoring' }).click());
      assert.equal(await page.title(), 'Board monitoring – Harbour');
      assert.match(await page.locator('[data-qa="mode"]').innerText(), /No child is named/);
      const looked = page.locator('[data-qa="figure-open-by-looked-after"]');
      assert.match(await looked.locator('[data-qa="definition"]').innerText(), /by whether the child is recorded as looked after/);
      assert.equal(await looked.getByRole('row', { name: /Looked after fewer than 5/ }).count(), 1);
      assert.equal(await page.locator('a[href^="/cases/"]').count(), 0, 'no link to a case');

      const table = page.getByRole('table', { name: 'New cases by quarter' });
      assert.ok(await table.isVisible());
      assert.equal(await table.getByRole('row').count(), 9, 'a header and eight quarters');
      assert.match((await page.locator('[data-qa="trend-cases-opened"] svg').getAttribute('aria-label'))!, /^New cases, by quarter: 2025 Q1 0;/);

      await page.getByLabel('Period').selectOption('2026-Q4');
      await page.getByLabel('Local authority').selectOption('camden');
      await navigate(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
      assert.match(page.url(), /period=2026-Q4/);
      assert.match(page.url(), /localAuthority=camden/);
      assert.match(await page.locator('[data-qa="figure-cases-opened"] [data-qa="coverage"]').innerText(), /^Covers: 2026 Q4 \(so far\); Camden\.$/);

      await page.getByRole('radio', { name: 'CSV (comma-separated values)' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Export' }).click(), { status: 400 });
      assert.equal(await page.title(), 'Error: Board monitoring – Harbour');
      assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: 'Explain in at least 10 characters why you need the export' }).isVisible());

      await page.getByRole('radio', { name: 'CSV (comma-separated values)' }).check();
      await page.getByLabel('Why do you need the export?').fill('Quarterly report to the partnership board');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
      assert.match(download.suggestedFilename(), /^board-figures-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      assert.match(csv, /"Section","Figure","Row","Value","Covers","How it is counted"/);
      assert.match(csv, /"Prevalence","Open cases by looked-after status","Looked after","fewer than 5","As things stand today \(the period does not apply\); Camden\."/);
    });
  });

  it('the coordinator follows a count to the cases behind it', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await visit(page, `${harbour.url}/board`);
      assert.match(await page.locator('[data-qa="mode"]').innerText(), /in full/);
      const looked = page.locator('[data-qa="figure-open-by-looked-after"]');
      await navigate(page, () => looked.getByRole('link', { name: '1', exact: true }).click());
      assert.equal(await page.title(), 'Cases behind a figure – Harbour');
      assert.equal(await page.getByRole('table').getByRole('link').count(), 1);
      await navigate(page, () => page.getByRole('link', { name: 'Back to board monitoring' }).click());
      assert.equal(await page.title(), 'Board monitoring – Harbour');
    });
  });
});
