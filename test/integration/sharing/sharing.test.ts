// Information-sharing decisions through HTTP (issue 13; bedford-luton 3.11-3.12, 5.7; camden Part 1 §6): a police-only
// observation and a police-only intelligence link become visible to the school nurse only through a decision in
// force; a request without consent widens nothing until a second person approves it, and the requester cannot
// approve it; consent withdrawn narrows later reads; a decision not to share is kept and counted; the chronology
// says a decision was made without saying what it covers; the API makes the same checks.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';
import { verifyAuditTrail } from '../../../src/features/audit/service.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const LEVEL_3 = 'matrix.coercion-control.l3.abduction-locked-in';
const SEVEN = {
  'answer-crime': 'Yes: to detect offences of child sexual exploitation',
  'answer-protection': 'Yes: the child is at risk of significant harm',
  'answer-risksToOthers': 'The adult is believed to target other girls at the school',
  'answer-vulnerability': 'Girls aged 13 to 15, some looked after',
  'answer-impact': 'May disrupt his contact with the children; no public disclosure',
  'answer-proportionate': 'Shared only with the school nurse, for health follow-up',
  'answer-alternative': 'None: the nurse needs the detail to arrange sexual-health support',
};

describe(`information-sharing decisions (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  const agencies = new Map<string, string>();
  const signedIn = new Map<string, Browserish>();
  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    for (const c of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) cases.set(c.reference, c.id);
    for (const a of await harbour.db.selectFrom('agencies').select(['id', 'kind']).execute()) agencies.set(a.kind, a.id);
  });
  beforeEach(() => {
    harbour.clock.set(MONDAY_MORNING);
    signedIn.clear();
  });
  after(async () => {
    await harbour?.stop();
  });
  const as = async (who: string) => {
    let b = signedIn.get(who);
    if (!b) {
      b = new Browserish(harbour.url);
      await b.signIn(`${who}@harbour.example`);
      signedIn.set(who, b);
    }
    return b;
  };
  const caseId = () => cases.get('CSE-0001')!;
  const record = (b: Browserish, fields: Record<string, string | string[]>) => b.submit(`/cases/${caseId()}/sharing/new`, `/cases/${caseId()}/sharing/new`, fields);
  const decisions = () => harbour.db.selectFrom('info_sharing_decisions').selectAll().where('case_id', '=', caseId()).orderBy('requested_at').execute();
  const riskPage = async (who: string) => (await (await as(who)).get(`/cases/${caseId()}/risk`)).text;

  let observationId = '';
  let consentDecision = '';

  it('a police-only observation is hidden from the nurse; a consent decision makes it visible, and withdrawing consent hides it again', async () => {
    const police = await as('police');
    const res = await police.submit(`/cases/${caseId()}/risk/observations/new`, `/cases/${caseId()}/risk/observations`, { indicatorId: LEVEL_3, observedOn: '13/11/2026', howKnown: 'reliable-source', note: 'Held at a flat on Kilburn High Road', sharingLevel: 'agency' });
    assert.equal(res.status, 303);
    observationId = (await harbour.db.selectFrom('risk_observations').select('id').where('case_id', '=', caseId()).where('note', '=', 'Held at a flat on Kilburn High Road').executeTakeFirstOrThrow()).id;
    assert.doesNotMatch(await riskPage('nurse'), /Kilburn High Road/);

    // Jade is 15: consent "as a 16-year-old" is refused, and capacity needs its reasons (camden Part 1 §6).
    const base = { items: [`risk_observation:${observationId}`], people: [users.get('nurse')!], purpose: 'Sexual-health follow-up by the school nurse', basis: 'consent', consentMethod: 'in-person', consentGivenOn: '16/11/2026' };
    const under16 = await record(police, { ...base, consentGiver: 'child-16-plus' });
    assert.equal(under16.status, 400);
    assert.match(titleOf(under16.text), /^Error: /);
    assert.match(under16.text, /href="#consentGiver">The child is under 16/);
    const noReasons = await record(police, { ...base, consentGiver: 'child-with-capacity' });
    assert.match(noReasons.text, /href="#capacityReasons">Enter the reasons the child is judged to have capacity/);
    assert.equal((await decisions()).length, 0, 'nothing written on a refusal');

    const ok = await record(police, { ...base, consentGiver: 'child-with-capacity', capacityReasons: 'Understands who will see it and why; Fraser-competent', consentLimits: 'Not to be shared with her mother' });
    assert.equal(ok.status, 303);
    assert.match(ok.location!, /done=in-force/);
    const [row] = await decisions();
    consentDecision = row!.id;
    assert.equal(row!.status, 'in-force');
    assert.match(await riskPage('nurse'), /Kilburn High Road/, 'the nurse sees it through the decision in force');
    assert.doesNotMatch(await riskPage('outreach'), /Kilburn High Road/, 'someone the decision does not name still does not');

    // Withdrawn: later reads no longer show it.
    const withdrawn = await police.submit(`/cases/${caseId()}/sharing/${consentDecision}`, `/cases/${caseId()}/sharing/${consentDecision}/withdrawal`, { version: String(row!.version), reason: 'Jade phoned to say she no longer agrees' });
    assert.equal(withdrawn.status, 303);
    assert.doesNotMatch(await riskPage('nurse'), /Kilburn High Road/);
    const again = await police.submit(`/cases/${caseId()}/sharing/${consentDecision}`, `/cases/${caseId()}/sharing/${consentDecision}/withdrawal`, { version: String(row!.version + 1), reason: 'twice' });
    assert.equal(again.status, 409, 'consent no longer in force is not withdrawn twice');
    assert.match(again.text, /This consent is no longer in force/);
    const audits = await harbour.db.selectFrom('audit_events').select('action').where('entity_id', '=', consentDecision).execute();
    assert.deepEqual(audits.map((a) => a.action).sort(), ['sharing.consent-withdrawn', 'sharing.decision-recorded']);
  });

  it('a request without consent widens nothing until a second person approves it; the requester cannot approve it', async () => {
    const police = await as('police');
    const incomplete = await record(police, { items: [`risk_observation:${observationId}`], people: [users.get('nurse')!], purpose: 'Protect other girls at the school', basis: 'public-interest', 'answer-crime': 'Yes' });
    assert.equal(incomplete.status, 400);
    assert.match(incomplete.text, /href="#answer-protection">Answer: Is the disclosure necessary to protect young/);
    assert.match(incomplete.text, /href="#childTold">Say whether the child has been told/);

    const res = await record(police, { items: [`risk_observation:${observationId}`], people: [users.get('nurse')!], purpose: 'Protect other girls at the school', basis: 'public-interest', ...SEVEN, childTold: 'will-tell', tellerName: 'Sam Worker', tellBy: '17/11/2026', familyTold: 'not-told', familyNotToldReason: 'Her mother’s partner is a suspect' });
    assert.equal(res.status, 303);
    assert.match(res.location!, /done=pending/);
    const pending = (await decisions()).find((d) => d.status === 'pending')!;
    assert.equal(pending.child_told, 'will-tell');
    assert.equal(pending.answers.alternative, SEVEN['answer-alternative']);
    assert.doesNotMatch(await riskPage('nurse'), /Kilburn High Road/, 'a pending request widens nothing');

    // Editing the observation's fields is not a way round: only decisions widen, and the nurse's view is read fresh.
    const approve = { version: String(pending.version), outcome: 'approve' };
    const own = await police.request('POST', `/cases/${caseId()}/sharing/${pending.id}/approval`, { _csrf: /name="_csrf" value="([^"]+)"/.exec((await police.get(`/cases/${caseId()}/sharing/${pending.id}`)).text)![1]!, ...approve });
    assert.equal(own.status, 403, 'the requester cannot approve');
    const nurse = await as('nurse');
    const byNurse = await nurse.request('POST', `/cases/${caseId()}/sharing/${pending.id}/approval`, { _csrf: /name="_csrf" value="([^"]+)"/.exec((await nurse.get(`/cases/${caseId()}`)).text)![1]!, ...approve });
    assert.equal(byNurse.status, 403, 'nor can someone who is not a manager or DSL');
    assert.equal((await decisions()).find((d) => d.id === pending.id)!.status, 'pending');
    const denied = await harbour.db.selectFrom('audit_events').select(['outcome', 'details']).where('entity_id', '=', pending.id).where('action', '=', 'sharing.decision-approved').execute();
    assert.deepEqual(denied.map((d) => [d.outcome, (d.details as { code: string }).code]).sort(), [['denied', 'not-approver'], ['denied', 'requester']]);

    const manager = await as('manager');
    assert.match((await manager.get('/')).text, /data-qa="sharing-to-approve"[\s\S]*?<strong>1<\/strong> request to share/, 'counted on the approver’s own work list');
    const work = await manager.get('/work/sharing');
    assert.match(work.text, /data-qa="pending-approvals"/);
    assert.match(work.text, new RegExp(`/cases/${caseId()}/sharing/${pending.id}`));
    const approved = await manager.submit(`/cases/${caseId()}/sharing/${pending.id}`, `/cases/${caseId()}/sharing/${pending.id}/approval`, approve);
    assert.equal(approved.status, 303);
    assert.match(await riskPage('nurse'), /Kilburn High Road/, 'visible once approved');
    assert.doesNotMatch((await manager.get('/work/sharing')).text, new RegExp(pending.id), 'no longer waiting');
    const twice = await manager.submit(`/cases/${caseId()}/sharing/${pending.id}`, `/cases/${caseId()}/sharing/${pending.id}/approval`, { ...approve, version: String(pending.version + 1) });
    assert.equal(twice.status, 409);
  });

  it('a police-only intelligence link reaches the nurse only through an approved decision', async () => {
    const police = await as('police');
    const created = await police.submit('/intelligence/new?kind=person', '/intelligence/new', { kind: 'person', name: 'Dwayne Ellery', approximateAge: '31', confirmed: 'yes' });
    assert.equal(created.status, 303);
    const entityId = /\/intelligence\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
    const linked = await police.submit(`/cases/${caseId()}/intelligence/link?entityId=${entityId}`, `/cases/${caseId()}/intelligence/link`, { entityId, howKnown: 'reliable-source', nature: 'adult of concern', sharingLevel: 'agency' });
    assert.equal(linked.status, 303);
    const link = await harbour.db.selectFrom('intel_links').select(['id', 'sharing_level']).where('entity_id', '=', entityId).executeTakeFirstOrThrow();
    assert.equal(link.sharing_level, 'agency');
    const nurseSees = async () => (await (await as('nurse')).get(`/cases/${caseId()}/intelligence`)).text;
    assert.doesNotMatch(await nurseSees(), /Dwayne Ellery/);
    const res = await record(police, { items: [`intelligence-link:${link.id}`], agencies: [agencies.get('health')!], purpose: 'The nurse should know who to look out for', basis: 'child-protection', ...SEVEN, childTold: 'not-told', notToldReason: 'Telling her now would alert him' });
    assert.equal(res.status, 303);
    assert.doesNotMatch(await nurseSees(), /Dwayne Ellery/, 'not before approval');
    const pending = (await decisions()).find((d) => d.status === 'pending')!;
    const approved = await (await as('manager')).submit(`/cases/${caseId()}/sharing/${pending.id}`, `/cases/${caseId()}/sharing/${pending.id}/approval`, { version: String(pending.version), outcome: 'approve', note: 'Agreed' });
    assert.equal(approved.status, 303);
    assert.match(await nurseSees(), /Dwayne Ellery/, 'the health agency sees the link once approved');
    assert.doesNotMatch((await (await as('outreach')).get(`/cases/${caseId()}/intelligence`)).text, /Dwayne Ellery/, 'other agencies still do not');

    // Later: the child was told after all, by whom and when (camden Part 1 §6).
    const telling = `/cases/${caseId()}/sharing/${pending.id}`;
    const noTeller = await police.submit(telling, `${telling}/telling`, { version: String(pending.version + 1), childTold: 'told' });
    assert.equal(noTeller.status, 400);
    assert.match(noTeller.text, /href="#tellerName">Enter who tells \(or told\) the child/);
    const told = await police.submit(telling, `${telling}/telling`, { version: String(pending.version + 1), childTold: 'told', tellerName: 'Sam Worker', tellBy: '18/11/2026' });
    assert.equal(told.status, 303);
    const after = await harbour.db.selectFrom('info_sharing_decisions').selectAll().where('id', '=', pending.id).executeTakeFirstOrThrow();
    assert.deepEqual([after.child_told, after.teller_name, after.tell_by, after.not_told_reason], ['told', 'Sam Worker', '2026-11-18', null]);
    assert.ok(await harbour.db.selectFrom('audit_events').select('id').where('entity_id', '=', pending.id).where('action', '=', 'sharing.telling-recorded').executeTakeFirst());
  });

  it('a decision not to share is kept and counted, and the chronology names no item', async () => {
    const police = await as('police');
    const entry = await harbour.db.selectFrom('chronology_entries').select('id').where('case_id', '=', caseId()).where('title', '=', 'Police intelligence logged').executeTakeFirstOrThrow();
    const missing = await record(police, { items: [`chronology-entry:${entry.id}`], agencies: [agencies.get('voluntary')!], purpose: 'Asked by the outreach worker', basis: 'not-shared' });
    assert.match(missing.text, /href="#notSharedReason">Enter the reason for not sharing/);
    const res = await record(police, { items: [`chronology-entry:${entry.id}`], agencies: [agencies.get('voluntary')!], purpose: 'Asked by the outreach worker', basis: 'not-shared', notSharedReason: 'Would compromise a live investigation' });
    assert.equal(res.status, 303);
    assert.match(res.location!, /done=not-shared/);
    const kept = (await decisions()).filter((d) => d.status === 'not-shared');
    assert.equal(kept.length, 1);
    const page = (await police.get(`/cases/${caseId()}/sharing`)).text;
    assert.match(page, /Decisions not to share: 1/);
    assert.match(page, /Would compromise a live investigation/);
    // The outreach worker sees on the chronology that decisions were made, never what they cover.
    const chronology = (await (await as('outreach')).get(`/cases/${caseId()}/chronology`)).text;
    assert.match(chronology, /Information-sharing decision recorded/);
    assert.doesNotMatch(chronology, /Kilburn|Dwayne|Police intelligence logged|live investigation/);
    const sharingPage = (await (await as('outreach')).get(`/cases/${caseId()}/sharing`)).text;
    assert.doesNotMatch(sharingPage, /live investigation|Kilburn/, 'another agency does not see the police’s decisions that do not name it');
    assert.match(sharingPage, /Decisions not to share: 1/, 'but they are counted');
    assert.equal((await verifyAuditTrail(harbour.db)).ok, true);
  });

  it('the API lists decisions and makes the same checks', async () => {
    const token = async (who: string) => {
      const page = await (await as(who)).submit('/account', '/account/api-tokens', { name: `${who} system`, scope: 'read-write' });
      return /<code class="harbour-token">([^<]+)<\/code>/.exec(page.text)![1]!;
    };
    const [policeToken, managerToken] = [await token('police'), await token('manager')];
    const api = (t: string, path: string, init: RequestInit = {}) => fetch(`${harbour.url}${path}`, { ...init, headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' } });
    const bad = await api(policeToken, `/api/v1/cases/${caseId()}/sharing-decisions`, { method: 'POST', body: JSON.stringify({ items: [`risk_observation:${observationId}`], people: [users.get('nurse')], purpose: 'x', basis: 'public-interest' }) });
    assert.equal(bad.status, 400);
    assert.match(bad.headers.get('content-type')!, /problem\+json/);
    const created = await api(policeToken, `/api/v1/cases/${caseId()}/sharing-decisions`, { method: 'POST', body: JSON.stringify({ items: [`risk_observation:${observationId}`], people: [users.get('outreach')], purpose: 'Key worker support', basis: 'public-interest', ...SEVEN, childTold: 'told', tellerName: 'Sam Worker', tellBy: '2026-11-16' }) });
    assert.equal(created.status, 201);
    const { id, status } = (await created.json()) as { id: string; status: string };
    assert.equal(status, 'pending');
    const self = await api(policeToken, `/api/v1/cases/${caseId()}/sharing-decisions/${id}/approval`, { method: 'POST', body: JSON.stringify({ version: 1, outcome: 'approve' }) });
    assert.equal(self.status, 403);
    const list = (await (await api(managerToken, `/api/v1/cases/${caseId()}/sharing-decisions`)).json()) as { items: { id: string; mayApprove: boolean }[]; counts: Record<string, number> };
    assert.equal(list.items.find((d) => d.id === id)?.mayApprove, true);
    assert.equal(list.counts['not-shared'], 1);
    const ok = await api(managerToken, `/api/v1/cases/${caseId()}/sharing-decisions/${id}/approval`, { method: 'POST', body: JSON.stringify({ version: 1, outcome: 'decline', note: 'Not proportionate' }) });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { status: 'declined' });
    assert.doesNotMatch(await riskPage('outreach'), /Kilburn High Road/, 'a declined request widens nothing');
    const telling = await api(policeToken, `/api/v1/cases/${caseId()}/sharing-decisions/${id}/telling`, { method: 'POST', body: JSON.stringify({ version: 2, childTold: 'not-told' }) });
    assert.equal(telling.status, 400, 'a declined request shared nothing to tell');
    assert.match(JSON.stringify(await telling.json()), /nothing was shared/);
    const reasonless = await api(policeToken, `/api/v1/cases/${caseId()}/sharing-decisions/${(await decisions()).find((d) => d.basis === 'child-protection')!.id}/telling`, { method: 'POST', body: JSON.stringify({ version: 3, childTold: 'not-told' }) });
    assert.equal(reasonless.status, 400, 'not telling needs its reason');
    assert.match(JSON.stringify(await reasonless.json()), /notToldReason/);
  });
});
