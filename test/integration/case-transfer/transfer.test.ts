// Transfer between authorities through HTTP (issue 15; bedford-luton 18-19): a request declined, then one accepted, and
// one withdrawn, with who can see what before and after, the response clock started and stopped, every step on the
// chronology and the audit trail, and the request on the receiving coordinator's work list.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';
import { TRANSFER_CLOCK_RULE } from '../../../src/features/case-transfer/service.ts';
import { addNeighbourAuthority, NEIGHBOUR } from '../../support/neighbour-authority.ts';

describe(`transfer between authorities (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let neighbour: Awaited<ReturnType<typeof addNeighbourAuthority>>;
  let caseId = '';
  let homeAuthority = '';
  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const transfers = () => harbour.db.selectFrom('case_transfers').selectAll().where('case_id', '=', caseId).orderBy('requested_at').execute();
  const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'entity_id', 'details']).where('action', '=', action).orderBy('id').execute();
  const clockOf = (id: string | null) => harbour.db.selectFrom('clocks').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();

  before(async () => {
    harbour = await startTestHarbour();
    neighbour = await addNeighbourAuthority(harbour.db);
    const k = await harbour.db.selectFrom('cases').select(['id', 'local_authority_id']).where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow();
    caseId = k.id;
    homeAuthority = k.local_authority_id;
  });
  after(async () => {
    await harbour?.stop();
  });

  const request = async (summary = 'Jade moved to live with her aunt in Neighbour Borough in November.') => {
    const coordinator = await signedIn('coordinator');
    return coordinator.submit(`/cases/${caseId}/transfer`, `/cases/${caseId}/transfer`, {
      toLocalAuthorityId: NEIGHBOUR.id, receivingCoordinatorId: neighbour['neighbour.coordinator'], reason: 'Child moved area', summary,
    });
  };

  it('before any request the other authority sees nothing; a bad request shows the error summary and writes nothing', async () => {
    const receiver = await signedIn('neighbour.coordinator');
    assert.equal((await receiver.get(`/cases/${caseId}`)).status, 403);
    const coordinator = await signedIn('coordinator');
    const page = await coordinator.get(`/cases/${caseId}/transfer`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Ask another authority to take over/);
    const empty = await coordinator.submit(`/cases/${caseId}/transfer`, `/cases/${caseId}/transfer`, { toLocalAuthorityId: '', receivingCoordinatorId: '', reason: '', summary: '' });
    assert.equal(empty.status, 400);
    assert.match(titleOf(empty.text), /^Error: /);
    assert.match(empty.text, /There is a problem/);
    const wrong = await coordinator.submit(`/cases/${caseId}/transfer`, `/cases/${caseId}/transfer`, { toLocalAuthorityId: NEIGHBOUR.id, receivingCoordinatorId: neighbour['neighbour.worker'], reason: 'Moved', summary: 'Moved.' });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /Choose a CSE coordinator of the receiving authority/);
    assert.match(wrong.text, /Moved\./, 'the input is kept');
    const worker = await signedIn('social.worker');
    const refused = await worker.submit(`/cases/${caseId}/transfer`, `/cases/${caseId}/transfer`, { toLocalAuthorityId: NEIGHBOUR.id, receivingCoordinatorId: neighbour['neighbour.coordinator'], reason: 'Moved', summary: 'Moved.' });
    assert.equal(refused.status, 403);
    assert.equal((await transfers()).length, 0);
    const denied = await audits('transfer.requested');
    assert.deepEqual(denied.map((a) => [a.outcome, (a.details as { code: string }).code]), [['denied', 'coordinator-not-of-authority'], ['denied', 'not-permitted']]);
  });

  it('a request starts the response clock on the receiving coordinator’s work list; until answered both authorities see the case, the receiver only its package', async () => {
    const sent = await request();
    assert.equal(sent.status, 303);
    const [t] = await transfers();
    assert.ok(t);
    assert.equal(t.status, 'requested');
    const clock = await clockOf(t.clock_id);
    assert.equal(clock.rule_id, TRANSFER_CLOCK_RULE);
    assert.equal(clock.owner_user_id, neighbour['neighbour.coordinator']);
    assert.equal(clock.local_authority_id, NEIGHBOUR.id);
    assert.equal(clock.stopped_at, null);
    assert.equal(new Date(t.respond_by).getTime(), new Date(clock.due_at).getTime());
    const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('record_id', '=', t.id).executeTakeFirstOrThrow();
    assert.equal(entry.kind, 'transfer-requested');
    const note = await harbour.db.selectFrom('notifications').selectAll().where('user_id', '=', neighbour['neighbour.coordinator']).where('kind', '=', 'transfer-requested').executeTakeFirstOrThrow();
    assert.equal(note.link, `/cases/${caseId}/transfer/${t.id}`);

    const receiver = await signedIn('neighbour.coordinator');
    const pkg = await receiver.get(`/cases/${caseId}/transfer/${t.id}`);
    assert.equal(pkg.status, 200);
    assert.match(pkg.text, /Jade moved to live with her aunt/);
    assert.match(pkg.text, /Home visit/, 'a network entry is in the package');
    assert.doesNotMatch(pkg.text, /Police intelligence logged/, 'a police-only entry is not');
    assert.match(pkg.text, /data-qa="transfer-network"/);
    assert.match(pkg.text, /data-qa="accept-transfer"/);
    assert.equal((await receiver.get(`/cases/${caseId}`)).status, 403, 'the rest of the case stays closed to the receiver');
    assert.equal((await receiver.get(`/cases/${caseId}/chronology`)).status, 403);
    const list = await receiver.get('/transfers');
    assert.match(list.text, /CSE-0001/);
    const home = await receiver.get('/');
    assert.match(home.text, /asks your authority to take over case CSE-0001/, 'the request is on the receiving coordinator’s work list');
    // The clock joins "due soon or overdue" on that list as its day nears.
    harbour.clock.set(new Date(clock.due_at.getTime() - 3_600_000));
    const soon = (await (await signedIn('neighbour.coordinator')).get('/')).text;
    assert.match(soon, /Answer the transfer request/);
    assert.match(soon, /href="\/transfers">A transfer request<\/a>/, 'it leads to the request, not to the case they cannot open yet');
    harbour.clock.reset();
    assert.equal((await (await signedIn('social.worker')).get(`/cases/${caseId}`)).status, 200, 'the sending authority keeps its access');
    const second = await request('Again.');
    assert.equal(second.status, 400);
    assert.match(second.text, /already waiting for an answer/);
  });

  it('a decline needs a reason and a current version; declined, the clock stops, the sender is told and the receiver sees nothing again', async () => {
    const [t] = await transfers();
    const receiver = await signedIn('neighbour.coordinator');
    const page = await receiver.get(`/cases/${caseId}/transfer/${t!.id}`);
    const empty = await receiver.request('POST', `/cases/${caseId}/transfer/${t!.id}/decline`, { _csrf: csrfTokenIn(page.text), version: String(t!.version), reason: '' });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Enter why you are declining the transfer/);
    const stale = await receiver.request('POST', `/cases/${caseId}/transfer/${t!.id}/decline`, { _csrf: csrfTokenIn(page.text), version: String(t!.version + 1), reason: 'Typed in an old window.' });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /changed since you opened the page/);
    assert.match(stale.text, /Typed in an old window\./, 'the typed reason is kept');
    const declined = await receiver.request('POST', `/cases/${caseId}/transfer/${t!.id}/decline`, { _csrf: csrfTokenIn(page.text), version: String(t!.version), reason: 'The child is not living in our area.' });
    assert.equal(declined.status, 303);
    const [after] = await transfers();
    assert.equal(after!.status, 'declined');
    assert.equal(after!.answer_reason, 'The child is not living in our area.');
    assert.notEqual((await clockOf(after!.clock_id)).stopped_at, null);
    assert.equal((await clockOf(after!.clock_id)).stop_reason, 'transfer-declined');
    assert.equal((await receiver.get(`/cases/${caseId}/transfer/${t!.id}`)).status, 403);
    const told = await harbour.db.selectFrom('notifications').select('kind').where('kind', '=', 'transfer-declined').execute();
    assert.equal(told.length, 1);
    assert.equal((await harbour.db.selectFrom('cases').select('local_authority_id').where('id', '=', caseId).executeTakeFirstOrThrow()).local_authority_id, homeAuthority);
    const again = await receiver.request('POST', `/cases/${caseId}/transfer/${t!.id}/accept`, { _csrf: csrfTokenIn(page.text), version: String(after!.version) });
    assert.equal(again.status, 403, 'an answered request cannot be answered again (nor read)');
  });

  it('accepted: the case moves to the receiving authority, the sending authority reads only what it wrote, every step audited', async () => {
    assert.equal((await request()).status, 303);
    const t = (await transfers()).at(-1)!;
    const receiver = await signedIn('neighbour.coordinator');
    const page = await receiver.get(`/cases/${caseId}/transfer/${t.id}`);
    const accepted = await receiver.request('POST', `/cases/${caseId}/transfer/${t.id}/accept`, { _csrf: csrfTokenIn(page.text), version: String(t.version) });
    assert.equal(accepted.status, 303);
    const kase = await harbour.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(kase.local_authority_id, NEIGHBOUR.id);
    assert.equal(kase.manager_id, neighbour['neighbour.coordinator']);
    assert.equal(kase.lead_professional_id, null, 'the sending authority’s lead professional is unallocated');
    assert.equal((await harbour.db.selectFrom('children').select('local_authority_id').where('id', '=', kase.child_id).executeTakeFirstOrThrow()).local_authority_id, NEIGHBOUR.id);
    const network = await harbour.db.selectFrom('case_network').select('user_id').where('case_id', '=', caseId).where('removed_at', 'is', null).execute();
    assert.equal(network.length, 0, 'the sending authority’s people have left the network');
    const done = (await transfers()).at(-1)!;
    assert.equal(done.status, 'accepted');
    assert.equal((await clockOf(done.clock_id)).stop_reason, 'transfer-accepted');

    assert.equal((await receiver.get(`/cases/${caseId}`)).status, 200, 'the receiving authority holds the case');
    assert.equal((await receiver.get(`/cases/${caseId}/chronology`)).status, 200);
    const coordinator = await signedIn('coordinator');
    const closed = await coordinator.get(`/cases/${caseId}`);
    assert.equal(closed.status, 403);
    assert.match(closed.text, /transferred to another authority/);
    const record = await coordinator.get(`/cases/${caseId}/transferred-record`);
    assert.equal(record.status, 200);
    assert.match(record.text, /Home visit/, 'what the sending authority wrote');
    assert.match(record.text, /Transfer to Neighbour Borough requested/);
    assert.doesNotMatch(record.text, /Transfer accepted/, 'not what the receiving authority wrote');
    assert.doesNotMatch(record.text, /Police intelligence logged/, 'nor a police-only entry it could not see before');
    assert.equal((await (await signedIn('social.worker')).get(`/cases/${caseId}`)).status, 403, 'the former lead professional has no access');
    assert.equal((await (await signedIn('police')).get(`/cases/${caseId}/transferred-record`)).status, 403, 'the transferred record is for the sending authority’s area roles');

    const kinds = (await harbour.db.selectFrom('chronology_entries').select('kind').where('record_type', '=', 'case-transfer').where('case_id', '=', caseId).orderBy('recorded_at').execute()).map((e) => e.kind);
    assert.deepEqual(kinds, ['transfer-requested', 'transfer-declined', 'transfer-requested', 'transfer-accepted']);
    for (const action of ['transfer.requested', 'transfer.declined', 'transfer.accepted']) {
      assert.ok((await audits(action)).some((a) => a.outcome === 'success'), action);
    }
    assert.ok((await audits('case.transfer-package')).length > 0, 'reading the package is audited');
    assert.ok((await audits('case.transferred-record')).length > 0, 'reading the transferred record is audited');
    assert.ok((await audits('case.read')).some((a) => a.outcome === 'denied' && (a.details as { code: string }).code === 'transferred-out'));
  });

  it('a request can be withdrawn by the sender, which stops its clock; through the API too', async () => {
    const other = await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0002').executeTakeFirstOrThrow();
    const coordinator = await signedIn('coordinator');
    const form = await coordinator.get(`/cases/${other.id}/transfer`);
    const sent = await coordinator.request('POST', `/cases/${other.id}/transfer`, { _csrf: csrfTokenIn(form.text), toLocalAuthorityId: NEIGHBOUR.id, receivingCoordinatorId: neighbour['neighbour.coordinator'], reason: 'Moved', summary: 'Tyler moved.' });
    assert.equal(sent.status, 303);
    const t = await harbour.db.selectFrom('case_transfers').selectAll().where('case_id', '=', other.id).executeTakeFirstOrThrow();
    const receiver = await signedIn('neighbour.coordinator');
    const pkg = await receiver.get(`/cases/${other.id}/transfer/${t.id}`);
    const notYours = await receiver.request('POST', `/cases/${other.id}/transfer/${t.id}/withdraw`, { _csrf: csrfTokenIn(pkg.text), version: String(t.version) });
    assert.equal(notYours.status, 403);
    const page = await coordinator.get(`/cases/${other.id}/transfer/${t.id}`);
    assert.match(page.text, /data-qa="withdraw-transfer"/);
    const withdrawn = await coordinator.request('POST', `/cases/${other.id}/transfer/${t.id}/withdraw`, { _csrf: csrfTokenIn(page.text), version: String(t.version) });
    assert.equal(withdrawn.status, 303);
    const row = await harbour.db.selectFrom('case_transfers').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'withdrawn');
    assert.equal((await clockOf(row.clock_id)).stop_reason, 'transfer-withdrawn');
    assert.equal((await harbour.db.selectFrom('clocks').select('id').where('rule_id', '=', TRANSFER_CLOCK_RULE).where('stopped_at', 'is', null).execute()).length, 0, 'no transfer clock is left running');
    assert.equal((await audits('transfer.withdrawn')).filter((a) => a.outcome === 'success').length, 1);

    // The same steps through the API (docs/openapi.yaml), with a read-write token: bad input is a problem listing each field.
    const tokenPage = await coordinator.submit('/account', '/account/api-tokens', { name: 'transfer tests', scope: 'read-write' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(tokenPage.text)![1]!;
    const api = (path: string, body: unknown) => fetch(`${harbour.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const bad = await api(`/api/v1/cases/${other.id}/transfers`, { toLocalAuthorityId: NEIGHBOUR.id });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type')!, /problem\+json/);
    assert.ok(((await bad.json()) as { errors: { path: string }[] }).errors.some((e) => e.path === 'summary'));
    const wrong = await api(`/api/v1/cases/${other.id}/transfers`, { toLocalAuthorityId: NEIGHBOUR.id, receivingCoordinatorId: neighbour['neighbour.worker'], reason: 'Moved', summary: 'Moved.' });
    assert.equal(wrong.status, 400);
    assert.deepEqual(((await wrong.json()) as { errors: { path: string }[] }).errors.map((e) => e.path), ['receivingCoordinatorId']);
    const created = await api(`/api/v1/cases/${other.id}/transfers`, { toLocalAuthorityId: NEIGHBOUR.id, receivingCoordinatorId: neighbour['neighbour.coordinator'], reason: 'Moved', summary: 'Tyler moved again.' });
    assert.equal(created.status, 201);
    const body = (await created.json()) as { id: string; status: string };
    assert.equal(body.status, 'requested');
    const pulled = await api(`/api/v1/transfers/${body.id}/withdraw`, { version: 1 });
    assert.equal(pulled.status, 200);
    assert.deepEqual(await pulled.json(), { caseId: other.id, status: 'withdrawn' });
    const twice = await api(`/api/v1/transfers/${body.id}/withdraw`, { version: 2 });
    assert.equal(twice.status, 409);
    assert.deepEqual(await verifyAuditTrail(harbour.db), { ok: true, checked: (await harbour.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n * 1 });
  });
});
