// Issue 6 through a real browser. Under camden: a CATSE meeting for CSE-0001 convened from the case's Meetings page,
// refused as held until the police checks are requested, the chair's family-attendance decision, the record of the
// meeting (attendance, outcomes from the CATSE list, a review date no more than 3 months on), the minutes page and
// PDF, and an action with an owner and a date. Under staffordshire: a front-door decision for a strategy discussion
// starts the 2-working-day clock, which the strategy meeting's convene page and the convened meeting show.
// Every page visited is checked with axe-core (WCAG 2.2 AA) and fails on any JavaScript error or CSP violation (see
// support/browser.ts).
//
// The tests of each procedure run in order and share one Harbour: the meeting convened in the first is recorded later.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { Browserish } from '../support/http-client.ts';
import { launchBrowser, navigate, signIn, visit, withPage as withWatchedPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';
import { formatDateTime } from '../../src/platform/web/nunjucks.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
/** Wednesday 18 November 2026, 10:30: the day after the meeting. */
const WEDNESDAY_MORNING = londonInstant('2026-11-18', 10, 30);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe(`meetings in a browser (${databaseLabel})`, () => {
  let browser: Browser;
  let camden: TestHarbour;
  let staffordshire: TestHarbour;

  before(async () => {
    [browser, camden, staffordshire] = await Promise.all([launchBrowser(), startTestHarbour(), startTestHarbour({ env: { HARBOUR_PROFILE: 'staffordshire' } })]);
    camden.clock.set(MONDAY_MORNING);
    staffordshire.clock.set(MONDAY_MORNING);
  });
  after(async () => {
    await browser?.close();
    await Promise.all([camden?.stop(), staffordshire?.stop()]);
  });

  const withPage = (body: (page: Page) => Promise<void>) => withWatchedPage(browser, body);

  const group = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');
  const summaryRow = (page: Page, key: string) => page.locator('.govuk-summary-list__row').filter({ has: page.locator('.govuk-summary-list__key', { hasText: new RegExp(`^\\s*${escape(key)}\\s*$`) }) }).locator('.govuk-summary-list__value');
  const caseIdOf = async (harbour: TestHarbour, reference: string) => (await harbour.db.selectFrom('cases').select('id').where('reference', '=', reference).executeTakeFirstOrThrow()).id;

  /** From My work, opens a child's case and its Meetings section through the sub-navigation. */
  async function openMeetings(page: Page, childName: string) {
    await navigate(page, () => page.locator('[data-qa="my-cases"]').getByRole('link', { name: childName }).click());
    await navigate(page, () => page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Meetings' }).click());
    assert.match(new URL(page.url()).pathname, /^\/cases\/[^/]+\/meetings$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Meetings');
  }

  /** Chooses the meeting type on the first convene page and continues to the form for that type. */
  async function chooseMeetingType(page: Page, label: string) {
    await navigate(page, () => page.getByRole('button', { name: 'Convene a meeting' }).click());
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Convene a meeting');
    await group(page, 'What kind of meeting?').getByRole('radio', { name: label, exact: true }).check();
    await navigate(page, () => page.getByRole('button', { name: 'Continue' }).click());
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), label);
  }

  describe('a CATSE meeting under camden, end to end', () => {
    let caseId = '';
    let meetingUrl = '';
    const meetingRow = () => camden.db.selectFrom('meetings').selectAll().where('id', '=', meetingUrl.split('/').pop()!).executeTakeFirstOrThrow();

    before(async () => {
      caseId = await caseIdOf(camden, 'CSE-0001');
    });

    it('the social worker convenes it from the case: the CATSE clock, the police-checks warning and the network as invitees', async () => {
      const clock = await camden.db.selectFrom('clocks').select(['due_at', 'label']).where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').where('stopped_at', 'is', null).executeTakeFirstOrThrow();
      await withPage(async (page) => {
        await signIn(page, camden.url, 'social.worker@harbour.example');
        await openMeetings(page, 'Jade Thompson');
        assert.match(await page.locator('main').innerText(), /No meeting has been convened about this child/);
        await chooseMeetingType(page, 'CATSE meeting');
        assert.equal(await page.title(), 'Convene a CATSE meeting – CSE-0001 – Harbour');
        assert.equal(await page.locator('[data-qa="clock-due"]').innerText(), formatDateTime(clock.due_at));
        assert.match(await page.locator('.govuk-inset-text').first().innerText(), new RegExp(`${escape(clock.label)}, due ${escape(formatDateTime(clock.due_at))} \\(camden Part 3 §3\\.3\\)`));
        assert.match(await page.locator('.govuk-warning-text').innerText(), /request police checks on the child, their family and other significant adults: it cannot be recorded as held until they are \(camden Part 3 §3\.3\)/);
        const invitees = group(page, 'Invite from the professional network');
        for (const name of ['Sam Worker', 'Pat Constable', 'Nadia Nurse', 'Olu Outreach']) {
          assert.ok(await invitees.getByRole('checkbox', { name: new RegExp(`^${name} `) }).isChecked(), `${name} is invited by default`);
        }

        await page.getByLabel('Date', { exact: true }).fill('17/11/2026');
        await page.getByLabel('Start time').fill('10:00');
        await page.getByLabel('Venue').fill('Crowndale Centre, room 2');
        await page.getByLabel('Chair', { exact: true }).selectOption({ label: 'Casey Coordinator (Camden Children’s Social Care)' });
        await navigate(page, () => page.getByRole('button', { name: 'Convene the meeting' }).click());

        meetingUrl = page.url();
        assert.match(new URL(meetingUrl).pathname, new RegExp(`^/cases/${caseId}/meetings/[0-9a-f-]{36}$`));
        assert.equal(await page.title(), 'CATSE meeting – CSE-0001 – Harbour');
        assert.equal(await page.locator('[data-qa="meeting-status"]').innerText(), 'Convened');
        assert.equal(await summaryRow(page, 'When').innerText(), '17 November 2026 at 10:00am');
        assert.equal(await summaryRow(page, 'Chair').innerText(), 'Casey Coordinator');
        assert.equal(await summaryRow(page, 'Statutory clock').innerText(), `Due ${formatDateTime(clock.due_at)}`);
        const roles = await page.locator('[data-qa="invitees"] tbody tr').allInnerTexts();
        assert.ok(roles.some((r) => /^Casey Coordinator, .*\tChair\tInvited$/.test(r)), roles.join('\n'));
        assert.ok(roles.some((r) => /^Sam Worker, .*\tAllocated social worker\tInvited$/.test(r)), roles.join('\n'));
        assert.ok(roles.some((r) => /^Pat Constable, .*\tPolice Sapphire team/.test(r)), roles.join('\n'));
      });
      const meeting = await meetingRow();
      assert.equal(meeting.status, 'convened');
      assert.equal(meeting.venue, 'Crowndale Centre, room 2');
    });

    /** Fills the record form: everyone attended, two purposes, two CATSE outcomes, the parents told, a review date. */
    async function fillRecord(page: Page, reviewDate: string) {
      const attended = page.getByRole('radio', { name: 'Attended', exact: true });
      assert.equal(await attended.count(), 5, 'the chair and four invitees');
      for (const radio of await attended.all()) await radio.check();
      const purposes = group(page, 'Purposes addressed');
      await purposes.getByRole('checkbox', { name: 'Share and clarify information' }).check();
      await purposes.getByRole('checkbox', { name: 'Agree on action and make recommendations to address concerns' }).check();
      await page.getByLabel('Item 1').fill('School attendance down to 60% this term');
      const outcomes = group(page, 'Outcomes');
      await outcomes.getByRole('checkbox', { name: 'Child in need: further assessment and intervention by SSC' }).check();
      await outcomes.getByRole('checkbox', { name: 'Referral to a voluntary project or organisation' }).check();
      await group(page, 'Will the parents be told of the concerns and what action is being considered?').getByRole('radio', { name: 'Yes, the parents will be told' }).check();
      await page.getByLabel('What they will be told').fill('The concerns and the support plan');
      await page.getByLabel('Who will tell them').fill('Allocated social worker');
      await page.getByLabel('Review date').fill(reviewDate);
    }

    it('recording it is refused until the police checks are requested; the social worker then records the request', async () => {
      camden.clock.set(WEDNESDAY_MORNING);
      await withPage(async (page) => {
        await signIn(page, camden.url, 'social.worker@harbour.example');
        await visit(page, meetingUrl);
        await navigate(page, () => page.getByRole('button', { name: 'Record the meeting' }).click());
        assert.equal(await page.title(), 'Record the CATSE meeting – CSE-0001 – Harbour');
        assert.equal(await page.getByLabel('Date held').inputValue(), '2026-11-17');
        await fillRecord(page, '17/1/2027');
        await navigate(page, () => page.getByRole('button', { name: 'Save the record of the meeting' }).click(), { status: 400 });

        assert.equal(await page.title(), 'Error: Record the CATSE meeting – CSE-0001 – Harbour');
        const summary = errorSummary(page);
        assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
        const links = (await summary.getByRole('link').allInnerTexts()).map((t) => t.trim());
        assert.ok(links.includes('This meeting cannot be held until police checks are recorded as requested on the child or young person, their family, other significant adults (camden Part 3 §3.3)'), links.join('\n'));
        assert.ok(links.includes('Record the chair’s decision on whether the child and parents attend before recording the meeting (camden Part 3 §4.1)'), links.join('\n'));
        assert.equal(await summary.getByRole('link', { name: /police checks/ }).getAttribute('href'), '#policeChecks');
        assert.match(await page.locator('#policeChecks').innerText(), /cannot be held until police checks/);
        assert.equal(await page.getByLabel('Item 1').inputValue(), 'School attendance down to 60% this term', 'what was typed is kept');
        assert.ok(await group(page, 'Outcomes').getByRole('checkbox', { name: 'Referral to a voluntary project or organisation' }).isChecked());
        assert.equal((await meetingRow()).status, 'convened', 'nothing was recorded');

        await visit(page, meetingUrl);
        const checks = page.locator('form[action$="/police-checks"]');
        for (const subject of ['The child or young person', 'Their family', 'Other significant adults']) await group(page, 'Police checks requested on').getByRole('checkbox', { name: subject }).check();
        await checks.getByLabel('Notes (optional)').fill('Requested from the Sapphire unit by e-mail');
        await navigate(page, () => checks.getByRole('button', { name: 'Record police checks requested' }).click());
        assert.match(page.url(), /#police-checks$/);
        assert.match(await page.locator('[data-qa="police-checks-done"]').innerText(), /^Requested on 18 November 2026 at \d{1,2}:\d{2}[ap]m by Sam Worker: The child or young person, Their family, Other significant adults\. Requested from the Sapphire unit by e-mail$/);
        assert.equal(await page.locator('form[action$="/police-checks"]').count(), 0, 'no form once every check is requested');
      });
      assert.deepEqual((await meetingRow()).police_checks_subjects, ['child', 'family', 'significant-adults']);
    });

    it('the chair records the family-attendance decision: every criterion and who tells them are required', async () => {
      await withPage(async (page) => {
        await signIn(page, camden.url, 'coordinator@harbour.example');
        await visit(page, meetingUrl);
        const form = page.locator('form[action$="/attendance"]');
        const criteria = group(page, 'Criteria considered').getByRole('checkbox');
        assert.equal(await criteria.count(), 15);
        await criteria.first().check();
        await group(page, 'Will the child attend?').getByRole('radio', { name: 'No', exact: true }).check();
        await group(page, 'Will the parents or carers attend?').getByRole('radio', { name: 'No', exact: true }).check();
        await form.getByLabel('The chair’s decision and reasons').fill('Police investigation at an early stage');
        await navigate(page, () => form.getByRole('button', { name: 'Record the chair’s decision' }).click(), { status: 400 });
        const hrefs = await errorSummary(page).getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        assert.ok(hrefs.includes('#considered') && hrefs.includes('#whoWillInform'), hrefs.join(', '));
        assert.ok(await criteria.first().isChecked(), 'the ticked criterion is kept');
        assert.equal(await form.getByLabel('The chair’s decision and reasons').inputValue(), 'Police investigation at an early stage');

        for (const box of await criteria.all()) await box.check();
        await form.getByLabel('If the child or parents do not attend: who will tell them the outcome, and how').fill('Social worker, by home visit the next day');
        await navigate(page, () => page.locator('form[action$="/attendance"]').getByRole('button', { name: 'Record the chair’s decision' }).click());
        assert.match(page.url(), /#attendance$/);
        const decision = page.locator('[data-qa="attendance-decision"]');
        assert.equal(await summaryRow(page, 'Child attends').innerText(), 'No');
        assert.equal(await summaryRow(page, 'Who tells them the outcome').innerText(), 'Social worker, by home visit the next day');
        assert.match(await decision.innerText(), /Decided\s+18 November 2026 at .* by Casey Coordinator/);
      });
    });

    it('the social worker records it: a review date more than 3 months on is refused with the error summary, then one within', async () => {
      await withPage(async (page) => {
        await signIn(page, camden.url, 'social.worker@harbour.example');
        await visit(page, meetingUrl);
        await navigate(page, () => page.getByRole('button', { name: 'Record the meeting' }).click());
        await fillRecord(page, '18/2/2027');
        await navigate(page, () => page.getByRole('button', { name: 'Save the record of the meeting' }).click(), { status: 400 });
        const summary = errorSummary(page);
        const message = 'The review must be no later than 2027-02-17 (3 months after the meeting), unless the meeting agreed no further action or invoked child protection procedures (camden Part 3 §3.3)';
        assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map((t) => t.trim()), [message], 'the police checks and attendance decision are no longer missing');
        assert.match(await page.locator('#reviewDate-error').innerText(), new RegExp(escape(message)));
        assert.equal(await page.getByLabel('Review date').inputValue(), '18/2/2027');
        await summary.getByRole('link', { name: message }).click();
        await page.waitForFunction(() => document.activeElement?.id === 'reviewDate');
        for (const radio of await page.getByRole('radio', { name: 'Attended', exact: true }).all()) assert.ok(await radio.isChecked(), 'attendance is kept');

        await page.getByLabel('Review date').fill('17/2/2027');
        await navigate(page, () => page.getByRole('button', { name: 'Save the record of the meeting' }).click());
        assert.equal(page.url(), meetingUrl);
        assert.equal(await page.locator('[data-qa="meeting-status"]').innerText(), 'Held');
        assert.deepEqual(await page.locator('[data-qa="outcomes"] li').allInnerTexts(), ['Child in need: further assessment and intervention by SSC', 'Referral to a voluntary project or organisation']);
        assert.equal(await summaryRow(page, 'Review date').innerText(), '17 February 2027');
        assert.match(await summaryRow(page, 'Recorded').innerText(), /^18 November 2026 at .* by Sam Worker$/);
        assert.match(await page.locator('[data-qa="information"]').innerText(), /School attendance down to 60% this term \(Case network; Sam Worker, Camden Children’s Social Care\)/);
        const attendance = await page.locator('[data-qa="invitees"] tbody tr').allInnerTexts();
        assert.ok(attendance.every((row) => row.endsWith('\tAttended')), attendance.join('\n'));

        await navigate(page, () => page.getByRole('navigation', { name: 'Case sections' }).getByRole('link', { name: 'Meetings' }).click());
        const row = page.locator('[data-qa="meetings"] tbody tr').filter({ hasText: 'CATSE meeting' });
        assert.match(await row.innerText(), /17 November 2026 at 10:00am\s+Casey Coordinator\s+Held\s+Review by 17 February 2027/);
      });
      const meeting = await meetingRow();
      assert.equal(meeting.status, 'held');
      assert.equal(meeting.review_date, '2027-02-17');
      const cse = await camden.db.selectFrom('clocks').select('stop_reason').where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').executeTakeFirstOrThrow();
      assert.equal(cse.stop_reason, 'cse-meeting-held');
    });

    it('opens the printable minutes, and the minutes as a PDF from their link', async () => {
      await withPage(async (page) => {
        await signIn(page, camden.url, 'social.worker@harbour.example');
        await visit(page, meetingUrl);
        await navigate(page, () => page.locator('[data-qa="minutes-link"]').click());
        assert.equal(new URL(page.url()).pathname, `${new URL(meetingUrl).pathname}/minutes`);
        assert.equal(await page.title(), 'Minutes: CATSE meeting – CSE-0001 – Harbour');
        assert.equal(await summaryRow(page, 'Child').innerText(), 'Jade Thompson (CSE-0001)');
        assert.equal(await summaryRow(page, 'Held').innerText(), '17 November 2026 at 10:00am');
        assert.deepEqual(await page.locator('[data-qa="minutes-outcomes"] li').allInnerTexts(), ['Child in need: further assessment and intervention by SSC', 'Referral to a voluntary project or organisation']);
        assert.match(await page.locator('[data-qa="minutes-information"]').innerText(), /School attendance down to 60% this term/);
        assert.equal(await page.locator('[data-qa="minutes-attendance"] tbody tr').count(), 5);

        const link = page.locator('[data-qa="minutes-pdf"]');
        assert.equal(await link.innerText(), 'open them as a PDF');
        const pdf = await page.request.get(new URL((await link.getAttribute('href'))!, page.url()).toString());
        assert.equal(pdf.status(), 200);
        assert.equal(pdf.headers()['content-type'], 'application/pdf');
        assert.equal(pdf.headers()['content-disposition'], 'inline; filename="minutes-CSE-0001.pdf"');
        const body = await pdf.body();
        assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
        assert.ok(body.length > 1000, `a PDF of ${body.length} bytes`);

        await navigate(page, () => page.getByRole('link', { name: 'Back to the meeting' }).click());
        assert.equal(page.url(), meetingUrl);
      });
      const opened = await camden.db.selectFrom('audit_events').select('details').where('action', '=', 'meeting.minutes-opened').execute();
      assert.deepEqual(opened.map((a) => (a.details as { format?: string }).format ?? 'html').sort(), ['html', 'pdf']);
    });

    it('adds an action to the plan: refused without an owner, then created for the police officer by a date', async () => {
      await withPage(async (page) => {
        await signIn(page, camden.url, 'social.worker@harbour.example');
        await visit(page, meetingUrl);
        const form = () => page.locator('form[action$="/actions"]');
        await form().getByLabel('What is to be done').fill('Request disclosure from the phone company');
        await form().getByLabel('By when').fill('2/12/2026');
        await navigate(page, () => form().getByRole('button', { name: 'Add the action' }).click(), { status: 400 });
        const refusal = 'Choose who is responsible: a person or an agency (bedford-luton 7.14)';
        const refusals = (await errorSummary(page).getByRole('link').allInnerTexts()).map((t) => t.trim());
        assert.ok(refusals.includes(refusal), refusals.join('\n'));
        assert.equal(await form().getByLabel('What is to be done').inputValue(), 'Request disclosure from the phone company');

        await form().getByLabel('Who is responsible: a person').selectOption({ label: 'Pat Constable (Metropolitan Police, Camden)' });
        await form().getByLabel('Desired outcome').fill('Identify the adults calling the child');
        await navigate(page, () => form().getByRole('button', { name: 'Add the action' }).click());
        assert.equal(page.url(), `${meetingUrl}#actions`);
        const rows = page.locator('[data-qa="actions"] tbody tr');
        assert.equal(await rows.count(), 1);
        assert.match(await rows.first().innerText(), /^Request disclosure from the phone company\s+Desired outcome: Identify the adults calling the child\s+Pat Constable\s+2 December 2026\s+Open/);
      });
      const action = await camden.db.selectFrom('actions').innerJoin('users', 'users.id', 'actions.owner_user_id').select(['actions.due_date', 'actions.source_type', 'users.email']).where('actions.case_id', '=', caseId).executeTakeFirstOrThrow();
      assert.deepEqual(action, { due_date: '2026-12-02', source_type: 'meeting', email: 'police@harbour.example' });

      // The owner finds it in their own work list.
      await withPage(async (page) => {
        await signIn(page, camden.url, 'police@harbour.example');
        const mine = page.locator('[data-qa="my-actions"] tbody tr');
        assert.match(await mine.filter({ hasText: 'Request disclosure from the phone company' }).innerText(), /Jade Thompson\s+CSE-0001\s+2 December 2026/);
      });
    });
  });

  describe('a strategy meeting under staffordshire', () => {
    it('a front-door decision for a strategy discussion starts the 2-working-day clock, shown when the strategy meeting is convened (staffordshire 29)', async () => {
      const harbour = staffordshire;
      // A teacher's concern about a known child, raised over HTTP with the form's real CSRF token.
      const teacher = new Browserish(harbour.url);
      await teacher.signIn('teacher@harbour.example');
      const raised = await teacher.submit('/concerns/new', '/concerns', { idempotencyKey: randomUUID(), narrative: 'Disclosed that older men give him money to carry packages and meet adults.', childGivenName: 'Tyler', childFamilyName: 'Okafor', childApproximateAge: '16', immediateDanger: 'no', dslConsulted: 'i-am-the-dsl' });
      assert.equal(raised.status, 303);
      const contactId = /^\/concerns\/([^/]+)\/sent$/.exec(raised.location ?? '')![1]!;
      const contact = await harbour.db.selectFrom('contacts').select('reference').where('id', '=', contactId).executeTakeFirstOrThrow();
      const caseId = await caseIdOf(harbour, 'CSE-0002');

      await withPage(async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await visit(page, '/front-door');
        await navigate(page, () => page.locator('[data-qa="queue"]').getByRole('link', { name: contact.reference, exact: true }).click());
        const identify = page.locator('form[action$="/identify"]');
        await identify.locator('[data-qa="matches"]').getByRole('radio', { name: /^Tyler Okafor/ }).check();
        await identify.getByRole('radio', { name: 'The child chosen above', exact: true }).check();
        await navigate(page, () => identify.getByRole('button', { name: 'Record who the child is' }).click());
        assert.match(await page.locator('[data-qa="identification"]').innerText(), /Linked to a known child: Tyler Okafor/);
        const decision = page.locator('form[action$="/decision"]');
        await decision.getByRole('radio', { name: 'Strategy discussion or meeting', exact: true }).check();
        await decision.getByLabel('Reasons for the decision').fill('Continuing risk of significant harm found early in the initial assessment.');
        await navigate(page, () => decision.getByRole('button', { name: 'Record the decision' }).click());
        assert.match(await page.locator('[data-qa="decision"]').innerText(), /Decision\s+Strategy discussion or meeting/);
      });
      const clock = await harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).where('rule_id', '=', 'strategy-meeting').where('stopped_at', 'is', null).executeTakeFirstOrThrow();
      // Monday 16th at 10:30 + 2 working days: the end of Wednesday 18th.
      assert.equal(clock.due_at.toISOString(), londonInstant('2026-11-18', 23, 59, 59, 999).toISOString());
      assert.equal(clock.source, 'staffordshire 29');

      await withPage(async (page) => {
        await signIn(page, harbour.url, 'social.worker@harbour.example');
        await openMeetings(page, 'Tyler Okafor');
        await chooseMeetingType(page, 'Strategy meeting');
        assert.equal(await page.locator('[data-qa="clock-due"]').innerText(), '18 November 2026 at 11:59pm');
        assert.match(await page.locator('.govuk-inset-text').first().innerText(), new RegExp(`${escape(clock.label)}, due 18 November 2026 at 11:59pm \\(staffordshire 29\\)`));
        assert.equal(await page.locator('.govuk-warning-text').count(), 0, 'no police-checks rule outside camden');

        // A date after the deadline needs a reason.
        await page.getByLabel('Date', { exact: true }).fill('19/11/2026');
        await page.getByLabel('Start time').fill('09:30');
        await page.getByLabel('Venue').fill('Stafford police station');
        await navigate(page, () => page.getByRole('button', { name: 'Convene the meeting' }).click(), { status: 400 });
        assert.match((await errorSummary(page).getByRole('link').allInnerTexts()).join('\n'), /The meeting date is after the statutory deadline \(.*\): explain in at least \d+ characters why \(staffordshire 29\)/);
        await page.getByLabel('Date', { exact: true }).fill('18/11/2026');
        await navigate(page, () => page.getByRole('button', { name: 'Convene the meeting' }).click());
        assert.match(new URL(page.url()).pathname, new RegExp(`^/cases/${caseId}/meetings/[0-9a-f-]{36}$`));
        assert.equal(await page.locator('[data-qa="meeting-status"]').innerText(), 'Convened');
        assert.equal(await summaryRow(page, 'Statutory clock').innerText(), 'Due 18 November 2026 at 11:59pm');
        assert.equal(await page.locator('#police-checks').count(), 0);
      });
    });
  });
});
