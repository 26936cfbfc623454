// Issue 5 through a real browser: observations with sharing levels, a refused future date, the CSE referral and the
// coordinator's decision with the category badge, step chart and table. Every page visited is checked with axe-core
// (WCAG 2.2 AA) and fails on any JavaScript error or CSP violation (see support/browser.ts).
//
// The tests run in order and share one Harbour: the social worker's observation makes the suggestion the
// coordinator departs from, and the referral made in one test is decided in the next.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage as withWatchedPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const POLICE_LEVEL_3 = 'matrix.coercion-control.l3.abduction-locked-in';
const WORKER_LEVEL_3 = 'matrix.abusive-adults.l3.access-unknown-premises';

describe(`risk, the CSE referral and the coordinator's decision in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  let caseId = '';

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
  });
  beforeEach(() => harbour.clock.set(MONDAY_MORNING));
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  /** Every page is watched and checked with axe (support/browser.ts). */
  const withPage = (body: (page: Page) => Promise<void>) =>
    withWatchedPage(browser, async (page) => {
      await body(page);
    });

  const riskUrl = () => `${harbour.url}/cases/${caseId}/risk`;
  const group = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');
  const observationRows = (page: Page) => page.locator('[data-qa="observations"] tbody tr');

  /** Fills the observation form (the page is on it). */
  async function fillObservation(page: Page, fields: { indicatorId: string; observedOn: string; howKnown: string; note: string; sharing?: string }) {
    await page.getByLabel('What did you observe?').selectOption(fields.indicatorId);
    await page.getByLabel('Date observed').fill(fields.observedOn);
    await group(page, 'How do you know?').getByRole('radio', { name: fields.howKnown, exact: true }).check();
    await page.getByLabel('Note (optional)').fill(fields.note);
    if (fields.sharing) await group(page, 'Who can see this observation?').getByRole('radio', { name: fields.sharing, exact: true }).check();
  }

  it('the police investigator records an observation kept to their agency; the nurse on the same case does not see it, nor count it', async () => {
    let nurseCountBefore = 0;
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'nurse@harbour.example');
      await visit(page, riskUrl());
      nurseCountBefore = await observationRows(page).count();
    });

    await withPage(async (page) => {
      await signIn(page, harbour.url, 'police@harbour.example');
      await visit(page, riskUrl());
      assert.equal(await page.title(), 'Risk – Jade Thompson – CSE-0001 – Harbour');
      await navigate(page, () => page.getByRole('link', { name: 'Record an observation' }).click());
      assert.equal(await page.title(), 'Record an observation – CSE-0001 – Harbour');
      assert.ok(await group(page, 'Who can see this observation?').getByRole('radio', { name: 'Own agency only', exact: true }).isChecked(), 'police observations start kept to their agency');
      await fillObservation(page, { indicatorId: POLICE_LEVEL_3, observedOn: '13/11/2026', howKnown: 'From a reliable source (family, friends, another professional)', note: 'Intelligence: held at a flat above the launderette' });
      await navigate(page, () => page.getByRole('button', { name: 'Record the observation' }).click());
      assert.equal(page.url(), `${riskUrl()}?recorded=1`);
      const row = observationRows(page).filter({ hasText: 'Abduction and forced imprisonment' });
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), /held at a flat above the launderette[\s\S]*13 November 2026[\s\S]*Pat Constable[\s\S]*Own agency only/);
      assert.equal(await row.getByRole('link', { name: /^Share with the case network/ }).count(), 1, 'the police may widen it later');
    });

    await withPage(async (page) => {
      await signIn(page, harbour.url, 'nurse@harbour.example');
      await visit(page, riskUrl());
      const main = await page.locator('main').innerText();
      assert.ok(!main.includes('Abduction'), 'the police-only indicator is not shown');
      assert.ok(!main.includes('launderette'), 'nor its note');
      assert.equal(await observationRows(page).count(), nurseCountBefore, 'nor counted');
      assert.match(await page.locator('#observations + p').innerText(), new RegExp(`^${nurseCountBefore} observations?`), 'the count says the same');
      await visit(page, `${harbour.url}/cases/${caseId}`);
      assert.ok(!(await page.locator('[data-qa="chronology"]').innerText()).includes('Abduction'), 'nor in the chronology');
    });
  });

  it('refuses an observation dated in the future with the error summary, keeping what was typed; then records it dated today for the network', async () => {
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, `${riskUrl()}/observations/new`);
      await fillObservation(page, { indicatorId: WORKER_LEVEL_3, observedOn: '17/11/2026', howKnown: 'Told by the child', note: 'She has a key to a flat her mother does not know about.', sharing: 'Case network' });
      await navigate(page, () => page.getByRole('button', { name: 'Record the observation' }).click(), { status: 400 });
      assert.equal(await page.title(), 'Error: Record an observation – CSE-0001 – Harbour');
      const summary = errorSummary(page);
      assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
      const message = 'The date you observed it must be today or in the past';
      assert.equal((await summary.getByRole('link').innerText()).trim(), message);
      assert.match(await page.locator('#observedOn-error').innerText(), new RegExp(message));
      assert.equal(await page.getByLabel('What did you observe?').inputValue(), WORKER_LEVEL_3, 'the indicator is kept');
      assert.equal(await page.getByLabel('Note (optional)').inputValue(), 'She has a key to a flat her mother does not know about.', 'the note is kept');
      assert.ok(await group(page, 'How do you know?').getByRole('radio', { name: 'Told by the child', exact: true }).isChecked(), 'how it is known is kept');
      await summary.getByRole('link', { name: message }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'observedOn');

      await page.getByLabel('Date observed').fill('16/11/2026');
      await navigate(page, () => page.getByRole('button', { name: 'Record the observation' }).click());
      assert.equal(page.url(), `${riskUrl()}?recorded=1`);
      assert.match(await observationRows(page).filter({ hasText: 'Has access to premises' }).innerText(), /Sam Worker[\s\S]*Case network/);
    });
    const stored = await harbour.db.selectFrom('risk_observations').select(['indicator_id', 'sharing_level']).where('case_id', '=', caseId).where('indicator_id', '=', WORKER_LEVEL_3).execute();
    assert.deepEqual(stored, [{ indicator_id: WORKER_LEVEL_3, sharing_level: 'network' }], 'only the accepted observation was written');
  });

  it('the social worker, lead on CSE-0001, refers the child to the CSE coordinator', async () => {
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, riskUrl());
      await navigate(page, () => page.getByRole('link', { name: /^Refer to the / }).click());
      assert.equal(new URL(page.url()).pathname, `/cases/${caseId}/risk/referral/new`);
      await page.getByLabel('Why are you referring this child?').fill('Assessment shows she is staying at a flat her family do not know about, with older men.');
      await navigate(page, () => page.getByRole('button', { name: 'Send the referral' }).click());
      assert.equal(page.url(), `${riskUrl()}?referred=1`);
      assert.match(await page.locator('[data-qa="referrals"]').innerText(), /Awaiting decision\s+Referred 16 November 2026.* by Sam Worker/);
      assert.equal(await page.getByRole('link', { name: /^Refer to the / }).count(), 0, 'one referral awaiting at a time');
    });
  });

  it('the coordinator accepts at category 2 with a rationale and the reason for departing from the suggested 3; the case shows the badge, the step chart and the table', async () => {
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await navigate(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'CSE cases' }).click());
      assert.equal(await page.title(), 'CSE cases – Harbour');
      await navigate(page, () => page.locator(`[data-qa="awaiting-${caseId}"]`).getByRole('link', { name: 'Jade Thompson' }).click());
      assert.equal(await page.title(), 'Decide the CSE referral – CSE-0001 – Harbour');
      assert.match(await page.locator('[data-qa="suggestion"]').innerText(), /Suggested from the indicators you can see: category 3/);

      await page.getByRole('radio', { name: 'Accept, and place the child in a risk category', exact: true }).check();
      await page.getByRole('radio', { name: 'Category 2 (medium risk)', exact: true }).check();
      await page.getByLabel('Rationale').fill('Medium risk: exchange of accommodation for sex, not yet habitual.');
      await navigate(page, () => page.getByRole('button', { name: 'Record the decision' }).click(), { status: 400 });
      const message = 'Say why you chose category 2 when the indicators suggest category 3';
      const summary = errorSummary(page);
      assert.equal((await summary.getByRole('link').innerText()).trim(), message);
      assert.ok(await page.getByRole('radio', { name: 'Category 2 (medium risk)', exact: true }).isChecked(), 'the category is kept');
      assert.equal(await page.getByLabel('Rationale').inputValue(), 'Medium risk: exchange of accommodation for sex, not yet habitual.');
      await summary.getByRole('link', { name: message }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'differsReason');
      await page.locator('#differsReason').fill('The police intelligence I can see does not show she is held against her will.');
      await navigate(page, () => page.getByRole('button', { name: 'Record the decision' }).click());

      assert.equal(page.url(), `${riskUrl()}?decided=1`);
      assert.equal(await page.locator('[data-qa="identity-bar"] [data-qa="category-badge"]').innerText(), 'Category 2');
      assert.match(await page.locator('[data-qa="current-category"]').innerText(), /Current category: Category 2, decided 16 November 2026/);
      assert.match(await page.locator('[data-qa="referrals"]').innerText(), /Accepted[\s\S]*Casey Coordinator/);

      const chart = page.locator('[data-qa="category-chart"] svg[role="img"]');
      assert.ok(await chart.isVisible());
      assert.match((await chart.getAttribute('aria-label')) ?? '', /^Risk category over time: category 2 from 16 November 2026/);
      const history = page.locator('[data-qa="category-history"]');
      assert.equal(await history.locator('caption').innerText(), 'Category decisions, newest first');
      const rows = history.locator('tbody tr');
      assert.equal(await rows.count(), 1);
      const row = await rows.first().innerText();
      assert.match(row, /16 November 2026/);
      assert.match(row, /Category 2[\s\S]*on a referral/);
      assert.match(row, /Casey Coordinator/);
      assert.match(row, /Medium risk: exchange of accommodation for sex/);
      assert.match(row, /Suggested from the indicators: category 3\. Different because: The police intelligence I can see/);
    });
    const decision = await harbour.db.selectFrom('category_decisions').select(['category', 'suggested_category', 'differs_reason']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.deepEqual(decision, { category: 2, suggested_category: 3, differs_reason: 'The police intelligence I can see does not show she is held against her will.' });
  });
});
