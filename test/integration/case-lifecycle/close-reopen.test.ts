// Issue 15 through HTTP: ending CSE involvement (PROCEDURES.md step 10) ends the plans, closes their actions, stops
// every clock through the lifecycle's clock sender and tells the network; the closed case stays readable; a stale
// form writes nothing; a new concern about the same child (the front door's identify step) reopens it with its
// history kept; the review at 18 records a care leaver's pathway plan; the API closes and reopens.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`closing and reopening a case (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const caseIds = new Map<string, string>();
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    for (const row of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) caseIds.set(row.reference, row.id);
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const caseRow = (id: string) => harbour.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const userId = async (who: string) => (await harbour.db.selectFrom('users').select('id').where('email', '=', `${who}@harbour.example`).executeTakeFirstOrThrow()).id;

  it('CSE-0001: a social worker may not close; bad input is the error summary and writes nothing', async () => {
    const id = caseIds.get('CSE-0001')!;
    const worker = await signedIn('social.worker');
    const { version } = await caseRow(id);
    const refused = await worker.submit(`/cases/${id}/close`, `/cases/${id}/close`, { version: String(version), reasonCode: 'risk-gone', reasons: 'No indicators for six months' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /Only the CSE coordinator or a team manager can end CSE involvement/);
    const coordinator = await signedIn('coordinator');
    const blank = await coordinator.submit(`/cases/${id}/close`, `/cases/${id}/close`, { version: String(version), reasonCode: '', reasons: 'short' });
    assert.equal(blank.status, 400);
    assert.match(titleOf(blank.text), /^Error: End CSE involvement/);
    assert.match(blank.text, /href="#reasonCode">Choose why CSE involvement is ending/);
    assert.match(blank.text, /href="#reasons">Explain in at least 10 characters/);
    assert.equal((await caseRow(id)).status, 'open');
    assert.equal((await caseRow(id)).version, version);
  });

  it('CSE-0001: the coordinator closes it: plans end, actions close, every clock stops, the network is told, audited and on the chronology', async () => {
    const id = caseIds.get('CSE-0001')!;
    // A plan with an open action and a running clock, so that closing has something to end and stop.
    const kase = await caseRow(id);
    const coordinatorId = await userId('coordinator');
    const agency = (await harbour.db.selectFrom('users').select('agency_id').where('id', '=', coordinatorId).executeTakeFirstOrThrow()).agency_id;
    const plan = await harbour.db.insertInto('plans').values({ case_id: id, child_id: kase.child_id, local_authority_id: kase.local_authority_id, profile_id: 'camden', plan_type: 'safety-plan', kind: 'safety-plan', agency_id: agency, created_by: coordinatorId, created_at: MONDAY_MORNING, updated_at: MONDAY_MORNING }).returning('id').executeTakeFirstOrThrow();
    const action = await harbour.db.insertInto('actions').values({ case_id: id, title: 'Weekly check-in', owner_user_id: coordinatorId, due_date: '2026-12-01', source_type: 'plan', source_id: plan.id, created_at: MONDAY_MORNING }).returning('id').executeTakeFirstOrThrow();
    await harbour.db.insertInto('clocks').values({ local_authority_id: kase.local_authority_id, profile_id: 'camden', rule_id: 'test-rule', label: 'Test clock', case_id: id, child_id: kase.child_id, started_at: MONDAY_MORNING, due_at: londonInstant('2026-12-16', 10, 0) }).execute();
    const running = await harbour.db.selectFrom('clocks').select('id').where('case_id', '=', id).where('stopped_at', 'is', null).execute();
    assert.ok(running.length >= 1);

    const coordinator = await signedIn('coordinator');
    const form = await coordinator.get(`/cases/${id}/close`);
    assert.match(form.text, new RegExp(`stops ${running.length} running`));
    const closed = await coordinator.request('POST', `/cases/${id}/close`, { _csrf: csrfTokenIn(form.text), version: String(kase.version), reasonCode: 'risk-gone', reasons: 'No indicators for six months; agreed at the review meeting.' });
    assert.equal(closed.status, 303, closed.text.slice(0, 500));
    const after = await caseRow(id);
    assert.equal(after.status, 'closed');
    assert.ok(after.closed_at);
    assert.equal((await harbour.db.selectFrom('plans').select('end_reason_code').where('id', '=', plan.id).executeTakeFirstOrThrow()).end_reason_code, 'case-closed');
    assert.equal((await harbour.db.selectFrom('actions').select('status').where('id', '=', action.id).executeTakeFirstOrThrow()).status, 'cancelled');
    assert.equal((await harbour.db.selectFrom('actions').select('id').where('case_id', '=', id).where('status', '=', 'open').execute()).length, 0, 'no action left open');
    const stillRunning = await harbour.db.selectFrom('clocks').select('id').where('case_id', '=', id).where('stopped_at', 'is', null).execute();
    assert.equal(stillRunning.length, 0, 'every clock stopped');
    const stopped = await harbour.db.selectFrom('clocks').select('stop_reason').where('id', 'in', running.map((c) => c.id)).execute();
    assert.ok(stopped.every((c) => c.stop_reason === 'case-closed'));
    const event = await harbour.db.selectFrom('case_lifecycle_events').selectAll().where('case_id', '=', id).where('kind', '=', 'closed').executeTakeFirstOrThrow();
    assert.equal(event.last_category, 2);
    assert.deepEqual(event.plans_ended, [plan.id]);
    assert.equal(event.clocks_stopped, running.length);
    const told = await harbour.db.selectFrom('notifications').select('user_id').where('kind', '=', 'case-closed').execute();
    assert.ok(told.some((n) => n.user_id === kase.lead_professional_id), 'the lead professional is told');
    const chronology = await harbour.db.selectFrom('chronology_entries').select('title').where('case_id', '=', id).where('record_type', '=', 'case-lifecycle').execute();
    assert.deepEqual(chronology.map((c) => c.title), ['CSE involvement ended: case closed']);
    const audit = await harbour.db.selectFrom('audit_events').select(['outcome', 'details']).where('action', '=', 'case.closed').where('entity_id', '=', id).execute();
    assert.ok(audit.some((a) => a.outcome === 'success'));
  });

  it('CSE-0001: the closed case stays readable to its network; closing again is refused; a stale reopen writes nothing', async () => {
    const id = caseIds.get('CSE-0001')!;
    const worker = await signedIn('social.worker');
    const page = await worker.get(`/cases/${id}/lifecycle`);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-qa="case-status"><strong class="govuk-tag govuk-tag--grey">Closed/);
    assert.match(page.text, /No indicators for six months/);
    assert.match(page.text, /data-qa="case-closed-flag">Closed</, 'the identity bar says the case is closed');
    assert.equal((await worker.get(`/cases/${id}/chronology`)).status, 200);
    const found = await worker.submit('/children/search', '/children/search', { name: 'Jade Thompson' });
    assert.match(found.text, /CSE-0001 <strong class="govuk-tag govuk-tag--grey" data-qa="case-closed">Closed/, 'a closed case is still found by those who may see it');
    const coordinator = await signedIn('coordinator');
    const { version } = await caseRow(id);
    const again = await coordinator.submit(`/cases/${id}/close`, `/cases/${id}/close`, { version: String(version), reasonCode: 'risk-gone', reasons: 'No indicators for six months' });
    assert.equal(again.status, 400);
    assert.match(again.text, /already closed/);
    const stale = await coordinator.submit(`/cases/${id}/reopen`, `/cases/${id}/reopen`, { version: String(version - 1), reasons: 'Seen with the same adults again' });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /changed after you opened this page/);
    assert.equal((await caseRow(id)).status, 'closed');
  });

  it('CSE-0001: a new concern about Jade, linked at the front door, reopens the same case with its history kept', async () => {
    const id = caseIds.get('CSE-0001')!;
    const teacher = await signedIn('teacher');
    const key = randomUUID();
    await teacher.submit('/concerns/new', '/concerns', { idempotencyKey: key, narrative: 'Seen again with the same older men outside school.', childGivenName: 'Jade', childFamilyName: 'Thompson', childApproximateAge: '15', immediateDanger: 'no', dslConsulted: 'yes' });
    const contact = await harbour.db.selectFrom('contacts').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const jade = (await caseRow(id)).child_id;
    const frontDoor = await signedIn('frontdoor');
    const page = await frontDoor.get(`/front-door/contacts/${contact.id}`);
    const linked = await frontDoor.request('POST', `/front-door/contacts/${contact.id}/identify`, { _csrf: csrfTokenIn(page.text), version: String(contact.version), identification: 'linked', childId: jade });
    assert.equal(linked.status, 303);
    const after = await caseRow(id);
    assert.equal(after.status, 'open');
    assert.equal(after.closed_at, null);
    assert.equal((await harbour.db.selectFrom('contacts').select('case_id').where('id', '=', contact.id).executeTakeFirstOrThrow()).case_id, id, 'the concern joins the reopened case');
    const events = await harbour.db.selectFrom('case_lifecycle_events').select(['kind', 'contact_id']).where('case_id', '=', id).orderBy('decided_at').execute();
    assert.deepEqual(events.map((e) => e.kind), ['closed', 'reopened']);
    assert.equal(events[1]!.contact_id, contact.id);
    const history = await (await signedIn('social.worker')).get(`/cases/${id}/lifecycle`);
    assert.equal((history.text.match(/data-qa="lifecycle-event"/g) ?? []).length, 2);
    assert.match(history.text, new RegExp(contact.reference));
    assert.ok((await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'case.reopened').where('entity_id', '=', id).execute()).length === 1);
  });

  it('the API closes and reopens, with problems for bad input (docs/openapi.yaml)', async () => {
    const id = caseIds.get('CSE-0006')!;
    const manager = await signedIn('manager');
    const tokenPage = await manager.submit('/account', '/account/api-tokens', { name: 'case system', scope: 'read-write' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(tokenPage.text)![1]!;
    const post = (path: string, body: unknown) => fetch(`${harbour.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await post(`/api/v1/cases/${id}/close`, { version: (await caseRow(id)).version, reasonCode: 'nope' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const closed = await post(`/api/v1/cases/${id}/close`, { version: (await caseRow(id)).version, reasonCode: 'moved-area', reasons: 'Moved with her mother', receivingAuthority: 'Luton Borough Council' });
    assert.equal(closed.status, 201, await closed.clone().text());
    assert.equal((await caseRow(id)).status, 'closed');
    const reopened = await post(`/api/v1/cases/${id}/reopen`, { version: (await caseRow(id)).version, reasons: 'Moved back to Camden last week' });
    assert.equal(reopened.status, 201);
    assert.equal((await caseRow(id)).status, 'open');
  });

  it('CSE-0004 (looked after): the work list prompts the review 3 months before the 18th birthday, and a care leaver’s review records the pathway plan', async () => {
    const id = caseIds.get('CSE-0004')!;
    harbour.clock.set(londonInstant('2027-10-01', 10, 0));
    const coordinator = await signedIn('coordinator');
    const work = await coordinator.get('/work/cse');
    assert.match(work.text, /data-qa="eighteen-reviews"[\s\S]*CSE-0004/);
    const iro = await signedIn('iro');
    assert.match((await iro.get('/')).text, new RegExp(`href="/cases/${id}/eighteen-review" data-qa="eighteen-review-due"`), 'a network member’s own work list prompts it too');
    harbour.clock.set(londonInstant('2027-09-29', 10, 0));
    assert.doesNotMatch((await iro.get('/')).text, /data-qa="eighteen-review-due"/, 'not before 3 months before the 18th birthday (30 December 2027)');
    harbour.clock.set(londonInstant('2027-10-01', 10, 0));
    const { version } = await caseRow(id);
    const missing = await coordinator.submit(`/cases/${id}/eighteen-review`, `/cases/${id}/eighteen-review`, { version: String(version), outcome: 'care-leaver-support', pathwayPlan: '' });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /href="#pathwayPlan">Record how the pathway plan addresses/);
    const saved = await coordinator.submit(`/cases/${id}/eighteen-review`, `/cases/${id}/eighteen-review`, { version: String(version), outcome: 'care-leaver-support', pathwayPlan: 'Supported lodgings, a personal adviser and a college place; CSE outreach continues.' });
    assert.equal(saved.status, 303);
    const review = await harbour.db.selectFrom('case_lifecycle_events').selectAll().where('case_id', '=', id).where('kind', '=', 'eighteen-review').executeTakeFirstOrThrow();
    assert.equal(review.support_until, '2030-12-30');
    assert.doesNotMatch((await iro.get('/')).text, /data-qa="eighteen-review-due"/, 'recorded: no longer prompted');
    const after = await coordinator.get('/work/cse');
    assert.doesNotMatch(after.text.slice(after.text.indexOf('data-qa="eighteen-reviews"') + 1), /CSE-0004/);
    harbour.clock.set(MONDAY_MORNING);
  });

  it('the audit trail still verifies', async () => {
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });
});
