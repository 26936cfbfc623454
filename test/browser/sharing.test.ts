// Information sharing through a real browser (issue 13): recording consent from a 15-year-old judged to have
// capacity, and a public-interest request that the team manager approves from their work list, after which the
// school nurse sees the police entry. Every page visited is checked with axe-core (WCAG 2.2 AA) and fails on any
// JavaScript error or CSP violation (see support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`information sharing in a browser (${databaseLabel})`, () => {
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
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const startDecision = async (page: Page) => {
    await visit(page, caseUrl('CSE-0001', '/sharing'));
    assert.equal(await heading(page), 'Sharing');
    await navigate(page, () => page.getByRole('button', { name: 'Record a sharing decision' }).click());
    assert.equal(await heading(page), 'Record a sharing decision');
    await page.getByRole('checkbox', { name: /Chronology entry: Police intelligence logged/ }).check();
  };

  it('records consent from a child under 16 judged to have capacity, with the error summary first', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'police@harbour.example');
      await startDecision(page);
      await page.getByRole('checkbox', { name: 'The case network: everyone who may open this case' }).check();
      await page.getByLabel('Purpose').fill('So that the social worker can plan with the police');
      await page.getByRole('radio', { name: 'With consent' }).check();
      await page.getByRole('radio', { name: 'The child (under 16, judged to have capacity)' }).check();
      await page.getByRole('radio', { name: 'In person' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save decision' }).click(), { status: 400 });
      assert.match(await page.title(), /^Error: /);
      assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: /Enter the reasons the child is judged to have capacity/ }).isVisible());
      await page.getByLabel('Why the child is judged to have capacity (for a child under 16)').fill('Jade understood who would see it and why, and repeated it back');
      await navigate(page, () => page.getByRole('button', { name: 'Save decision' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /in force/);
      const card = page.locator('#in-force ~ .govuk-summary-card').first();
      assert.match(await card.innerText(), /With consent\s+In force/);
      assert.match(await card.innerText(), /The child \(under 16, judged to have capacity\), in person/);
    });
  });

  it('a public-interest request waits for the team manager, who approves it from their work list', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'police@harbour.example');
      await startDecision(page);
      await page.getByRole('checkbox', { name: /Sam Worker/ }).check();
      await page.getByLabel('Purpose').fill('To protect other children the same adult targets');
      await page.getByRole('radio', { name: 'Without consent: overriding public interest' }).check();
      for (const label of [/prevent or detect crime/, /protect young or other vulnerable/, /What risks to others/, /How vulnerable/, /impact of the disclosure/, /proportionate/, /less intrusive alternative/]) {
        await page.getByLabel(label).fill('Answered after discussion with the SIO');
      }
      await page.getByRole('group', { name: 'Has the child been told?' }).getByRole('radio', { name: 'Will be told' }).check();
      await page.getByLabel('Who tells (or told) the child').fill('Sam Worker');
      await page.getByLabel('When the child is (or was) told').fill('17/11/2026');
      await navigate(page, () => page.getByRole('button', { name: 'Save decision' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /Nothing is shared until/);
      assert.match(await page.locator('#pending ~ .govuk-summary-card').first().innerText(), /Awaiting approval/);
    });
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'manager@harbour.example');
      assert.match(await page.locator('[data-qa="sharing-to-approve"]').innerText(), /1 request to share information without consent is waiting/);
      await navigate(page, () => page.getByRole('link', { name: 'Open sharing to approve' }).click());
      assert.equal(await heading(page), 'Requests to share without consent');
      await navigate(page, () => page.locator('[data-qa="pending-approvals"]').getByRole('link', { name: 'CSE-0001' }).click());
      await page.getByRole('radio', { name: 'Approve: share as requested' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save decision' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /approved/);
      assert.match(await page.locator('#in-force ~ .govuk-summary-card').first().innerText(), /Approved by\s+Morgan Manager/);
    });
  });
});
