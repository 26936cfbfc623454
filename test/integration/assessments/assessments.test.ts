// Assessments through HTTP (issue 11; staffordshire 25-26, 29, 31; camden Part 3 §2): under camden and staffordshire
// an initial assessment from the triage decision to a manager's authorisation stops the 7-day clock; under
// staffordshire continuing risk of significant harm starts the strategy meeting's clock and the core assessment starts
// and stops the 35-working-day clock. Drafts keep exactly what was typed, a stale save is refused with both shown,
// someone who is not a manager is refused and audited, and sharing levels hide sections.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { SECTIONS_OF } from '../../../src/domain/assessments/index.ts';
import { CLOCK_EVENTS_SENT } from '../../../src/features/assessments/service.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

const full = (kind: 'initial' | 'core', extra: Record<string, string> = {}) => ({
  ...Object.fromEntries(SECTIONS_OF[kind].flatMap((id) => [[id, `What the assessment found about ${id}.`], [`${id}Sharing`, 'network']])),
  ...extra,
});

for (const profile of ['camden', 'staffordshire'] as const) {
  describe(`assessments under ${profile} (${databaseLabel})`, () => {
    let harbour: TestHarbour;
    const ids = new Map<string, string>();
    let caseId = '';
    let referralId = '';
    let assessmentId = '';

    before(async () => {
      harbour = await startTestHarbour({ env: { HARBOUR_PROFILE: profile } });
      harbour.clock.set(MONDAY_MORNING);
      for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) ids.set(u.email.split('@')[0]!, u.id);
    });
    after(async () => {
      await harbour?.stop();
    });

    const signedIn = async (who: string) => {
      const b = new Browserish(harbour.url);
      await b.signIn(`${who}@harbour.example`);
      return b;
    };
    const assessment = () => harbour.db.selectFrom('assessments').selectAll().where('id', '=', assessmentId).executeTakeFirstOrThrow();
    const sectionsOf = async (id: string) => Object.fromEntries((await harbour.db.selectFrom('assessment_sections').selectAll().where('assessment_id', '=', id).execute()).map((s) => [s.section_id, s]));
    const clocksOf = () => harbour.db.selectFrom('clocks').selectAll().where((eb) => eb.or([eb('case_id', '=', caseId), eb('referral_id', '=', referralId)])).execute();
    const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'actor_id', 'entity_id', 'details']).where('action', '=', action).orderBy('id').execute();

    it('the triage decision "initial assessment" opens a case that offers to start it, and starting it puts it on the chronology', async () => {
      const referrer = await signedIn('referrer');
      const key = randomUUID();
      await referrer.submit('/referrals/new', '/referrals', {
        idempotencyKey: key, action: 'submit', channel: 'online', narrative: 'Picked up late at night by adults in cars.', childGivenName: 'Ayla', childFamilyName: 'Brookes',
        childDateOfBirth: '02/02/2012', childAddress: '3 Test Street', childWard: 'Kilburn', dslConsulted: 'not-applicable',
      });
      const contact = await harbour.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
      referralId = contact.id;
      const frontDoor = await signedIn('frontdoor');
      let page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
      await frontDoor.request('POST', `/front-door/contacts/${contact.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(contact.version), identification: 'new-child' });
      page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
      const current = await harbour.db.selectFrom('contacts').select('version').where('id', '=', contact.id).executeTakeFirstOrThrow();
      const decided = await frontDoor.request('POST', `/front-door/contacts/${contact.id}/decision`, {
        _csrf: csrfTokenIn(page.text), version: String(current.version), decision: 'initial-assessment', reasons: 'Needs an assessment of exploitation risk.', allocatedWorkerId: ids.get('social.worker')!,
      });
      assert.equal(decided.status, 303);
      caseId = (await harbour.db.selectFrom('contacts').select('case_id').where('id', '=', contact.id).executeTakeFirstOrThrow()).case_id!;
      assert.match((await frontDoor.get(`/front-door/contacts/${contact.id}`)).text, /data-qa="start-initial-assessment"/);

      const clock = (await clocksOf()).find((c) => c.rule_id === 'initial-assessment');
      assert.ok(clock, 'the 7-day clock is running');
      assert.equal(clock.stopped_at, null);

      const worker = await signedIn('social.worker');
      assert.match((await worker.get(`/cases/${caseId}`)).text, /data-qa="initial-assessment-next"/);
      const list = await worker.get(`/cases/${caseId}/assessments`);
      assert.equal(list.status, 200);
      assert.match(list.text, /data-qa="start-initial"/);
      const started = await worker.submit(`/cases/${caseId}/assessments/new?kind=initial`, `/cases/${caseId}/assessments`, { kind: 'initial' });
      assert.equal(started.status, 303);
      assessmentId = /assessments\/([0-9a-f-]{36})\/edit/.exec(started.location!)![1]!;
      const row = await assessment();
      assert.equal(row.kind, 'initial');
      assert.equal(row.status, 'draft');
      assert.equal(row.referral_id, referralId);
      const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('record_type', '=', 'assessment').where('record_id', '=', assessmentId).executeTakeFirstOrThrow();
      assert.equal(entry.kind, 'assessment-started');
      assert.equal((await audits('assessment.started')).at(-1)!.entity_id, assessmentId);

      const again = await worker.submit(`/cases/${caseId}/assessments/new?kind=initial`, `/cases/${caseId}/assessments`, { kind: 'initial' });
      assert.equal(again.status, 400);
      assert.match(again.text, /An initial assessment is already in progress for this child/);
    });

    it('a draft keeps exactly what was typed, and every save keeps a version', async () => {
      const worker = await signedIn('social.worker');
      const form = `/cases/${caseId}/assessments/${assessmentId}/edit`;
      const typed = '  Half a thought,\n\n   with spaces kept   ';
      const saved = await worker.submit(form, form, { version: '1', action: 'save', developmentalNeeds: typed, developmentalNeedsSharing: 'network', parentingCapacity: '', parentingCapacitySharing: 'agency' });
      assert.equal(saved.status, 303);
      const sections = await sectionsOf(assessmentId);
      assert.equal(sections.developmentalNeeds!.body, typed);
      assert.equal(sections.parentingCapacity!.sharing_level, 'agency');
      assert.equal((await assessment()).version, 2);
      const versions = await harbour.db.selectFrom('assessment_section_versions').selectAll().where('assessment_id', '=', assessmentId).where('section_id', '=', 'developmentalNeeds').orderBy('version').execute();
      assert.deepEqual(versions.map((v) => [v.version, v.body]), [[1, ''], [2, typed]]);
      const page = await worker.get(form);
      assert.ok(page.text.includes('  Half a thought,\n\n   with spaces kept   </textarea>') || page.text.includes('Half a thought,'), 'the draft is shown again');
      await assert.rejects(harbour.db.deleteFrom('assessment_section_versions').where('assessment_id', '=', assessmentId).execute(), /append-only/);
    });

    it('a stale save is refused: nothing is overwritten and both the recorded text and the typed text are shown', async () => {
      const worker = await signedIn('social.worker');
      const form = `/cases/${caseId}/assessments/${assessmentId}/edit`;
      const stale = await worker.submit(form, form, { version: '1', action: 'save', developmentalNeeds: 'Typed in an old window.', developmentalNeedsSharing: 'network' });
      assert.equal(stale.status, 409);
      assert.match(titleOf(stale.text), /^Error: /);
      assert.match(stale.text, /changed this assessment at/);
      assert.match(stale.text, /data-qa="recorded-now"[\s\S]*Half a thought/);
      assert.match(stale.text, /Typed in an old window\./);
      assert.equal((await sectionsOf(assessmentId)).developmentalNeeds!.body, '  Half a thought,\n\n   with spaces kept   ');
      assert.equal((await assessment()).version, 2);
    });

    it('an incomplete submission saves the draft and names each blank section; a complete one goes to a manager', async () => {
      const worker = await signedIn('social.worker');
      const form = `/cases/${caseId}/assessments/${assessmentId}/edit`;
      const incomplete = await worker.submit(form, form, { version: '2', action: 'submit', developmentalNeeds: 'Doing well at school until September.', developmentalNeedsSharing: 'network', parentingCapacitySharing: 'agency', parentingCapacity: '' });
      assert.equal(incomplete.status, 400);
      assert.match(incomplete.text, /There is a problem/);
      assert.match(incomplete.text, /href="#parentingCapacity">Enter the parents’ or carers’ capacity to meet the child’s needs/);
      assert.match(incomplete.text, /href="#childsViews">Enter the child’s views/);
      assert.equal((await sectionsOf(assessmentId)).developmentalNeeds!.body, 'Doing well at school until September.', 'the draft was saved');
      assert.equal((await assessment()).status, 'draft');
      assert.match(incomplete.text, new RegExp(`name="version" value="${(await assessment()).version}"`), 'the form continues from the saved draft');

      const version = String((await assessment()).version);
      const submitted = await worker.submit(form, form, { ...full('initial', { parentingCapacitySharing: 'agency', parentingCapacity: 'Mother struggles with boundaries; health-confidential detail.' }), version, action: 'submit' });
      assert.equal(submitted.status, 303);
      const row = await assessment();
      assert.equal(row.status, 'submitted');
      assert.equal(row.submitted_by, ids.get('social.worker'));
      assert.ok(await harbour.db.selectFrom('chronology_entries').select('id').where('record_id', '=', assessmentId).where('kind', '=', 'assessment-submitted').executeTakeFirst());
    });

    it('sharing levels hide sections: another agency’s network member sees only what is shared with them', async () => {
      await harbour.db.insertInto('case_network').values({ case_id: caseId, user_id: ids.get('police')!, role_in_case: 'Police', added_by: ids.get('social.worker')!, added_at: MONDAY_MORNING }).execute();
      const police = await signedIn('police');
      const page = await police.get(`/cases/${caseId}/assessments/${assessmentId}`);
      assert.equal(page.status, 200);
      assert.match(page.text, /data-qa="section-developmentalNeeds"/);
      assert.doesNotMatch(page.text, /health-confidential detail/);
      assert.doesNotMatch(page.text, /data-qa="section-parentingCapacity"/);
      assert.match(page.text, /data-qa="hidden-sections">1 section is shared more narrowly/);
      const print = await police.get(`/cases/${caseId}/assessments/${assessmentId}/print`);
      assert.doesNotMatch(print.text, /health-confidential detail/);
      const opened = (await audits('assessment.opened')).filter((a) => a.actor_id === ids.get('police'));
      assert.equal(opened.length, 2);
      const worker = await signedIn('social.worker');
      assert.match((await worker.get(`/cases/${caseId}/assessments/${assessmentId}`)).text, /health-confidential detail/);
    });

    it('someone who is not a manager cannot authorise: refused and audited, nothing changes', async () => {
      const worker = await signedIn('social.worker');
      const page = await worker.get(`/cases/${caseId}/assessments/${assessmentId}`);
      const res = await worker.request('POST', `/cases/${caseId}/assessments/${assessmentId}/authorise`, { _csrf: csrfTokenIn(page.text), version: String((await assessment()).version) });
      assert.equal(res.status, 403);
      assert.equal((await assessment()).status, 'submitted');
      const denied = (await audits('assessment.authorised')).at(-1)!;
      assert.equal(denied.outcome, 'denied');
      assert.equal(denied.actor_id, ids.get('social.worker'));
      assert.equal((denied.details as { code: string }).code, 'not-a-manager');
      assert.equal((await clocksOf()).find((c) => c.rule_id === 'initial-assessment')!.stopped_at, null);
    });

    it('a manager may return it with a reason; the author submits again; a manager authorises it and the 7-day clock is met', async () => {
      const manager = await signedIn('manager');
      const returned = await manager.submit(`/cases/${caseId}/assessments/${assessmentId}/return`, `/cases/${caseId}/assessments/${assessmentId}/return`, { version: String((await assessment()).version), reason: 'Add the child’s own words.' });
      assert.equal(returned.status, 303);
      assert.equal((await assessment()).status, 'draft');
      const worker = await signedIn('social.worker');
      const form = `/cases/${caseId}/assessments/${assessmentId}/edit`;
      assert.match((await worker.get(form)).text, /Add the child’s own words\./);
      const resubmitted = await worker.submit(form, form, { ...full('initial', { childsViews: '“I just want it to stop.”' }), version: String((await assessment()).version), action: 'submit' });
      assert.equal(resubmitted.status, 303);

      harbour.clock.set(new Date(MONDAY_MORNING.getTime() + 3 * 86_400_000));
      const later3 = await signedIn('manager');
      const page = await later3.get(`/cases/${caseId}/assessments/${assessmentId}`);
      assert.match(page.text, /data-qa="authorise"/);
      const ok = await later3.request('POST', `/cases/${caseId}/assessments/${assessmentId}/authorise`, { _csrf: csrfTokenIn(page.text), version: String((await assessment()).version) });
      assert.equal(ok.status, 303);
      const row = await assessment();
      assert.equal(row.status, 'authorised');
      assert.equal(row.authorised_by, ids.get('manager'));
      const clock = (await clocksOf()).find((c) => c.rule_id === 'initial-assessment')!;
      assert.ok(clock.stopped_at, 'the 7-day clock stopped');
      assert.equal(clock.stop_reason, 'initial-assessment-completed');
      assert.ok(clock.stopped_at <= clock.due_at, 'met in time');
      const list = await later3.get(`/cases/${caseId}/assessments`);
      assert.match(list.text, /data-qa="assessment-clock">Initial assessment completed[\s\S]*?Met</);
      assert.ok(await harbour.db.selectFrom('chronology_entries').select('id').where('record_id', '=', assessmentId).where('kind', '=', 'assessment-authorised').executeTakeFirst());

      const workerLater = await signedIn('social.worker');
      const later = await workerLater.submit(form, form, { ...full('initial'), version: String(row.version), action: 'save' });
      assert.equal(later.status, 400);
      assert.match(later.text, /has been authorised: it cannot be changed/);
      const pdf = await later3.get(`/cases/${caseId}/assessments/${assessmentId}/print.pdf`);
      assert.equal(pdf.status, 200);
      assert.match(pdf.headers.get('content-type') ?? '', /application\/pdf/);
      assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
    });

    it('related children: a sibling referred to the front door lands in its queue as a real concern; no action needs a reason', async () => {
      harbour.clock.set(MONDAY_MORNING);
      const worker = await signedIn('social.worker');
      const started = await worker.submit(`/cases/${caseId}/assessments/new?kind=core`, `/cases/${caseId}/assessments`, { kind: 'core' });
      assert.equal(started.status, 303);
      const coreId = /assessments\/([0-9a-f-]{36})\/edit/.exec(started.location!)![1]!;
      const form = `/cases/${caseId}/assessments/${coreId}/related`;
      const formKey = async () => /name="formKey" value="([0-9a-f-]{36})"/.exec((await worker.get(form)).text)![1]!;
      const refused = await worker.submit(form, form, { formKey: await formKey(), name: 'Kai', relationship: 'peer', decision: 'no-action', reason: '' });
      assert.equal(refused.status, 400, refused.text.slice(refused.text.indexOf('There is a problem'), refused.text.indexOf('There is a problem') + 800));
      assert.match(refused.text, /href="#reason">Explain in at least 10 characters why no action is needed/);
      const referred = await worker.submit(form, form, { formKey: await formKey(), name: 'Mia Brookes', approximateAge: '11', relationship: 'sibling', decision: 'referred', reason: 'Younger sister seen with the same adults.' });
      assert.equal(referred.status, 303);
      const related = await harbour.db.selectFrom('assessment_related_children').selectAll().where('assessment_id', '=', coreId).execute();
      assert.equal(related.length, 1);
      const concern = await harbour.db.selectFrom('contacts').selectAll().where('id', '=', related[0]!.contact_id!).executeTakeFirstOrThrow();
      assert.equal(concern.kind, 'professional-concern');
      assert.equal(concern.status, 'received');
      assert.equal(concern.child_given_name, 'Mia Brookes');
      const queue = await (await signedIn('frontdoor')).get('/front-door');
      assert.match(queue.text, new RegExp(concern.reference));
      const own = await worker.submit(form, form, { formKey: await formKey(), name: 'Child of “Dee”', relationship: 'child-of-person-of-concern', personOfConcern: '', decision: 'assessed-here' });
      assert.match(own.text, /Enter the person of concern whose child this is/);
    });
  });
}

describe('the clock events the assessment service declares (issue 11)', () => {
  it('lists exactly the events it sends', () => {
    assert.deepEqual([...CLOCK_EVENTS_SENT].sort(), ['continuing-significant-harm-found', 'core-assessment-completed', 'core-assessment-started', 'initial-assessment-completed']);
  });
});

describe(`staffordshire: significant harm during the initial assessment, then the core assessment / Section 47 enquiry (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const ids = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour({ env: { HARBOUR_PROFILE: 'staffordshire' } });
    harbour.clock.set(MONDAY_MORNING);
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) ids.set(u.email.split('@')[0]!, u.id);
  });
  after(async () => {
    await harbour?.stop();
  });
  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };

  it('staffordshire 29, 31: the strategy meeting clock starts on the finding; the 35-working-day clock starts with the core assessment and stops on its authorisation; it leads into the Section 47 outcome', async () => {
    // A case allocated for an initial assessment, as the front door leaves it.
    const referrer = await signedIn('referrer');
    const key = randomUUID();
    await referrer.submit('/referrals/new', '/referrals', {
      idempotencyKey: key, action: 'submit', channel: 'online', narrative: 'Disclosed being taken to parties by older men.', childGivenName: 'Rosa', childFamilyName: 'Hale',
      childDateOfBirth: '02/02/2011', childAddress: '9 Test Road', childWard: 'Kilburn', dslConsulted: 'not-applicable',
    });
    const contact = await harbour.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const frontDoor = await signedIn('frontdoor');
    let page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    await frontDoor.request('POST', `/front-door/contacts/${contact.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(contact.version), identification: 'new-child' });
    page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    const { version } = await harbour.db.selectFrom('contacts').select('version').where('id', '=', contact.id).executeTakeFirstOrThrow();
    await frontDoor.request('POST', `/front-door/contacts/${contact.id}/decision`, { _csrf: csrfTokenIn(page.text), version: String(version), decision: 'initial-assessment', reasons: 'Needs an assessment of exploitation risk.', allocatedWorkerId: ids.get('social.worker')! });
    const caseId = (await harbour.db.selectFrom('contacts').select('case_id').where('id', '=', contact.id).executeTakeFirstOrThrow()).case_id!;
    const clock = (rule: string) => harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).where('rule_id', '=', rule).orderBy('started_at', 'desc').executeTakeFirst();

    const worker = await signedIn('social.worker');
    const started = await worker.submit(`/cases/${caseId}/assessments/new?kind=initial`, `/cases/${caseId}/assessments`, { kind: 'initial' });
    const initialId = /assessments\/([0-9a-f-]{36})\/edit/.exec(started.location!)![1]!;
    const harmForm = `/cases/${caseId}/assessments/${initialId}/significant-harm`;
    const blank = await worker.submit(harmForm, harmForm, { version: '1' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#early">Say whether this was found at an early stage of the initial assessment/);
    assert.equal(await clock('strategy-meeting'), undefined);
    const harm = await worker.submit(harmForm, harmForm, { version: '1', early: 'yes', details: 'Disclosed being given alcohol and taken to a flat by adults.' });
    assert.equal(harm.status, 303);
    const strategy = await clock('strategy-meeting');
    assert.ok(strategy, 'staffordshire 29: the strategy meeting clock started');
    assert.equal(strategy.stopped_at, null);
    assert.equal(strategy.due_at.toISOString(), '2026-11-18T23:59:59.999Z', 'the end of the second working day (Wednesday)');
    assert.ok(await harbour.db.selectFrom('chronology_entries').select('id').where('record_id', '=', initialId).where('kind', '=', 'significant-harm-found').executeTakeFirst());

    // The page offers the core assessment / Section 47 enquiry (staffordshire 31).
    const initialPage = await worker.get(`/cases/${caseId}/assessments/${initialId}`);
    assert.match(initialPage.text, /data-qa="start-core-from"/);
    const core = await worker.request('POST', `/cases/${caseId}/assessments`, { _csrf: csrfTokenIn(initialPage.text), kind: 'core', fromAssessmentId: initialId });
    assert.equal(core.status, 303);
    const coreId = /assessments\/([0-9a-f-]{36})\/edit/.exec(core.location!)![1]!;
    const coreRow = await harbour.db.selectFrom('assessments').selectAll().where('id', '=', coreId).executeTakeFirstOrThrow();
    assert.equal(coreRow.from_assessment_id, initialId);
    const coreClock = await clock('core-assessment');
    assert.ok(coreClock, 'staffordshire 31: the core assessment clock started');
    assert.equal(coreClock.started_at.toISOString(), coreRow.started_at.toISOString(), 'started when the core assessment started');
    assert.equal(coreClock.due_at.toISOString(), '2027-01-07T23:59:59.999Z', '35 working days, skipping the Christmas, Boxing Day (substitute) and New Year bank holidays');

    const form = `/cases/${caseId}/assessments/${coreId}/edit`;
    const incomplete = await worker.submit(form, form, { ...full('initial'), version: '1', action: 'submit' });
    assert.equal(incomplete.status, 400);
    assert.match(incomplete.text, /href="#significantHarm">Enter the analysis of significant harm/);
    assert.match(incomplete.text, /href="#recommendation">Enter the recommendation/);
    const submitted = await worker.submit(form, form, { ...full('core', { recommendation: 'Substantiated: convene an initial child protection conference.' }), version: '2', action: 'submit' });
    assert.equal(submitted.status, 303);

    const manager = await signedIn('manager');
    const corePage = await manager.get(`/cases/${caseId}/assessments/${coreId}`);
    const authorised = await manager.request('POST', `/cases/${caseId}/assessments/${coreId}/authorise`, { _csrf: csrfTokenIn(corePage.text), version: '3' });
    assert.equal(authorised.status, 303);
    const stopped = (await clock('core-assessment'))!;
    assert.ok(stopped.stopped_at);
    assert.equal(stopped.stop_reason, 'core-assessment-completed');
    const done = await manager.get(`/cases/${caseId}/assessments/${coreId}`);
    assert.match(done.text, /data-qa="section-47-link"/);
    const s47 = await manager.get(`/cases/${caseId}/section-47`);
    assert.equal(s47.status, 200);
    assert.match(s47.text, /data-qa="core-assessment"[\s\S]*was authorised on[\s\S]*Substantiated: convene an initial child protection conference\./);
  });
});
