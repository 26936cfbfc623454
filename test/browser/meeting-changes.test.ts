// Moving and cancelling a convened CATSE meeting through the pages, under camden (src/domain/meetings/lifecycle.ts).
// The social worker moves it past the CATSE clock's due moment (camden Part 3 §3.3) and is asked for the late reason;
// the invitee sees the new date on My work; the chair cancels it with JavaScript off, and the meeting, the case's
// overview, its meetings list and My work no longer show it as upcoming while the clock keeps running.
// Every page visited is checked with axe-core (WCAG 2.2 AA) and fails on any JavaScript error or CSP violation (see
// support/browser.ts). The tests run in order and share one Harbour and one meeting.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { Browserish } from '../support/http-client.ts';
import { launchBrowser, navigate, signIn, visit, withPage } from './support/browser.ts';
import { addDays, londonDateOf, londonInstant } from '../../src/domain/clock/index.ts';
import { formatDateTime } from '../../src/platform/web/nunjucks.ts';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** 2026-11-24 → 24/11/2026, as a person types it. */
const typed = (iso: string) => iso.split('-').reverse().map((part) => String(Number(part))).join('/');

describe(`moving and cancelling a meeting in a browser (${databaseLabel})`, () => {
  let browser: Browser;
  let harbour: TestHarbour;
  let caseId = '';
  let meetingUrl = '';
  let clockDue: Date;
  let lateDate = '';
  const meetingRow = () => harbour.db.selectFrom('meetings').selectAll().where('id', '=', meetingUrl.split('/').pop()!).executeTakeFirstOrThrow();

  const group = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');
  const summaryRow = (page: Page, key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${escape(key)}\\s*$`) }) }).locator('.govuk-summary-list__value');
  const myMeetings = (page: Page) => page.locator('[data-qa="my-meetings"] tbody tr');

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
    clockDue = (await harbour.db.selectFrom('clocks').select('due_at').where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').where('stopped_at', 'is', null).executeTakeFirstOrThrow()).due_at;
    lateDate = addDays(londonDateOf(clockDue), 1);
    // The meeting is convened over HTTP, with the form's real CSRF token: convening has its own browser test.
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const users = new Map((await harbour.db.selectFrom('users').select(['id', 'email']).execute()).map((u) => [u.email.split('@')[0]!, u.id]));
    const tomorrow = londonDateOf(new Date(harbour.clock.now.getTime() + 86_400_000));
    const res = await sw.submit(`/cases/${caseId}/meetings/new?type=catse-meeting`, `/cases/${caseId}/meetings`, {
      meetingType: 'catse-meeting',
      date: tomorrow,
      time: '10:00',
      venue: 'Crowndale Centre, room 2',
      chairId: users.get('coordinator')!,
      invitees: [users.get('social.worker')!, users.get('police')!, users.get('nurse')!],
    });
    assert.equal(res.status, 303);
    meetingUrl = `${harbour.url}${res.location}`;
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  it('the social worker moves it past the CATSE clock: the late reason is asked for, then the history shows the move (camden Part 3 §3.3)', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, meetingUrl);
      await navigate(page, () => page.getByRole('button', { name: 'Change the date, time or venue' }).click());
      assert.equal(await page.title(), 'Change the date, time or venue of the CATSE meeting – CSE-0001 – Harbour');
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Change the date, time or venue');
      assert.equal(await page.locator('[data-qa="clock-due"]').innerText(), formatDateTime(clockDue));
      assert.match(await page.locator('.govuk-inset-text').innerText(), /\(camden Part 3 §3\.3\)\. A later date needs a recorded reason\./);
      assert.equal(await page.getByLabel('Venue').inputValue(), 'Crowndale Centre, room 2', 'the form starts from the meeting as it is');

      await page.getByLabel('New date', { exact: true }).fill(typed(lateDate));
      await page.getByLabel('Start time').fill('14:30');
      await page.getByLabel('Venue').fill('Camden Town Hall');
      await page.getByLabel('Why is the meeting changing?').fill('The family asked for a later date');
      await navigate(page, () => page.getByRole('button', { name: 'Change the meeting' }).click(), { status: 400 });
      assert.equal(await page.title(), 'Error: Change the date, time or venue of the CATSE meeting – CSE-0001 – Harbour');
      const summary = errorSummary(page);
      assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
      const link = summary.getByRole('link');
      assert.equal((await link.innerText()).trim(), 'The meeting date is after the statutory deadline (CATSE meeting held): explain in at least 10 characters why (camden Part 3 §3.3)');
      assert.equal(await link.getAttribute('href'), '#lateReason');
      assert.equal(await page.getByLabel('Venue').inputValue(), 'Camden Town Hall', 'what was typed is kept');
      assert.equal(await page.getByLabel('Why is the meeting changing?').inputValue(), 'The family asked for a later date');

      await page.getByLabel('If the new date is after the statutory deadline: why').fill('The investigating officer is on leave until then');
      await navigate(page, () => page.getByRole('button', { name: 'Change the meeting' }).click());
      assert.equal(page.url(), meetingUrl);
      const moved = londonInstant(lateDate, 14, 30);
      assert.equal(await summaryRow(page, 'When').innerText(), formatDateTime(moved));
      assert.equal(await summaryRow(page, 'Venue').innerText(), 'Camden Town Hall');
      assert.equal(await summaryRow(page, 'Statutory clock').innerText(), `Due ${formatDateTime(clockDue)}. Late: The investigating officer is on leave until then`);
      const history = await page.locator('[data-qa="changes"] tbody tr').allInnerTexts();
      assert.equal(history.length, 1);
      assert.match(history[0]!, new RegExp(`Sam Worker\\s+${escape(formatDateTime((await harbour.db.selectFrom('meeting_reschedules').select('previous_at').executeTakeFirstOrThrow()).previous_at))}, Crowndale Centre, room 2\\s+${escape(formatDateTime(moved))}, Camden Town Hall\\s+The family asked for a later date\\s+After the statutory deadline: The investigating officer is on leave until then`));
    });
    const meeting = await meetingRow();
    assert.equal(meeting.venue, 'Camden Town Hall');
    assert.equal(meeting.late_reason, 'The investigating officer is on leave until then');
  });

  it('the police officer, invited, sees the new date on My work and the notification of the move', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'police@harbour.example');
      assert.equal(new URL(page.url()).pathname, '/');
      const row = myMeetings(page).filter({ hasText: 'CATSE meeting' });
      assert.match(await row.innerText(), new RegExp(`^CATSE meeting\\s+Camden Town Hall\\s+${escape(formatDateTime(londonInstant(lateDate, 14, 30)))}\\s+Jade Thompson CSE-0001\\s+Invited$`));
      assert.match(await page.locator('[data-qa="notifications"]').innerText(), new RegExp(`The CATSE meeting about CSE-0001 has moved to ${lateDate} at 14:30`));
    });
  });

  it('the chair cancels it with JavaScript off: a reason is required, then the meeting is no longer upcoming and the clock still runs', async () => {
    await withPage(
      browser,
      async (page) => {
        await signIn(page, harbour.url, 'coordinator@harbour.example');
        await visit(page, meetingUrl);
        await navigate(page, () => page.getByRole('button', { name: 'Cancel this meeting' }).click());
        assert.equal(await page.title(), 'Cancel the CATSE meeting – CSE-0001 – Harbour');
        assert.match(await page.locator('.govuk-warning-text').innerText(), new RegExp(`Cancelling does not stop the statutory clock CATSE meeting held, due ${escape(formatDateTime(clockDue))}: convene another meeting to answer it\\.`));
        await page.getByLabel('Explain the reason').fill('Too short');
        await navigate(page, () => page.getByRole('button', { name: 'Cancel the meeting' }).click(), { status: 400 });
        assert.equal(await page.title(), 'Error: Cancel the CATSE meeting – CSE-0001 – Harbour');
        assert.deepEqual((await errorSummary(page).getByRole('link').allInnerTexts()).map((t) => t.trim()), ['Choose why the meeting is cancelled', 'Explain in at least 10 characters why the meeting is cancelled']);
        assert.equal(await page.getByLabel('Explain the reason').inputValue(), 'Too short', 'what was typed is kept');

        await group(page, 'Why is the meeting cancelled?').getByRole('radio', { name: 'It will be convened again in another form (for example, as a joint meeting)' }).check();
        await page.getByLabel('Explain the reason').fill('A joint meeting with her friend’s case will be convened instead');
        await navigate(page, () => page.getByRole('button', { name: 'Cancel the meeting' }).click());
        assert.equal(page.url(), meetingUrl);
        assert.equal(await page.locator('[data-qa="meeting-status"]').innerText(), 'Cancelled');
        assert.match(await summaryRow(page, 'Cancelled').innerText(), /by Casey Coordinator$/);
        assert.equal(await summaryRow(page, 'Reason').innerText(), 'It will be convened again in another form (for example, as a joint meeting)');
        assert.equal(await summaryRow(page, 'Details').innerText(), 'A joint meeting with her friend’s case will be convened instead');
        assert.equal(await page.locator('[data-qa="running-clock-due"]').innerText(), formatDateTime(clockDue));
        assert.equal(await page.getByRole('button', { name: 'Change the date, time or venue' }).count(), 0);
        assert.equal(await page.getByRole('button', { name: 'Record the meeting' }).count(), 0);

        const caseNav = page.getByRole('navigation', { name: 'Case sections' });
        await navigate(page, () => caseNav.getByRole('link', { name: 'Overview', exact: true }).click());
        assert.equal(await page.locator('[data-qa="next-meeting"]').count(), 0, 'not the next meeting any more');
        await navigate(page, () => caseNav.getByRole('link', { name: 'Meetings' }).click());
        const prompt = page.locator('[data-qa="reconvene"]');
        assert.match(await prompt.innerText(), new RegExp(`The CATSE meeting for ${escape(formatDateTime(londonInstant(lateDate, 14, 30)))} was cancelled\\. The statutory clock it was to answer, CATSE meeting held, is still running: due ${escape(formatDateTime(clockDue))} \\(camden Part 3 §3\\.3\\)\\.`));
        await navigate(page, () => prompt.getByRole('link', { name: 'Convene another CATSE meeting' }).click());
        assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'CATSE meeting');
        assert.equal(await page.locator('[data-qa="clock-due"]').innerText(), formatDateTime(clockDue));
      },
      { javaScriptEnabled: false },
    );
    const meeting = await meetingRow();
    assert.equal(meeting.status, 'cancelled');
    const clock = await harbour.db.selectFrom('clocks').select('stopped_at').where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').executeTakeFirstOrThrow();
    assert.equal(clock.stopped_at, null);
  });

  it('the police officer no longer has it on My work, and is told it is cancelled', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'police@harbour.example');
      assert.equal(await myMeetings(page).count(), 0);
      assert.equal(await page.locator('[data-qa="no-meetings"]').innerText(), 'You are not invited to any meeting still to take place.');
      const cancelled = page.locator('[data-qa="notifications"]').getByRole('link', { name: `The CATSE meeting about CSE-0001 on ${lateDate} at 14:30 is cancelled` });
      await navigate(page, () => cancelled.click());
      assert.equal(page.url(), meetingUrl);
      assert.equal(await page.locator('[data-qa="meeting-status"]').innerText(), 'Cancelled');
    });
  });
});
