// Issue 13 through a real browser: a parent-notification exception for a child under 13, refused until it says that
// telling the parents is clearly inconsistent with the child's welfare, then agreed by a manager from their work
// list; and an anonymous consultation asked by a teacher, answered by the front door from their work list and later
// attached to the child's case. Every page visited is checked with axe-core (WCAG 2.2 AA) and fails on any
// JavaScript error or CSP violation (see support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`telling parents and anonymous consultations in a browser (${databaseLabel})`, () => {
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

  it('a parent-notification exception for a child under 13, agreed by a manager from their work list', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, caseUrl('CSE-0003', '/risk/referral/new'));
      await page.getByLabel('Why are you referring this child?').fill('Seen with older men at the station several evenings.');
      await navigate(page, () => page.getByRole('button', { name: 'Send the referral' }).click());

      await visit(page, caseUrl('CSE-0003'));
      await navigate(page, () => page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Telling parents', exact: true }).click());
      assert.equal(await heading(page), 'Telling parents');
      assert.match(await page.locator('[data-qa="under-13-rule"]').innerText(), /parents must be told unless that is clearly inconsistent with the child’s welfare/);
      await page.getByRole('group', { name: 'When was this decided?' }).getByRole('radio').first().check();
      await page.getByRole('radio', { name: 'No: record the exception' }).check();
      await page.getByRole('radio', { name: 'A parent or carer may be involved in the exploitation' }).check();
      await page.getByLabel('Reasons for the exception').fill('Her mother’s partner is named by the child as taking her to the flat.');
      await navigate(page, () => page.getByRole('button', { name: 'Save the decision' }).click(), { status: 400 });
      assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: /The child is under 13: parents must be told unless telling them is clearly inconsistent/ }).isVisible());
      await page.getByRole('checkbox', { name: 'Telling the parents would be clearly inconsistent with the child’s welfare' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save the decision' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /not in force until a team manager or CSE coordinator agrees it/);
      assert.equal(await page.locator('[data-qa="status"]').first().innerText(), 'Not told: awaiting a manager’s agreement');
      assert.ok(await page.locator('[data-qa="awaiting-other"]').isVisible(), 'the recorder is not offered the agreement');
    });

    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'manager@harbour.example');
      await visit(page, `${harbour.url}/`);
      await navigate(page, () => page.locator('[data-qa="parents-awaiting"]').getByRole('link').first().click());
      assert.equal(await heading(page), 'Telling parents');
      await page.getByRole('radio', { name: 'Yes, I agree the exception' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save your decision' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /You agreed the exception/);
      assert.equal(await page.locator('[data-qa="status"]').first().innerText(), 'Not told: exception recorded');
      await visit(page, `${harbour.url}/`);
      assert.equal(await page.locator('[data-qa="parents-awaiting"]').count(), 0, 'off the work list once agreed');
    });
  });

  it('an anonymous consultation asked, answered from the front door’s work list, and later attached to the case', async () => {
    let consultationUrl = '';
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'teacher@harbour.example');
      await visit(page, `${harbour.url}/`);
      await navigate(page, () => page.locator('[data-qa="consultations-link"]').click());
      assert.equal(await heading(page), 'Anonymous consultations');
      await navigate(page, () => page.getByRole('button', { name: 'Ask for advice anonymously' }).click());
      await page.getByRole('radio', { name: 'The front door' }).check();
      await page.getByRole('radio', { name: '13 to 15' }).check();
      await page.getByRole('radio', { name: 'Female' }).check();
      await page.getByLabel('Area (optional)').fill('Kilburn');
      await page.getByRole('radio', { name: 'Secondary school' }).check();
      await page.getByRole('checkbox', { name: 'Unexplained gifts or money' }).check();
      await page.getByLabel('Your question').fill('Born 14/03/2011. New phone, collected by an older man after school. Should I refer?');
      await navigate(page, () => page.getByRole('button', { name: 'Send the consultation' }).click(), { status: 400 });
      assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: /Take out a date/ }).isVisible());
      await page.getByLabel('Your question').fill('A Year 10 girl has a new phone and is collected by an older man after school. Should I refer?');
      await navigate(page, () => page.getByRole('button', { name: 'Send the consultation' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /Your consultation was sent/);
      consultationUrl = page.url().replace(/\?.*$/, '');
    });

    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'frontdoor@harbour.example');
      await visit(page, `${harbour.url}/`);
      await navigate(page, () => page.locator('[data-qa="consultations-waiting"]').getByRole('link').first().click());
      assert.equal(page.url(), consultationUrl);
      await page.getByRole('radio', { name: 'Make a referral to children’s social care' }).check();
      await page.getByLabel('Your answer').fill('These are indicators of grooming: refer today and tell your safeguarding lead.');
      await navigate(page, () => page.getByRole('button', { name: 'Send the answer' }).click());
      assert.match(await page.locator('[data-qa="answer"]').innerText(), /refer today/);
      await page.getByLabel('Case reference').fill('CSE-0001');
      await navigate(page, () => page.getByRole('button', { name: 'Attach to the case' }).click());
      assert.match(await page.locator('[data-qa="attached"]').innerText(), /Attached to case CSE-0001/);
      await navigate(page, () => page.locator('[data-qa="attached"]').getByRole('link', { name: 'CSE-0001' }).click());
      assert.equal(await heading(page), 'Chronology');
    });

    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'teacher@harbour.example');
      await visit(page, consultationUrl);
      assert.match(await page.locator('[data-qa="answer"]').innerText(), /refer today/);
      assert.doesNotMatch(await page.locator('[data-qa="attached"]').innerText(), /CSE-0001/, 'the asker is not told which case');
    });
  });

  it('a disclosure scheme application recorded, decided and disclosed in person by the police', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'police@harbour.example');
      await visit(page, `${harbour.url}/`);
      await navigate(page, () => page.locator('[data-qa="disclosure-scheme-link"]').getByRole('link').click());
      assert.equal(await heading(page), 'Child Sex Offender Disclosure Scheme');
      await navigate(page, () => page.getByRole('button', { name: 'Record an application' }).click());
      await page.getByLabel('Applicant’s name').fill('Ms Ayres');
      await page.getByLabel('Relationship to the child').fill('Mother');
      await page.getByLabel('The child or children they are worried about').fill('Her daughter, aged 9');
      await page.getByLabel('What the applicant is worried about').fill('Her new partner babysits alone.');
      await navigate(page, () => page.getByRole('button', { name: 'Record the application' }).click(), { status: 400 });
      await page.getByLabel('Description (if not in the register)').fill('Her new partner, about 40, called Gary');
      await navigate(page, () => page.getByRole('button', { name: 'Record the application' }).click());
      assert.match(await page.locator('[data-qa="status"]').innerText(), /Received/);
      await page.getByRole('radio', { name: /Yes: disclose/ }).check();
      await page.getByLabel('Reasons').fill('Previous convictions for offences against children.');
      await navigate(page, () => page.getByRole('button', { name: 'Record the decision' }).click());
      await page.getByLabel('Made to').fill('Ms Ayres');
      await page.getByLabel('Their relationship to the child').fill('Mother');
      await page.getByRole('group', { name: 'Was it made in person?' }).getByRole('radio', { name: 'Yes' }).check();
      await page.getByRole('checkbox', { name: 'The warning was given and explained' }).check();
      await page.getByRole('group', { name: 'Did they sign the undertaking of confidentiality?' }).getByRole('radio', { name: 'Yes' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Record the disclosure' }).click());
      assert.equal(await page.locator('[data-qa="status"]').innerText(), 'Disclosure made');
    });
  });
});
