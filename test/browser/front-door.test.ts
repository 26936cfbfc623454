// Issue 4 through a real browser: a professional's concern, a member of the public's report (with and without
// JavaScript), the front door identifying the child and deciding every kind of outcome, the referrer seeing the
// outcome, and a draft referral resumed later. Every page visited is checked with axe-core (WCAG 2.2 AA) and fails
// on any JavaScript error or CSP violation (see support/browser.ts).
//
// The tests run in order and share one Harbour: the teacher's concern raised in the first is decided by the front
// door later, and the teacher then sees the outcome.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestHarbour, databaseLabel } from '../support/harness.ts';
import type { TestHarbour } from '../support/harness.ts';
import { Browserish } from '../support/http-client.ts';
import { launchBrowser, navigate, signIn, visit, withPage as withWatchedPage } from './support/browser.ts';
import { londonInstant } from '../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time: inside office hours, so nothing is out of hours. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe(`concerns, referrals and the front door in a browser (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let browser: Browser;
  /** The teacher's concern of the first test, decided by the front door later. */
  const teacherConcern = { id: '', reference: '' };
  /** Contacts the front door decides, by what will be decided. */
  const contacts = new Map<string, { id: string; reference: string }>();

  before(async () => {
    [browser, harbour] = await Promise.all([launchBrowser(), startTestHarbour()]);
  });
  beforeEach(() => harbour.clock.set(MONDAY_MORNING));
  after(async () => {
    await browser?.close();
    await harbour?.stop();
  });

  const withPage = withWatchedPage;

  const contactRow = (id: string) => harbour.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const group = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });
  const errorSummary = (page: Page) => page.locator('.govuk-error-summary');

  /** Raises a concern or referral over HTTP (with the form's real CSRF token), for the front door to decide. */
  async function raise(email: string, kind: 'concern' | 'referral', fields: Record<string, string>) {
    const client = new Browserish(harbour.url);
    await client.signIn(email);
    const res = kind === 'concern'
      ? await client.submit('/concerns/new', '/concerns', { idempotencyKey: randomUUID(), immediateDanger: 'no', dslConsulted: 'yes', ...fields })
      : await client.submit('/referrals/new', '/referrals', { idempotencyKey: randomUUID(), action: 'submit', channel: 'online', dslConsulted: 'not-applicable', childAddress: '3 Test Street, London', ...fields });
    assert.equal(res.status, 303, `raising ${JSON.stringify(fields)}`);
    const id = /^\/concerns\/([^/]+)\/sent$/.exec(res.location ?? '')?.[1];
    assert.ok(id);
    return { id, reference: (await contactRow(id)).reference };
  }

  it('a teacher raises a concern knowing only a nickname and an approximate age, and sees the reference', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'teacher@harbour.example');
      await navigate(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Raise a concern' }).click());
      assert.equal(await page.title(), 'Raise a concern about a child – Harbour');
      await page.getByLabel('What did you see or hear?').fill('Seen getting into a silver car with two older men outside the chicken shop after school.');
      await page.getByLabel('Nickname or known-as name').fill('Little T');
      await page.getByLabel('Or their approximate age').fill('14');
      await group(page, 'Is the child in immediate danger?').getByRole('radio', { name: 'No', exact: true }).check();
      await group(page, 'Did you consult your agency\'s designated safeguarding lead?').getByRole('radio', { name: 'Yes', exact: true }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Send the concern' }).click());

      assert.match(new URL(page.url()).pathname, /^\/concerns\/[^/]+\/sent$/);
      assert.equal(await page.title(), 'Sent to the front door – Harbour');
      const panel = page.locator('.govuk-panel');
      assert.equal(await panel.getByRole('heading', { level: 1 }).innerText(), 'Sent to the front door');
      const reference = (await panel.locator('[data-qa="reference"]').innerText()).trim();
      assert.match(reference, /^R-/);
      teacherConcern.id = /\/concerns\/([^/]+)\/sent$/.exec(page.url())![1]!;
      teacherConcern.reference = reference;
    });
    const row = await contactRow(teacherConcern.id);
    assert.equal(row.reference, teacherConcern.reference);
    assert.equal(row.kind, 'professional-concern');
    assert.equal(row.status, 'received');
    assert.equal(row.child_known_as, 'Little T');
    assert.equal(row.child_approximate_age, 14);
    assert.equal(row.child_given_name, null);
    assert.equal(row.child_family_name, null);
    assert.equal(row.out_of_hours, false);
  });

  /** A member of the public reports a concern without an account, and is given a reference. */
  async function reportAsPublic(page: Page, narrative: string) {
    await visit(page, `${harbour.url}/report-a-concern`);
    assert.equal(await page.title(), 'Report a concern about a child – Harbour');
    assert.equal(await page.locator('[data-qa="account-bar"]').count(), 0, 'not signed in');
    await page.getByLabel('What are you worried about?').fill(narrative);
    await page.getByLabel('Or their approximate age').fill('13');
    await page.getByLabel('Description').fill('Red coat, long dark hair');
    await group(page, 'Is the child in danger right now?').getByRole('radio', { name: 'No', exact: true }).check();
    // The form refuses what is sent faster than a person types: move Harbour's clock on rather than wait.
    harbour.clock.advanceMinutes(1);
    await navigate(page, () => page.getByRole('button', { name: 'Send', exact: true }).click());
    assert.equal(await page.title(), 'Your concern has been sent – Harbour');
    const reference = (await page.locator('.govuk-panel [data-qa="reference"]').innerText()).trim();
    assert.match(reference, /^P-/);
    const row = await harbour.db.selectFrom('contacts').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
    assert.equal(row.kind, 'public-concern');
    assert.equal(row.narrative, narrative);
    assert.equal(row.raised_by, null);
    assert.equal(row.public_reporter, null, 'anonymous');
    assert.equal(row.child_approximate_age, 13);
    assert.doesNotMatch(await page.locator('main').innerText(), /Jade|Thompson|Kayleigh/);
  }

  it('a member of the public reports anonymously without signing in and gets a reference', async () => {
    await withPage(browser, (page) => reportAsPublic(page, 'A girl of about 13 keeps being collected from the park by men in a black van.'));
  });

  it('a member of the public reports anonymously with JavaScript off', async () => {
    await withPage(
      browser,
      async (page) => {
        await reportAsPublic(page, 'The same girl was at the bus station late at night with a man in his thirties.');
        assert.equal(await page.locator('html').getAttribute('class'), 'govuk-template', 'no script ran');
      },
      { javaScriptEnabled: false },
    );
  });

  describe('the front door', () => {
    before(async () => {
      harbour.clock.set(MONDAY_MORNING);
      contacts.set('initial-assessment', await raise('referrer@harbour.example', 'referral', { narrative: 'Picked up late at night by adults in cars.', childGivenName: 'Zainab', childFamilyName: 'Quartermaine', childDateOfBirth: '02/02/2011', childWard: 'Kilburn' }));
      contacts.set('strategy-discussion', await raise('teacher@harbour.example', 'concern', { narrative: 'Disclosed that an older man gives her alcohol and takes her to parties.', childGivenName: 'Jayde', childFamilyName: 'Thomson', childApproximateAge: '15' }));
      contacts.set('immediate-protective-action', await raise('referrer@harbour.example', 'referral', { narrative: 'Found in a flat with adults; police attended.', childGivenName: 'Leo', childFamilyName: 'Marchetti', childDateOfBirth: '05/05/2012', childWard: 'Holborn' }));
      contacts.set('refer-to-home-authority', await raise('teacher@harbour.example', 'concern', { narrative: 'Visiting pupil seen with older men; lives outside Camden.', childKnownAs: 'Dee', childApproximateAge: '13' }));
      contacts.set('refer-to-cse-coordinator', await raise('referrer@harbour.example', 'referral', { narrative: 'Regular overnight stays with older men; new clothes and phones.', childGivenName: 'Mia', childFamilyName: 'Fairweather', childDateOfBirth: '07/07/2010', childWard: 'Kilburn' }));
    });

    /** Opens the queue, then the contact from it. */
    async function openFromQueue(page: Page, reference: string) {
      await navigate(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Front door' }).click());
      assert.equal(new URL(page.url()).pathname, '/front-door');
      await navigate(page, () => page.locator('[data-qa="queue"]').getByRole('link', { name: reference, exact: true }).click());
      assert.match(new URL(page.url()).pathname, /^\/front-door\/contacts\/[^/]+$/);
      assert.match(await page.getByRole('heading', { level: 1 }).innerText(), new RegExp(`^${escape(reference)}: `));
    }

    /** Records who the child is; lands on the decision part of the page. */
    async function identify(page: Page, choice: 'new-child' | 'unidentified' | { linked: RegExp }) {
      const form = page.locator('form[action$="/identify"]');
      const labels = { 'new-child': 'A child not known to Harbour: create a new child record', unidentified: 'Cannot be identified yet: keep it logged and counted' };
      if (typeof choice === 'object') {
        await form.locator('[data-qa="matches"]').getByRole('radio', { name: choice.linked }).check();
        await form.getByRole('radio', { name: 'The child chosen above', exact: true }).check();
      } else {
        await form.getByRole('radio', { name: labels[choice], exact: true }).check();
      }
      await navigate(page, () => form.getByRole('button', { name: 'Record who the child is' }).click());
      assert.match(page.url(), /\/front-door\/contacts\/[^/]+#decision$/);
      return page.locator('[data-qa="identification"]').innerText();
    }

    /** Chooses a decision, fills what it reveals, gives reasons and records it. */
    async function decide(page: Page, label: string, reasons: string, reveal: (form: Locator) => Promise<void> = async () => {}) {
      const form = page.locator('form[action$="/decision"]');
      await form.getByRole('radio', { name: label, exact: true }).check();
      await reveal(form);
      await form.getByLabel('Reasons for the decision').fill(reasons);
      await navigate(page, () => form.getByRole('button', { name: 'Record the decision' }).click());
      assert.match(page.url(), /\/front-door\/contacts\/[^/]+\?decided=1$/);
      const decided = page.locator('[data-qa="decision"]');
      assert.match(await decided.innerText(), new RegExp(`Decision\\s+${escape(label)}[\\s\\S]*Reasons\\s+${escape(reasons)}[\\s\\S]*Decided by\\s+Farah Doorley`));
      assert.equal(await page.locator('form[action$="/decision"]').count(), 0, 'a decided contact has no decision form');
    }

    const decisionOf = (contactId: string) => harbour.db.selectFrom('contact_decisions').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();

    it('leaves the teacher’s concern unidentified and decides no further action; a missing reason shows the error summary, whose link moves focus to the field', async () => {
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await openFromQueue(page, teacherConcern.reference);
        assert.match(await page.locator('[data-qa="narrative"]').innerText(), /silver car/);
        assert.match(await identify(page, 'unidentified'), /Left unidentified: it stays logged and counted/);

        // Nothing chosen: the error summary's link leads to the first radio.
        const form = page.locator('form[action$="/decision"]');
        await navigate(page, () => form.getByRole('button', { name: 'Record the decision' }).click(), { status: 400 });
        await errorSummary(page).getByRole('link', { name: 'Choose a decision' }).click();
        await page.waitForFunction(() => document.activeElement?.id === 'decision');
        assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement).value), 'no-further-action');

        // Clicking the label chooses the radio (the page once had a heading with the radio's id, which took its label).
        await form.locator('label', { hasText: 'No further action' }).click();
        assert.ok(await form.getByRole('radio', { name: 'No further action', exact: true }).isChecked());
        await navigate(page, () => form.getByRole('button', { name: 'Record the decision' }).click(), { status: 400 });
        assert.match(await page.title(), new RegExp(`^Error: Concern from a professional ${escape(teacherConcern.reference)} – Harbour$`));
        const summary = errorSummary(page);
        assert.ok(await summary.evaluate((el) => el === document.activeElement), 'the error summary has focus');
        const message = 'Give the reasons for the decision in at least 10 characters';
        assert.equal((await summary.getByRole('link').innerText()).trim(), message);
        assert.match(await page.locator('#reasons-error').innerText(), new RegExp(message));
        assert.ok(await page.getByRole('radio', { name: 'No further action', exact: true }).isChecked(), 'the choice is kept');
        await summary.getByRole('link', { name: message }).click();
        await page.waitForFunction(() => document.activeElement?.id === 'reasons');

        await decide(page, 'No further action', 'Not enough to act on: the school will keep watch and refer again.');
      });
      const decision = await decisionOf(teacherConcern.id);
      assert.equal(decision.decision, 'no-further-action');
      assert.equal((await contactRow(teacherConcern.id)).status, 'decided');
    });

    it('creates a new child and decides an initial assessment, allocating the social worker', async () => {
      const contact = contacts.get('initial-assessment')!;
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await openFromQueue(page, contact.reference);
        assert.ok(await page.locator('[data-qa="no-matches"]').isVisible());
        assert.match(await identify(page, 'new-child'), /A new child record was created: Zainab Quartermaine, born 2 February 2011/);

        // The worker is required: refused first, with the error summary leading to the select.
        const form = page.locator('form[action$="/decision"]');
        await form.getByRole('radio', { name: 'Initial assessment', exact: true }).check();
        await form.getByLabel('Reasons for the decision').fill('Needs an assessment of the risk of exploitation.');
        await navigate(page, () => form.getByRole('button', { name: 'Record the decision' }).click(), { status: 400 });
        await errorSummary(page).getByRole('link', { name: 'Choose the social worker to allocate for the initial assessment' }).click();
        await page.waitForFunction(() => document.activeElement?.id === 'allocatedWorkerId');
        assert.equal(await page.getByLabel('Reasons for the decision').inputValue(), 'Needs an assessment of the risk of exploitation.', 'the reasons are kept');

        await decide(page, 'Initial assessment', 'Needs an assessment of the risk of exploitation.', async (f) => {
          await f.getByLabel('Social worker to allocate').selectOption({ label: 'Sam Worker (Children in Need North)' });
        });
        assert.equal(await page.locator('[data-qa="identification"]').getByRole('link', { name: 'Open the case' }).count(), 1);
      });
      const row = await contactRow(contact.id);
      assert.ok(row.case_id);
      const worker = await harbour.db.selectFrom('users').select('id').where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow();
      assert.equal((await decisionOf(contact.id)).decision, 'initial-assessment');
      const kase = await harbour.db.selectFrom('cases').select(['lead_professional_id', 'stage']).where('id', '=', row.case_id).executeTakeFirstOrThrow();
      assert.equal(kase.lead_professional_id, worker.id);
      assert.equal(kase.stage, 'initial-assessment');
    });

    it('links a misspelt name to the known child and decides a strategy discussion', async () => {
      const contact = contacts.get('strategy-discussion')!;
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await openFromQueue(page, contact.reference);
        assert.match(await page.locator('[data-qa="matches"]').innerText(), /Jade Thompson/);
        assert.match(await identify(page, { linked: /^Jade Thompson/ }), /Linked to a known child: Jade Thompson, born 14 March 2011/);
        await decide(page, 'Strategy discussion or meeting', 'Reasonable cause to suspect significant harm from the adult.');
      });
      const jade = await harbour.db.selectFrom('cases').select(['id', 'child_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
      const row = await contactRow(contact.id);
      assert.equal(row.child_id, jade.child_id);
      assert.equal(row.case_id, jade.id, 'the child’s open case continues');
      assert.equal((await decisionOf(contact.id)).decision, 'strategy-discussion');
    });

    it('decides immediate protective action, with the action and when it was taken', async () => {
      const contact = contacts.get('immediate-protective-action')!;
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await openFromQueue(page, contact.reference);
        await identify(page, 'new-child');
        await decide(page, 'Immediate protective action', 'Police removed him from the flat under police protection.', async (f) => {
          await f.getByLabel('Action taken').selectOption({ label: 'Police protection (Children Act 1989 s46, up to 72 hours)' });
          await f.getByLabel('Date taken').fill('16/11/2026');
          await f.getByLabel('Time taken').fill('09:45');
        });
      });
      const decision = await decisionOf(contact.id);
      assert.equal(decision.decision, 'immediate-protective-action');
      assert.deepEqual(decision.details, { protectiveAction: 'police-protection-s46', protectiveActionAt: londonInstant('2026-11-16', 9, 45).toISOString() });
    });

    it('refers an unidentified child on to their home authority', async () => {
      const contact = contacts.get('refer-to-home-authority')!;
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await openFromQueue(page, contact.reference);
        await identify(page, 'unidentified');
        await decide(page, 'Refer on to the child’s home authority', 'The child lives in Barnet; their duty team is taking it.', async (f) => {
          await f.getByLabel('The child\'s home local authority').fill('Barnet');
        });
      });
      const decision = await decisionOf(contact.id);
      assert.equal(decision.decision, 'refer-to-home-authority');
      assert.deepEqual(decision.details, { homeAuthority: 'Barnet' });
    });

    it('refers a new child to the CSE coordinator, who finds the referral waiting on their CSE cases page', async () => {
      const contact = contacts.get('refer-to-cse-coordinator')!;
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await openFromQueue(page, contact.reference);
        await identify(page, 'new-child');
        await decide(page, 'Refer to the CSE coordinator', 'Indicators of sexual exploitation: the coordinator should categorise.');
      });
      assert.equal((await decisionOf(contact.id)).decision, 'refer-to-cse-coordinator');
      const caseId = (await contactRow(contact.id)).case_id;
      assert.ok(caseId);
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'coordinator@harbour.example');
        await navigate(page, () => page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'CSE cases' }).click());
        const waiting = page.locator('[data-qa="awaiting"]').locator('tr').filter({ hasText: 'Mia Fairweather' });
        assert.equal(await waiting.count(), 1);
        assert.match(await waiting.innerText(), /Farah Doorley/);
      });
    });

    it('shows every decided contact under “Decided” and none left awaiting a decision but the public reports', async () => {
      await withPage(browser, async (page) => {
        await signIn(page, harbour.url, 'frontdoor@harbour.example');
        await visit(page, '/front-door');
        const awaiting = await page.locator('[data-qa="queue"] tbody tr').allInnerTexts();
        assert.deepEqual(awaiting.map((row) => /^[A-Z]-\S+/.exec(row)?.[0]?.[0]).sort(), ['P', 'P']);
        await page.getByLabel('Show').selectOption({ label: 'Decided' });
        await navigate(page, () => page.getByRole('button', { name: 'Apply filters' }).click());
        assert.equal(new URL(page.url()).searchParams.get('status'), 'decided');
        const decided = await page.locator('[data-qa="queue"] tbody tr').allInnerTexts();
        const references = [teacherConcern.reference, ...[...contacts.values()].map((c) => c.reference)];
        for (const reference of references) assert.ok(decided.some((row) => row.startsWith(reference)), `${reference} is decided`);
      });
    });
  });

  it('the teacher sees the outcome of their concern in My work, on the concern and in their referrals', async () => {
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'teacher@harbour.example');
      const notification = page.locator('[data-qa="notifications"]').getByRole('link', { name: `Outcome of ${teacherConcern.reference}: No further action` });
      assert.equal(await notification.count(), 1);
      await navigate(page, () => notification.click());
      assert.equal(new URL(page.url()).pathname, `/concerns/${teacherConcern.id}`);
      assert.equal(await page.title(), `Concern from a professional ${teacherConcern.reference} – Harbour`);
      const outcome = page.locator('[data-qa="outcome"]');
      assert.match(await outcome.innerText(), /Decision\s+No further action[\s\S]*Why\s+Not enough to act on: the school will keep watch and refer again\./);

      await visit(page, '/my-referrals');
      assert.equal(await page.title(), 'Your concerns and referrals – Harbour');
      const row = (reference: string) => page.locator('[data-qa="my-referrals"] tbody tr').filter({ has: page.getByRole('link', { name: reference, exact: true }) });
      assert.match(await row(teacherConcern.reference).innerText(), /Little T\s+Concern from a professional\s+.+\s+No further action$/);
      assert.match(await row(contacts.get('strategy-discussion')!.reference).innerText(), /Strategy discussion or meeting$/);
      assert.match(await row(contacts.get('refer-to-home-authority')!.reference).innerText(), /Refer on to the child’s home authority$/);
      await navigate(page, () => row(contacts.get('strategy-discussion')!.reference).getByRole('link').click());
      assert.match(await page.locator('[data-qa="outcome"]').innerText(), /Decision\s+Strategy discussion or meeting/);
    });
  });

  it('a referral saved as a draft and resumed later keeps everything typed, and is then sent under the same reference', async () => {
    let draftReference = '';
    let indicator = { value: '', label: '' };
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'referrer@harbour.example');
      await visit(page, '/referrals/new');
      assert.equal(await page.title(), 'Make a referral – Harbour');
      await group(page, 'How was the referral made?').getByRole('radio', { name: 'Telephone', exact: true }).check();
      await page.getByRole('checkbox', { name: 'This was an urgent referral' }).check();
      await page.getByLabel('Reason for the referral').fill('Half written, to finish after the home visit: mother worried about late nights.');
      await page.getByLabel('First name').fill('Ruby');
      await page.getByLabel('Last name').fill('Stonebridge');
      await page.getByLabel('Ward of the child\'s address').selectOption('Kilburn');
      const details = page.locator('form details').first();
      await details.locator('summary').click();
      const box = details.getByRole('checkbox').first();
      indicator = { value: (await box.getAttribute('value'))!, label: (await details.locator('.govuk-checkboxes__label').first().innerText()).trim() };
      await box.check();
      await navigate(page, () => page.getByRole('button', { name: 'Save as draft' }).click());
      const banner = page.locator('.govuk-notification-banner--success');
      assert.match(await banner.innerText(), /Draft R-\S+ saved/);
      draftReference = (await banner.locator('strong').innerText()).trim();
    });

    // Later, in a new session.
    harbour.clock.advanceMinutes(120);
    await withPage(browser, async (page) => {
      await signIn(page, harbour.url, 'referrer@harbour.example');
      await visit(page, '/my-referrals');
      const row = page.locator('[data-qa="my-referrals"] tbody tr').filter({ hasText: draftReference });
      // The child's name typed in a draft is not shown here yet ("Name not known"): see the report.
      assert.match(await row.innerText(), /\s+Referral\s+Draft\s/);
      await navigate(page, () => row.getByRole('link', { name: draftReference, exact: true }).click());
      assert.match(new URL(page.url()).pathname, /^\/referrals\/drafts\/[^/]+$/);
      assert.match(await page.locator('.govuk-inset-text').first().innerText(), /You are continuing a draft referral/);
      assert.ok(await group(page, 'How was the referral made?').getByRole('radio', { name: 'Telephone', exact: true }).isChecked());
      assert.ok(await page.getByRole('checkbox', { name: 'This was an urgent referral' }).isChecked());
      assert.equal(await page.getByLabel('Reason for the referral').inputValue(), 'Half written, to finish after the home visit: mother worried about late nights.');
      assert.equal(await page.getByLabel('First name').inputValue(), 'Ruby');
      assert.equal(await page.getByLabel('Last name').inputValue(), 'Stonebridge');
      assert.equal(await page.getByLabel('Ward of the child\'s address').inputValue(), 'Kilburn');
      assert.ok(await page.locator(`input[name="indicators"][value="${indicator.value}"]`).isChecked(), `“${indicator.label}” is still ticked`);

      await page.getByLabel('Date of birth').fill('09/09/2012');
      await page.getByLabel('Home address, if known').fill('12 Draft Road, London');
      await group(page, 'Did you consult your agency\'s designated safeguarding lead?').getByRole('radio', { name: 'My agency has no designated safeguarding lead' }).check();
      await navigate(page, () => page.getByRole('button', { name: 'Send the referral' }).click());
      assert.equal(await page.title(), 'Sent to the front door – Harbour');
      assert.equal((await page.locator('.govuk-panel [data-qa="reference"]').innerText()).trim(), draftReference);
    });
    const row = await harbour.db.selectFrom('contacts').selectAll().where('reference', '=', draftReference).executeTakeFirstOrThrow();
    assert.equal(row.status, 'received');
    assert.equal(row.kind, 'referral');
    assert.equal(row.channel, 'phone');
    assert.equal(row.urgent, true);
    assert.equal(row.child_given_name, 'Ruby');
    assert.equal(row.child_ward, 'Kilburn');
    assert.deepEqual(row.indicators, [indicator.value]);
  });
});
