// The intelligence register through a real browser (issue 12): recording a vehicle (likely matches first), its
// entry page, linking three children to it from their cases, the network picture with the list that says the
// same, and the coordinator's pattern-of-targeting alert. Every page visited is checked with axe-core (WCAG 2.2
// AA) and fails on any JavaScript error or CSP violation (see support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`the intelligence register in a browser (${databaseLabel})`, () => {
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

  const linkFromCase = async (page: Page, ref: string, plate: string, nature: string) => {
    await visit(page, caseUrl(ref, '/intelligence'));
    await navigate(page, () => page.getByRole('button', { name: 'Link to the register' }).click());
    await page.getByLabel('Find the person, vehicle, place or phone').fill(plate);
    await navigate(page, () => page.getByRole('button', { name: 'Find' }).click());
    await navigate(page, () => page.locator('[data-qa="found"]').getByRole('link').first().click());
    await page.getByLabel('How is the child linked?').fill(nature);
    await page.getByRole('group', { name: 'How is it known?', exact: true }).getByRole('radio', { name: 'seen', exact: true }).check();
    await navigate(page, () => page.getByRole('button', { name: 'Save the link' }).click());
    assert.ok(await page.locator('[data-qa="notice"]').isVisible());
  };

  it('a vehicle is recorded (likely matches first), three children are linked, the picture and the alert follow', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, `${harbour.url}/intelligence`);
      assert.equal(await heading(page), 'Intelligence register');
      await navigate(page, () => page.getByRole('button', { name: 'Record a new entry' }).click());
      await page.getByRole('radio', { name: 'Vehicle', exact: true }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Add to the register' }).click(), { status: 400 });
      assert.ok(await page.locator('.govuk-error-summary').getByRole('link', { name: /Enter a number plate/ }).isVisible(), 'the error summary first');
      await page.getByLabel('Number plate').fill('ab12 cde');
      await page.getByLabel('Model (optional)').fill('Astra');
      await page.getByLabel('Colour (optional)').fill('silver');
      await navigate(page, () => page.getByRole('button', { name: 'Add to the register' }).click());
      assert.equal(await heading(page), 'silver Astra AB12CDE');

      await visit(page, `${harbour.url}/intelligence/new?kind=vehicle`);
      await page.getByLabel('Number plate').fill('AB12');
      await navigate(page, () => page.getByRole('button', { name: 'Add to the register' }).click());
      assert.match(await page.locator('[data-qa="match"]').first().innerText(), /silver Astra AB12CDE: Partial plate matches AB12CDE/);

      await linkFromCase(page, 'CSE-0001', 'AB12', 'seen collecting');
      await linkFromCase(page, 'CSE-0002', 'AB12CDE', 'taken to');
      await linkFromCase(page, 'CSE-0003', 'ab12 cde', 'seen collecting');
      assert.ok(await page.locator('[data-qa="network-picture"] svg').isVisible(), 'the network picture');
      assert.match(await page.locator('[data-qa="linked-children"]').innerText(), /Amira Haddad → silver Astra AB12CDE → (Jade Thompson|Tyler Okafor)/);
    });

    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await visit(page, `${harbour.url}/intelligence/alerts`);
      await navigate(page, () => page.getByRole('link', { name: 'silver Astra AB12CDE is now linked to 3 children' }).click());
      assert.equal(await heading(page), 'silver Astra AB12CDE is now linked to 3 children');
      assert.ok(await page.getByRole('button', { name: 'Convene a joint meeting for these children' }).isVisible());
      await page.getByLabel('Why dismiss this alert?').fill('Discussed at the CATSE meeting');
      await navigate(page, () => page.getByRole('button', { name: 'Dismiss the alert' }).click());
      assert.ok(await page.locator('[data-qa="no-alerts"]').isVisible());
    });
  });
  it('a missing episode links who the child was with; a case note mentions the entry; the entry shows its network picture', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      // A missing episode on Jade's case, then who she was with: a new person, recorded from the episode.
      await visit(page, caseUrl('CSE-0001', '/missing/new'));
      await page.getByLabel('Date they left').fill('15/11/2026');
      await page.getByLabel('Time they left').fill('21:00');
      await page.getByRole('radio', { name: 'Home', exact: true }).check();
      await page.getByLabel('How they looked when they left').fill('Grey hoodie');
      await navigate(page, () => page.getByRole('button', { name: 'Report missing' }).click());
      await navigate(page, () => page.locator('[data-qa="episode-intelligence"]').first().click());
      assert.equal(await heading(page), 'Who they were with and where they were found');
      await navigate(page, () => page.locator('[data-qa="record-new"]').click());
      await page.getByLabel('Name or nickname').fill('Danny Walsh');
      await navigate(page, () => page.getByRole('button', { name: 'Add to the register' }).click());
      assert.match(await page.locator('[data-qa="linking-to"]').innerText(), /Linking to Danny Walsh/);
      await page.getByLabel('How is the child linked?').fill('with the child while missing');
      await page.getByRole('group', { name: 'How is it known?', exact: true }).getByRole('radio', { name: 'told by the child', exact: true }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save the link' }).click());
      assert.match(await page.locator('[data-qa="episode-links"]').innerText(), /With\s+Danny Walsh/);

      // A case note mentions him.
      await visit(page, caseUrl('CSE-0001', '/notes/new'));
      await page.getByLabel('Date of contact').fill('16/11/2026');
      await page.getByRole('radio', { name: 'Home visit' }).check();
      await page.getByLabel('What happened').fill('Jade spoke about Danny.');
      await navigate(page, () => page.getByRole('button', { name: 'Save the note' }).click());
      const noteId = (await harbour.db.selectFrom('case_notes').select('id').where('case_id', '=', caseIds.get('CSE-0001')!).orderBy('created_at', 'desc').executeTakeFirstOrThrow()).id;
      await visit(page, caseUrl('CSE-0001', `/notes/${noteId}`));
      await navigate(page, () => page.locator('[data-qa="mention-entries"]').click());
      assert.equal(await heading(page), 'Entries mentioned in this case note');
      await page.getByLabel('Find the person, vehicle, place or phone').fill('Walsh');
      await navigate(page, () => page.getByRole('button', { name: 'Find' }).click());
      await page.getByRole('radio', { name: /Danny Walsh/ }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Mention it' }).click());
      assert.match(await page.locator('[data-qa="mentioned"]').innerText(), /Danny Walsh/);

      // The entry: linked children, mentions, and its network picture with the table.
      await navigate(page, () => page.locator('[data-qa="mentioned"]').getByRole('link', { name: /Danny Walsh/ }).click());
      assert.ok(await page.locator('[data-qa="entity-network-picture"] svg').isVisible());
      assert.match(await page.locator('[data-qa="entity-network-table"]').innerText(), /Danny Walsh\s+with the child while missing\s+Jade Thompson/);
      assert.match(await page.locator('[data-qa="mentions"]').innerText(), /A case note\s+Jade Thompson/);
    });
  });
});
