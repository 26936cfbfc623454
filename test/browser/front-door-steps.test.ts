// Issue 11 through a real browser: the front door records the written confirmation of an urgent telephone
// referral (camden Part 3 §2), and the outcome of police protection on the case (bedford-luton 11.4). Every page
// visited is checked with axe-core (WCAG 2.2 AA) and fails on any JavaScript error or CSP violation.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { Browserish, csrfTokenIn } from '../support/http-client.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time: inside office hours. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

async function raiseReferral(harbour: TestHarbour, fields: Record<string, string>) {
  const client = new Browserish(harbour.url);
  await client.signIn('social.worker@harbour.example');
  const res = await client.submit('/referrals/new', '/referrals', {
    idempotencyKey: randomUUID(), action: 'submit', channel: 'phone', urgent: 'yes', dslConsulted: 'not-applicable', childAddress: '3 Test Street',
    narrative: 'Picked up late at night by adults in cars.', childDateOfBirth: '12/04/2012', ...fields,
  });
  assert.equal(res.status, 303);
  return /^\/concerns\/([^/]+)\/sent$/.exec(res.location ?? '')![1]!;
}

describe(`the front door's missing steps in a browser (${databaseLabel})`, () => {
  let browser: Browser;
  let camden: TestHarbour;
  let bedford: TestHarbour;

  before(async () => {
    [browser, camden, bedford] = await Promise.all([launchBrowser(), startTestHarbour({ env: { HARBOUR_PROFILE: 'camden' } }), startTestHarbour({ env: { HARBOUR_PROFILE: 'bedford-luton' } })]);
  });
  beforeEach(() => {
    camden.clock.set(MONDAY_MORNING);
    bedford.clock.set(MONDAY_MORNING);
  });
  after(async () => {
    await browser?.close();
    await camden?.stop();
    await bedford?.stop();
  });

  it('camden Part 3 §2: the front door records the CAF that confirms an urgent telephone referral, and the 48-hour clock is met', async () => {
    const contactId = await raiseReferral(camden, { childGivenName: 'Maisie', childFamilyName: 'Clarke', childWard: 'Kilburn' });
    // The CAF arrives that afternoon.
    camden.clock.set(londonInstant('2026-11-16', 15, 0));
    await withPage(browser, async (page) => {
      await signIn(page, camden.url, 'frontdoor@harbour.example');
      await visit(page, `${camden.url}/front-door`);
      assert.equal(await page.locator('[data-qa="awaiting-written-confirmation"]').count(), 1);
      await navigate(page, () => page.locator('[data-qa="queue"]').getByRole('link').first().click());
      const section = page.locator('#written-confirmation');
      assert.equal(await section.innerText(), 'Written confirmation');
      assert.match(await page.locator('[data-qa="clock-written-confirmation"]').innerText(), /Running/);

      await page.getByLabel('Date it arrived').fill('');
      await navigate(page, () => page.getByRole('button', { name: 'Record the written referral' }).click(), { status: 400 });
      assert.match(await page.title(), /^Error: /);
      const summary = page.locator('.govuk-error-summary');
      assert.equal(await summary.getByRole('heading').innerText(), 'There is a problem');
      assert.match(await summary.innerText(), /Enter the date the written referral arrived/);

      await page.getByLabel('Date it arrived').fill('16/11/2026');
      await page.getByLabel('Time it arrived').fill('14:45');
      await page.getByRole('group', { name: 'Which written form arrived?' }).getByRole('radio', { name: 'Common Assessment Framework (CAF)' }).check();
      await page.getByLabel('Note (optional)').fill('Signed CAF by e-mail.');
      await navigate(page, () => page.getByRole('button', { name: 'Record the written referral' }).click());
      const recorded = page.locator('[data-qa="written-confirmation"]');
      assert.match(await recorded.innerText(), /Common Assessment Framework \(CAF\)[\s\S]*Signed CAF by e-mail\.[\s\S]*Farah Doorley/);
      assert.match(await page.locator('[data-qa="clock-written-confirmation"]').innerText(), /^Met/);
    });
    const row = await camden.db.selectFrom('contacts').select('written_confirmation_form').where('id', '=', contactId).executeTakeFirstOrThrow();
    assert.equal(row.written_confirmation_form, 'caf');
  });

  it('bedford-luton 11.4: police protection from the front door’s decision is followed through to its outcome on the case, which stops the 72-hour clock', async () => {
    const contactId = await raiseReferral(bedford, { childGivenName: 'Jade', childFamilyName: 'Hollis', urgent: '' });
    const frontDoor = new Browserish(bedford.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    let form = await frontDoor.get(`/front-door/contacts/${contactId}`);
    const version = () => bedford.db.selectFrom('contacts').select('version').where('id', '=', contactId).executeTakeFirstOrThrow().then((r) => String(r.version));
    assert.equal((await frontDoor.request('POST', `/front-door/contacts/${contactId}/identify`, { _csrf: csrfTokenIn(form.text), version: await version(), identification: 'new-child' })).status, 303);
    form = await frontDoor.get(`/front-door/contacts/${contactId}`);
    const decided = await frontDoor.request('POST', `/front-door/contacts/${contactId}/decision`, {
      _csrf: csrfTokenIn(form.text), version: await version(), decision: 'immediate-protective-action', reasons: 'Found at a flat with adults; police took her.',
      protectiveAction: 'police-protection-s46', protectiveActionDate: '16/11/2026', protectiveActionTime: '02:00',
    });
    assert.equal(decided.status, 303);
    const caseId = (await bedford.db.selectFrom('contacts').select('case_id').where('id', '=', contactId).executeTakeFirstOrThrow()).case_id!;

    await withPage(browser, async (page) => {
      await signIn(page, bedford.url, 'frontdoor@harbour.example');
      await visit(page, `${bedford.url}/front-door/contacts/${contactId}`);
      await navigate(page, () => page.locator('[data-qa="police-protection-link"]').click());
      assert.match(await page.locator('[data-qa="in-police-protection"]').innerText(), /the 72 hours run out at 19 November 2026 at 2:00am/);
      await navigate(page, () => page.locator('[data-qa="record-outcome"]').click());
      const outcomes = page.getByRole('group', { name: 'How did police protection end?' });
      await outcomes.getByRole('radio', { name: 'Something else (describe it)' }).check();
      await page.getByLabel('Date it ended').fill('16/11/2026');
      await page.getByLabel('Time it ended').fill('09:00');
      await navigate(page, () => page.getByRole('button', { name: 'Save the outcome' }).click(), { status: 400 });
      assert.match(await page.title(), /^Error: /);
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Describe the outcome/);
      await outcomes.getByRole('radio', { name: 'Returned home' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Save the outcome' }).click());
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /outcome of police protection was recorded/);
      assert.match(await page.locator('[data-qa="protection-outcome"]').innerText(), /^Returned home, 16 November 2026 at 9:00am/);
      assert.equal(await page.locator('[data-qa="in-police-protection"]').count(), 0);
    });
    const clock = await bedford.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).where('rule_id', '=', 'police-protection').executeTakeFirstOrThrow();
    assert.equal(clock.stop_reason, 'police-protection-ended');
    assert.ok(clock.stopped_at! <= clock.due_at);
  });
});
