// Issue 7 through a real browser: the case page and its sub-navigation, the chronology (filters, pagination, an
// agency-only entry neither shown nor counted, a significant event added by hand), changes to the professional
// network, a case note and its history, and everyone's work lists. Every page visited is checked with axe-core
// (WCAG 2.2 AA) and fails on any JavaScript error or CSP violation (see support/browser.ts).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { Browserish } from '../support/http-client.ts';
import { launchBrowser, navigate, signIn, visit, withPage as withWatchedPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`case records in a browser: case page, chronology, network, notes and work lists (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  const caseIds = new Map<string, string>();
  const childIds = new Map<string, string>();
  const users = new Map<string, { id: string; agency_id: string }>();
  let frontDoorReference = '';

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
    harbour.clock.set(MONDAY_MORNING);
    for (const row of await harbour.db.selectFrom('cases').select(['id', 'reference', 'child_id']).execute()) {
      caseIds.set(row.reference, row.id);
      childIds.set(row.reference, row.child_id);
    }
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email', 'agency_id']).execute()) users.set(u.email.split('@')[0]!, u);

    // Enough of a chronology to page through: 60 entries on CSE-0003 in January and February 2025, alternately a
    // note from the school and a significant event from social care. (Adding entries through the pages is tested
    // below, one at a time.)
    await harbour.db
      .insertInto('chronology_entries')
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          child_id: childIds.get('CSE-0003')!,
          case_id: caseIds.get('CSE-0003')!,
          occurred_at: new Date(Date.UTC(2025, 0, 1 + i, 12)),
          kind: i % 2 === 0 ? 'note' : 'significant-event',
          title: `Bulk entry ${String(i).padStart(2, '0')}`,
          summary: 'Generated for the test',
          agency_id: (i % 2 === 0 ? users.get('teacher') : users.get('social.worker'))!.agency_id,
          author_id: (i % 2 === 0 ? users.get('teacher') : users.get('social.worker'))!.id,
          source: 'test',
        })),
      )
      .execute();
    // The social worker's actions on CSE-0002, one overdue, for the work lists (actions are created through the
    // meeting pages in meetings.test.ts).
    await harbour.db
      .insertInto('actions')
      .values([
        { case_id: caseIds.get('CSE-0002')!, title: 'Visit Tyler at his school', owner_user_id: users.get('social.worker')!.id, due_date: '2026-11-30', status: 'open', source_type: 'manual' },
        { case_id: caseIds.get('CSE-0002')!, title: 'Chase the health assessment', owner_user_id: users.get('social.worker')!.id, due_date: '2026-11-09', status: 'open', source_type: 'manual' },
      ])
      .execute();
    // A concern waiting at the front door, raised over HTTP with the form's real CSRF token.
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const raised = await teacher.submit('/concerns/new', '/concerns', { idempotencyKey: randomUUID(), narrative: 'Seen with older men in a car outside school.', childKnownAs: 'Bee', childApproximateAge: '14', immediateDanger: 'no', dslConsulted: 'i-am-the-dsl' });
    assert.equal(raised.status, 303);
    const contactId = /^\/concerns\/([^/]+)\/sent$/.exec(raised.location ?? '')![1]!;
    frontDoorReference = (await harbour.db.selectFrom('contacts').select('reference').where('id', '=', contactId).executeTakeFirstOrThrow()).reference;
  });
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  const withPage = (body: (page: Page) => Promise<void>) => withWatchedPage(browser, body);

  const caseUrl = (reference: string, path = '') => `${harbour.url}/cases/${caseIds.get(reference)}${path}`;
  const caseNav = (page: Page) => page.getByRole('navigation', { name: 'Case sections' });
  const workNav = (page: Page) => page.getByRole('navigation', { name: 'Work lists' });
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');
  const timelineTitles = (page: Page) => page.locator('[data-qa="chronology"] .moj-timeline__title').allInnerTexts();
  const entryCount = async (page: Page) => Number(await page.locator('[data-qa="entry-count"] strong').innerText());
  const pager = (page: Page) => page.locator('.govuk-pagination');
  const group = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

  it('the case page: identity bar, overview, and every link of the sub-navigation', async () => {
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await navigate(page, () => page.locator('[data-qa="my-cases"]').getByRole('link', { name: 'Jade Thompson' }).click());
      assert.equal(page.url(), caseUrl('CSE-0001'));
      assert.equal(await page.title(), 'Jade Thompson – CSE-0001 – Harbour');
      const identity = page.locator('[data-qa="identity-bar"]');
      assert.match(await identity.innerText(), /Jade Thompson\s+known as JJ\s+Age 15\s+CSE-0001\s+Category 2\s+Lead: Sam Worker; key professional: not nominated/);
      assert.equal(await heading(page), 'Case overview');

      const sections: [string, string, string][] = [
        ['Chronology', '/chronology', 'Chronology'],
        ['Risk', '/risk', 'Risk'],
        ['Meetings', '/meetings', 'Meetings'],
        ['Plans', '/plans', 'Plans'],
        ['Network', '/network', 'Professional network and related people'],
        ['Case notes', '/notes', 'Case notes'],
        ['Missing episodes', '/missing', 'Missing episodes'],
        ['Intelligence', '/intelligence', 'Intelligence'],
        ['Police protection', '/police-protection', 'Police protection'],
        ['Sharing', '/sharing', 'Sharing'],
        ['Telling parents', '/parents', 'Telling parents'],
        ['Overview', '', 'Case overview'],
      ];
      assert.deepEqual((await caseNav(page).getByRole('link').allInnerTexts()).map((t) => t.trim()), ['Overview', 'Chronology', 'Risk', 'Assessments', 'Meetings', 'Plans', 'Network', 'Case notes', 'Missing episodes', 'Intelligence', 'Police protection', 'Sharing', 'Telling parents', 'Transfer', 'Closure', 'Access record']);
      for (const [text, path, h1] of sections) {
        await navigate(page, () => caseNav(page).getByRole('link', { name: text, exact: true }).click());
        assert.equal(page.url(), caseUrl('CSE-0001', path), `${text} leads to its page`);
        assert.equal(await heading(page), h1);
        assert.equal(await caseNav(page).getByRole('link', { name: text, exact: true }).getAttribute('aria-current'), 'page', `${text} is marked as the current section`);
        assert.equal(await caseNav(page).locator('[aria-current="page"]').count(), 1);
        assert.match(await page.locator('[data-qa="identity-bar"]').innerText(), /Jade Thompson[\s\S]*CSE-0001/, `the identity bar is on ${text}`);
      }
      await navigate(page, () => page.locator('[data-qa="full-chronology"]').click());
      assert.equal(page.url(), caseUrl('CSE-0001', '/chronology'));
    });
  });

  it('the chronology: 25 entries a page, newest first; the kind filter is kept across pages, a date range narrows it, a bad date is an error summary', async () => {
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, caseUrl('CSE-0003', '/chronology'));
      assert.equal(await page.title(), 'Chronology – Amira Haddad – CSE-0003 – Harbour');
      assert.equal(await entryCount(page), 63, 'the demo’s 3 entries the worker may see (not the police-only one) and the 60 added');
      assert.equal((await timelineTitles(page)).length, 25);
      const datetimes = await page.locator('[data-qa="chronology"] time').evaluateAll((times) => times.map((t) => t.getAttribute('datetime')!));
      assert.deepEqual(datetimes, [...datetimes].sort().reverse(), 'newest first');

      await navigate(page, () => pager(page).getByRole('link', { name: 'Page 3' }).click());
      assert.equal(new URL(page.url()).searchParams.get('page'), '3');
      const last = await timelineTitles(page);
      assert.equal(last.length, 13);
      assert.equal(last.at(-1), 'Bulk entry 00', 'the oldest entry is last');
      await navigate(page, () => pager(page).getByRole('link', { name: /^Previous/ }).click());
      assert.equal(new URL(page.url()).searchParams.get('page'), '2');

      // Kind: significant events only, still so on the second page.
      await page.getByLabel('Kind').selectOption({ label: 'Significant event' });
      await navigate(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
      assert.equal(new URL(page.url()).searchParams.get('kind'), 'significant-event');
      assert.equal(await page.locator('[data-qa="entry-count"]').innerText(), '30 entries match the filters.');
      assert.deepEqual((await timelineTitles(page)).slice(0, 2), ['Bulk entry 59', 'Bulk entry 57']);
      await navigate(page, () => pager(page).getByRole('link', { name: /^Next/ }).click());
      const second = new URL(page.url()).searchParams;
      assert.deepEqual([second.get('kind'), second.get('page')], ['significant-event', '2'], 'the filter is kept on the next page');
      const titles = await timelineTitles(page);
      assert.equal(titles.length, 5);
      assert.ok(titles.every((t) => /^Bulk entry \d\d$/.test(t) && Number(t.slice(-2)) % 2 === 1), titles.join(', '));
      assert.equal(await page.getByLabel('Kind').inputValue(), 'significant-event', 'the chosen kind is still selected');

      // A date range, after clearing the kind.
      await navigate(page, () => page.getByRole('link', { name: 'Clear filters' }).click());
      assert.equal(new URL(page.url()).search, '');
      await page.getByLabel('Date from').fill('10/1/2025');
      await page.getByLabel('Date to').fill('19/1/2025');
      await navigate(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
      assert.equal(await entryCount(page), 10);
      const january = await timelineTitles(page);
      assert.deepEqual([january[0], january.at(-1)], ['Bulk entry 18', 'Bulk entry 09']);
      assert.equal(await pager(page).count(), 0, 'one page only');

      // A date that does not exist: the error summary, and the list unfiltered.
      await page.getByLabel('Date from').fill('31/2/2025');
      await navigate(page, () => page.getByRole('button', { name: 'Apply filters' }).click(), { status: 400 });
      assert.match(await page.title(), /^Error: Chronology – Amira Haddad – CSE-0003 – Harbour$/);
      const link = errorSummary(page).getByRole('link', { name: /^Date from must be a real date/ });
      assert.equal((await link.innerText()).trim(), 'Date from must be a real date, for example 27/3/2012');
      assert.equal(await link.getAttribute('href'), '#from');
      await link.click();
      await page.waitForFunction(() => document.activeElement?.id === 'from');
    });
  });

  it('a police agency-only entry on CSE-0001 is shown to the police officer and neither shown nor counted for the nurse', async () => {
    const all = await harbour.db.selectFrom('chronology_entries').select(['title', 'sharing_level']).where('child_id', '=', childIds.get('CSE-0001')!).execute();
    assert.deepEqual(all.filter((e) => e.sharing_level !== 'network').map((e) => e.title), ['Police intelligence logged']);
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'police@harbour.example');
      await visit(page, caseUrl('CSE-0001', '/chronology'));
      assert.equal(await entryCount(page), all.length);
      const entry = page.locator('[data-qa="chronology"] .moj-timeline__item').filter({ hasText: 'Police intelligence logged' });
      assert.match(await entry.innerText(), /Own agency only/);
    });
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'nurse@harbour.example');
      await visit(page, caseUrl('CSE-0001', '/chronology'));
      assert.equal(await entryCount(page), all.length - 1, 'the hidden entry is not counted');
      assert.ok(!(await timelineTitles(page)).includes('Police intelligence logged'));
      assert.doesNotMatch(await page.locator('main').innerText(), /adult of concern/);
      const agencies = (await page.getByLabel('Agency').locator('option').allInnerTexts()).map((t) => t.trim());
      assert.ok(!agencies.includes('Metropolitan Police, Camden'), `no hint that the police recorded anything: ${agencies.join(', ')}`);
    });
  });

  it('a significant event added by hand needs its source: the error summary first, then it is on the chronology', async () => {
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, caseUrl('CSE-0001', '/chronology'));
      const before = await entryCount(page);
      await navigate(page, () => page.getByRole('button', { name: 'Add a significant event' }).click());
      assert.equal(await page.title(), 'Add a significant event – CSE-0001 – Harbour');
      await page.getByLabel('Title').fill('Went missing overnight');
      await page.getByLabel('Date', { exact: true }).fill('15/11/2026');
      await page.getByLabel('Time (optional)').fill('07:15');
      await page.getByLabel('What happened').fill('Returned at 7am, would not say where.');
      assert.ok(await group(page, 'Who can see this').getByRole('radio', { name: 'Case network' }).isChecked(), 'the case network by default');
      await navigate(page, () => page.getByRole('button', { name: 'Add to the chronology' }).click(), { status: 400 });

      assert.equal(await page.title(), 'Error: Add a significant event – CSE-0001 – Harbour');
      const summary = errorSummary(page);
      assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
      const message = 'Enter where the information came from, for example ‘Mother, by phone’ or ‘Police national computer check’';
      assert.deepEqual((await summary.getByRole('link').allInnerTexts()).map((t) => t.trim()), [message]);
      assert.match(await page.locator('#source-error').innerText(), new RegExp(message));
      assert.equal(await page.getByLabel('What happened').inputValue(), 'Returned at 7am, would not say where.', 'what was typed is kept');
      await summary.getByRole('link', { name: message }).click();
      await page.waitForFunction(() => document.activeElement?.id === 'source');

      await page.getByLabel('Source of the information').fill('Mother, by phone');
      await navigate(page, () => page.getByRole('button', { name: 'Add to the chronology' }).click());
      assert.equal(page.url(), caseUrl('CSE-0001', '/chronology?added=1'));
      assert.equal(await entryCount(page), before + 1);
      const entry = page.locator('[data-qa="chronology"] .moj-timeline__item').filter({ hasText: 'Went missing overnight' });
      assert.match(await entry.innerText(), /Went missing overnight\s+by Sam Worker, Camden Children’s Social Care\s+15 November 2026 at 7:15am\s+Significant event\s+Returned at 7am, would not say where\.\s+Source: Mother, by phone/);
    });
    const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('title', '=', 'Went missing overnight').executeTakeFirstOrThrow();
    assert.deepEqual([entry.kind, entry.source, entry.sharing_level, entry.author_id], ['significant-event', 'Mother, by phone', 'network', users.get('social.worker')!.id]);
  });

  it('the coordinator adds the teacher to CSE-0004’s network and removes them; both changes are on the chronology', async () => {
    const teacher = users.get('teacher')!.id;
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'coordinator@harbour.example');
      await visit(page, caseUrl('CSE-0004', '/network'));
      assert.equal(await page.title(), 'Network – Kayleigh Brown – CSE-0004 – Harbour');
      const members = page.locator('[data-qa="network-members"] tbody tr');
      assert.equal(await members.count(), 2);

      const add = () => page.locator('[data-qa="add-member"]');
      await add().getByLabel('Person').selectOption({ label: 'Toby Teacher, Designated safeguarding lead – Hampstead Heath Academy' });
      await navigate(page, () => add().getByRole('button', { name: 'Add to the network' }).click(), { status: 400 });
      assert.deepEqual((await errorSummary(page).getByRole('link').allInnerTexts()).map((t) => t.trim()), ['Enter their role in this case, for example ‘School nurse’']);
      assert.equal(await add().getByLabel('Person').inputValue(), teacher, 'the person chosen is kept');
      await add().getByLabel('Role in this case').fill('Designated teacher');
      await navigate(page, () => add().getByRole('button', { name: 'Add to the network' }).click());
      assert.match(page.url(), /\/network\?done=member-added$/);
      assert.equal((await page.locator('[data-qa="notice"]').innerText()).trim().split('\n').at(-1), 'The person was added to the professional network.');
      const row = page.locator(`[data-qa="member-${teacher}"]`);
      assert.match(await row.innerText(), /Toby Teacher[\s\S]*Hampstead Heath Academy[\s\S]*Designated teacher/);

      await navigate(page, () => row.getByRole('button', { name: 'Remove Toby Teacher' }).click());
      assert.match(page.url(), /\/network\?done=member-removed$/);
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /The person was removed from the professional network\./);
      assert.equal(await page.locator(`[data-qa="member-${teacher}"]`).count(), 0);
      assert.equal(await members.count(), 2);

      await navigate(page, () => caseNav(page).getByRole('link', { name: 'Chronology' }).click());
      await page.getByLabel('Kind').selectOption({ label: 'Professional network' });
      await navigate(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
      assert.deepEqual((await timelineTitles(page)).sort(), [
        'Toby Teacher (Hampstead Heath Academy) joined the professional network as Designated teacher',
        'Toby Teacher (Hampstead Heath Academy) left the professional network (was Designated teacher)',
      ]);
    });
    const rows = await harbour.db.selectFrom('case_network').select(['removed_at', 'removed_by']).where('case_id', '=', caseIds.get('CSE-0004')!).where('user_id', '=', teacher).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.removed_by, users.get('coordinator')!.id);
  });

  it('a case note written and then changed: the list shows the latest, the history shows both versions', async () => {
    await withPage(async (page) => {
      await signIn(page, harbour.url, 'social.worker@harbour.example');
      await visit(page, caseUrl('CSE-0006'));
      await navigate(page, () => caseNav(page).getByRole('link', { name: 'Case notes' }).click());
      assert.equal(await page.locator('[data-qa="no-notes"]').count(), 1);
      await navigate(page, () => page.getByRole('button', { name: 'Add a case note' }).click());
      assert.equal(await page.title(), 'Add a case note – CSE-0006 – Harbour');
      assert.equal(await page.getByLabel('Date of contact').inputValue(), '2026-11-16', 'today by default');
      await group(page, 'Type of contact').getByRole('radio', { name: 'Home visit' }).check();
      await page.getByLabel('What happened').fill('First version: visited at home.');
      await navigate(page, () => page.getByRole('button', { name: 'Save the note' }).click());
      assert.equal(page.url(), caseUrl('CSE-0006', '/notes?saved=1'));
      assert.match(await page.locator('[data-qa="notice"]').innerText(), /The case note was saved and added to the chronology\./);
      const card = page.locator('.govuk-summary-card');
      assert.equal(await card.count(), 1);
      assert.equal(await card.locator('.govuk-summary-card__title').innerText(), 'Home visit on 16 November 2026');
      assert.match(await card.innerText(), /First version: visited at home\./);

      await navigate(page, () => card.getByRole('link', { name: 'Change the note of 16 November 2026' }).click());
      assert.equal(await page.title(), 'Change a case note – CSE-0006 – Harbour');
      assert.equal(await page.getByLabel('What happened').inputValue(), 'First version: visited at home.');
      await page.getByLabel('What happened').fill('Second version: visited at home with mother present.');
      await navigate(page, () => page.getByRole('button', { name: 'Save the note' }).click());
      assert.match(new URL(page.url()).pathname, /\/notes\/[0-9a-f-]{36}$/);
      assert.equal(await page.title(), 'Case note history – CSE-0006 – Harbour');
      assert.match(await page.locator('main').innerText(), /Edited 1 time: every version is shown, newest first\./);
      const versions = page.locator('[data-qa="versions"] .moj-timeline__item');
      assert.equal(await versions.count(), 2);
      assert.match(await page.locator('[data-qa="version-2"]').innerText(), /^Version 2 \(current\)\s+by Sam Worker[\s\S]*Second version: visited at home with mother present\.$/);
      assert.match(await page.locator('[data-qa="version-1"]').innerText(), /^Version 1\s+by Sam Worker[\s\S]*First version: visited at home\.$/);

      await navigate(page, () => page.getByRole('link', { name: 'Back to the case notes' }).click());
      assert.equal(await page.locator('[data-qa="edited"]').innerText(), 'edited 1 time');
      const list = await page.locator('.govuk-summary-card').innerText();
      assert.match(list, /Second version/);
      assert.doesNotMatch(list, /First version/);

      await navigate(page, () => caseNav(page).getByRole('link', { name: 'Chronology' }).click());
      const chronology = await page.locator('[data-qa="chronology"]').innerText();
      assert.match(chronology, /Second version: visited at home with mother present\./, 'the chronology entry follows the note');
      assert.doesNotMatch(chronology, /First version/);
    });
  });

  describe('work lists', () => {
    it('My work for the social worker: overdue actions first, the toggle to overdue only, and their cases', async () => {
      await withPage(async (page) => {
        await signIn(page, harbour.url, 'social.worker@harbour.example');
        assert.equal(await heading(page), 'My work');
        assert.equal(await workNav(page).count(), 0, 'one work list only: no sub-navigation');
        const actions = page.locator('[data-qa="my-actions"] tbody tr');
        assert.deepEqual(await actions.locator('td:first-child').allInnerTexts(), ['Chase the health assessment', 'Visit Tyler at his school']);
        assert.match(await actions.first().innerText(), /Tyler Okafor\s+CSE-0002\s+Overdue\s+9 November 2026/);
        assert.equal(await page.locator('[data-qa="my-actions"] [data-qa="overdue"]').count(), 1);
        await navigate(page, () => page.getByRole('link', { name: 'Show only overdue actions' }).click());
        assert.equal(new URL(page.url()).searchParams.get('aoverdue'), '1');
        assert.deepEqual(await page.locator('[data-qa="my-actions"] tbody tr td:first-child').allInnerTexts(), ['Chase the health assessment']);
        await navigate(page, () => page.getByRole('link', { name: 'Show all my open actions' }).click());
        assert.equal(await page.locator('[data-qa="my-actions"] tbody tr').count(), 2);
        assert.deepEqual((await page.locator('[data-qa="my-cases"] tbody tr').allInnerTexts()).map((r) => /CSE-\d{4}/.exec(r)?.[0]).sort(), ['CSE-0001', 'CSE-0002', 'CSE-0003', 'CSE-0006']);
        await navigate(page, () => page.locator('[data-qa="my-actions"]').getByRole('link', { name: 'Tyler Okafor' }).first().click());
        assert.equal(page.url(), caseUrl('CSE-0002'));
        assert.match(await page.locator('[data-qa="case-actions"] tbody tr').first().innerText(), /Chase the health assessment[\s\S]*Overdue/);
      });
    });

    it('the team manager’s list at /work/team: the team’s open actions, overdue first, with who owns them', async () => {
      await withPage(async (page) => {
        await signIn(page, harbour.url, 'manager@harbour.example');
        await navigate(page, () => workNav(page).getByRole('link', { name: 'My team' }).click());
        assert.equal(page.url(), `${harbour.url}/work/team`);
        assert.equal(await page.title(), 'My team’s work – Harbour');
        assert.equal(await heading(page), 'Children in Need North');
        assert.equal(await workNav(page).getByRole('link', { name: 'My team' }).getAttribute('aria-current'), 'page');
        const rows = page.locator('[data-qa="team-actions"] tbody tr');
        assert.deepEqual(await rows.locator('td:first-child').allInnerTexts(), ['Chase the health assessment', 'Visit Tyler at his school']);
        assert.match(await rows.first().innerText(), /Tyler Okafor\s+CSE-0002\s+Sam Worker\s+Overdue/);
        await navigate(page, () => page.getByRole('link', { name: 'Show only overdue actions' }).click());
        assert.equal(await page.locator('[data-qa="team-actions"] tbody tr').count(), 1);
      });
    });

    it('the CSE coordinator’s list at /work/cse: open CSE cases by category, filtered to one category', async () => {
      await withPage(async (page) => {
        await signIn(page, harbour.url, 'coordinator@harbour.example');
        await navigate(page, () => workNav(page).getByRole('link', { name: 'CSE cases' }).click());
        assert.equal(page.url(), `${harbour.url}/work/cse`);
        assert.equal(await heading(page), 'Open CSE cases in your area');
        const opened = async () => (await page.locator('[data-qa="cse-cases"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-qa')!.replace('cse-case-', '')))).sort();
        assert.deepEqual(await opened(), ['CSE-0001', 'CSE-0002', 'CSE-0003', 'CSE-0004', 'CSE-0006'], 'not CSE-0005, which has no category');
        assert.equal(await page.locator('[data-qa="category-1"] td').nth(1).innerText(), '2');
        await page.getByLabel('Category').selectOption({ label: 'Category 1' });
        await navigate(page, () => page.getByRole('button', { name: 'Filter' }).click());
        assert.equal(new URL(page.url()).searchParams.get('category'), '1');
        assert.deepEqual(await opened(), ['CSE-0003', 'CSE-0006']);
        assert.equal(await page.locator('[data-qa="cse-count"]').innerText(), '2 cases, highest category first.');
        await navigate(page, () => page.locator('[data-qa="cse-cases"]').getByRole('link', { name: 'Amira Haddad' }).click());
        assert.equal(page.url(), caseUrl('CSE-0003'));
      });
    });

    it('the front door’s My work summarises its queue and leads to it', async () => {
      await withPage(async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        const summary = page.locator('[data-qa="front-door-summary"]');
        assert.match(await summary.innerText(), /Front door queue\s+1 contact awaiting a decision\./);
        assert.equal(await summary.locator('[data-qa="waiting"]').innerText(), '1');
        await navigate(page, () => summary.getByRole('link', { name: 'Open the front door queue' }).click());
        assert.equal(page.url(), `${harbour.url}/front-door`);
        assert.equal(await page.locator('[data-qa="queue"]').getByRole('link', { name: frontDoorReference, exact: true }).count(), 1);
      });
    });
  });
});
