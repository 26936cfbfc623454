// The Child Sex Offender Disclosure Scheme through HTTP (issue 13; cambridgeshire 9): an application about a person in
// the intelligence register recorded by the police, the police decision, a disclosure refused unless in person with
// the warning and the signed undertaking (or the police's consideration without it), each step audited; and the
// application hidden from everyone but the police of the force and the handling officer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { hashPassword } from '../../../src/features/accounts/service-password-hashing.ts';
import { DEMO_PASSWORD } from '../../../src/features/demo/service.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`the Child Sex Offender Disclosure Scheme (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let handlerId = '';
  let personId = '';
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    const db = harbour.db;
    const met = await db.selectFrom('agencies').select(['id', 'local_authority_id']).where('kind', '=', 'police').executeTakeFirstOrThrow();
    const other = await db.insertInto('agencies').values({ name: 'Bedfordshire Police', kind: 'police', local_authority_id: met.local_authority_id }).returning('id').executeTakeFirstOrThrow();
    const hash = await hashPassword(DEMO_PASSWORD);
    const user = async (email: string, name: string, agencyId: string) => {
      const row = await db.insertInto('users').values({ email, display_name: name, agency_id: agencyId, local_authority_id: met.local_authority_id, password_hash: hash }).returning('id').executeTakeFirstOrThrow();
      await db.insertInto('user_roles').values({ user_id: row.id, role: 'police-investigator' }).execute();
      return row.id;
    };
    handlerId = await user('handler@harbour.example', 'Hana Handler', met.id);
    await user('other.force@harbour.example', 'Otto Otherforce', other.id);
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const audits = (id: string) => harbour.db.selectFrom('audit_events').select(['action', 'outcome']).where('entity_id', '=', id).orderBy('id').execute();
  let id = '';

  it('cambridgeshire 9: only the police record an application; it links to the person in the intelligence register', async () => {
    const police = await signedIn('police');
    const created = await police.submit('/intelligence/new?kind=person', '/intelligence/new', { kind: 'person', name: 'Gary Lomax', approximateAge: '44', confirmed: 'yes' });
    assert.equal(created.status, 303);
    personId = /\/intelligence\/([0-9a-f-]{36})/.exec(created.location!)![1]!;

    assert.match((await police.get('/')).text, /data-qa="disclosure-scheme-link"/, 'police are led to the scheme from My work');
    const worker = await signedIn('social.worker');
    assert.doesNotMatch((await worker.get('/')).text, /data-qa="disclosure-scheme-link"/);
    assert.equal((await worker.get('/disclosure-scheme/new')).status, 403);
    assert.equal((await worker.get('/disclosure-scheme')).status, 403);

    const form = await police.get('/disclosure-scheme/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /Gary Lomax/);
    const missing = await police.submit('/disclosure-scheme/new', '/disclosure-scheme/new', { applicantName: 'Ms Ayres', applicantRelationship: 'Mother', childDescription: 'Her daughter, 9', concern: 'Her new partner.', handlingOfficerId: handlerId, receivedDate: '16/11/2026' });
    assert.equal(missing.status, 400);
    assert.match(titleOf(missing.text), /^Error: /);
    assert.match(missing.text, /href="#personDescription">Choose the person of concern from the register or describe them/);
    const res = await police.submit('/disclosure-scheme/new', '/disclosure-scheme/new', { applicantName: 'Ms Ayres', applicantRelationship: 'Mother', childDescription: 'Her daughter, 9', entityId: personId, concern: 'Her new partner stays over and babysits.', handlingOfficerId: handlerId, receivedDate: '16/11/2026' });
    assert.equal(res.status, 303);
    id = /\/disclosure-scheme\/([0-9a-f-]{36})/.exec(res.location!)![1]!;
    const page = await police.get(`/disclosure-scheme/${id}`);
    assert.match(page.text, /Received: awaiting the police decision/);
    assert.match(page.text, new RegExp(`href="/intelligence/${personId}">Gary Lomax`));
  });

  it('cambridgeshire 9: seen by the police of the force and the handling officer only; to anyone else it does not exist', async () => {
    const handler = await signedIn('handler');
    assert.equal((await handler.get(`/disclosure-scheme/${id}`)).status, 200);
    const work = await handler.get('/');
    assert.match(work.text, /data-qa="disclosures-handled"/);
    for (const who of ['other.force', 'coordinator', 'social.worker', 'nurse']) {
      const b = await signedIn(who);
      assert.equal((await b.get(`/disclosure-scheme/${id}`)).status, 404, `${who} does not see it`);
    }
    const coordinator = await signedIn('coordinator');
    const decide = await coordinator.submit('/', `/disclosure-scheme/${id}/decision`, { decision: 'disclose', reason: 'Previous convictions for offences against children.' });
    assert.equal(decide.status, 404);
    const otherList = await (await signedIn('other.force')).get('/disclosure-scheme');
    assert.equal(otherList.status, 200);
    assert.doesNotMatch(otherList.text, /CSODS-/);
    const denied = (await audits(id)).filter((a) => a.outcome === 'denied');
    assert.equal(denied.length, 5);
  });

  it('cambridgeshire 9: the police decision, then a disclosure only in person, with the warning and the signed undertaking', async () => {
    const police = await signedIn('police');
    const early = await police.submit(`/disclosure-scheme/${id}`, `/disclosure-scheme/${id}/disclosure`, { disclosedDate: '16/11/2026', recipientName: 'Ms Ayres', recipientRelationship: 'Mother', inPerson: 'yes', warningsGiven: 'yes', undertakingSigned: 'yes' });
    assert.equal(early.status, 409);
    assert.match(early.text, /Record the police decision to disclose first/);
    const short = await police.submit(`/disclosure-scheme/${id}`, `/disclosure-scheme/${id}/decision`, { decision: 'disclose', reason: 'Yes' });
    assert.equal(short.status, 400);
    const decided = await police.submit(`/disclosure-scheme/${id}`, `/disclosure-scheme/${id}/decision`, { decision: 'disclose', reason: 'Previous convictions for offences against children; he babysits.' });
    assert.equal(decided.status, 303);
    const handler = await signedIn('handler');
    const written = await handler.submit(`/disclosure-scheme/${id}`, `/disclosure-scheme/${id}/disclosure`, { disclosedDate: '16/11/2026', recipientName: 'Ms Ayres', recipientRelationship: 'Mother', inPerson: 'no', undertakingSigned: 'no' });
    assert.equal(written.status, 400);
    assert.match(written.text, /href="#inPerson">A disclosure is delivered in person, not in writing \(cambridgeshire 9\)/);
    assert.match(written.text, /href="#warningsGiven">Confirm the warning was given/);
    assert.match(written.text, /href="#proceedWithoutSignature">The undertaking was not signed: say whether the disclosure still took place/);
    const made = await handler.submit(`/disclosure-scheme/${id}`, `/disclosure-scheme/${id}/disclosure`, { disclosedDate: '16/11/2026', recipientName: 'Ms Ayres', recipientRelationship: 'Mother', inPerson: 'yes', warningsGiven: 'yes', undertakingSigned: 'yes' });
    assert.equal(made.status, 303);
    assert.match(made.location!, /done=disclosed/);
    const row = await harbour.db.selectFrom('disclosure_applications').select(['status', 'undertaking_signed', 'in_person']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'disclosed', undertaking_signed: true, in_person: true });
    const steps = (await audits(id)).filter((a) => a.outcome === 'success').map((a) => a.action).filter((a) => a !== 'disclosure-scheme.read');
    assert.deepEqual(steps, ['disclosure-scheme.applied', 'disclosure-scheme.decided', 'disclosure-scheme.disclosed']);
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('the API: an undertaking not signed needs the police’s consideration; problems in JSON; hidden from others', async () => {
    const tokenFor = async (who: string) => {
      const b = await signedIn(who);
      const page = await b.submit('/account', '/account/api-tokens', { name: 'api', scope: 'read-write' });
      return /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
    };
    const call = (token: string, method: string, path: string, body?: unknown) =>
      fetch(`${harbour.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const police = await tokenFor('police');
    const created = await call(police, 'POST', '/api/v1/disclosure-scheme', { applicantName: 'Mr Brook', applicantRelationship: 'Grandfather', childDescription: 'Grandson, 7', personDescription: 'A neighbour, about 60, called Len', concern: 'Takes the boy fishing alone.', handlingOfficerId: handlerId, receivedDate: '2026-11-16' });
    assert.equal(created.status, 201);
    const { id: apiId } = (await created.json()) as { id: string };
    assert.equal((await call(police, 'POST', `/api/v1/disclosure-scheme/${apiId}/decision`, { decision: 'disclose', reason: 'Relevant previous convictions.' })).status, 200);
    const unsigned = await call(police, 'POST', `/api/v1/disclosure-scheme/${apiId}/disclosure`, { disclosedDate: '2026-11-16', recipientName: 'Mr Brook', recipientRelationship: 'Grandfather', inPerson: true, warningsGiven: true, undertakingSigned: false });
    assert.equal(unsigned.status, 400);
    assert.equal(unsigned.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.deepEqual(((await unsigned.json()) as { errors: { path: string }[] }).errors.map((e) => e.path), ['proceedWithoutSignature', 'unsignedConsideration']);
    const notMade = await call(police, 'POST', `/api/v1/disclosure-scheme/${apiId}/disclosure`, { disclosedDate: '2026-11-16', recipientName: 'Mr Brook', recipientRelationship: 'Grandfather', inPerson: true, warningsGiven: true, undertakingSigned: false, proceedWithoutSignature: false, unsignedConsideration: 'He would not sign; the risk is managed by other means.' });
    assert.deepEqual(await notMade.json(), { status: 'not-disclosed' });
    const one = (await (await call(police, 'GET', `/api/v1/disclosure-scheme/${apiId}`)).json()) as { status: string; personOfConcern: { description: string } };
    assert.equal(one.status, 'not-disclosed');
    const nurse = await tokenFor('nurse');
    assert.equal((await call(nurse, 'GET', `/api/v1/disclosure-scheme/${apiId}`)).status, 404);
    assert.equal((await call(nurse, 'POST', '/api/v1/disclosure-scheme', { applicantName: 'X', applicantRelationship: 'Y', childDescription: 'Z', personDescription: 'P Q', concern: 'C', handlingOfficerId: handlerId, receivedDate: '2026-11-16' })).status, 403);
  });
});
