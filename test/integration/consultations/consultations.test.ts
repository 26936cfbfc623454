// Anonymous consultations through HTTP (issue 13; bedford-luton 3.12; ird): asked without identifying the child (and
// refused when it would), answered from the front door's queue, counted for the board, and attached to a case later,
// with the stored row never holding anything that identifies the child before or after.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { anonymousConsultationCounts } from '../../../src/features/consultations/service.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`anonymous consultations (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let jadeCase = '';
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    jadeCase = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const ASK = { addressedTo: 'front-door', ageBand: '13-15', sex: 'female', area: 'Kilburn', schoolType: 'secondary', concerns: ['rewards', 'abusive-adults'], question: 'A Year 10 girl has a new phone and is collected after school by a man in his twenties. Should I refer?' };
  let id = '';

  it('bedford-luton 3.12: a question that would identify the child is refused, and nothing is written', async () => {
    const teacher = await signedIn('teacher');
    const page = await teacher.get('/consultations/new');
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /name="(name|givenName|dateOfBirth|address|postcode)"/, 'the form has no field that identifies a child');
    const refused = await teacher.submit('/consultations/new', '/consultations/new', { ...ASK, question: 'Born 14/03/2011, lives at NW6 2AB. Should I refer?' });
    assert.equal(refused.status, 400);
    assert.match(titleOf(refused.text), /^Error: /);
    assert.match(refused.text, /href="#question">Take out a date \(such as a date of birth\) and a full postcode: an anonymous consultation must not identify the child \(bedford-luton 3.12; ird\)/);
    const blank = await teacher.submit('/consultations/new', '/consultations/new', { question: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#ageBand">Choose the child’s age band/);
    assert.equal((await harbour.db.selectFrom('anonymous_consultations').select('id').execute()).length, 0);
  });

  it('ird: asked and logged; the asker sees it, a social worker does not know it exists', async () => {
    const teacher = await signedIn('teacher');
    const res = await teacher.submit('/consultations/new', '/consultations/new', ASK);
    assert.equal(res.status, 303);
    id = /\/consultations\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
    const page = await teacher.get(`/consultations/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /data-qa="waiting">Waiting for an answer from the front door/);
    assert.equal((await (await signedIn('social.worker')).get(`/consultations/${id}`)).status, 404);
    const denied = await harbour.db.selectFrom('audit_events').select(['outcome', 'child_id']).where('action', '=', 'consultation.read').where('outcome', '=', 'denied').execute();
    assert.equal(denied.length, 1);
  });

  it('ird: answered from the front door’s work list; the asker cannot answer their own, and is told', async () => {
    const frontDoor = await signedIn('frontdoor');
    const work = await frontDoor.get('/');
    assert.match(work.text, /data-qa="consultations-waiting"/);
    assert.match(work.text, new RegExp(`/consultations/${id}`));
    const teacher = await signedIn('teacher');
    const own = await teacher.submit(`/consultations/${id}`, `/consultations/${id}/answer`, { advice: 'refer-to-csc', answer: 'Refer.' });
    assert.equal(own.status, 403);
    const early = await frontDoor.submit(`/consultations/${id}`, `/consultations/${id}/attach`, { caseReference: 'CSE-0001' });
    assert.equal(early.status, 400);
    assert.match(early.text, /Answer the consultation before attaching it to a case/);
    const answered = await frontDoor.submit(`/consultations/${id}`, `/consultations/${id}/answer`, { advice: 'refer-to-csc', answer: 'These are indicators of grooming: make a referral today and tell your designated safeguarding lead.' });
    assert.equal(answered.status, 303);
    assert.doesNotMatch((await frontDoor.get('/')).text, /data-qa="consultations-waiting"/, 'off the queue once answered');
    const seen = await teacher.get(`/consultations/${id}`);
    assert.match(seen.text, /make a referral today/);
    const note = await harbour.db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').select(['notifications.title', 'users.email']).where('notifications.kind', '=', 'consultation-answered').executeTakeFirstOrThrow();
    assert.equal(note.email, 'teacher@harbour.example');
  });

  it('bedford-luton 3.12: counted for the board by age band and concern', async () => {
    const la = (await harbour.db.selectFrom('anonymous_consultations').select('local_authority_id').executeTakeFirstOrThrow()).local_authority_id;
    const counts = await anonymousConsultationCounts(harbour.db, { from: '2026-11-01', to: '2026-11-30', localAuthorityId: la });
    assert.deepEqual({ asked: counts.asked, answered: counts.answered, attached: counts.attachedToCase, bands: counts.byAgeBand, concerns: counts.byConcern }, { asked: 1, answered: 1, attached: 0, bands: { '13-15': 1 }, concerns: { rewards: 1, 'abusive-adults': 1 } });
    assert.equal((await anonymousConsultationCounts(harbour.db, { from: '2026-12-01', to: '2026-12-31', localAuthorityId: la })).asked, 0);
  });

  it('bedford-luton 3.12: attached to the case once the child is identified, on its chronology; the row still holds nothing identifying', async () => {
    const before = await sql<Record<string, unknown>>`select * from anonymous_consultations where id = ${id}`.execute(harbour.db);
    const columns = Object.keys(before.rows[0]!);
    for (const forbidden of ['name', 'given_name', 'family_name', 'date_of_birth', 'dob', 'address', 'postcode', 'child_id', 'school']) assert.ok(!columns.includes(forbidden), `no ${forbidden} column`);
    assert.equal(before.rows[0]!.case_id, null, 'not linked to any case before');

    const frontDoor = await signedIn('frontdoor');
    const wrong = await frontDoor.submit(`/consultations/${id}`, `/consultations/${id}/attach`, { caseReference: 'CSE-9999' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /No case has this reference/);
    const attached = await frontDoor.submit(`/consultations/${id}`, `/consultations/${id}/attach`, { caseReference: 'cse-0001' });
    assert.equal(attached.status, 303);
    const row = await harbour.db.selectFrom('anonymous_consultations').select(['case_id', 'question', 'area']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.case_id, jadeCase);
    assert.equal(row.question, ASK.question, 'nothing copied from the child’s record');
    const entry = await harbour.db.selectFrom('chronology_entries').select(['title', 'occurred_at']).where('case_id', '=', jadeCase).where('kind', '=', 'consultation').executeTakeFirstOrThrow();
    assert.match(entry.title, /^Anonymous consultation AC-[0-9A-F]{6} \(before the child was identified\)$/);
    const again = await frontDoor.submit(`/consultations/${id}`, `/consultations/${id}/attach`, { caseReference: 'CSE-0002' });
    assert.equal(again.status, 400);
    const audit = await harbour.db.selectFrom('audit_events').select(['action', 'child_id']).where('entity_id', '=', id).where('outcome', '=', 'success').orderBy('id').execute();
    assert.deepEqual([...new Set(audit.map((a) => a.action))], ['consultation.asked', 'consultation.read', 'consultation.answered', 'consultation.attached']);
    assert.ok(audit.filter((a) => a.action !== 'consultation.attached').every((a) => a.child_id === null), 'no child named in the audit before it was attached');
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('the API: identifying fields refused with a JSON problem; asked, answered, attached; counts for the board', async () => {
    const tokenFor = async (who: string) => {
      const b = await signedIn(who);
      const page = await b.submit('/account', '/account/api-tokens', { name: 'api', scope: 'read-write' });
      return /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
    };
    const call = (token: string, method: string, path: string, body?: unknown) =>
      fetch(`${harbour.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const nurse = await tokenFor('nurse');
    const named = await call(nurse, 'POST', '/api/v1/consultations', { ...ASK, name: 'Jade Thompson', dateOfBirth: '2011-03-14' });
    assert.equal(named.status, 400);
    assert.equal(named.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(((await named.json()) as { errors: { path: string }[] }).errors.map((e) => e.path), ['name', 'dateOfBirth']);
    const asked = await call(nurse, 'POST', '/api/v1/consultations', { ...ASK, addressedTo: 'cse-coordinator' });
    assert.equal(asked.status, 201);
    const { id: apiId } = (await asked.json()) as { id: string };
    const frontDoor = await tokenFor('frontdoor');
    assert.equal((await call(frontDoor, 'POST', `/api/v1/consultations/${apiId}/answer`, { advice: 'other', answer: 'x' })).status, 403, 'addressed to the coordinator');
    const coordinator = await tokenFor('coordinator');
    assert.equal((await call(coordinator, 'POST', `/api/v1/consultations/${apiId}/answer`, { advice: 'discuss-with-dsl', answer: 'Talk to your safeguarding lead first.' })).status, 200);
    // A token limited to one case never attaches to another, though the case is named by reference, not in the path.
    const limitedPage = await (await signedIn('coordinator')).submit('/account', '/account/api-tokens', { name: 'one case', expiresInDays: '30', scope: 'read-write', caseReferences: 'CSE-0002' });
    const limited = /<code class="harbour-token">([^<]+)<\/code>/.exec(limitedPage.text)![1]!;
    assert.equal((await call(limited, 'POST', `/api/v1/consultations/${apiId}/attach`, { caseReference: 'CSE-0004' })).status, 403);
    const attached = await call(coordinator, 'POST', `/api/v1/consultations/${apiId}/attach`, { caseReference: 'CSE-0004' });
    assert.equal(attached.status, 200);
    const asker = (await (await call(nurse, 'GET', `/api/v1/consultations/${apiId}`)).json()) as { attachedToCase: { reference?: string; at: string } };
    assert.ok(asker.attachedToCase.at);
    assert.equal(asker.attachedToCase.reference, undefined, 'the asker is not told which case');
    const one = (await (await call(coordinator, 'GET', `/api/v1/consultations/${apiId}`)).json()) as { attachedToCase: { reference: string } };
    assert.equal(one.attachedToCase.reference, 'CSE-0004');
    const counts = (await (await call(coordinator, 'GET', '/api/v1/consultations/counts?from=2026-11-01&to=2026-11-30')).json()) as { asked: number; attachedToCase: number };
    assert.deepEqual([counts.asked, counts.attachedToCase], [2, 2]);
    assert.equal((await call(nurse, 'GET', '/api/v1/consultations/counts')).status, 403, 'counts are for those who may view statistics');
  });
});
