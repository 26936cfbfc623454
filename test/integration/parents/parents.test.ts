// Telling parents through HTTP (issue 13; bedford-luton 7.16; camden Part 3 §3.3, §4.2): a decision at a CSE referral,
// an under-13 exception that is not in force until a second person agrees (never the recorder, never someone without
// the team manager or CSE coordinator role), the manager's work list, the chronology and the audit trail, and the API.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);

describe(`telling parents (${databaseLabel})`, () => {
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
  const referral = async (ref: string) => {
    const caseId = caseIds.get(ref)!;
    const worker = await signedIn('social.worker');
    const res = await worker.submit(`/cases/${caseId}/risk/referral/new`, `/cases/${caseId}/risk/referral`, { reason: 'Seen with older men at the station several evenings.' });
    assert.equal(res.status, 303);
    const row = await harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).orderBy('referred_at', 'desc').executeTakeFirstOrThrow();
    return `referral:${row.id}`;
  };
  const audits = (action: string) => harbour.db.selectFrom('audit_events').select(['outcome', 'details', 'actor_id']).where('action', '=', action).execute();
  const REASONS = 'Her mother’s partner is named by the child as taking her to the flat.';

  it('bedford-luton 7.16: parents told at the CSE referral, who told them, when and how, on the chronology', async () => {
    const caseId = caseIds.get('CSE-0001')!;
    const occasion = await referral('CSE-0001');
    const worker = await signedIn('social.worker');
    const page = await worker.get(`/cases/${caseId}/parents`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1 class="govuk-heading-l">Telling parents<\/h1>/);
    assert.doesNotMatch(page.text, /data-qa="under-13-rule"/, 'Jade is 15');
    const missing = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion, told: 'yes', toldBy: '', toldDate: '' });
    assert.equal(missing.status, 400);
    assert.match(titleOf(missing.text), /^Error: /);
    assert.match(missing.text, /href="#toldBy">Say who told the parents/);
    assert.match(missing.text, /href="#toldHow">Say how the parents were told/);
    const told = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion, told: 'yes', toldBy: 'Sam Worker', toldDate: '16/11/2026', toldHow: 'in-person', whatTold: 'The concerns and the referral.' });
    assert.equal(told.status, 303);
    assert.match(told.location!, /done=told/);
    const after = await worker.get(`/cases/${caseId}/parents`);
    assert.match(after.text, /Parents told<\/strong>/);
    assert.match(after.text, /Sam Worker/);
    const chronology = await harbour.db.selectFrom('chronology_entries').select(['title', 'summary']).where('case_id', '=', caseId).where('kind', '=', 'parents').execute();
    assert.deepEqual(chronology.map((c) => c.title), ['Parents told of the concerns (at the CSE referral)']);
    const onChronology = await worker.get(`/cases/${caseId}/chronology?kind=parents`);
    assert.match(onChronology.text, /Parents told of the concerns \(at the CSE referral\)/);
    assert.match(onChronology.text, /Open Telling parents/);
    assert.equal((await audits('parent-notification.recorded')).length, 1);
  });

  it('bedford-luton 7.16: an exception over 13 is in force once recorded with reasons; the chronology does not say the reasons', async () => {
    const caseId = caseIds.get('CSE-0002')!;
    const occasion = await referral('CSE-0002');
    const worker = await signedIn('social.worker');
    const short = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion, told: 'no', ground: 'parent-may-be-involved', reasons: 'too short' });
    assert.equal(short.status, 400);
    assert.match(short.text, /record the reasons for the exception, in at least 20 characters \(bedford-luton 7.16; camden Part 3 §3.3\)/);
    const res = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion, told: 'no', ground: 'parent-may-be-involved', reasons: REASONS });
    assert.equal(res.status, 303);
    assert.match(res.location!, /done=in-force/);
    const entry = await harbour.db.selectFrom('chronology_entries').select(['title', 'summary']).where('case_id', '=', caseId).where('kind', '=', 'parents').executeTakeFirstOrThrow();
    assert.equal(entry.title, 'Parents not told: exception recorded (at the CSE referral)');
    assert.doesNotMatch(entry.summary, /partner/);
  });

  let pendingId = '';
  it('camden Part 3 §4.2: under 13, the page says parents must be told; an exception is refused without “clearly inconsistent”, and awaits a manager’s agreement', async () => {
    const caseId = caseIds.get('CSE-0003')!;
    const occasion = await referral('CSE-0003');
    const worker = await signedIn('social.worker');
    const page = await worker.get(`/cases/${caseId}/parents`);
    assert.match(page.text, /data-qa="under-13-rule"/);
    assert.match(page.text, /parents must be told unless that is clearly inconsistent with the child’s welfare/);
    const refused = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion, told: 'no', ground: 'child-asks-not-to', reasons: REASONS });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /href="#clearlyInconsistent">The child is under 13/);
    assert.match(refused.text, /href="#ground">The child is under 13: their wish alone is not a reason/);
    assert.equal((await harbour.db.selectFrom('parent_notifications').select('id').where('case_id', '=', caseId).execute()).length, 0, 'nothing written');

    const res = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion, told: 'no', ground: 'parent-may-be-involved', reasons: REASONS, clearlyInconsistent: 'yes' });
    assert.equal(res.status, 303);
    assert.match(res.location!, /done=awaiting-agreement/);
    const row = await harbour.db.selectFrom('parent_notifications').select(['id', 'status', 'under_13']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'awaiting-agreement', 'not in force without a manager’s agreement');
    assert.equal(row.under_13, true);
    pendingId = row.id;
    const shown = await worker.get(`/cases/${caseId}/parents`);
    assert.match(shown.text, /Not told: awaiting a manager’s agreement/);
    assert.doesNotMatch(shown.text, /data-qa="save-agreement"/, 'the social worker is offered no agreement');
  });

  it('camden Part 3 §4.2: the recorder cannot agree, even as a manager; a social worker cannot; a second manager can, from the work list', async () => {
    const caseId = caseIds.get('CSE-0003')!;
    // The manager records an under-13 exception themselves: they cannot then agree it.
    const manager = await signedIn('manager');
    const occasion = `referral:${(await harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).id}`;
    const own = await manager.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion, told: 'no', ground: 'would-prejudice-investigation', reasons: 'Police ask for a week before the family hear of it.', clearlyInconsistent: 'yes' });
    assert.equal(own.status, 303);
    const ownId = (await harbour.db.selectFrom('parent_notifications').select('id').where('case_id', '=', caseId).where('recorded_by', '<>', (await harbour.db.selectFrom('parent_notifications').select('recorded_by').where('id', '=', pendingId).executeTakeFirstOrThrow()).recorded_by).executeTakeFirstOrThrow()).id;
    const selfAgree = await manager.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${ownId}/agreement`, { version: '1', agree: 'yes' });
    assert.equal(selfAgree.status, 403);
    assert.match(selfAgree.text, /You recorded this exception/);

    const teacher = await signedIn('teacher');
    const notManager = await teacher.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${pendingId}/agreement`, { version: '1', agree: 'yes' });
    assert.equal(notManager.status, 403);
    const denied = await audits('parent-notification.agreement');
    assert.deepEqual(denied.map((d) => [d.outcome, (d.details as { code: string }).code]).sort(), [['denied', 'not-a-manager'], ['denied', 'recorder-cannot-agree']]);

    const work = await manager.get('/');
    assert.match(work.text, /data-qa="parents-awaiting"/);
    assert.match(work.text, new RegExp(`/cases/${caseId}/parents#decision-${pendingId}`));
    assert.doesNotMatch(work.text, new RegExp(`#decision-${ownId}`), 'their own exception is not on their list');

    const noNote = await manager.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${pendingId}/agreement`, { version: '1', agree: 'no' });
    assert.equal(noNote.status, 400);
    assert.match(noNote.text, /Say why you do not agree/);
    const agreed = await manager.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${pendingId}/agreement`, { version: '1', agree: 'yes', note: 'Agreed after speaking to the police.' });
    assert.equal(agreed.status, 303);
    assert.match(agreed.location!, /done=agreed/);
    const row = await harbour.db.selectFrom('parent_notifications').select(['status', 'agreed_by']).where('id', '=', pendingId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'in-force');
    const shown = await manager.get(`/cases/${caseId}/parents`);
    assert.match(shown.text, /Agreed by Morgan Manager, [^<]*: Agreed after speaking to the police\./);
    assert.match(shown.text, /Clearly inconsistent with the child’s welfare[\s\S]*?Yes, said by the recorder/);
    const again = await manager.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${pendingId}/agreement`, { version: '2', agree: 'yes' });
    assert.equal(again.status, 409, 'agreed once only');
    const stale = await (await signedIn('coordinator')).submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${ownId}/agreement`, { version: '7', agree: 'yes' });
    assert.equal(stale.status, 409, 'a stale form is refused');
    const titles = (await harbour.db.selectFrom('chronology_entries').select('title').where('case_id', '=', caseId).where('kind', '=', 'parents').execute()).map((t) => t.title);
    assert.ok(titles.includes('A manager agreed the exception: parents not told (at the CSE referral)'));
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('a decision at a meeting of the case; someone outside the case sees nothing', async () => {
    const caseId = caseIds.get('CSE-0001')!;
    const worker = await signedIn('social.worker');
    // A meeting of the case, held, which decided the parents would be told (as the meetings feature records it).
    const kase = await harbour.db.selectFrom('cases').select(['local_authority_id', 'lead_professional_id']).where('id', '=', caseId).executeTakeFirstOrThrow();
    const profile = (await harbour.db.selectFrom('local_authorities').select('profile_id').where('id', '=', kase.local_authority_id).executeTakeFirstOrThrow()).profile_id;
    const meeting = await harbour.db
      .insertInto('meetings')
      .values({ local_authority_id: kase.local_authority_id, profile_id: profile, meeting_type: 'strategy-meeting', status: 'held', scheduled_at: MONDAY_MORNING, venue: 'Crowndale Centre', convened_by: kase.lead_professional_id!, convened_at: MONDAY_MORNING, parents_told: true, parents_told_by: 'Olu Outreach', parents_told_what: 'The concerns' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await harbour.db.insertInto('meeting_cases').values({ meeting_id: meeting.id, case_id: caseId }).execute();
    const page = await worker.get(`/cases/${caseId}/parents`);
    assert.match(page.text, /The meeting decided the parents will be told, by Olu Outreach/);
    const res = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion: `meeting:${meeting.id}`, told: 'yes', toldBy: 'Olu Outreach', toldDate: '16/11/2026', toldHow: 'telephone' });
    assert.equal(res.status, 303);
    const titles = (await harbour.db.selectFrom('chronology_entries').select('title').where('case_id', '=', caseId).where('kind', '=', 'parents').execute()).map((t) => t.title);
    assert.ok(titles.includes('Parents told of the concerns (at a meeting)'));
    const other = await worker.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents`, { occasion: `meeting:${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, told: 'yes', toldBy: 'X Y', toldDate: '16/11/2026', toldHow: 'telephone' });
    assert.equal(other.status, 400);
    assert.match(other.text, /Choose a CSE referral or meeting of this case/);
    const referrer = await signedIn('referrer');
    assert.equal((await referrer.get(`/cases/${caseId}/parents`)).status, 403);
  });

  it('the API: the same checks, JSON problems for bad input, a recorder’s own agreement refused', async () => {
    // Amira (CSE-0003) is the demo's only child under 13; her referral is still awaiting the coordinator.
    const caseId = caseIds.get('CSE-0003')!;
    const occasion = `referral:${(await harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).id}`;
    const worker = await signedIn('social.worker');
    const page = await worker.submit('/account', '/account/api-tokens', { name: 'case system', scope: 'read-write' });
    const token = /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${harbour.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const bad = await call('POST', `/api/v1/cases/${caseId}/parent-notifications`, { occasion, told: false, ground: 'child-asks-not-to', reasons: REASONS });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    const problem = (await bad.json()) as { errors: { path: string; message: string }[] };
    assert.deepEqual(problem.errors.map((e) => e.path).sort(), ['clearlyInconsistent', 'ground']);
    const created = await call('POST', `/api/v1/cases/${caseId}/parent-notifications`, { occasion, told: false, ground: 'would-place-child-at-risk', reasons: REASONS, clearlyInconsistent: true });
    assert.equal(created.status, 201);
    const { id, status } = (await created.json()) as { id: string; status: string };
    assert.equal(status, 'awaiting-agreement');
    const list = (await (await call('GET', `/api/v1/cases/${caseId}/parent-notifications`)).json()) as { under13Rule: boolean; items: { id: string; status: string }[] };
    assert.equal(list.under13Rule, true);
    assert.deepEqual(list.items[0], { ...list.items[0], id, status: 'awaiting-agreement' });
    const own = await call('POST', `/api/v1/cases/${caseId}/parent-notifications/${id}/agreement`, { version: 1, agree: true });
    assert.equal(own.status, 403);
    assert.equal(own.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  });
});
