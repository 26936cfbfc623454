// Issue 6 plans through HTTP under camden: versioned plans with optimistic locking, the diversion plan's sections, the
// disruption plan's child abduction notice, a looked-after child's restrictive measures, actions and plan reviews.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { addDays, londonDateOf } from '../../../src/domain/clock/index.ts';

const SAFETY = { 'section-risks': 'Older males contacting her online', 'section-keeping-safe': 'Phone checks agreed with mother', 'section-who-to-contact': 'Social worker; police 101; Childline' };
const DIVERSION = {
  'section-health': 'Sexual health clinic appointment',
  'section-safety': 'Parents agree curfew',
  'section-education': 'Full-time timetable restored',
  'section-links-with-vulnerable-children': 'Two friends known to services',
  'section-offending-behaviour': 'No concerns',
};

describe(`plans under camden (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  let safetyPlanId: string;

  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    for (const c of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) cases.set(c.reference, c.id);
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const count = async (table: 'plan_versions' | 'plans' | 'chronology_entries' | 'plan_reviews', where?: [string, string]) => {
    let q = harbour.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
    if (where) q = q.where(where[0] as never, '=', where[1] as never);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const newPlan = (b: Browserish, caseId: string, type: string, fields: Record<string, string | string[]>) =>
    b.submit(`/cases/${caseId}/plans/new?type=${type}`, `/cases/${caseId}/plans`, { planType: type, sharingLevel: 'network', ...fields });

  it('lists the national plans and the profile’s own, and warns that there is no safety plan yet', async () => {
    const sw = await signedIn('social.worker');
    const res = await sw.get(`/cases/${cases.get('CSE-0001')}/plans`);
    assert.equal(res.status, 200);
    assert.match(titleOf(res.text), /^Plans – CSE-0001/);
    assert.match(res.text, /no safety plan yet/);
    assert.match(res.text, /type=safety-plan/);
    assert.match(res.text, /type=care-plan/, 'the profile’s own plan types are offered');
    assert.doesNotMatch(res.text, /type=disruption-plan/, 'the disruption plan is the police’s');
    assert.doesNotMatch(res.text, /type=placement-considerations/, 'only for a looked-after child');
  });

  it('versions: two saves make two immutable versions, the history shows both, and version 1 can be viewed', async () => {
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0001')!;
    const created = await newPlan(sw, caseId, 'safety-plan', SAFETY);
    assert.equal(created.status, 303, created.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    safetyPlanId = created.location!.split('/').pop()!;
    const edit = `/cases/${caseId}/plans/${safetyPlanId}/edit`;
    const saved = await sw.submit(edit, `/cases/${caseId}/plans/${safetyPlanId}`, { basedOn: '1', ...SAFETY, 'section-keeping-safe': 'Phone checks agreed with mother; taxi home from college', changeNote: 'College transport added' });
    assert.equal(saved.status, 303, saved.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    const versions = await harbour.db.selectFrom('plan_versions').selectAll().where('plan_id', '=', safetyPlanId).orderBy('version').execute();
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
    assert.equal((versions[1]!.content as { sections: Record<string, string> }).sections['keeping-safe'], 'Phone checks agreed with mother; taxi home from college');
    const page = await sw.get(`/cases/${caseId}/plans/${safetyPlanId}`);
    assert.match(page.text, /Version 2 \(latest\)/);
    assert.match(page.text, /data-qa="history-2"/);
    assert.match(page.text, /View version 1/);
    assert.match(page.text, /College transport added/);
    const v1 = await sw.get(`/cases/${caseId}/plans/${safetyPlanId}/versions/1`);
    assert.equal(v1.status, 200);
    assert.match(v1.text, /You are looking at version 1/);
    assert.doesNotMatch(v1.text, /taxi home from college/);
    assert.equal((await sw.get(`/cases/${caseId}/plans/${safetyPlanId}/versions/9`)).status, 404);
    const entries = await harbour.db.selectFrom('chronology_entries').select(['title', 'sharing_level']).where('record_type', '=', 'plan').where('record_id', '=', safetyPlanId).orderBy('recorded_at').execute();
    assert.deepEqual(entries.map((e) => e.title), ['Safety plan: version 1 saved', 'Safety plan: version 2 saved']);
    const audit = await harbour.db.selectFrom('audit_events').select(['action', 'details']).where('entity_id', '=', safetyPlanId).orderBy('id').execute();
    assert.deepEqual(audit.map((a) => a.action), ['plan.created', 'plan.version-saved']);
    assert.equal(JSON.stringify(audit).includes('taxi'), false, 'no free text in the audit trail');
    await assert.rejects(harbour.db.updateTable('plan_versions').set({ version: 5 }).where('plan_id', '=', safetyPlanId).execute(), /immutable/);
    assert.equal((await sw.get(`/cases/${caseId}`)).status, 200, 'the case overview still renders');
  });

  it('optimistic locking: a save on top of version 1 is refused with 409, says what changed, and writes nothing', async () => {
    const coordinator = await signedIn('coordinator');
    const caseId = cases.get('CSE-0001')!;
    const [versionsBefore, entriesBefore] = [await count('plan_versions'), await count('chronology_entries')];
    const stale = await coordinator.submit(`/cases/${caseId}/plans/${safetyPlanId}/edit`, `/cases/${caseId}/plans/${safetyPlanId}`, { basedOn: '1', ...SAFETY, 'section-risks': 'Coordinator’s rewrite of the risks' });
    assert.equal(stale.status, 409);
    assert.match(titleOf(stale.text), /^Error: /);
    assert.match(stale.text, /Version 2 of this plan was saved by Sam Worker/);
    assert.match(stale.text, /It changed: How the child, their carers and agencies will keep them safe/);
    assert.match(stale.text, /Coordinator’s rewrite of the risks/, 'the writer’s text is kept');
    assert.match(stale.text, /name="basedOn" value="2"/, 'the form is now based on the latest version');
    assert.equal(await count('plan_versions'), versionsBefore);
    assert.equal(await count('chronology_entries'), entriesBefore);
    const unchanged = await coordinator.submit(`/cases/${caseId}/plans/${safetyPlanId}/edit`, `/cases/${caseId}/plans/${safetyPlanId}`, { basedOn: '2', ...SAFETY, 'section-keeping-safe': 'Phone checks agreed with mother; taxi home from college' });
    assert.equal(unchanged.status, 400);
    assert.match(unchanged.text, /Nothing in the plan has changed since version 2/);
  });

  it('camden Part 3 §3.2: a diversion plan is for category 1 and needs every section, including what happens if risk rises', async () => {
    const sw = await signedIn('social.worker');
    const cat1 = cases.get('CSE-0003')!;
    const missing = await newPlan(sw, cat1, 'diversion-plan', DIVERSION);
    assert.equal(missing.status, 400);
    assert.match(missing.text, /href="#section-if-risk-rises"/);
    assert.match(missing.text, /Two friends known to services/, 'input kept');
    assert.equal(await count('plans', ['case_id', cat1]), 0);
    const made = await newPlan(sw, cat1, 'diversion-plan', { ...DIVERSION, 'section-if-risk-rises': 'Strategy meeting; CP procedures; agencies tell the social worker' });
    assert.equal(made.status, 303);
    const cat2 = await newPlan(sw, cases.get('CSE-0001')!, 'diversion-plan', { ...DIVERSION, 'section-if-risk-rises': 'x' });
    assert.equal(cat2.status, 400);
    assert.match(cat2.text, /A diversion plan is for category 1; this child is category 2/);
  });

  it('bedford-luton 11.9: a child abduction notice is refused for a 17-year-old, and the disruption plan is the police’s', async () => {
    const caseId = cases.get('CSE-0002')!;
    const kase = await harbour.db.selectFrom('cases').select('child_id').where('id', '=', caseId).executeTakeFirstOrThrow();
    const today = londonDateOf(harbour.clock.now);
    const seventeen = `${Number(today.slice(0, 4)) - 17}${addDays(today, -10).slice(4)}`;
    await harbour.db.updateTable('children').set({ date_of_birth: seventeen }).where('id', '=', kase.child_id).execute();
    const fields = { sharingLevel: 'agency', 'section-perpetrators': 'Intelligence log 2026/118', 'poc-0-name': 'Known as “Dee”', 'poc-0-details': 'Silver hatchback', measures: ['observation', 'child-abduction-notice'] };
    const sw = await signedIn('social.worker');
    assert.equal((await sw.get(`/cases/${caseId}/plans/new?type=disruption-plan`)).status, 200);
    const notPolice = await sw.request('POST', `/cases/${caseId}/plans`, { _csrf: /name="_csrf" value="([^"]+)"/.exec((await sw.get(`/cases/${caseId}/plans`)).text)![1]!, planType: 'disruption-plan', ...fields });
    assert.equal(notPolice.status, 403);
    assert.ok(await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'plan.write').where('outcome', '=', 'denied').where('actor_id', '=', users.get('social.worker')!).executeTakeFirst());
    const police = await signedIn('police');
    const refused = await newPlan(police, caseId, 'disruption-plan', fields);
    assert.equal(refused.status, 400);
    assert.match(refused.text, /A child abduction notice is only for a child aged 16 or under/);
    assert.match(refused.text, /href="#measures"/);
    assert.equal(await count('plans', ['case_id', caseId]), 0);
    const made = await newPlan(police, caseId, 'disruption-plan', { ...fields, measures: ['observation', 'licensing-powers'] });
    assert.equal(made.status, 303);
    const planId = made.location!.split('/').pop()!;
    const entry = await harbour.db.selectFrom('chronology_entries').select(['sharing_level', 'summary']).where('record_id', '=', planId).executeTakeFirstOrThrow();
    assert.equal(entry.sharing_level, 'agency');
    assert.doesNotMatch(entry.summary, /Dee/, 'the chronology names no person of concern');
    assert.equal((await sw.get(`/cases/${caseId}/plans/${planId}`)).status, 404, 'an own-agency plan is hidden from other agencies');
    assert.doesNotMatch((await sw.get(`/cases/${caseId}/plans`)).text, /Police disruption plan/);
  });

  it('camden Part 4 §1.3: restricting a looked-after child’s liberty is refused without the Principal Officer’s agreement', async () => {
    const caseId = cases.get('CSE-0004')!;
    const coordinator = await signedIn('coordinator');
    const list = await coordinator.get(`/cases/${caseId}/plans`);
    assert.match(list.text, /type=placement-considerations/);
    const fields = { 'section-risks-to-other-children': 'Two younger girls in the home', 'section-remain-in-placement': 'Stays: strong bond with carer', 'section-controlling-movements': 'Evening curfew feasible; risk she runs', careMeasures: ['restriction-of-liberty', 'confiscation-of-property'] };
    const refused = await newPlan(coordinator, caseId, 'placement-considerations', fields);
    assert.equal(refused.status, 400);
    assert.match(refused.text, /href="#principalOfficerAgreement"/);
    assert.match(refused.text, /Principal Officer for looked-after children/);
    assert.equal(await count('plans', ['case_id', caseId]), 0);
    const made = await newPlan(coordinator, caseId, 'placement-considerations', { ...fields, principalOfficerAgreement: 'R. Patel, Principal Officer (LAC), 20 Nov 2026' });
    assert.equal(made.status, 303, made.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    const planId = made.location!.split('/').pop()!;
    const page = await coordinator.get(`/cases/${caseId}/plans/${planId}`);
    assert.match(page.text, /data-qa="care-measures"/);
    assert.match(page.text, /R\. Patel, Principal Officer/);
    const notLookedAfter = await newPlan(coordinator, cases.get('CSE-0003')!, 'safety-plan', { ...SAFETY, careMeasures: ['restriction-of-liberty'], principalOfficerAgreement: 'x' });
    assert.equal(notLookedAfter.status, 400);
    assert.match(notLookedAfter.text, /for a looked-after child only/);
  });

  it('plan actions need an owner and a date; a review records progress on each action; an action is completed with evidence', async () => {
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0001')!;
    const page = `/cases/${caseId}/plans/${safetyPlanId}`;
    const due = addDays(londonDateOf(harbour.clock.now), 14);
    const noOwner = await sw.submit(page, `${page}/actions`, { what: 'Fit a phone safety app', dueDate: '' });
    assert.equal(noOwner.status, 400);
    assert.match(noOwner.text, /href="#ownerUserId"/);
    assert.match(noOwner.text, /href="#dueDate"/);
    for (const what of ['Fit a phone safety app', 'Refer to the sexual health clinic']) {
      const added = await sw.submit(page, `${page}/actions`, { what, ownerUserId: users.get('social.worker')!, dueDate: due, desiredOutcome: 'Safer online contact' });
      assert.equal(added.status, 303, added.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    }
    const actions = await harbour.db.selectFrom('actions').select(['id', 'title', 'version']).where('source_type', '=', 'plan').where('source_id', '=', safetyPlanId).orderBy('title').execute();
    assert.equal(actions.length, 2);

    const form = await sw.get(`${page}/review`);
    assert.equal(form.status, 200);
    const ids = [...form.text.matchAll(/name="actionIds" value="([^"]+)"/g)].map((m) => m[1]!);
    assert.equal(ids.length, 2);
    const incomplete = await sw.submit(`${page}/review`, `${page}/reviews`, { planVersion: '2', actionIds: ids, 'progress-0-status': 'delayed', overallNote: '' });
    assert.equal(incomplete.status, 400);
    assert.match(incomplete.text, /href="#progress-0-note"/);
    assert.match(incomplete.text, /href="#progress-1-status"/);
    assert.match(incomplete.text, /href="#overallNote"/);
    assert.equal(await count('plan_reviews'), 0);
    const reviewed = await sw.submit(`${page}/review`, `${page}/reviews`, { planVersion: '2', actionIds: ids, 'progress-0-status': 'delayed', 'progress-0-note': 'App store account needed first', 'progress-1-status': 'on-track', overallNote: 'Plan holding; mother engaged' });
    assert.equal(reviewed.status, 303, reviewed.text.match(/govuk-error-summary[\s\S]{0,1500}/)?.[0]);
    const items = await harbour.db.selectFrom('plan_review_items').select(['action_id', 'status', 'progress_note']).execute();
    assert.deepEqual(items.map((i) => [i.action_id, i.status]).sort(), [[ids[0], 'delayed'], [ids[1], 'on-track']].sort());
    const shown = await sw.get(page);
    assert.match(shown.text, /Plan holding; mother engaged/);
    assert.match(shown.text, /App store account needed first/);
    assert.ok(await harbour.db.selectFrom('chronology_entries').select('id').where('record_type', '=', 'plan-review').executeTakeFirst());
    assert.ok(await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'plan.reviewed').executeTakeFirst());

    const stale = await sw.submit(`${page}/review`, `${page}/reviews`, { planVersion: '1', actionIds: ids, 'progress-0-status': 'on-track', 'progress-1-status': 'on-track', overallNote: 'Old form' });
    assert.equal(stale.status, 409);
    assert.equal(await count('plan_reviews'), 1);

    const action = actions[0]!;
    const done = await sw.submit(page, `${page}/actions/${action.id}/complete`, { version: String(action.version), evidence: 'App fitted and checked with the child on a home visit' });
    assert.equal(done.status, 303);
    assert.equal(done.location, `${page}#actions`);
    const row = await harbour.db.selectFrom('actions').select(['status', 'completion_evidence']).where('id', '=', action.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
  });
});
