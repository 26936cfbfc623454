// Issue 3 through a real browser: the Procedure in force page lists the profile's timescales with their sources,
// and an administrator adds a bank holiday. Every page visited is checked with axe-core (WCAG 2.2 AA) and fails on
// any JavaScript error or CSP violation (see support/browser.ts).
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { loadProfile } from '../../src/profiles/index.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';
import { timescaleText } from '../../src/features/profiles/presenters.ts';

/** Monday 16 November 2026, 10:30 London time: inside office hours. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`the procedure in force and bank holidays in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
  });
  beforeEach(() => harbour.clock.set(MONDAY_MORNING));
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  const menu = (page: Page) => page.getByRole('navigation', { name: 'Menu' });

  it('shows a signed-in practitioner the procedure in force: every timescale with its source', async () => {
    const profile = loadProfile('camden');
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'nurse@harbour.example');
      await navigate(page, () => menu(page).getByRole('link', { name: 'Procedure' }).click());
      assert.equal(new URL(page.url()).pathname, '/procedure');
      assert.equal(await page.title(), 'Procedure in force – Harbour');
      assert.equal(await page.locator('[data-qa="board"]').innerText(), profile.board);

      const table = page.locator('[data-qa="timescales"]');
      assert.ok(await table.isVisible());
      assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['What', 'Timescale', 'From – until', 'Source']);
      assert.equal(await table.locator('tbody tr').count(), profile.timescales.length);
      for (const rule of profile.timescales) {
        const cells = table.locator(`[data-qa="timescale-${rule.id}"] td`);
        assert.match(await cells.nth(0).innerText(), new RegExp(`^${rule.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        assert.equal((await cells.nth(1).innerText()).trim(), timescaleText(rule));
        assert.equal((await cells.nth(3).innerText()).trim(), rule.source ?? 'The procedure is silent', `the source of ${rule.id}`);
      }
      // A numeric one, spelled out: the referrer is told the outcome within 24 hours (camden Part 3 §2).
      const told = table.locator('[data-qa="timescale-referrer-told-outcome"]');
      assert.match(await told.innerText(), /Within 24 hours[\s\S]*camden Part 3 §2/);

      // The in-page navigation leads to each section.
      await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Meetings' }).click();
      await page.waitForURL(/#meetings$/);
      for (const meeting of profile.meetingTypes) assert.equal(await page.locator(`[data-qa="meeting-${meeting.id}"]`).count(), 1, meeting.id);
    });
  });

  it('refuses the Procedure page to someone not signed in', async () => {
    await withPage(browser, async (page) => {
      await visit(page, `${harbour.url}/procedure`);
      assert.equal(new URL(page.url()).pathname, '/sign-in');
    });
  });

  it('lets an administrator add a bank holiday, refusing one Harbour already knows and a missing name with the error summary', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'admin@harbour.example');
      await navigate(page, () => menu(page).getByRole('link', { name: 'Administration' }).click());
      await navigate(page, () => page.locator('[data-qa="admin-links"]').getByRole('link', { name: 'Bank holidays' }).click());
      assert.equal(new URL(page.url()).pathname, '/admin/bank-holidays');
      assert.equal(await page.title(), 'Bank holidays – Harbour');
      assert.equal(await page.locator('[data-qa="extra-holidays"]').count(), 0);

      // Christmas Day is already in the shipped list.
      await page.getByLabel('Date').fill('25/12/2026');
      await page.getByLabel('Name').fill('Christmas again');
      await navigate(page, () => page.getByRole('button', { name: 'Add bank holiday' }).click(), { status: 400 });
      assert.equal(await page.title(), 'Error: Bank holidays – Harbour');
      const summary = page.locator('.govuk-error-summary');
      assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
      await summary.getByRole('link', { name: 'That date is already a bank holiday in Harbour’s list' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'date');
      // The date is kept, though re-shown as parsed (2026-12-25) rather than as typed: see the report.
      assert.ok(['25/12/2026', '2026-12-25'].includes(await page.getByLabel('Date').inputValue()), 'the date typed is kept');
      assert.equal(await page.getByLabel('Name').inputValue(), 'Christmas again', 'what was typed is kept');

      await page.getByLabel('Date').fill('17/11/2026');
      await page.getByLabel('Name').fill('');
      await navigate(page, () => page.getByRole('button', { name: 'Add bank holiday' }).click(), { status: 400 });
      await page.locator('.govuk-error-summary').getByRole('link', { name: 'Enter the name of the bank holiday' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'name');

      await page.getByLabel('Name').fill('Harbour test holiday');
      await navigate(page, () => page.getByRole('button', { name: 'Add bank holiday' }).click());
      assert.equal(await page.title(), 'Bank holidays – Harbour');
      assert.match(await page.locator('.govuk-notification-banner--success').innerText(), /Bank holiday added/);
      const rows = page.locator('[data-qa="extra-holidays"] tbody tr');
      assert.equal(await rows.count(), 1);
      // "Added" is the database's own time, not Harbour's clock (see the report), so only its form is checked.
      assert.match(await rows.first().innerText(), /^17 November 2026\s+Harbour test holiday\s+Alex Admin, \d{1,2} \w+ \d{4}$/);
    });
    const stored = await harbour.db.selectFrom('extra_bank_holidays').select(['date', 'name']).execute();
    assert.deepEqual(stored.map((h) => [String(h.date), h.name]), [['2026-11-17', 'Harbour test holiday']]);
  });

  it('refuses the bank holidays page to someone who is not an administrator', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      assert.equal(await menu(page).getByRole('link', { name: 'Administration' }).count(), 0);
      await visit(page, `${harbour.url}/admin/bank-holidays`, { status: 403 });
    });
  });
});
