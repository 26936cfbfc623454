// Assessments through a real browser (issue 11): an initial assessment from the front door's triage decision to a
// manager's authorisation, which stops the 7-day clock (camden Part 3 §2), with the error summary on an incomplete
// submission; and a core assessment / Section 47 enquiry leading into the Section 47 outcome (staffordshire 31;
// cambridgeshire 5). Every page visited is checked with axe-core (see support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { Browserish, csrfTokenIn } from '../support/http-client.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';
import { SECTIONS, SECTIONS_OF } from '../../src/domain/assessments/index.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`assessments in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  const ids = new Map<string, string>();

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    harbour.clock.set(MONDAY_MORNING);
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) ids.set(u.email.split('@')[0]!, u.id);
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');
  const caseNav = (page: Page) => page.getByRole('navigation', { name: 'Case sections' });

  /** A referral decided "initial assessment" at the front door (its pages are tested in front-door.test.ts). */
  async function triaged(givenName: string) {
    const referrer = new Browserish(harbour.url);
    await referrer.signIn('referrer@harbour.example');
    const key = randomUUID();
    await referrer.submit('/referrals/new', '/referrals', {
      idempotencyKey: key, action: 'submit', channel: 'online', narrative: 'Picked up late at night by adults in cars.', childGivenName: givenName, childFamilyName: 'Okafor',
      childDateOfBirth: '02/02/2012', childAddress: '3 Test Street', childWard: 'Kilburn', dslConsulted: 'not-applicable',
    });
    const contact = await harbour.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    let page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    await frontDoor.request('POST', `/front-door/contacts/${contact.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(contact.version), identification: 'new-child' });
    page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    const { version } = await harbour.db.selectFrom('contacts').select('version').where('id', '=', contact.id).executeTakeFirstOrThrow();
    const decided = await frontDoor.request('POST', `/front-door/contacts/${contact.id}/decision`, {
      _csrf: csrfTokenIn(page.text), version: String(version), decision: 'initial-assessment', reasons: 'Needs an assessment of exploitation risk.', allocatedWorkerId: ids.get('social.worker')!,
    });
    assert.equal(decided.status, 303);
    const { case_id } = await harbour.db.selectFrom('contacts').select('case_id').where('id', '=', contact.id).executeTakeFirstOrThrow();
    return { contactId: contact.id, caseId: case_id! };
  }

  async function fillSections(page: Page, kind: 'initial' | 'core', skip: readonly string[] = []) {
    for (const id of SECTIONS_OF[kind]) {
      if (skip.includes(id)) continue;
      await page.getByLabel(SECTIONS[id].label, { exact: true }).fill(`What was found: ${SECTIONS[id].label.toLowerCase()}.`);
    }
  }

  it('an initial assessment from the triage decision to a manager’s authorisation stops the 7-day clock', async () => {
    const { contactId, caseId } = await triaged('Tobi');
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'frontdoor@harbour.example');
      await visit(page, `${harbour.url}/front-door/contacts/${contactId}`);
      assert.ok(await page.locator('[data-qa="start-initial-assessment"]').isVisible(), 'the triage decision offers the initial assessment');
    });
    let assessmentUrl = '';
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, `${harbour.url}/cases/${caseId}`);
      await navigate(page, () => caseNav(page).getByRole('link', { name: 'Assessments' }).click());
      assert.equal(await heading(page), 'Assessments');
      await navigate(page, () => page.getByRole('button', { name: 'Start the initial assessment' }).click());
      assert.equal(await heading(page), 'Start the initial assessment');
      await navigate(page, () => page.getByRole('button', { name: 'Start the initial assessment' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /The assessment was started/);

      // An incomplete submission: the draft is kept, and the error summary names the blank section.
      await fillSections(page, 'initial', ['childsViews']);
      await page.locator('input[name="parentingCapacitySharing"][value="agency"]').check();
      await navigate(page, () => page.getByRole('button', { name: 'Save and submit for authorisation' }).click(), { status: 400 });
      assert.match(await page.title(), /^Error: Initial assessment: draft/);
      const summary = errorSummary(page);
      assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
      assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map((t) => t.trim()), ['Enter the child’s views']);
      assert.equal(await page.getByLabel('Parenting capacity', { exact: true }).inputValue(), 'What was found: parenting capacity.', 'what was typed is kept');
      await summary.getByRole('link', { name: 'Enter the child’s views' }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'childsViews');
      await page.getByLabel('The child’s views', { exact: true }).fill('“I want to go back to school.”');
      await navigate(page, () => page.getByRole('button', { name: 'Save and submit for authorisation' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /submitted for a manager’s authorisation/);
      assert.equal(await page.locator('[data-qa="status"]').innerText(), 'Submitted for authorisation');
      assessmentUrl = page.url().replace(/\?.*$/, '');
    });
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'manager@harbour.example');
      await visit(page, assessmentUrl);
      await navigate(page, () => page.getByRole('button', { name: 'Authorise' }).click());
      assert.equal(await page.locator('[data-qa="status"]').innerText(), 'Authorised');
      assert.equal(await page.locator('[data-qa="clock-status"]').innerText(), 'Met');
      await navigate(page, () => page.locator('[data-qa="print"]').click());
      assert.equal(await heading(page), 'Initial assessment');
    });
    const clock = await harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).where('rule_id', '=', 'initial-assessment').executeTakeFirstOrThrow();
    assert.equal(clock.stop_reason, 'initial-assessment-completed');
  });

  it('a core assessment / Section 47 enquiry leads into the Section 47 outcome', async () => {
    const { caseId } = await triaged('Ife');
    let assessmentUrl = '';
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, `${harbour.url}/cases/${caseId}/assessments`);
      await navigate(page, () => page.getByRole('button', { name: 'Start the initial assessment' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Start the initial assessment' }).click());
      await navigate(page, () => page.getByRole('link', { name: 'Back to the assessment' }).click());
      await navigate(page, () => page.locator('[data-qa="record-harm"]').click());
      await page.getByRole('radio', { name: 'Yes, at an early stage of the initial assessment' }).check();
      await page.getByLabel('The risk of significant harm', { exact: true }).fill('Disclosed being taken to a flat by adults.');
      await navigate(page, () => page.getByRole('button', { name: 'Record it' }).click());
      assert.ok(await page.locator('[data-qa="significant-harm"]').isVisible());
      await navigate(page, () => page.getByRole('button', { name: 'Start the core assessment / Section 47 enquiry' }).click());
      assert.equal(await heading(page), 'Core assessment / Section 47 enquiry');
      await fillSections(page, 'core');
      await navigate(page, () => page.getByRole('button', { name: 'Save and submit for authorisation' }).click());
      assessmentUrl = page.url().replace(/\?.*$/, '');
      await navigate(page, () => page.locator('[data-qa="add-related"]').click());
      await page.getByLabel('The child’s name, or what they are known as').fill('Dami');
      await page.getByRole('radio', { name: 'Sibling' }).check();
      await page.getByRole('radio', { name: 'Assessed within this assessment' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Add the child' }).click());
      assert.match(await page.locator('[data-qa="related"]').innerText(), /Dami\s+Sibling\s+Assessed within this assessment/);
    });
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'manager@harbour.example');
      await visit(page, assessmentUrl);
      await navigate(page, () => page.getByRole('button', { name: 'Authorise' }).click());
      assert.equal(await page.locator('[data-qa="status"]').innerText(), 'Authorised');
      await navigate(page, () => page.getByRole('link', { name: 'Record the outcome of the Section 47 enquiry' }).click());
      assert.equal(await heading(page), 'Outcome of a Section 47 enquiry');
      assert.match(await page.locator('[data-qa="core-assessment"]').innerText(), /was authorised on/);
    });
  });
});
