// Retention and subject access through a real browser (issue 15; PROCEDURES.md step 10; camden Part 1 §6): the
// information governance officer finds a record past its date in the review queue, meets the error summary, confirms
// its deletion; records a subject access request, reviews a third party and the police-only entries, releases. Once
// with JavaScript and the queue once without. axe checks every page visited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { runRetentionReview } from '../../src/features/retention/service.ts';
import { verifyAuditTrail } from '../../src/features/audit/service.ts';

describe(`retention and subject access in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    for (const ref of ['CSE-0002', 'CSE-0003']) {
      const k = await harbour.db.selectFrom('cases').select('child_id').where('reference', '=', ref).executeTakeFirstOrThrow();
      await harbour.db.updateTable('children').set({ date_of_birth: '1990-01-10' }).where('id', '=', k.child_id).execute();
      await harbour.db.updateTable('cases').set({ status: 'closed', closed_at: new Date('2014-06-01T12:00:00Z') }).where('reference', '=', ref).execute();
    }
    const kase = await harbour.db.selectFrom('cases').select(['id', 'child_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    await harbour.db.insertInto('related_people').values({ case_id: kase.id, child_id: kase.child_id, relationship: 'peer', name: 'Kieran Byrne', notes: 'Older friend.' }).execute();
    await runRetentionReview(harbour.db, harbour.clock.now);
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');

  it('the officer confirms a deletion from the review queue', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'igo@harbour.example');
      await navigate(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Retention review' }).click());
      assert.equal(await heading(page), 'Records past their retention date');
      await navigate(page, () => page.locator('[data-qa="retention-queue"]').getByRole('link', { name: 'CSE-0002' }).click());
      assert.equal(await heading(page), 'Retention review of CSE-0002');
      await navigate(page, () => page.getByRole('button', { name: 'Record the decision' }).click(), { status: 400 });
      assert.ok(await errorSummary(page).evaluate((el) => el === document.activeElement), 'the error summary has focus');
      await page.getByLabel('Delete its personal data').check();
      await page.getByLabel(/I confirm that this record/).check();
      await navigate(page, () => page.getByRole('button', { name: 'Record the decision' }).click());
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /Your decision has been recorded/);
      assert.match(await page.locator('[data-qa="erased-rows"]').innerText(), /chronology_entries/);
      await visit(page, `${harbour.url}/retention/schedule`);
      assert.equal(await heading(page), 'Retention schedule');
    });
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('the queue works without JavaScript: keep a record longer', async () => {
    await withPage(
      browser,
      async (page) => {
        await signIn(page, harbour.url, 'igo@harbour.example');
        await visit(page, `${harbour.url}/retention`);
        await navigate(page, () => page.locator('[data-qa="retention-queue"]').getByRole('link', { name: 'CSE-0003' }).click());
        await page.getByLabel('Keep it longer').check();
        await page.getByLabel('Why the record must be kept longer').fill('Inquiry into the placement is still open');
        await page.getByLabel('New review date').fill('1/6/2028');
        await navigate(page, () => page.getByRole('button', { name: 'Record the decision' }).click());
        assert.match(await page.locator('[data-qa="retention-review"]').innerText(), /Kept until 1 June 2028/);
      },
      { javaScriptEnabled: false },
    );
  });

  it('the officer records a subject access request, reviews each item and releases', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'igo@harbour.example');
      await navigate(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Subject access' }).click());
      assert.equal(await heading(page), 'Subject access requests');
      await page.getByLabel('Case reference').fill('CSE-0001');
      await navigate(page, () => page.getByRole('button', { name: 'Record the request' }).click(), { status: 400 });
      assert.match(await errorSummary(page).innerText(), /Choose who made the request/);
      await page.getByLabel('The child or young person').check();
      await navigate(page, () => page.getByRole('button', { name: 'Record the request' }).click());
      assert.equal(await heading(page), 'Record of CSE-0001');
      const cards = page.locator('[data-qa="sar-item"]');
      assert.match(await page.locator('[data-qa="sar-review-items"]').innerText(), /Kieran Byrne[\s\S]*Names a third party/);
      assert.match(await page.locator('[data-qa="sar-review-items"]').innerText(), /Police-only entry/);
      await navigate(page, () => page.getByRole('button', { name: 'Release the record' }).click(), { status: 400 });
      assert.match(await errorSummary(page).innerText(), /Decide every item/);
      const count = await cards.count();
      for (let i = 0; i < count; i++) {
        const card = page.locator('[data-qa="sar-item"]').nth(i);
        const third = /Kieran Byrne/.test(await card.innerText());
        await card.getByLabel(third ? 'Withhold' : 'Release').check();
        await card.getByLabel('Reason').fill(third ? 'Third party: DPA 2018 Sch. 2 para 16' : 'Police agree to disclosure');
        await navigate(page, () => card.getByRole('button', { name: 'Save the decision' }).click());
      }
      await navigate(page, () => page.getByRole('button', { name: 'Release the record' }).click());
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The record has been released/);
      assert.match(await page.locator('[data-qa="sar-summary"]').innerText(), /Released on/);
    });
    const released = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'subject-access.released').execute();
    assert.equal(released.length, 1);
  });
});
