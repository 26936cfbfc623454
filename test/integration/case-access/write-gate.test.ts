// Issue 17: the changes that used to pass the plain case gate (a transfer request, attaching an anonymous
// consultation) pass the case write gate, inside their transactions: a closed case refuses them until it is
// reopened (issue 15), the refusal audited once (after the rollback) and nothing written; after reopening they go
// through, audited by the change alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const ASK = { addressedTo: 'cse-coordinator', ageBand: '13-15', sex: 'female', area: 'Kilburn', schoolType: 'secondary', concerns: ['rewards'], question: 'A Year 10 girl has a new phone and is collected after school by a man in his twenties. Should I refer?' };

describe(`the case write gate for transfers and consultations (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId: string;
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0004').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const tokenFor = async (who: string) => {
    const page = await (await signedIn(who)).submit('/account', '/account/api-tokens', { name: 'api', scope: 'read-write' });
    return /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
  };
  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${harbour.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const setStatus = (status: 'open' | 'closed') => harbour.db.updateTable('cases').set({ status, closed_at: status === 'closed' ? harbour.clock.now : null }).where('id', '=', caseId).execute();
  const gateRows = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'details']).where('entity_id', '=', caseId).where('action', '=', action).execute();

  it('attaching a consultation to a closed case is refused (409, audited once) and attaches nothing; after reopening it attaches', async () => {
    const nurse = await tokenFor('nurse');
    const coordinator = await tokenFor('coordinator');
    const asked = await call(nurse, 'POST', '/api/v1/consultations', ASK);
    assert.equal(asked.status, 201);
    const { id } = (await asked.json()) as { id: string };
    assert.equal((await call(coordinator, 'POST', `/api/v1/consultations/${id}/answer`, { advice: 'discuss-with-dsl', answer: 'Talk to your safeguarding lead first.' })).status, 200);
    await setStatus('closed');
    const refused = await call(coordinator, 'POST', `/api/v1/consultations/${id}/attach`, { caseReference: 'CSE-0004' });
    assert.equal(refused.status, 409);
    const row = await harbour.db.selectFrom('anonymous_consultations').select(['case_id']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.case_id, null, 'nothing attached');
    assert.deepEqual((await gateRows('consultation.attached')).map((r) => [r.outcome, (r.details as { code?: string }).code]), [['denied', 'case-closed']]);
    await setStatus('open');
    assert.equal((await call(coordinator, 'POST', `/api/v1/consultations/${id}/attach`, { caseReference: 'CSE-0004' })).status, 200);
    assert.deepEqual((await gateRows('consultation.attached')).map((r) => r.outcome), ['denied'], 'the success is audited by the change (on the consultation), not by the gate');
  });

  it('a transfer request on a closed case is refused (409, audited once) and writes nothing', async () => {
    await setStatus('closed');
    const coordinator = await signedIn('coordinator');
    const other = await harbour.db.selectFrom('local_authorities').select('id').where('id', '<>', (await harbour.db.selectFrom('cases').select('local_authority_id').where('id', '=', caseId).executeTakeFirstOrThrow()).local_authority_id).executeTakeFirst();
    const refused = await coordinator.submit(`/cases/${caseId}/transfer`, `/cases/${caseId}/transfer`, {
      toLocalAuthorityId: other?.id ?? '00000000-0000-4000-8000-000000000001', receivingCoordinatorId: '00000000-0000-4000-8000-000000000002', reason: 'Child moved area', summary: 'Moved to live with her aunt.',
    });
    assert.equal(refused.status, 409);
    assert.match(refused.text, /This case is closed/);
    assert.equal((await harbour.db.selectFrom('case_transfers').select('id').where('case_id', '=', caseId).execute()).length, 0);
    assert.deepEqual((await gateRows('transfer.requested')).map((r) => [r.outcome, (r.details as { code?: string }).code]), [['denied', 'case-closed']]);
    // Refused before the body is read (the API's gate for a bad body) is audited too, on the plain connection.
    const token = await tokenFor('coordinator');
    assert.equal((await call(token, 'POST', `/api/v1/cases/${caseId}/transfers`, {})).status, 409);
    assert.equal((await gateRows('transfer.requested')).length, 2);
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });
});
