// Issue 11, the front door's missing steps, through HTTP: each clock started and stopped by real pages, under the
// profiles that have it, and the refusals (stale version, wrong authority, bad input) shown without a 500.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time: inside office hours. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const HOUR = 3_600_000;
/** The test clock runs on from the moment it is set: a moment "now" is within a few seconds of it. */
const near = (actual: Date | null | undefined, expected: Date) => assert.ok(actual && Math.abs(actual.getTime() - expected.getTime()) < 10_000, `${actual?.toISOString()} is not about ${expected.toISOString()}`);

const referral = (overrides: Record<string, string | string[]> = {}) => ({
  idempotencyKey: randomUUID(),
  action: 'submit',
  channel: 'phone',
  urgent: 'yes',
  narrative: 'Mother reports her daughter has been picked up late at night by adults in cars.',
  childGivenName: 'Maisie',
  childFamilyName: 'Clarke',
  childDateOfBirth: '12/04/2012',
  childAddress: '3 Test Street',
  dslConsulted: 'not-applicable',
  ...overrides,
});

const concern = (overrides: Record<string, string | string[]> = {}) => ({
  idempotencyKey: randomUUID(),
  narrative: 'Seen getting into a silver car with two older men outside the chicken shop after school.',
  childGivenName: 'Tia',
  childFamilyName: 'Okafor',
  childApproximateAge: '14',
  immediateDanger: 'no',
  dslConsulted: 'yes',
  ...overrides,
});

function helpers(get: () => TestHarbour) {
  const contactByKey = async (key: string) => (await get().db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirst())!;
  const clock = (contactId: string, rule: string) => get().db.selectFrom('clocks').selectAll().where('referral_id', '=', contactId).where('rule_id', '=', rule).orderBy('started_at').execute();
  const as = async (email: string) => {
    const b = new Browserish(get().url);
    await b.signIn(email);
    return b;
  };
  /** Identify the child as new, then decide; returns the case id. */
  const identifyAndDecide = async (frontDoor: Browserish, contactId: string, decision: Record<string, string>) => {
    let page = await frontDoor.get(`/front-door/contacts/${contactId}`);
    const row = (await get().db.selectFrom('contacts').select('version').where('id', '=', contactId).executeTakeFirstOrThrow());
    const identified = await frontDoor.request('POST', `/front-door/contacts/${contactId}/identify`, { _csrf: csrfTokenIn(page.text), version: String(row.version), identification: 'new-child' });
    assert.equal(identified.status, 303);
    page = await frontDoor.get(`/front-door/contacts/${contactId}`);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const res = await frontDoor.request('POST', `/front-door/contacts/${contactId}/decision`, { _csrf: csrfTokenIn(page.text), version, ...decision });
    assert.equal(res.status, 303, res.text.slice(0, 300));
    return (await get().db.selectFrom('contacts').select('case_id').where('id', '=', contactId).executeTakeFirstOrThrow()).case_id!;
  };
  return { contactByKey, clock, as, identifyAndDecide };
}

describe(`front door's missing steps under camden (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const h = helpers(() => harbour);
  before(async () => {
    harbour = await startTestHarbour({ env: { HARBOUR_PROFILE: 'camden' } });
  });
  beforeEach(() => harbour.clock.set(MONDAY_MORNING));
  after(async () => {
    await harbour?.stop();
  });

  it('camden Part 3 §2: the written confirmation on the CAF stops the 48-hour clock (met), shown on the page, the queue, the chronology and the audit trail', async () => {
    const sw = await h.as('social.worker@harbour.example');
    const fields = referral({ childWard: 'Kilburn' });
    assert.equal((await sw.submit('/referrals/new', '/referrals', fields)).status, 303);
    const row = await h.contactByKey(fields.idempotencyKey as string);
    const [running] = await h.clock(row.id, 'written-confirmation');
    assert.ok(running && running.stopped_at === null);

    const frontDoor = await h.as('frontdoor@harbour.example');
    let queue = await frontDoor.get('/front-door');
    assert.match(queue.text, new RegExp(`${row.reference}</a>[\\s\\S]*?data-qa="awaiting-written-confirmation"`));
    await h.identifyAndDecide(frontDoor, row.id, { decision: 'initial-assessment', reasons: 'Needs an assessment of the risk.', allocatedWorkerId: (await harbour.db.selectFrom('users').select('id').where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow()).id });

    harbour.clock.set(new Date(MONDAY_MORNING.getTime() + 30 * HOUR));
    await frontDoor.signIn('frontdoor@harbour.example');
    let page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /data-qa="awaiting-written-confirmation"/);
    assert.match(page.text, /The form the procedure names \(camden Part 3 §2\)/);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;

    // Bad input: the error summary, the title prefixed, what was typed kept, no 500.
    const blank = await frontDoor.request('POST', `/front-door/contacts/${row.id}/written-confirmation`, { _csrf: csrfTokenIn(page.text), version, arrivedDate: '', arrivedTime: '25:00', form: 'caf', note: 'Kept note ✓' });
    assert.equal(blank.status, 400);
    assert.match(titleOf(blank.text), /^Error: /);
    assert.match(blank.text, /There is a problem/);
    assert.match(blank.text, /href="#arrivedDate"[^>]*>Enter the date the written referral arrived/);
    assert.match(blank.text, /Kept note ✓/);
    const future = await frontDoor.request('POST', `/front-door/contacts/${row.id}/written-confirmation`, { _csrf: csrfTokenIn(page.text), version, arrivedDate: '20/11/2026', arrivedTime: '09:00', form: 'caf' });
    assert.equal(future.status, 400);
    assert.match(future.text, /must be today or in the past/);

    const ok = await frontDoor.request('POST', `/front-door/contacts/${row.id}/written-confirmation`, { _csrf: csrfTokenIn(page.text), version, arrivedDate: '17/11/2026', arrivedTime: '14:15', form: 'caf', note: 'Signed CAF from the school.' });
    assert.equal(ok.status, 303);
    const [stopped] = await h.clock(row.id, 'written-confirmation');
    assert.equal(stopped!.stopped_at!.toISOString(), londonInstant('2026-11-17', 14, 15).toISOString());
    assert.equal(stopped!.stop_reason, 'referral-confirmed-in-writing');
    assert.ok(stopped!.stopped_at! <= stopped!.due_at, 'met within 48 hours');

    // A second save on the old version is refused as stale, nothing overwritten.
    const stale = await frontDoor.request('POST', `/front-door/contacts/${row.id}/written-confirmation`, { _csrf: csrfTokenIn(page.text), version, arrivedDate: '17/11/2026', arrivedTime: '15:00', form: 'letter' });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /Another person updated this concern/);
    const after = await h.contactByKey(fields.idempotencyKey as string);
    assert.equal(after.written_confirmation_form, 'caf');

    page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /data-qa="written-confirmation"[\s\S]*Common Assessment Framework \(CAF\)[\s\S]*Signed CAF from the school\./);
    queue = await frontDoor.get('/front-door?status=decided');
    assert.match(queue.text, new RegExp(`${row.reference}</a>[\\s\\S]*?data-qa="confirmed-in-writing"`));
    const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('record_id', '=', row.id).where('title', 'like', '%confirmed in writing').executeTakeFirst();
    assert.ok(entry, 'on the chronology');
    assert.equal(entry.child_id, after.child_id);
    const audit = await harbour.db.selectFrom('audit_events').select('action').where('entity_id', '=', row.id).where('action', '=', 'contact.confirmed-in-writing').execute();
    assert.equal(audit.length, 1);
  });

  it('camden Part 3 §2: a written confirmation after 48 hours stops the clock late', async () => {
    const sw = await h.as('social.worker@harbour.example');
    const fields = referral({ childGivenName: 'Lena', childFamilyName: 'Marsh' });
    await sw.submit('/referrals/new', '/referrals', fields);
    const row = await h.contactByKey(fields.idempotencyKey as string);
    harbour.clock.set(new Date(MONDAY_MORNING.getTime() + 60 * HOUR));
    const frontDoor = await h.as('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /data-qa="clock-written-confirmation"[\s\S]*?Overdue/);
    const ok = await frontDoor.request('POST', `/front-door/contacts/${row.id}/written-confirmation`, { _csrf: csrfTokenIn(page.text), version: String(row.version), arrivedDate: '18/11/2026', arrivedTime: '20:00', form: 'caf' });
    assert.equal(ok.status, 303);
    const [stopped] = await h.clock(row.id, 'written-confirmation');
    assert.ok(stopped!.stopped_at! > stopped!.due_at, 'met late');
  });

  it('refuses the written confirmation of another authority’s referral, and one from someone without the front-door role', async () => {
    const sw = await h.as('social.worker@harbour.example');
    const fields = referral({ childGivenName: 'Ola', childFamilyName: 'Berg' });
    await sw.submit('/referrals/new', '/referrals', fields);
    const row = await h.contactByKey(fields.idempotencyKey as string);
    const frontDoor = await h.as('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    await harbour.db.insertInto('local_authorities').values({ id: 'elsewhere', name: 'Elsewhere', profile_id: 'camden' }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await harbour.db.updateTable('contacts').set({ local_authority_id: 'elsewhere' }).where('id', '=', row.id).execute();
    const refused = await frontDoor.request('POST', `/front-door/contacts/${row.id}/written-confirmation`, { _csrf: csrfTokenIn(page.text), version: String(row.version), arrivedDate: '16/11/2026', arrivedTime: '10:30', form: 'caf' });
    assert.equal(refused.status, 403);
    await harbour.db.updateTable('contacts').set({ local_authority_id: row.local_authority_id }).where('id', '=', row.id).execute();
    const teacher = await h.as('teacher@harbour.example');
    const home = await teacher.get('/');
    const notFrontDoor = await teacher.request('POST', `/front-door/contacts/${row.id}/written-confirmation`, { _csrf: csrfTokenIn(home.text), version: String(row.version), arrivedDate: '16/11/2026', arrivedTime: '10:30', form: 'caf' });
    assert.equal(notFrontDoor.status, 403);
    assert.equal((await h.contactByKey(fields.idempotencyKey as string)).written_confirmation_at, null);
  });

  it('camden Part 3 §3.3: each category decision starts a 3-month re-assessment clock and the next one stops it; on the coordinator’s list', async () => {
    const kase = await harbour.db.selectFrom('cases').select(['id', 'reference']).where('category', 'is not', null).where('status', '=', 'open').orderBy('reference').executeTakeFirstOrThrow();
    const awaiting = await harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', kase.id).where('status', '=', 'awaiting').executeTakeFirst();
    assert.equal(awaiting, undefined, 'a case with no referral waiting');
    const form = `/cases/${kase.id}/risk/category`;
    const decide = async (category: string, rationale: string) => {
      const coordinator = await h.as('coordinator@harbour.example');
      const page = await coordinator.get(form);
      const caseVersion = /name="caseVersion" value="(\d+)"/.exec(page.text)![1]!;
      const res = await coordinator.request('POST', form, { _csrf: csrfTokenIn(page.text), category, rationale, caseVersion });
      assert.equal(res.status, 303, res.text.slice(0, 300));
    };
    const reassessment = () => harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', kase.id).where('rule_id', '=', 'risk-reassessment').orderBy('started_at').execute();
    await decide('2', 'Opportunistic exchange of sex for accommodation.');
    let clocks = await reassessment();
    assert.equal(clocks.length, 1);
    assert.equal(clocks[0]!.stopped_at, null);
    assert.equal(londonInstant('2027-02-16', 0, 0) <= clocks[0]!.due_at && clocks[0]!.due_at < londonInstant('2027-02-17', 0, 0), true, `3 months after 16 November 2026: ${clocks[0]!.due_at.toISOString()}`);
    const coordinatorList = await (await h.as('coordinator@harbour.example')).get('/work/cse');
    assert.match(coordinatorList.text, /data-qa="reassessment-due">Risk re-assessment due 16 February 2027/);
    // Due within a week: on the lead professional's work list (and the coordinator's, who owns it).
    harbour.clock.set(londonInstant('2027-02-12', 9, 0));
    const lead = await harbour.db.selectFrom('cases').innerJoin('users', 'users.id', 'cases.lead_professional_id').select('users.email').where('cases.id', '=', kase.id).executeTakeFirstOrThrow();
    for (const email of [lead.email, 'coordinator@harbour.example']) {
      const home = await (await h.as(email)).get('/');
      assert.match(home.text, new RegExp(`data-qa="clock-${clocks[0]!.id}"`), `${email}'s work list`);
    }
    harbour.clock.set(MONDAY_MORNING);

    harbour.clock.set(londonInstant('2026-12-01', 9, 0));
    await decide('3', 'Now habitual: coercion is implicit.');
    clocks = await reassessment();
    assert.equal(clocks.length, 2);
    assert.equal(clocks[0]!.stop_reason, 'risk-category-reassessed');
    near(clocks[0]!.stopped_at, londonInstant('2026-12-01', 9, 0));
    assert.equal(clocks[1]!.stopped_at, null);
  });
});

describe(`front door's missing steps under bedford-luton (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const h = helpers(() => harbour);
  before(async () => {
    harbour = await startTestHarbour({ env: { HARBOUR_PROFILE: 'bedford-luton' } });
  });
  beforeEach(() => harbour.clock.set(MONDAY_MORNING));
  after(async () => {
    await harbour?.stop();
  });

  it('bedford-luton 2.8, 12.4: the forms ask when the concern became apparent; the 24-hour clock starts then and the submission stops it (met, or met late)', async () => {
    const teacher = await h.as('teacher@harbour.example');
    const form = await teacher.get('/concerns/new');
    assert.match(form.text, /When did the concern become apparent to you\?/);
    assert.match(form.text, /certainly within 24 hours of that moment \(bedford-luton 2\.8, 12\.4\)/);
    const soon = concern({ observedDate: '16/11/2026', observedTime: '07:30' });
    assert.equal((await teacher.submit('/concerns/new', '/concerns', soon)).status, 303);
    const met = (await h.clock((await h.contactByKey(soon.idempotencyKey as string)).id, 'referral-to-social-care'))[0]!;
    assert.equal(met.started_at.toISOString(), londonInstant('2026-11-16', 7, 30).toISOString());
    near(met.stopped_at, MONDAY_MORNING);
    assert.equal(met.stop_reason, 'referral-made');
    assert.ok(met.stopped_at! <= met.due_at);

    const late = concern({ observedDate: '14/11/2026', observedTime: '18:00', childGivenName: 'Remi' });
    await teacher.submit('/concerns/new', '/concerns', late);
    const lateClock = (await h.clock((await h.contactByKey(late.idempotencyKey as string)).id, 'referral-to-social-care'))[0]!;
    assert.ok(lateClock.stopped_at! > lateClock.due_at, 'met late');

    const future = await teacher.submit('/concerns/new', '/concerns', concern({ observedDate: '17/11/2026' }));
    assert.equal(future.status, 400);
    assert.match(titleOf(future.text), /^Error: /);
    assert.match(future.text, /href="#observedDate"/);
  });

  it('bedford-luton 2.8: a draft referral with the moment starts the clock on the referrer’s work list; a corrected moment moves it; the submission stops it', async () => {
    const referrer = await h.as('referrer@harbour.example');
    const key = randomUUID();
    const draft = await referrer.submit('/referrals/new', '/referrals', { idempotencyKey: key, action: 'draft', narrative: 'Half written', observedDate: '16/11/2026', observedTime: '09:00' });
    assert.equal(draft.status, 200);
    const row = await h.contactByKey(key);
    assert.equal(row.status, 'draft');
    let [running] = await h.clock(row.id, 'referral-to-social-care');
    assert.equal(running!.stopped_at, null);
    assert.equal(running!.owner_user_id, row.raised_by);
    const home = await referrer.get('/');
    assert.match(home.text, /data-qa="clock-referral-to-social-care"|Concern referred to CSC\/IAT/);
    await referrer.submit('/referrals/new', '/referrals', { idempotencyKey: key, action: 'draft', narrative: 'Half written', observedDate: '16/11/2026', observedTime: '08:00' });
    const moved = await h.clock(row.id, 'referral-to-social-care');
    assert.equal(moved.length, 1, 'moved, not started twice');
    assert.equal(moved[0]!.started_at.toISOString(), londonInstant('2026-11-16', 8, 0).toISOString());

    harbour.clock.set(new Date(MONDAY_MORNING.getTime() + 2 * HOUR));
    await referrer.signIn('referrer@harbour.example');
    const sent = await referrer.submit('/referrals/new', '/referrals', referral({ idempotencyKey: key, observedDate: '16/11/2026', observedTime: '08:00', channel: 'online', urgent: '' }));
    assert.equal(sent.status, 303);
    [running] = await h.clock(row.id, 'referral-to-social-care');
    near(running!.stopped_at, new Date(MONDAY_MORNING.getTime() + 2 * HOUR));
    assert.equal(running!.stop_reason, 'referral-made');
  });

  it('bedford-luton 11.4: police protection decided at the front door starts the 72-hour clock; the outcome recorded on the case stops it', async () => {
    const sw = await h.as('social.worker@harbour.example');
    const fields = referral({ childGivenName: 'Jade', childFamilyName: 'Hollis', urgent: '' });
    await sw.submit('/referrals/new', '/referrals', fields);
    const row = await h.contactByKey(fields.idempotencyKey as string);
    const frontDoor = await h.as('frontdoor@harbour.example');
    const caseId = await h.identifyAndDecide(frontDoor, row.id, { decision: 'immediate-protective-action', reasons: 'Found at a flat with adults; police took her.', protectiveAction: 'police-protection-s46', protectiveActionDate: '16/11/2026', protectiveActionTime: '02:00' });
    const protection = await harbour.db.selectFrom('police_protections').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(protection.started_at.toISOString(), londonInstant('2026-11-16', 2, 0).toISOString());
    const clockRow = () => harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).where('rule_id', '=', 'police-protection').executeTakeFirstOrThrow();
    const started = await clockRow();
    assert.equal(started.due_at.getTime() - started.started_at.getTime(), 72 * HOUR);
    assert.equal(started.source, 'bedford-luton 11.4, Relevant clauses of UK legislation (Section 46)');

    const list = await frontDoor.get(`/cases/${caseId}/police-protection`);
    assert.equal(list.status, 200);
    assert.match(list.text, /data-qa="in-police-protection"/);
    const outcomePath = `/cases/${caseId}/police-protection/${protection.id}/outcome`;
    const page = await frontDoor.get(outcomePath);
    const bad = await frontDoor.request('POST', outcomePath, { _csrf: csrfTokenIn(page.text), version: '1', outcome: 'other', outcomeDetail: '', endedDate: '16/11/2026', endedTime: '09:00' });
    assert.equal(bad.status, 400);
    assert.match(titleOf(bad.text), /^Error: /);
    assert.match(bad.text, /href="#outcomeDetail"[^>]*>Describe the outcome/);
    const missing = await frontDoor.request('POST', outcomePath, { _csrf: csrfTokenIn(page.text), version: '1', endedDate: '', endedTime: '' });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /Choose the outcome of police protection/);

    const outsider = await h.as('teacher@harbour.example');
    const outsiderHome = await outsider.get('/');
    const forbidden = await outsider.request('POST', outcomePath, { _csrf: csrfTokenIn(outsiderHome.text), version: '1', outcome: 'returned-home', endedDate: '16/11/2026', endedTime: '09:00' });
    assert.equal(forbidden.status, 403);

    const ok = await frontDoor.request('POST', outcomePath, { _csrf: csrfTokenIn(page.text), version: '1', outcome: 'accommodated-s20', endedDate: '16/11/2026', endedTime: '09:00' });
    assert.equal(ok.status, 303);
    const stopped = await clockRow();
    assert.equal(stopped.stopped_at!.toISOString(), londonInstant('2026-11-16', 9, 0).toISOString());
    assert.equal(stopped.stop_reason, 'police-protection-ended');
    const stale = await frontDoor.request('POST', outcomePath, { _csrf: csrfTokenIn(page.text), version: '1', outcome: 'returned-home', endedDate: '16/11/2026', endedTime: '10:00' });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /changed this police protection/);
    const chronology = await harbour.db.selectFrom('chronology_entries').select('title').where('record_id', '=', protection.id).orderBy('occurred_at').execute();
    assert.deepEqual(chronology.map((c) => c.title), ['Police protection started (Children Act 1989 s46)', 'Police protection ended: Accommodated by the local authority (Children Act 1989 s20)']);
    const audit = await harbour.db.selectFrom('audit_events').select('action').where('entity_id', '=', protection.id).execute();
    assert.deepEqual(audit.map((a) => a.action), ['police-protection.ended']);
  });

  it('bedford-luton 11.4: police protection recorded from the case starts the clock; a second open one is refused', async () => {
    const kase = await harbour.db.selectFrom('cases').select(['id']).where('status', '=', 'open').orderBy('reference').executeTakeFirstOrThrow();
    const sw = await h.as('social.worker@harbour.example');
    const page = await sw.get(`/cases/${kase.id}/police-protection`);
    assert.equal(page.status, 200);
    const future = await sw.request('POST', `/cases/${kase.id}/police-protection`, { _csrf: csrfTokenIn(page.text), startedDate: '17/11/2026', startedTime: '09:00' });
    assert.equal(future.status, 400);
    assert.match(future.text, /must be now or in the past/);
    const ok = await sw.request('POST', `/cases/${kase.id}/police-protection`, { _csrf: csrfTokenIn(page.text), startedDate: '16/11/2026', startedTime: '06:00', note: 'Taken by PC 123 from a hotel.' });
    assert.equal(ok.status, 303);
    const clocks = await harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', kase.id).where('rule_id', '=', 'police-protection').execute();
    assert.equal(clocks.length, 1);
    assert.equal(clocks[0]!.stopped_at, null);
    const again = await sw.request('POST', `/cases/${kase.id}/police-protection`, { _csrf: csrfTokenIn(page.text), startedDate: '16/11/2026', startedTime: '07:00' });
    assert.equal(again.status, 400);
    assert.match(again.text, /already recorded as in police protection/);
  });

  it('bedford-luton 2.7, 12.3: an out-of-hours contact is handed back from the Emergency Duty Team to the day team; the queue shows who handed over', async () => {
    harbour.clock.set(londonInstant('2026-11-14', 23, 10));
    const teacher = await h.as('teacher@harbour.example');
    const fields = concern({ childGivenName: 'Sol' });
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = await h.contactByKey(fields.idempotencyKey as string);
    assert.equal(row.out_of_hours, true);
    harbour.clock.set(MONDAY_MORNING);
    const frontDoor = await h.as('frontdoor@harbour.example');
    let queue = await frontDoor.get('/front-door');
    assert.match(queue.text, new RegExp(`${row.reference}</a>[\\s\\S]*?Out of hours: Emergency Duty Team[\\s\\S]*?data-qa="awaiting-handover"`));
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /Handover from the Emergency Duty Team/);
    const blank = await frontDoor.request('POST', `/front-door/contacts/${row.id}/handover`, { _csrf: csrfTokenIn(page.text), version: String(row.version), handoverDone: '', handoverOutstanding: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /Say what was done out of hours/);
    const ok = await frontDoor.request('POST', `/front-door/contacts/${row.id}/handover`, { _csrf: csrfTokenIn(page.text), version: String(row.version), handoverDone: 'Spoke to mother; child home safe.', handoverOutstanding: 'Check with school on Monday.' });
    assert.equal(ok.status, 303);
    queue = await frontDoor.get('/front-door');
    assert.match(queue.text, /data-qa="handed-over">Handed over by Farah Doorley[\s\S]*?Outstanding: Check with school on Monday\./);
    const again = await frontDoor.request('POST', `/front-door/contacts/${row.id}/handover`, { _csrf: csrfTokenIn(page.text), version: String(row.version + 1), handoverDone: 'x', handoverOutstanding: 'y' });
    assert.equal(again.status, 400);
    assert.match(again.text, /already been handed over/);
  });
});
