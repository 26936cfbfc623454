// Issue 15 through a real browser, with axe on every page: a transfer between authorities (asked with an error first,
// declined, asked again and accepted, then the sending authority's transferred record), and duplicate records (the
// matching page, a contradicting comparison, a merge with an error first, and its undo).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { addNeighbourAuthority, NEIGHBOUR } from '../support/neighbour-authority.ts';

describe(`transfer and duplicate records in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  let caseId = '';

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    await addNeighbourAuthority(harbour.db);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');

  const ask = async (page: Page) => {
    await visit(page, `${harbour.url}/cases/${caseId}/transfer`);
    assert.equal(await heading(page), 'Transfer');
    await page.getByLabel('Receiving authority', { exact: true }).selectOption({ label: NEIGHBOUR.name });
    await page.getByLabel('Its CSE coordinator').selectOption({ label: `Nell Neighbour (${NEIGHBOUR.name})` });
    await page.getByLabel('Why the case is moving').fill('Amira moved to Neighbour Borough with her mother.');
    await page.getByLabel('Case summary for the receiving authority').fill('Category 1; diversion plan in place; school engaged.');
    await navigate(page, () => page.getByRole('button', { name: 'Send the transfer request' }).click());
  };

  it('a transfer: asked (an error first), declined with a reason, asked again and accepted; the sender then reads what it wrote', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await visit(page, `${harbour.url}/cases/${caseId}/transfer`);
      await navigate(page, () => page.getByRole('button', { name: 'Send the transfer request' }).click(), { status: 400 });
      assert.match(await page.title(), /^Error: /);
      assert.match(await errorSummary(page).innerText(), /Choose the authority the child has moved to/);
      await ask(page);
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /sent to the receiving coordinator/);
      assert.match(await page.locator('[data-qa="transfer-status"]').innerText(), /Waiting for an answer/);
    });
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'neighbour.coordinator@harbour.example');
      await navigate(page, () => page.getByRole('navigation', { name: 'Work lists' }).getByRole('link', { name: 'Transfer requests' }).click());
      await navigate(page, () => page.locator('[data-qa="incoming-transfers"]').getByRole('link', { name: 'CSE-0003' }).click());
      assert.match(await page.locator('[data-qa="transfer-case-summary"]').innerText(), /diversion plan in place/);
      await navigate(page, () => page.getByRole('button', { name: 'Decline the transfer' }).click(), { status: 400 });
      assert.match(await errorSummary(page).innerText(), /Enter why you are declining the transfer/);
      await page.getByLabel('If you decline, say why').fill('Not yet living here: ask again when the move is confirmed.');
      await navigate(page, () => page.getByRole('button', { name: 'Decline the transfer' }).click());
      assert.equal(await heading(page), 'Transfer requests waiting for your answer');
    });
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await ask(page);
    });
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'neighbour.coordinator@harbour.example');
      await visit(page, `${harbour.url}/transfers`);
      await navigate(page, () => page.locator('[data-qa="incoming-transfers"]').getByRole('link', { name: 'CSE-0003' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Accept the transfer' }).click());
      assert.equal(await heading(page), 'Case overview');
      await visit(page, `${harbour.url}/cases/${caseId}/transfer`);
      assert.match(await page.locator('[data-qa="transfers"]').innerText(), /Accepted[\s\S]*Declined/);
    });
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await visit(page, `${harbour.url}/cases/${caseId}`, { status: 403 });
      await visit(page, `${harbour.url}/cases/${caseId}/transferred-record`);
      assert.match(await heading(page), /what your authority wrote/);
      assert.match(await page.locator('[data-qa="transferred-entries"]').innerText(), /Home visit/);
      assert.doesNotMatch(await page.locator('[data-qa="transferred-entries"]').innerText(), /Transfer accepted/);
    });
  });

  it('duplicates: the matching page, a contradicting comparison, a merge (an error first) and its undo', async () => {
    const jade = await harbour.db.selectFrom('children').selectAll().where('given_name', '=', 'Jade').executeTakeFirstOrThrow();
    const dup = await harbour.db
      .insertInto('children')
      .values({ local_authority_id: jade.local_authority_id, given_name: 'Jade', family_name: 'Thomson', date_of_birth: jade.date_of_birth, postcode: jade.postcode, school: jade.school, address: jade.address })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await harbour.db
      .insertInto('children')
      .values({ local_authority_id: jade.local_authority_id, given_name: 'Jade', family_name: 'Thompson', date_of_birth: '2012-07-07', postcode: jade.postcode })
      .returning('id')
      .executeTakeFirstOrThrow();
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'frontdoor@harbour.example');
      await visit(page, `${harbour.url}/children/merge?keep=${jade.id}&merge=${other.id}`);
      assert.match(await page.locator('[data-qa="contradictions"]').innerText(), /different dates of birth/);
      assert.equal(await page.getByRole('button', { name: 'Merge the records' }).count(), 0);
      await visit(page, `${harbour.url}/children/${jade.id}/duplicates`);
      assert.match(await heading(page), /Records that may be Jade Thompson/);
      await navigate(page, () => page.locator(`a[href$="merge=${dup.id}"]`).click());
      assert.equal(await heading(page), 'Compare two records');
      assert.equal(await page.locator('[data-qa="differs-family_name"]').count(), 1);
      await navigate(page, () => page.getByRole('button', { name: 'Merge the records' }).click(), { status: 400 });
      assert.match(await errorSummary(page).innerText(), /Enter why you are sure these records are the same child[\s\S]*Confirm that these records are the same child/);
      await page.getByLabel('Why you are sure these are the same child').fill('Same child: the school confirmed one Jade.');
      await page.getByLabel('These records are the same child').check();
      await navigate(page, () => page.getByRole('button', { name: 'Merge the records' }).click());
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /The records have been merged/);
      await page.getByLabel('Why the merge is being undone').fill('Merged in error.');
      await navigate(page, () => page.getByRole('button', { name: 'Undo the merge' }).click());
      assert.match(await page.locator('.govuk-notification-banner').innerText(), /both records are as they were/);
      await visit(page, `${harbour.url}/children/merges`);
      assert.match(await page.locator('[data-qa="merges"]').innerText(), /Undone/);
    });
    assert.equal((await harbour.db.selectFrom('children').select('merged_into_id').where('id', '=', dup.id).executeTakeFirstOrThrow()).merged_into_id, null);
  });
});
