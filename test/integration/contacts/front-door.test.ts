// Issue 4 through HTTP: concerns, referrals, the public form, the front door's queue, matching and decisions.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time: inside office hours. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

const concern = (overrides: Record<string, string | string[]> = {}) => ({
  idempotencyKey: randomUUID(),
  narrative: 'Seen getting into a silver car with two older men outside the chicken shop after school.',
  childKnownAs: 'Little T',
  childApproximateAge: '14',
  childDescription: 'Slim, braids, school uniform',
  immediateDanger: 'no',
  dslConsulted: 'yes',
  ...overrides,
});

const referral = (overrides: Record<string, string | string[]> = {}) => ({
  idempotencyKey: randomUUID(),
  action: 'submit',
  channel: 'phone',
  narrative: 'Mother reports her daughter has been picked up late at night by adults in cars.',
  childGivenName: 'Maisie',
  childFamilyName: 'Clarke',
  childDateOfBirth: '12/04/2012',
  childAddress: '3 Test Street, London',
  childWard: 'Kilburn',
  dslConsulted: 'not-applicable',
  ...overrides,
});

describe(`concerns, referrals and the front door (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const ids = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) ids.set(u.email, u.id);
  });
  beforeEach(() => harbour.clock.set(MONDAY_MORNING));
  after(async () => {
    await harbour?.stop();
  });

  const contactByKey = (key: string) => harbour.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  const clocksOf = (contactId: string) => harbour.db.selectFrom('clocks').selectAll().where('referral_id', '=', contactId).orderBy('rule_id').execute();

  it('logs a professional’s concern with only a nickname and an approximate age (camden Part 4 §10.3), identity from the account', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const fields = concern();
    const res = await teacher.submit('/concerns/new', '/concerns', fields);
    assert.equal(res.status, 303);
    const row = await contactByKey(fields.idempotencyKey as string);
    assert.ok(row);
    assert.equal(row.kind, 'professional-concern');
    assert.equal(row.raised_by, ids.get('teacher@harbour.example'));
    assert.equal(row.child_known_as, 'Little T');
    assert.equal(row.child_approximate_age, 14);
    assert.equal(row.status, 'received');
    const sent = await teacher.get(res.location!);
    assert.match(sent.text, new RegExp(`data-qa="reference">${row.reference}<`));
  });

  it('creates one record for a double submission', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const page = await teacher.get('/concerns/new');
    const fields = { _csrf: csrfTokenIn(page.text), ...concern() };
    const [a, b] = await Promise.all([teacher.request('POST', '/concerns', fields), teacher.request('POST', '/concerns', fields)]);
    assert.equal(a.status, 303);
    assert.equal(b.status, 303);
    assert.equal(a.location, b.location);
    const rows = await harbour.db.selectFrom('contacts').select('id').where('idempotency_key', '=', fields.idempotencyKey as string).execute();
    assert.equal(rows.length, 1);
  });

  it('refuses missing fields with the GOV.UK error summary and keeps what was typed', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const res = await teacher.submit('/concerns/new', '/concerns', concern({ narrative: '', dslConsulted: '', childDescription: 'Kept text ✓ 子供' }));
    assert.equal(res.status, 400);
    assert.match(titleOf(res.text), /^Error: /);
    assert.match(res.text, /There is a problem/);
    assert.match(res.text, /href="#narrative">Describe what you saw or heard</);
    assert.match(res.text, /href="#dslConsulted">/);
    assert.match(res.text, /Kept text ✓ 子供/);
  });

  it('refuses a date of birth in the future, an impossible date, and an age of 18 or over unless a care leaver (flagged)', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const future = await teacher.submit('/concerns/new', '/concerns', concern({ childDateOfBirth: '01/01/2030', childApproximateAge: '' }));
    assert.equal(future.status, 400);
    assert.match(future.text, /Date of birth must be today or in the past/);
    const impossible = await teacher.submit('/concerns/new', '/concerns', concern({ childDateOfBirth: '30/02/2012', childApproximateAge: '' }));
    assert.match(impossible.text, /Date of birth must be a real date/);
    const adult = await teacher.submit('/concerns/new', '/concerns', concern({ childApproximateAge: '19' }));
    assert.equal(adult.status, 400);
    assert.match(adult.text, /must be under 18/);
    const careLeaver = concern({ childApproximateAge: '19', childCareLeaver: 'yes' });
    assert.equal((await teacher.submit('/concerns/new', '/concerns', careLeaver)).status, 303);
    assert.equal((await contactByKey(careLeaver.idempotencyKey as string))?.child_care_leaver, true);
  });

  it('stores HTML and SQL fragments verbatim and shows them escaped', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const nasty = `<script>alert("x")</script> '); drop table children; -- ${'é'.repeat(3)}`;
    const fields = concern({ narrative: nasty });
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = await contactByKey(fields.idempotencyKey as string);
    assert.equal(row?.narrative, nasty);
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row!.id}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /<script>alert/);
    assert.match(page.text, /&lt;script&gt;alert/);
  });

  it('an urgent phone referral under camden starts the 48-hour written-confirmation clock, shown with its due moment (camden Part 3 §2)', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const fields = referral({ urgent: 'yes' });
    const res = await sw.submit('/referrals/new', '/referrals', fields);
    assert.equal(res.status, 303);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    const clocks = await clocksOf(row.id);
    const written = clocks.find((c) => c.rule_id === 'written-confirmation');
    assert.ok(written, 'written-confirmation clock started');
    assert.equal(written.due_at.toISOString(), new Date(row.received_at!.getTime() + 48 * 3_600_000).toISOString());
    const told = clocks.find((c) => c.rule_id === 'referrer-told-outcome')!;
    assert.equal(told.due_at.getTime() - row.received_at!.getTime(), 24 * 3_600_000);
    const assessment = clocks.find((c) => c.rule_id === 'initial-assessment')!;
    assert.equal(assessment.due_at.toISOString(), londonInstant('2026-11-23', 23, 59, 59, 999).toISOString());

    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /data-qa="clock-written-confirmation"/);
    assert.match(page.text, /Due <time datetime="2026-11-18T10:30/);
    assert.match(page.text, /23 November 2026 at 11:59pm/);
  });

  it('routes by the ward of the child’s address (camden Appendix 2), leaving an unknown ward for the duty worker', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const north = referral({ childWard: 'Kilburn' });
    const south = referral({ childWard: 'Holborn' });
    const unknown = referral({ childWard: '' });
    for (const f of [north, south, unknown]) assert.equal((await sw.submit('/referrals/new', '/referrals', f)).status, 303);
    assert.equal((await contactByKey(north.idempotencyKey as string))?.routed_team, 'north');
    assert.equal((await contactByKey(south.idempotencyKey as string))?.routed_team, 'south');
    assert.equal((await contactByKey(unknown.idempotencyKey as string))?.routed_team, null);
  });

  it('the queue names children, so it audits each contact it shows, and nothing for an empty page (DESIGN.md: every read of a child’s record is audited)', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const fields = concern({ childKnownAs: 'Queue Audit Kid' });
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const last = await harbour.db.selectFrom('audit_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const listed = () => harbour.db.selectFrom('audit_events').select(['entity_id', 'details']).where('action', '=', 'contact.listed').where('id', '>', Number(last.id ?? 0)).execute();
    const queue = await frontDoor.get('/front-door');
    assert.equal(queue.status, 200);
    assert.match(queue.text, /Queue Audit Kid/);
    const rows = await listed();
    assert.ok(rows.some((r) => r.entity_id === row.id), 'the contact shown has its contact.listed row');
    const shown = [...queue.text.matchAll(/href="\/front-door\/contacts\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    assert.deepEqual(new Set(rows.map((r) => r.entity_id)), new Set(shown), 'one row for each contact on the page, no more');
    const before = (await listed()).length;
    const empty = await frontDoor.get('/front-door?page=999');
    assert.equal(empty.status, 200);
    assert.equal((await listed()).length, before, 'an empty page writes nothing');
  });

  it('marks contacts received out of hours for the out-of-hours team', async () => {
    harbour.clock.set(londonInstant('2026-11-21', 22, 15));
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const fields = concern();
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    assert.equal(row.out_of_hours, true);
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const queue = await frontDoor.get('/front-door');
    assert.match(queue.text, /data-qa="out-of-hours"/);
  });

  it('saves a half-finished referral as a draft and sends it later, losing nothing', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('social.worker@harbour.example');
    const key = randomUUID();
    const draft = await sw.submit('/referrals/new', '/referrals', { idempotencyKey: key, action: 'draft', narrative: 'Half written, to finish after the visit', childGivenName: 'Ruby' });
    assert.equal(draft.status, 200);
    assert.match(draft.text, /Draft <strong>R-/);
    const row = (await contactByKey(key))!;
    assert.equal(row.status, 'draft');
    const resumed = await sw.get(`/referrals/drafts/${row.id}`);
    assert.match(resumed.text, /Half written, to finish after the visit/);
    assert.match(resumed.text, /value="Ruby"/);
    const other = new Browserish(harbour.url);
    await other.signIn('teacher@harbour.example');
    assert.equal((await other.get(`/referrals/drafts/${row.id}`)).status, 404);
    const sent = await sw.request('POST', '/referrals', { _csrf: csrfTokenIn(resumed.text), ...referral({ idempotencyKey: key, childGivenName: 'Ruby' }) });
    assert.equal(sent.status, 303);
    const after = (await contactByKey(key))!;
    assert.equal(after.status, 'received');
    assert.equal(after.id, row.id);
    assert.equal(after.child_given_name, 'Ruby');
  });

  it('the front-door queue lists contacts with the earliest deadline first, filterable by team, and pages', async () => {
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const res = await frontDoor.get('/front-door');
    assert.equal(res.status, 200);
    const dues = [...res.text.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1]!);
    assert.ok(dues.length >= 3);
    assert.deepEqual(dues, [...dues].sort());
    const north = await frontDoor.get('/front-door?team=north');
    const table = north.text.slice(north.text.indexOf('data-qa="queue"'));
    assert.match(table, /Social Work Service North duty/);
    assert.doesNotMatch(table, /Social Work Service South duty/);
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    assert.equal((await teacher.get('/front-door')).status, 403);
  });

  it('finds a known child by a misspelt name, links the concern, and decides no further action: the referrer is told why, in the app and by e-mail', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const fields = concern({ childGivenName: 'Jayde', childFamilyName: 'Thomson', childKnownAs: '', childApproximateAge: '15' });
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /data-qa="matches"/);
    assert.match(page.text, /Jade Thompson/);
    const jade = await harbour.db.selectFrom('children').select('id').where('given_name', '=', 'Jade').executeTakeFirstOrThrow();
    const linked = await frontDoor.request('POST', `/front-door/contacts/${row.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(row.version), identification: 'linked', childId: jade.id });
    assert.equal(linked.status, 303);
    const afterLink = (await contactByKey(fields.idempotencyKey as string))!;
    assert.equal(afterLink.child_id, jade.id);
    assert.ok(afterLink.case_id, 'linked to the child’s open case');
    // camden Part 3 §2: the 7-day initial assessment is for a child not known to social care; Jade is known (open case).
    const assessment = (await clocksOf(row.id)).find((c) => c.rule_id === 'initial-assessment')!;
    assert.equal(assessment.stop_reason, 'not-required:child-not-known-to-social-care');

    const decisionPage = await frontDoor.get(`/front-door/contacts/${row.id}`);
    const decided = await frontDoor.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(decisionPage.text), version: String(afterLink.version), decision: 'no-further-action', reasons: 'Already known and the allocated worker has this in hand; no new risk.' });
    assert.equal(decided.status, 303);
    const notes = await harbour.db.selectFrom('notifications').select(['title', 'body', 'link']).where('user_id', '=', ids.get('teacher@harbour.example')!).where('kind', '=', 'referral-outcome').execute();
    assert.equal(notes.length, 1);
    assert.match(notes[0]!.body, /no new risk/);
    const outbox = await harbour.db.selectFrom('outbox').select('payload').execute();
    assert.ok(outbox.some((o) => (o.payload as { userId?: string; notificationKind?: string }).notificationKind === 'referral-outcome'));
    const told = (await clocksOf(row.id)).find((c) => c.rule_id === 'referrer-told-outcome')!;
    assert.equal(told.stop_reason, 'referrer-informed-of-outcome');
    const chronology = await harbour.db.selectFrom('chronology_entries').select(['kind', 'title']).where('record_id', '=', row.id).orderBy('occurred_at').execute();
    assert.deepEqual(chronology.map((c) => c.kind), ['concern', 'decision']);

    const own = await teacher.get(`/concerns/${row.id}`);
    assert.equal(own.status, 200);
    assert.match(own.text, /data-qa="outcome"/);
    assert.match(own.text, /No further action/);
    const stranger = new Browserish(harbour.url);
    await stranger.signIn('outreach@harbour.example');
    assert.equal((await stranger.get(`/concerns/${row.id}`)).status, 403);
  });

  it('an initial assessment creates a new child and case, allocates the social worker and starts the assessment clock on the case', async () => {
    const sw = new Browserish(harbour.url);
    await sw.signIn('referrer@harbour.example');
    const fields = referral({ childGivenName: 'Zainab', childFamilyName: 'Quartermaine', childDateOfBirth: '02/02/2011', channel: 'online' });
    await sw.submit('/referrals/new', '/referrals', fields);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    let page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /data-qa="no-matches"/);
    await frontDoor.request('POST', `/front-door/contacts/${row.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(row.version), identification: 'new-child' });
    page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    const current = (await contactByKey(fields.idempotencyKey as string))!;
    const missingWorker = await frontDoor.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(current.version), decision: 'initial-assessment', reasons: 'Needs assessment of exploitation risk.' });
    assert.equal(missingWorker.status, 400);
    assert.match(missingWorker.text, /Choose the social worker to allocate/);
    const ok = await frontDoor.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(current.version), decision: 'initial-assessment', reasons: 'Needs assessment of exploitation risk.', allocatedWorkerId: ids.get('social.worker@harbour.example')! });
    assert.equal(ok.status, 303);
    const decided = (await contactByKey(fields.idempotencyKey as string))!;
    assert.ok(decided.case_id);
    const kase = await harbour.db.selectFrom('cases').selectAll().where('id', '=', decided.case_id).executeTakeFirstOrThrow();
    assert.equal(kase.lead_professional_id, ids.get('social.worker@harbour.example'));
    const network = await harbour.db.selectFrom('case_network').select('user_id').where('case_id', '=', kase.id).execute();
    assert.deepEqual(network.map((n) => n.user_id), [ids.get('social.worker@harbour.example')]);
    const assessment = (await clocksOf(row.id)).find((c) => c.rule_id === 'initial-assessment')!;
    assert.equal(assessment.case_id, kase.id);
    assert.equal(assessment.stopped_at, null);
    const worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    const casePage = await worker.get(`/cases/${kase.id}`);
    assert.equal(casePage.status, 200);
    assert.match(casePage.text, /data-qa="clock-initial-assessment"/);
  });

  it('under 13 with sexual activity presumes a strategy discussion and needs a recorded reason to decide otherwise (bedford-luton 3.10-3.11)', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const fields = concern({ childKnownAs: 'Bee', childApproximateAge: '11', sexualActivity: 'yes' });
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /a strategy discussion is presumed/);
    const refused = await frontDoor.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(row.version), decision: 'no-further-action', reasons: 'Information too vague to act on.', sexualActivity: 'yes' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /record why you decided otherwise/);
    assert.equal((await contactByKey(fields.idempotencyKey as string))!.status, 'received');
    const accepted = await frontDoor.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(row.version), decision: 'no-further-action', reasons: 'Information too vague to act on.', sexualActivity: 'yes', presumptionReason: 'Reporter confirmed it was a misunderstanding about a cousin; no sexual activity.' });
    assert.equal(accepted.status, 303);
    const stored = await harbour.db.selectFrom('contact_decisions').select(['presumption_reason', 'age_band']).where('contact_id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(stored.age_band, 'under-13');
    assert.match(stored.presumption_reason ?? '', /misunderstanding/);
  });

  it('13-15 with sexual activity: the 3.13 checklist is shown and must be answered (bedford-luton 3.13)', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const fields = concern({ childKnownAs: 'Cee', childApproximateAge: '14', sexualActivity: 'yes' });
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    const frontDoor = new Browserish(harbour.url);
    await frontDoor.signIn('frontdoor@harbour.example');
    const page = await frontDoor.get(`/front-door/contacts/${row.id}`);
    assert.match(page.text, /Checklist for a child aged 13 to 15/);
    const names = [...new Set([...page.text.matchAll(/name="(checklist-[^"]+)"/g)].map((m) => m[1]!))];
    assert.ok(names.length >= 10);
    const unanswered = await frontDoor.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(row.version), decision: 'no-further-action', reasons: 'Consensual relationship between peers of similar age.', sexualActivity: 'yes' });
    assert.equal(unanswered.status, 400);
    assert.match(unanswered.text, /Answer every question of the checklist/);
    const answers = Object.fromEntries(names.map((n) => [n, 'no']));
    const ok = await frontDoor.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(row.version), decision: 'no-further-action', reasons: 'Consensual relationship between peers of similar age.', sexualActivity: 'yes', ...answers });
    assert.equal(ok.status, 303);
    const stored = await harbour.db.selectFrom('contact_decisions').select('checklist').where('contact_id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(Object.keys(stored.checklist).length, names.length);
  });

  it('a second decision on a changed record is refused with what changed, and nothing is lost', async () => {
    const teacher = new Browserish(harbour.url);
    await teacher.signIn('teacher@harbour.example');
    const fields = concern({ childKnownAs: 'Dee' });
    await teacher.submit('/concerns/new', '/concerns', fields);
    const row = (await contactByKey(fields.idempotencyKey as string))!;
    const a = new Browserish(harbour.url);
    await a.signIn('frontdoor@harbour.example');
    const page = await a.get(`/front-door/contacts/${row.id}`);
    await a.request('POST', `/front-door/contacts/${row.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(row.version), identification: 'unidentified' });
    const stale = await a.request('POST', `/front-door/contacts/${row.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(row.version), decision: 'no-further-action', reasons: 'Nothing to act on at this point in time.' });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /Another person updated this concern/);
    assert.match(stale.text, /Nothing to act on at this point in time/);
    assert.equal((await contactByKey(fields.idempotencyKey as string))!.status, 'received');
  });

  it('a member of the public reports anonymously without an account and gets a reference; bots and floods are refused', async () => {
    const person = new Browserish(harbour.url);
    const form = await person.get('/report-a-concern');
    assert.equal(form.status, 200);
    assert.doesNotMatch(form.text, /Jade|Thompson|Kayleigh/);
    const started = /name="formStartedAt" value="([^"]+)"/.exec(form.text)![1]!;
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)![1]!;
    const base = { _csrf: csrfTokenIn(form.text), formStartedAt: started, narrative: 'A girl of about 13 keeps being collected from the park by men in a black van.', childApproximateAge: '13', childDescription: 'Red coat', website: '' };

    const tooFast = await person.request('POST', '/report-a-concern', { ...base, idempotencyKey: key });
    assert.equal(tooFast.status, 400);
    harbour.clock.advanceMinutes(1);
    const bot = await person.request('POST', '/report-a-concern', { ...base, idempotencyKey: randomUUID(), website: 'http://spam.example' });
    assert.equal(bot.status, 400);

    const ok = await person.request('POST', '/report-a-concern', { ...base, idempotencyKey: key });
    assert.equal(ok.status, 200);
    const reference = /data-qa="reference">([^<]+)</.exec(ok.text)?.[1];
    const row = (await contactByKey(key))!;
    assert.equal(reference, row.reference);
    assert.equal(row.kind, 'public-concern');
    assert.equal(row.raised_by, null);
    assert.equal(row.public_reporter, null);
    assert.doesNotMatch(ok.text, /Jade|Thompson|Kayleigh|Jayjay/);

    for (let i = 0; i < 4; i++) await person.request('POST', '/report-a-concern', { ...base, idempotencyKey: randomUUID() });
    const flooded = await person.request('POST', '/report-a-concern', { ...base, idempotencyKey: randomUUID() });
    assert.equal(flooded.status, 429);
    const count = await harbour.db.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'public-concern').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 5);
  });
});
