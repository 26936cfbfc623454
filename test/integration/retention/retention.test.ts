// Issue 15, retention and the child's right to their record (PROCEDURES.md step 10; camden Part 1 §6, Part 4 §1):
// the monthly review lists a record past its date for the information governance officer; a confirmed deletion
// erases the child's personal data and the audit chain still verifies; an extension keeps the record with a reason;
// a subject access request produces a PDF and a JSON file listing third parties and police-only items for review;
// the release is audited; nobody else may do any of it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { runRetentionReview, runRetentionReviewIfDue } from '../../../src/features/retention/service.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

describe(`retention review and subject access (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let igo: Browserish;
  let worker: Browserish;
  let admin: Browserish;
  const child = new Map<string, string>();

  before(async () => {
    harbour = await startTestHarbour();
    for (const k of await harbour.db.selectFrom('cases').select(['reference', 'child_id']).execute()) child.set(k.reference, k.child_id);
    // Tyler's and Amira's cases closed long ago, their 25th birthdays passed (the closing journey is issue 15's lifecycle part).
    for (const [ref, dob] of [['CSE-0002', '1990-01-10'], ['CSE-0003', '1991-02-11']] as const) {
      await harbour.db.updateTable('children').set({ date_of_birth: dob }).where('id', '=', child.get(ref)!).execute();
      await harbour.db.updateTable('cases').set({ status: 'closed', closed_at: new Date('2014-06-01T12:00:00Z') }).where('reference', '=', ref).execute();
    }
    const kase = await harbour.db.selectFrom('cases').select(['id', 'child_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    await harbour.db.insertInto('related_people').values({ case_id: kase.id, child_id: kase.child_id, relationship: 'peer', name: 'Kieran Byrne', notes: 'Older friend who collects her from school.' }).execute();
    igo = new Browserish(harbour.url);
    await igo.signIn('igo@harbour.example');
    worker = new Browserish(harbour.url);
    await worker.signIn('social.worker@harbour.example');
    admin = new Browserish(harbour.url);
    await admin.signIn('admin@harbour.example');
  });
  after(async () => {
    await harbour?.stop();
  });

  const pendingFor = async (ref: string) => {
    const row = await harbour.db.selectFrom('retention_reviews').select(['id', 'version', 'status']).where('record_id', '=', child.get(ref)!).orderBy('listed_at', 'desc').executeTakeFirst();
    return row!;
  };

  it('refuses everyone but the information governance officer', async () => {
    for (const path of ['/retention', '/subject-access']) {
      assert.equal((await worker.get(path)).status, 403, path);
      assert.equal((await admin.get(path)).status, 403, path);
    }
    const page = await worker.get('/');
    const refused = await worker.request('POST', '/subject-access', { _csrf: csrfTokenIn(page.text), reference: 'CSE-0001', requester: 'child', receivedOn: '2026-12-01' });
    assert.equal(refused.status, 403);
    assert.equal((await harbour.db.selectFrom('subject_access_requests').select('id').execute()).length, 0);
  });

  it('the monthly run lists a record past its date in the officer’s queue, once', async () => {
    assert.match((await igo.get('/retention')).text, /data-qa="no-retention-reviews"/);
    const first = await runRetentionReview(harbour.db, harbour.clock.now);
    assert.equal(first.listed, 2);
    const again = await runRetentionReview(harbour.db, harbour.clock.now);
    assert.equal(again.listed, 0, 'a record already listed is not listed twice');
    assert.equal((await runRetentionReviewIfDue(harbour.db, harbour.clock.now)).ran, false, 'the scheduler runs once a month');
    const nextMonth = new Date(harbour.clock.now.getTime() + 32 * 86_400_000);
    assert.deepEqual(await runRetentionReviewIfDue(harbour.db, nextMonth), { listed: 0, ran: true });
    assert.equal((await runRetentionReviewIfDue(harbour.db, nextMonth)).ran, false);
    const queue = await igo.get('/retention');
    assert.equal(queue.status, 200);
    assert.match(queue.text, /data-qa="retention-queue"[\s\S]*CSE-0002[\s\S]*CSE-0003/);
    assert.doesNotMatch(queue.text, /CSE-0001/, 'an open case is never due');
    assert.ok(!queue.text.includes('Tyler'), 'the queue names no child');
    const home = await igo.get('/');
    assert.match(home.text, /data-qa="my-governance-work"[\s\S]*2 records past the retention date/);
    const igoId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'igo@harbour.example').executeTakeFirstOrThrow()).id;
    const told = await harbour.db.selectFrom('notifications').select(['title', 'link']).where('user_id', '=', igoId).where('kind', '=', 'retention-review').execute();
    assert.deepEqual(told, [{ title: '2 records are past the retention date', link: '/retention' }]);
    assert.doesNotMatch((await worker.get('/')).text, /my-governance-work/);
  });

  it('a deletion needs confirming; a stale decision is refused and shows both', async () => {
    const review = await pendingFor('CSE-0002');
    const missing = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version), decision: 'delete' });
    assert.equal(missing.status, 400);
    assert.match(titleOf(missing.text), /^Error: /);
    assert.match(missing.text, /There is a problem[\s\S]*Confirm that the record/);
    const none = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version) });
    assert.equal(none.status, 400);
    const stale = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version - 1), decision: 'delete', confirm: 'yes' });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /data-qa="stale-decision"[\s\S]*Yours:/);
    assert.equal((await pendingFor('CSE-0002')).status, 'pending');
  });

  it('confirmed deletion removes the child’s personal data and the audit chain still verifies', async () => {
    const childId = child.get('CSE-0002')!;
    const before = await harbour.db.selectFrom('chronology_entries').select('id').where('child_id', '=', childId).execute();
    assert.ok(before.length > 0);
    const review = await pendingFor('CSE-0002');
    const done = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version), decision: 'delete', confirm: 'yes' });
    assert.equal(done.status, 303);
    const row = await harbour.db.selectFrom('children').selectAll().where('id', '=', childId).executeTakeFirstOrThrow();
    assert.equal(row.given_name, null);
    assert.equal(row.family_name, null);
    assert.equal(row.date_of_birth, null);
    for (const table of ['chronology_entries', 'cases', 'case_notes', 'related_people', 'missing_episodes', 'child_aliases'] as const) {
      const left = await harbour.db.selectFrom(table).select('child_id').where('child_id', '=', childId).execute();
      assert.equal(left.length, 0, `${table} keeps rows of the erased child`);
    }
    const verdict = await verifyAuditTrail(harbour.db);
    assert.equal(verdict.ok, true, JSON.stringify(verdict));
    const audit = await harbour.db.selectFrom('audit_events').select(['action', 'details']).where('child_id', '=', childId).execute();
    assert.ok(audit.some((a) => a.action === 'retention.erased'));
    for (const a of await harbour.db.selectFrom('audit_events').select(['details', 'actor_label']).execute()) {
      assert.ok(!JSON.stringify(a).includes('Tyler') && !JSON.stringify(a).includes('Okafor'), 'the audit trail holds no name of the erased child');
    }
    const page = await igo.get(`/retention/reviews/${review.id}?done=decided`);
    assert.match(page.text, /data-qa="erased-rows"/);
    const other = await harbour.db.selectFrom('children').select('given_name').where('id', '=', child.get('CSE-0001')!).executeTakeFirstOrThrow();
    assert.equal(other.given_name, 'Jade', 'no other child is touched');
  });

  it('extending keeps the record with a reason and it is not listed again until then', async () => {
    const review = await pendingFor('CSE-0003');
    const bad = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version), decision: 'extend', reason: '', until: '31/2/2028' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Enter the reason/);
    const ok = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version), decision: 'extend', reason: 'Civil claim against the council pending', until: '1/3/2028' });
    assert.equal(ok.status, 303);
    const row = await harbour.db.selectFrom('retention_reviews').selectAll().where('id', '=', review.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'extended');
    assert.equal(row.extended_until, '2028-03-01');
    assert.equal(row.reason, 'Civil claim against the council pending');
    const kept = await harbour.db.selectFrom('children').select('given_name').where('id', '=', child.get('CSE-0003')!).executeTakeFirstOrThrow();
    assert.equal(kept.given_name, 'Amira');
    assert.equal((await runRetentionReview(harbour.db, harbour.clock.now)).listed, 0);
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('the administrator edits the schedule; bad figures and stale saves are refused', async () => {
    const page = await admin.get('/retention/schedule');
    assert.equal(page.status, 200);
    const version = /name="version" value="(\d+)"/.exec(page.text)![1]!;
    const fields = { version, caseYears: '25', caseLookedAfterYears: '75', caseNoDobYears: '25', intelligenceYears: '10', contactYears: '3' };
    const bad = await admin.submit('/retention/schedule', '/retention/schedule', { ...fields, caseLookedAfterYears: '20' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /There is a problem/);
    assert.equal((await admin.submit('/retention/schedule', '/retention/schedule', fields)).status, 303);
    const stale = await admin.submit('/retention/schedule', '/retention/schedule', fields);
    assert.equal(stale.status, 409);
    assert.match(stale.text, /data-qa="stale-schedule"/);
    assert.equal((await igo.get('/retention/schedule')).status, 200);
    const refused = await igo.request('POST', '/retention/schedule', { _csrf: csrfTokenIn((await igo.get('/retention/schedule')).text), ...fields });
    assert.equal(refused.status, 403);
  });

  let sarId: string;
  it('a subject access request lists third parties and police-only entries for review', async () => {
    const bad = await igo.submit('/subject-access', '/subject-access', { reference: 'nope', requester: '', receivedOn: '' });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Enter the case reference/);
    const made = await igo.submit('/subject-access', '/subject-access', { reference: 'CSE-0001', requester: 'child', receivedOn: '1/12/2026' });
    assert.equal(made.status, 303);
    sarId = made.location!.split('/').pop()!;
    const page = await igo.get(made.location!);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-qa="sar-review-items"[\s\S]*Kieran Byrne[\s\S]*Names a third party/);
    assert.match(page.text, /Police-only entry/);
    const items = await harbour.db.selectFrom('subject_access_items').selectAll().where('request_id', '=', sarId).execute();
    assert.ok(items.some((i) => i.item_kind === 'related-person'));
    assert.ok(items.some((i) => i.review_reasons.includes('police-only')));

    const json = await igo.get(`/subject-access/${sarId}/record.json`);
    assert.equal(json.status, 200);
    const pack = JSON.parse(json.text) as { request: { status: string }; child: { name: string }; entries: unknown[]; forReview: { heading: string; reasons: string[]; decision: string }[] };
    assert.equal(pack.request.status, 'draft for review');
    assert.equal(pack.child.name, 'Jade Thompson');
    assert.ok(pack.forReview.some((i) => i.heading.includes('Kieran Byrne') && i.reasons.includes('Names a third party')));
    assert.ok(pack.forReview.some((i) => i.reasons.includes('Police-only entry')));
    const pdf = await igo.get(`/subject-access/${sarId}/record.pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.ok(pdf.text.startsWith('%PDF'));
    const produced = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'subject-access.produced').where('entity_id', '=', sarId).execute();
    assert.equal(produced.length, 2);
  });

  it('an open request holds the record; release waits for every decision and is audited; withheld items leave the pack', async () => {
    const refused = await igo.submit(`/subject-access/${sarId}`, `/subject-access/${sarId}/release`, { version: String((await harbour.db.selectFrom('subject_access_requests').select('version').where('id', '=', sarId).executeTakeFirstOrThrow()).version) });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /Decide every item/);
    const items = await harbour.db.selectFrom('subject_access_items').selectAll().where('request_id', '=', sarId).execute();
    const noReason = await igo.submit(`/subject-access/${sarId}`, `/subject-access/${sarId}/items/${items[0]!.id}`, { version: '1', decision: 'withhold', reason: '' });
    assert.equal(noReason.status, 400);
    const stale = await igo.submit(`/subject-access/${sarId}`, `/subject-access/${sarId}/items/${items[0]!.id}`, { version: '0', decision: 'withhold', reason: 'x' });
    assert.equal(stale.status, 409);
    for (const item of items) {
      const version = (await harbour.db.selectFrom('subject_access_requests').select('version').where('id', '=', sarId).executeTakeFirstOrThrow()).version;
      const withhold = item.item_kind === 'related-person';
      const res = await igo.submit(`/subject-access/${sarId}`, `/subject-access/${sarId}/items/${item.id}`, { version: String(version), decision: withhold ? 'withhold' : 'release', reason: withhold ? 'Third party: DPA 2018 Sch. 2 para 16' : 'Police agree to disclosure' });
      assert.equal(res.status, 303);
    }
    const version = (await harbour.db.selectFrom('subject_access_requests').select('version').where('id', '=', sarId).executeTakeFirstOrThrow()).version;
    assert.equal((await igo.submit(`/subject-access/${sarId}`, `/subject-access/${sarId}/release`, { version: String(version) })).status, 303);
    const released = await harbour.db.selectFrom('audit_events').select(['details', 'child_id', 'actor_id']).where('action', '=', 'subject-access.released').where('entity_id', '=', sarId).execute();
    assert.equal(released.length, 1);
    assert.equal(released[0]!.child_id, child.get('CSE-0001'));
    assert.deepEqual(released[0]!.details, { released: items.length - 1, withheld: 1 });
    const pack = JSON.parse((await igo.get(`/subject-access/${sarId}/record.json`)).text) as { request: { status: string } };
    assert.equal(pack.request.status, 'released');
    assert.ok(!JSON.stringify(pack).includes('Kieran Byrne'), 'a withheld third party is not in the released pack');
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('the JSON API gives the officer the queue and the record; nobody else', async () => {
    const tokenOf = async (who: Browserish) => {
      const page = await who.submit('/account', '/account/api-tokens', { name: 'records system', scope: 'read-only' });
      return /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
    };
    const get = async (token: string, path: string) => {
      const res = await fetch(`${harbour.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> };
    };
    const igoToken = await tokenOf(igo);
    const queue = await get(igoToken, '/api/v1/retention/reviews');
    assert.equal(queue.status, 200);
    assert.ok(Array.isArray(queue.body.items));
    const record = await get(igoToken, `/api/v1/subject-access/${sarId}/record`);
    assert.equal(record.status, 200);
    assert.equal((record.body.request as { status: string }).status, 'released');
    const workerToken = await tokenOf(worker);
    const refused = await get(workerToken, '/api/v1/retention/reviews');
    assert.equal(refused.status, 403);
    assert.match(refused.type ?? '', /problem\+json/);
    assert.equal((await get(workerToken, `/api/v1/subject-access/${sarId}/record`)).status, 403);
  });

  it('a contact with no further action and old intelligence are listed, and deleting them blanks them', async () => {
    const la = (await harbour.db.selectFrom('local_authorities').select('id').executeTakeFirstOrThrow()).id;
    const igoId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'igo@harbour.example').executeTakeFirstOrThrow()).id;
    const police = await harbour.db.selectFrom('users').select(['id', 'agency_id']).where('email', '=', 'police@harbour.example').executeTakeFirstOrThrow();
    const decidedAt = new Date('2018-03-01T10:00:00Z');
    const [contact] = await harbour.db
      .insertInto('contacts')
      .values({ reference: 'CON-9001', kind: 'public-concern', local_authority_id: la, status: 'decided', narrative: 'A neighbour saw Rosie Quill get into a car.', child_given_name: 'Rosie', child_family_name: 'Quill', idempotency_key: 'retention-test-1', received_at: decidedAt, decided_at: decidedAt, details: '{}' })
      .returning('id')
      .execute();
    await harbour.db.insertInto('contact_decisions').values({ contact_id: contact!.id, decision: 'no-further-action', reasons: 'Rosie Quill is known to be safe.', decided_by: igoId, decided_at: decidedAt, age_band: null, presumption_reason: null, checklist: '{}', details: '{}' }).execute();
    const old = new Date('2014-01-01T10:00:00Z');
    const [entity] = await harbour.db
      .insertInto('intel_entities')
      .values({ kind: 'person', label: 'Darren Voss', details: '{}', name_keys: ['voss'], names: 'Darren Voss', agency_id: police.agency_id, created_by: police.id, created_at: old, updated_at: old })
      .returning('id')
      .execute();
    const kase = await harbour.db.selectFrom('cases').select(['id', 'child_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    await harbour.db.insertInto('intel_links').values({ entity_id: entity!.id, case_id: kase.id, child_id: kase.child_id, nature: 'Seen with her', last_known: '2014-01-01', how_known: 'seen', sharing_level: 'agency', shared_with: [], agency_id: police.agency_id, author_id: police.id, created_at: old }).execute();
    assert.equal((await runRetentionReview(harbour.db, harbour.clock.now)).listed, 2);
    const queue = await igo.get('/retention');
    assert.match(queue.text, /CON-9001/);
    assert.match(queue.text, /Intelligence person/);
    assert.ok(!queue.text.includes('Darren Voss') && !queue.text.includes('Rosie'), 'the queue names nobody');
    for (const recordId of [contact!.id, entity!.id]) {
      const review = await harbour.db.selectFrom('retention_reviews').select(['id', 'version']).where('record_id', '=', recordId).where('status', '=', 'pending').executeTakeFirstOrThrow();
      const res = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version), decision: 'delete', confirm: 'yes' });
      assert.equal(res.status, 303);
    }
    const c = await harbour.db.selectFrom('contacts').selectAll().where('id', '=', contact!.id).executeTakeFirstOrThrow();
    assert.equal(c.narrative, '');
    assert.equal(c.child_given_name, null);
    assert.equal((await harbour.db.selectFrom('contact_decisions').select('id').where('contact_id', '=', contact!.id).execute()).length, 0);
    const e = await harbour.db.selectFrom('intel_entities').selectAll().where('id', '=', entity!.id).executeTakeFirstOrThrow();
    assert.equal(e.names, '');
    assert.ok(!e.label.includes('Voss'));
    assert.equal((await harbour.db.selectFrom('intel_links').select('id').where('entity_id', '=', entity!.id).execute()).length, 0);
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });
  it('a child with an open subject access request cannot be deleted until it is released', async () => {
    const childId = (await harbour.db.selectFrom('cases').select('child_id').where('reference', '=', 'CSE-0004').executeTakeFirstOrThrow()).child_id;
    await harbour.db.updateTable('children').set({ date_of_birth: '1989-05-05' }).where('id', '=', childId).execute();
    await harbour.db.updateTable('cases').set({ status: 'closed', closed_at: new Date('2013-06-01T12:00:00Z') }).where('child_id', '=', childId).execute();
    assert.equal((await runRetentionReview(harbour.db, harbour.clock.now)).listed, 0, 'Kayleigh is looked after: kept to her 75th birthday (camden Part 4 §1.3)');
    await harbour.db.updateTable('children').set({ looked_after: false }).where('id', '=', childId).execute();
    const made = await igo.submit('/subject-access', '/subject-access', { reference: 'CSE-0004', requester: 'representative', receivedOn: '2/12/2026' });
    assert.equal(made.status, 303);
    assert.equal((await runRetentionReview(harbour.db, harbour.clock.now)).listed, 1);
    const review = await harbour.db.selectFrom('retention_reviews').select(['id', 'version']).where('record_id', '=', childId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    const page = await igo.get(`/retention/reviews/${review.id}`);
    assert.match(page.text, /open subject access request/);
    const refused = await igo.submit(`/retention/reviews/${review.id}`, `/retention/reviews/${review.id}/decision`, { version: String(review.version), decision: 'delete', confirm: 'yes' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /There is a problem[\s\S]*cannot be deleted until it is released/);
    const still = await harbour.db.selectFrom('children').select('given_name').where('id', '=', childId).executeTakeFirstOrThrow();
    assert.notEqual(still.given_name, null);
    const denied = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'retention.decision-refused').where('entity_id', '=', review.id).execute();
    assert.deepEqual(denied.map((d) => d.details), [{ code: 'legal-hold' }]);
  });
});
