// Issue 15 in a browser: correcting a recorded meeting, ending a plan, and closing and reopening a case, each with
// its error summary first. Every page visited is checked with axe-core (WCAG 2.2 AA) and fails on any JavaScript
// error or CSP violation (support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

const NOW = londonInstant('2026-11-16', 10, 30);
const HELD = londonInstant('2026-11-13', 14, 0);

describe(`correcting, ending and closing in a browser (${databaseLabel})`, () => {
  let browser: Browser;
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  let caseId = '';
  let meetingId = '';
  let planId = '';
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');
  const summaryLinks = async (page: Page) => (await errorSummary(page).getByRole('link').allInnerTexts()).map((t) => t.trim());

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    harbour.clock.set(NOW);
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email', 'agency_id']).execute()) users.set(u.email.split('@')[0]!, u.id);
    const kase = await harbour.db.selectFrom('cases').selectAll().where('reference', '=', 'CSE-0003').executeTakeFirstOrThrow();
    caseId = kase.id;
    const coordinator = users.get('coordinator')!;
    meetingId = (await harbour.db.insertInto('meetings').values({ local_authority_id: kase.local_authority_id, profile_id: 'camden', meeting_type: 'catse-meeting', status: 'held', scheduled_at: HELD, venue: 'Crowndale Centre', chair_id: coordinator, convened_by: coordinator, convened_at: HELD, held_at: HELD, decisions_summary: 'Diversion plan; school mentor.', review_date: '2026-12-14', recorded_by: coordinator, recorded_at: HELD }).returning('id').executeTakeFirstOrThrow()).id;
    await harbour.db.insertInto('meeting_cases').values({ meeting_id: meetingId, case_id: caseId, is_primary: true }).execute();
    await harbour.db.insertInto('meeting_invitees').values({ meeting_id: meetingId, user_id: users.get('social.worker')!, invited_role: 'social-worker', attended: true }).execute();
    const agency = (await harbour.db.selectFrom('users').select('agency_id').where('id', '=', users.get('social.worker')!).executeTakeFirstOrThrow()).agency_id;
    planId = (await harbour.db.insertInto('plans').values({ case_id: caseId, child_id: kase.child_id, local_authority_id: kase.local_authority_id, profile_id: 'camden', plan_type: 'safety-plan', kind: 'safety-plan', current_version: 1, agency_id: agency, created_by: users.get('social.worker')!, created_at: NOW, updated_at: NOW }).returning('id').executeTakeFirstOrThrow()).id;
    await harbour.db.insertInto('plan_versions').values({ plan_id: planId, version: 1, content: JSON.stringify({ sections: { plan: 'Keep her safe after school' } }), author_id: users.get('social.worker')!, agency_id: agency, created_at: NOW }).execute();
    await harbour.db.insertInto('actions').values({ case_id: caseId, title: 'Weekly check-in', owner_user_id: users.get('social.worker')!, due_date: '2026-12-01', source_type: 'plan', source_id: planId, created_at: NOW }).execute();
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  it('an attendee corrects the record of a meeting: the reason is asked for, then the earlier version is shown', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, `${harbour.url}/cases/${caseId}/meetings/${meetingId}`);
      await navigate(page, () => page.getByRole('link', { name: 'Correct the record of this meeting' }).click());
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Correct the record of this meeting');
      await page.getByLabel('Review date').fill('21/12/2026');
      await navigate(page, () => page.getByRole('button', { name: 'Save the correction' }).click(), { status: 400 });
      assert.deepEqual(await summaryLinks(page), ['Explain in at least 10 characters what was wrong']);
      assert.equal(await page.getByLabel('Review date').inputValue(), '21/12/2026', 'what was typed is kept');
      await page.getByLabel('What was wrong, and why you are correcting it').fill('The chair set the review for the 21st');
      await navigate(page, () => page.getByRole('button', { name: 'Save the correction' }).click());
      assert.match(await page.locator('[data-qa="minutes-version"]').innerText(), /version 2, corrected/);
      assert.match(await page.locator('[data-qa="minutes-version-1"]').innerText(), /14 December 2026/);
    });
  });

  it('the social worker ends the plan: its open action must be decided, then the plan shows it ended', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, `${harbour.url}/cases/${caseId}/plans/${planId}`);
      await navigate(page, () => page.getByRole('button', { name: 'End this plan' }).click());
      await page.getByRole('radio', { name: 'The risk has reduced: the plan is no longer needed' }).check();
      await page.getByLabel('Reasons').fill('No incidents for three months; mentor in place');
      await navigate(page, () => page.getByRole('button', { name: 'End the plan' }).click(), { status: 400 });
      assert.deepEqual(await summaryLinks(page), ['Say whether this action closes with the plan or moves to the next plan']);
      await page.getByRole('radio', { name: 'Close it with the plan' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'End the plan' }).click());
      assert.match(await page.locator('[data-qa="plan-ended"]').innerText(), /This plan ended/);
    });
  });

  it('the coordinator closes the case with its reasons, and reopens it: the history keeps both', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await visit(page, `${harbour.url}/cases/${caseId}/lifecycle`);
      await navigate(page, () => page.getByRole('button', { name: 'End CSE involvement and close the case' }).click());
      await navigate(page, () => page.getByRole('button', { name: 'Close the case' }).click(), { status: 400 });
      assert.deepEqual(await summaryLinks(page), ['Choose why CSE involvement is ending', 'Explain in at least 10 characters why CSE involvement is ending']);
      await page.getByRole('radio', { name: 'The risk of sexual exploitation has gone' }).check();
      await page.getByLabel('Reasons for the decision').fill('No indicators for six months; agreed at the review');
      await navigate(page, () => page.getByRole('button', { name: 'Close the case' }).click());
      assert.match(await page.locator('[data-qa="case-status"]').innerText(), /Closed/);
      await navigate(page, () => page.getByRole('button', { name: 'Reopen the case' }).click());
      await page.getByLabel('Why is the case reopening?').fill('Seen with the same adults again near school');
      await navigate(page, () => page.getByRole('button', { name: 'Reopen the case' }).click());
      assert.match(await page.locator('[data-qa="case-status"]').innerText(), /Open/);
      assert.equal(await page.locator('[data-qa="lifecycle-event"]').count(), 2);
    });
    const kase = await harbour.db.selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(kase.status, 'open');
  });
});
