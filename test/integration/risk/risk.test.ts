// Issue 5 through HTTP: multi-agency observations with sharing levels, the CSE referral, the coordinator's
// decision with its clocks and actions, re-assessment with optimistic locking, the trafficking flag and links.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn, titleOf } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

/** Monday 16 November 2026, 10:30 London time. */
const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const LEVEL_3 = 'matrix.coercion-control.l3.abduction-locked-in';
const LEVEL_2 = 'matrix.running-away.l2.missing-episodes';
const TRAFFICKING = 'trafficking.prepared-story';

describe(`multi-agency risk assessment and the coordinator's decision (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  const signedIn = new Map<string, Browserish>();

  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    for (const c of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) cases.set(c.reference, c.id);
  });
  // Moving the clock would end idle sessions: every test signs in afresh at its own time.
  const setClock = (at: Date) => {
    harbour.clock.set(at);
    signedIn.clear();
  };
  beforeEach(() => setClock(MONDAY_MORNING));
  after(async () => {
    await harbour?.stop();
  });

  const as = async (who: string) => {
    let browser = signedIn.get(who);
    if (!browser) {
      browser = new Browserish(harbour.url);
      await browser.signIn(`${who}@harbour.example`);
      signedIn.set(who, browser);
    }
    return browser;
  };
  const observation = (overrides: Record<string, string | string[]> = {}) => ({ indicatorId: LEVEL_2, observedOn: '13/11/2026', howKnown: 'seen', note: 'Missing overnight, returned with new phone.', sharingLevel: 'network', ...overrides });
  const observationsOf = (caseId: string) => harbour.db.selectFrom('risk_observations').selectAll().where('case_id', '=', caseId).execute();
  const caseRow = (caseId: string) => harbour.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();

  it('police observation kept to their agency is invisible to the nurse, not even counted, until a sharing decision widens it', async () => {
    const caseId = cases.get('CSE-0001')!;
    const police = await as('police');
    const nurse = await as('nurse');
    const form = `/cases/${caseId}/risk/observations/new`;
    const page = await police.get(form);
    assert.equal(page.status, 200);
    assert.match(page.text, /<optgroup label="Coercion\/control/);
    assert.match(page.text, /value="agency" checked/, 'police observations start at own-agency level');

    const before = await nurse.get(`/cases/${caseId}/risk`);
    const countBefore = Number(/(\d+) observations?/.exec(before.text)?.[1]);

    const res = await police.submit(form, `/cases/${caseId}/risk/observations`, observation({ indicatorId: LEVEL_3, sharingLevel: 'agency', note: 'Intelligence: held at a flat' }));
    assert.equal(res.status, 303);
    const [row] = (await observationsOf(caseId)).filter((o) => o.indicator_id === LEVEL_3);
    assert.ok(row);
    assert.equal(row.sharing_level, 'agency');
    const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('record_type', '=', 'risk_observation').where('record_id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(entry.sharing_level, 'agency', 'the chronology entry has the same sharing level');

    const policeView = await police.get(`/cases/${caseId}/risk`);
    assert.match(policeView.text, /Abduction/);
    assert.match(policeView.text, /Share with the case network/);
    assert.match(policeView.text, /Suggested category: category 3/);

    const hidden = await nurse.get(`/cases/${caseId}/risk`);
    assert.doesNotMatch(hidden.text, /Abduction/);
    assert.doesNotMatch(hidden.text, /held at a flat/);
    assert.equal(Number(/(\d+) observations?/.exec(hidden.text)?.[1]), countBefore, 'hidden observations are not counted');
    assert.doesNotMatch(hidden.text, /category 3/);
    const chronology = await nurse.get(`/cases/${caseId}`);
    assert.doesNotMatch(chronology.text, /Abduction/);

    // The nurse cannot share it (not her agency), and cannot even find it.
    assert.equal((await nurse.get(`/cases/${caseId}/risk/observations/${row.id}/share`)).status, 404);

    // Sharing it is a sharing decision (issue 13): the Risk page's link opens the decision form with it chosen,
    // and the observation's own level is never rewritten.
    const share = await police.get(`/cases/${caseId}/risk/observations/${row.id}/share`);
    assert.equal(share.status, 303);
    assert.equal(share.location, `/cases/${caseId}/sharing/new?item=risk_observation:${row.id}&network=yes`);
    const decisionForm = await police.get(share.location!);
    assert.match(decisionForm.text, new RegExp(`value="risk_observation:${row.id}" checked`));
    const shared = await police.submit(share.location!, `/cases/${caseId}/sharing/new`, {
      items: [`risk_observation:${row.id}`], network: 'yes', purpose: 'Disclosure agreed with the SIO', basis: 'consent',
      consentGiver: 'parental-responsibility', consentGiverName: 'Jade’s mother', consentMethod: 'in-person', consentGivenOn: '16/11/2026',
    });
    assert.equal(shared.status, 303);
    const decision = await harbour.db.selectFrom('info_sharing_decisions').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(decision.status, 'in-force');
    assert.equal(decision.requested_by, users.get('police'));
    assert.equal((await observationsOf(caseId)).find((o) => o.id === row.id)!.sharing_level, 'agency', 'the level itself is not edited');
    const audit = await harbour.db.selectFrom('audit_events').select('action').where('entity_id', '=', decision.id).where('action', '=', 'sharing.decision-recorded').executeTakeFirst();
    assert.ok(audit);

    const visible = await nurse.get(`/cases/${caseId}/risk`);
    assert.match(visible.text, /Abduction/);
    assert.equal(Number(/(\d+) observations?/.exec(visible.text)?.[1]), countBefore + 1);
    assert.match(visible.text, /data-qa="new">New</);
    assert.match((await nurse.get(`/cases/${caseId}`)).text, /Abduction/);
  });

  it('two agencies recording at once never lose an observation', async () => {
    const caseId = cases.get('CSE-0001')!;
    const police = await as('police');
    const nurse = await as('nurse');
    const form = `/cases/${caseId}/risk/observations/new`;
    const [p, n] = await Promise.all([police.get(form), nurse.get(form)]);
    const before = (await observationsOf(caseId)).length;
    const [a, b] = await Promise.all([
      police.request('POST', `/cases/${caseId}/risk/observations`, { _csrf: csrfTokenIn(p.text), ...observation({ note: 'From police' }) }),
      nurse.request('POST', `/cases/${caseId}/risk/observations`, { _csrf: csrfTokenIn(n.text), ...observation({ note: 'From health', sharingLevel: 'named', sharedWith: [users.get('social.worker')!] }) }),
    ]);
    assert.equal(a.status, 303);
    assert.equal(b.status, 303);
    const rows = await observationsOf(caseId);
    assert.equal(rows.length, before + 2);
    const named = rows.find((r) => r.note === 'From health')!;
    assert.equal(named.sharing_level, 'named');
    assert.deepEqual(named.shared_with, [users.get('social.worker')]);
    assert.match((await (await as('social.worker')).get(`/cases/${caseId}/risk`)).text, /From health/);
    assert.doesNotMatch((await police.get(`/cases/${caseId}/risk`)).text, /From health/);
  });

  it('refuses an observation without an indicator, or dated in the future, with the error summary and nothing written', async () => {
    const caseId = cases.get('CSE-0001')!;
    const teacher = await as('social.worker');
    const before = (await observationsOf(caseId)).length;
    const form = `/cases/${caseId}/risk/observations/new`;
    const noIndicator = await teacher.submit(form, `/cases/${caseId}/risk/observations`, observation({ indicatorId: '' }));
    assert.equal(noIndicator.status, 400);
    assert.match(titleOf(noIndicator.text), /^Error: /);
    assert.match(noIndicator.text, /There is a problem/);
    assert.match(noIndicator.text, /href="#indicatorId">Choose the indicator you observed/);
    assert.match(noIndicator.text, /Missing overnight, returned with new phone/, 'input is kept');

    const future = await teacher.submit(form, `/cases/${caseId}/risk/observations`, observation({ observedOn: '17/11/2026' }));
    assert.equal(future.status, 400);
    assert.match(future.text, /href="#observedOn">The date you observed it must be today or in the past/);

    const unknown = await teacher.submit(form, `/cases/${caseId}/risk/observations`, observation({ indicatorId: 'cambridgeshire.health.chronic-fatigue' }));
    assert.equal(unknown.status, 400, 'only indicators of the procedure in force');
    assert.equal((await observationsOf(caseId)).length, before);
  });

  it('camden Part 3 §3.1: only the allocated social worker may refer; others get a clear refusal and nothing is written', async () => {
    const caseId = cases.get('CSE-0001')!;
    const nurse = await as('nurse');
    const page = await nurse.get(`/cases/${caseId}/risk/referral/new`);
    assert.match(page.text, /data-qa="referral-refusal"[^>]*>Only the allocated Safeguarding and Social Care social worker can refer/);
    const res = await nurse.request('POST', `/cases/${caseId}/risk/referral`, { _csrf: csrfTokenIn(page.text), reason: 'I am worried' });
    assert.equal(res.status, 403);
    assert.match(res.text, /There is a problem/);
    const rows = await harbour.db.selectFrom('cse_referrals').select('id').where('case_id', '=', caseId).execute();
    assert.equal(rows.length, 0);
    const denied = await harbour.db.selectFrom('audit_events').select('outcome').where('action', '=', 'risk.cse-referral-made').where('entity_id', '=', caseId).executeTakeFirst();
    assert.equal(denied?.outcome, 'denied');
  });

  it('accepting at category 2 starts the CATSE meeting clock due 15 working days later (camden Part 3 §3.3), and asks the coordinator to convene it', async () => {
    const caseId = cases.get('CSE-0006')!;
    const worker = await as('social.worker');
    const coordinator = await as('coordinator');
    const referred = await worker.submit(`/cases/${caseId}/risk/referral/new`, `/cases/${caseId}/risk/referral`, { reason: 'Assessment shows regular overnight stays with older men.' });
    assert.equal(referred.status, 303);
    const referral = await harbour.db.selectFrom('cse_referrals').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(referral.status, 'awaiting');
    const decisionClock = await harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).where('rule_id', '=', 'cse-referral-decision').where('stopped_at', 'is', null).executeTakeFirstOrThrow();
    assert.equal(decisionClock.due_at.getTime() - referral.referred_at.getTime(), 24 * 3_600_000, 'camden Part 3 §3.1: 24 hours');
    const told = await harbour.db.selectFrom('notifications').select('title').where('user_id', '=', users.get('coordinator')!).where('kind', '=', 'cse-referral').execute();
    assert.equal(told.length, 1);

    const overview = await coordinator.get('/risk/coordinator');
    assert.equal(overview.status, 200);
    assert.match(overview.text, new RegExp(`data-qa="awaiting-${caseId}"`));
    assert.equal((await (await as('nurse')).get('/risk/coordinator')).status, 403);

    const decisionPage = `/cases/${caseId}/risk/referrals/${referral.id}/decision`;
    const page = await coordinator.get(decisionPage);
    assert.equal(page.status, 200);
    const caseVersion = /name="caseVersion" value="(\d+)"/.exec(page.text)![1]!;
    const noRationale = await coordinator.request('POST', decisionPage, { _csrf: csrfTokenIn(page.text), decision: 'accept', category: '2', rationale: '', caseVersion, referralVersion: '1' });
    assert.equal(noRationale.status, 400);
    assert.match(noRationale.text, /href="#rationale">Explain why you chose this category/);
    assert.equal((await caseRow(caseId)).category, 1, 'nothing written');

    const res = await coordinator.request('POST', decisionPage, { _csrf: csrfTokenIn(page.text), decision: 'accept', category: '2', rationale: 'Opportunistic exchange of sex for accommodation.', caseVersion, referralVersion: '1' });
    assert.equal(res.status, 303);
    const kase = await caseRow(caseId);
    assert.equal(kase.category, 2);
    assert.equal(kase.version, Number(caseVersion) + 1);
    const meeting = await harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').where('stopped_at', 'is', null).executeTakeFirstOrThrow();
    // 15 working days after Monday 16 November 2026 is Monday 7 December 2026; due at the end of that London day.
    assert.equal(meeting.due_at.toISOString(), '2026-12-07T23:59:59.999Z');
    const stopped = await harbour.db.selectFrom('clocks').select(['stopped_at', 'stop_reason']).where('id', '=', decisionClock.id).executeTakeFirstOrThrow();
    assert.ok(stopped.stopped_at);
    assert.equal(stopped.stop_reason, 'cse-referral-decided');
    const action = await harbour.db.selectFrom('actions').selectAll().where('case_id', '=', caseId).where('source_type', '=', 'decision').executeTakeFirstOrThrow();
    assert.equal(action.title, 'Convene the CATSE meeting');
    assert.equal(action.owner_user_id, users.get('coordinator'));
    assert.equal(action.due_date, '2026-12-07');
    const decision = await harbour.db.selectFrom('category_decisions').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(decision.cse_referral_id, referral.id);
    assert.equal(decision.previous_category, 1);
    assert.equal(decision.age_band, '13-15');
    const outcome = await harbour.db.selectFrom('notifications').select(['title']).where('user_id', '=', users.get('social.worker')!).where('kind', '=', 'cse-referral-outcome').execute();
    assert.match(outcome[0]!.title, /accepted: category 2/);
    const chronology = await harbour.db.selectFrom('chronology_entries').select('title').where('record_id', '=', decision.id).executeTakeFirstOrThrow();
    assert.equal(chronology.title, 'CSE referral accepted: category 2');
  });

  it('category history after an up and a down move: history kept, step chart and table, diversion plan for category 1', async () => {
    const caseId = cases.get('CSE-0006')!;
    const form = `/cases/${caseId}/risk/category`;
    const moves = [['3', 'Now habitual: locked in at a flat.', '2026-11-17'], ['1', 'Exited; placement stable for two months.', '2026-11-19']] as const;
    for (const [category, rationale, day] of moves) {
      setClock(londonInstant(day, 9, 0));
      const coordinator = await as('coordinator');
      const page = await coordinator.get(form);
      const caseVersion = /name="caseVersion" value="(\d+)"/.exec(page.text)![1]!;
      const res = await coordinator.request('POST', form, { _csrf: csrfTokenIn(page.text), category, rationale, caseVersion });
      assert.equal(res.status, 303, category);
    }
    const history = await harbour.db.selectFrom('category_decisions').select(['category', 'previous_category']).where('case_id', '=', caseId).orderBy('decided_at').execute();
    assert.deepEqual(history.map((h) => [h.previous_category, h.category]), [[1, 2], [2, 3], [3, 1]]);
    assert.equal((await caseRow(caseId)).category, 1);
    const meetingClocks = await harbour.db.selectFrom('clocks').select('id').where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').execute();
    assert.equal(meetingClocks.length, 1, 'moving from 2 to 3 does not start a second meeting clock');
    const diversion = await harbour.db.selectFrom('actions').selectAll().where('case_id', '=', caseId).where('title', '=', 'Draw up a diversion plan').executeTakeFirstOrThrow();
    assert.equal(diversion.owner_user_id, users.get('social.worker'));
    assert.equal(diversion.due_date, '2026-12-10', '15 working days after Thursday 19 November 2026');

    const page = await (await as('social.worker')).get(`/cases/${caseId}/risk`);
    assert.match(page.text, /<svg[^>]*role="img"[^>]*aria-label="Risk category over time: category 2 from 16 November 2026, then category 3 from 17 November 2026, then category 1 from 19 November 2026\."/);
    assert.doesNotMatch(page.text, /<script(?! type="module" src="\/static\/init.js")(?! src="\/static\/js-enabled.js")(?! type="module" src="\/static\/timeout-warning.js")/);
    const rows = [...page.text.matchAll(/data-qa="history-category">Category (\d)/g)].map((m) => m[1]);
    assert.deepEqual(rows, ['1', '3', '2'], 'table newest first');
    assert.match(page.text, /Down from 3/);
    assert.match(page.text, /Up from 2/);
  });

  it('a second coordinator deciding on a stale version is told what changed (409) and nothing is written', async () => {
    setClock(londonInstant('2026-11-20', 9, 0));
    const caseId = cases.get('CSE-0006')!;
    const first = await as('coordinator');
    const second = new Browserish(harbour.url);
    await second.signIn('coordinator@harbour.example');
    const form = `/cases/${caseId}/risk/category`;
    const [a, b] = await Promise.all([first.get(form), second.get(form)]);
    const version = /name="caseVersion" value="(\d+)"/.exec(a.text)![1]!;
    assert.equal(/name="caseVersion" value="(\d+)"/.exec(b.text)![1], version);
    const ok = await first.request('POST', form, { _csrf: csrfTokenIn(a.text), category: '2', rationale: 'Returned to the flat.', caseVersion: version });
    assert.equal(ok.status, 303);
    const decisions = (await harbour.db.selectFrom('category_decisions').select('id').where('case_id', '=', caseId).execute()).length;
    const actions = (await harbour.db.selectFrom('actions').select('id').where('case_id', '=', caseId).execute()).length;
    const stale = await second.request('POST', form, { _csrf: csrfTokenIn(b.text), category: '3', rationale: 'Habitual.', caseVersion: version });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /There is a problem/);
    assert.match(stale.text, /placed the child in category 2/);
    assert.match(stale.text, new RegExp(`name="caseVersion" value="${Number(version) + 1}"`), 'the form now carries the current version');
    assert.equal((await harbour.db.selectFrom('category_decisions').select('id').where('case_id', '=', caseId).execute()).length, decisions);
    assert.equal((await harbour.db.selectFrom('actions').select('id').where('case_id', '=', caseId).execute()).length, actions);
    assert.equal((await caseRow(caseId)).category, 2);
  });

  it('a decision departing from the suggestion needs the reason for the difference', async () => {
    const caseId = cases.get('CSE-0001')!; // a shared level 3 observation suggests category 3
    const coordinator = await as('coordinator');
    const form = `/cases/${caseId}/risk/category`;
    const page = await coordinator.get(form);
    assert.match(page.text, /Suggested from the indicators you can see: category 3/);
    const caseVersion = /name="caseVersion" value="(\d+)"/.exec(page.text)![1]!;
    const res = await coordinator.request('POST', form, { _csrf: csrfTokenIn(page.text), category: '2', rationale: 'Medium risk.', caseVersion });
    assert.equal(res.status, 400);
    assert.match(res.text, /href="#differsReason">Say why you chose category 2 when the indicators suggest category 3/);
    const ok = await coordinator.request('POST', form, { _csrf: csrfTokenIn(page.text), category: '2', rationale: 'Medium risk.', differsReason: 'The abduction report was withdrawn after checks.', caseVersion });
    assert.equal(ok.status, 303);
    const decision = await harbour.db.selectFrom('category_decisions').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(decision.suggested_category, 3);
    assert.equal(decision.differs_reason, 'The abduction report was withdrawn after checks.');
  });

  it('declining a referral tells the referrer why, and stops the decision clock', async () => {
    const caseId = cases.get('CSE-0003')!;
    const worker = await as('social.worker');
    const coordinator = await as('coordinator');
    assert.equal((await worker.submit(`/cases/${caseId}/risk/referral/new`, `/cases/${caseId}/risk/referral`, { reason: 'Concerns about online contact.' })).status, 303);
    const referral = await harbour.db.selectFrom('cse_referrals').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    const again = await worker.submit(`/cases/${caseId}/risk`, `/cases/${caseId}/risk/referral`, { reason: 'Again' });
    assert.equal(again.status, 400, 'one awaiting referral at a time');
    const decisionPage = `/cases/${caseId}/risk/referrals/${referral.id}/decision`;
    const page = await coordinator.get(decisionPage);
    const caseVersion = /name="caseVersion" value="(\d+)"/.exec(page.text)![1]!;
    const blank = await coordinator.request('POST', decisionPage, { _csrf: csrfTokenIn(page.text), decision: 'decline', declineReasons: '', caseVersion, referralVersion: '1' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#declineReasons"/);
    const res = await coordinator.request('POST', decisionPage, { _csrf: csrfTokenIn(page.text), decision: 'decline', declineReasons: 'Online safety concern, not exploitation: school to follow up.', caseVersion, referralVersion: '1' });
    assert.equal(res.status, 303);
    const row = await harbour.db.selectFrom('cse_referrals').selectAll().where('id', '=', referral.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'declined');
    const note = await harbour.db.selectFrom('notifications').selectAll().where('user_id', '=', users.get('social.worker')!).where('kind', '=', 'cse-referral-outcome').where('title', 'like', '%declined%').executeTakeFirstOrThrow();
    assert.match(note.body, /Online safety concern, not exploitation/);
    assert.equal(note.link, `/cases/${caseId}/risk`);
    const clock = await harbour.db.selectFrom('clocks').select(['stopped_at', 'stop_reason']).where('case_id', '=', caseId).where('rule_id', '=', 'cse-referral-decision').orderBy('started_at', 'desc').executeTakeFirstOrThrow();
    assert.ok(clock.stopped_at);
    assert.equal(clock.stop_reason, 'cse-referral-decided');
    assert.equal((await caseRow(caseId)).category, 1, 'the category is unchanged');
    const repeat = await coordinator.request('POST', decisionPage, { _csrf: csrfTokenIn(page.text), decision: 'accept', category: '2', rationale: 'x', caseVersion, referralVersion: '1' });
    assert.equal(repeat.status, 409, 'an already decided referral is not decided twice');
  });

  it('a trafficking indicator flags the case and the National Referral Mechanism consideration is recorded', async () => {
    const caseId = cases.get('CSE-0002')!;
    const worker = await as('social.worker');
    assert.equal((await worker.submit(`/cases/${caseId}/risk/observations/new`, `/cases/${caseId}/risk/observations`, observation({ indicatorId: TRAFFICKING }))).status, 303);
    const page = await worker.get(`/cases/${caseId}/risk`);
    assert.match(page.text, /govuk-tag--red govuk-!-margin-left-2">Trafficking</);
    assert.match(page.text, /National Referral Mechanism/);
    // Issue 7: the identity bar of every case page carries the flag, not only the Risk page.
    const overview = await worker.get(`/cases/${caseId}`);
    assert.match(overview.text, /govuk-tag--red govuk-!-margin-left-2">Trafficking</);
    const missing = await worker.request('POST', `/cases/${caseId}/risk/nrm`, { _csrf: csrfTokenIn(page.text), nrmOutcome: 'not-referred' });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /href="#nrmReason"/);
    const res = await worker.request('POST', `/cases/${caseId}/risk/nrm`, { _csrf: csrfTokenIn(page.text), nrmOutcome: 'referred', nrmReason: 'Referred by the police as first responder.' });
    assert.equal(res.status, 303);
    const row = await harbour.db.selectFrom('nrm_considerations').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    assert.equal(row.outcome, 'referred');
    const entry = await harbour.db.selectFrom('chronology_entries').select('title').where('record_id', '=', row.id).executeTakeFirstOrThrow();
    assert.equal(entry.title, 'Referred to the National Referral Mechanism');
  });

  it('camden Part 3 §3.2: links with other vulnerable children are recorded and shown to the coordinator', async () => {
    const caseId = cases.get('CSE-0001')!;
    const otherId = cases.get('CSE-0002')!;
    const worker = await as('social.worker');
    const page = await worker.get(`/cases/${caseId}/risk`);
    assert.match(page.text, new RegExp(`<option value="${otherId}">`));
    assert.doesNotMatch(page.text, new RegExp(`<option value="${cases.get('CSE-0004')}">`), 'only cases the user works on');
    const res = await worker.request('POST', `/cases/${caseId}/risk/links`, { _csrf: csrfTokenIn(page.text), linkedCaseId: otherId, linkReason: 'Both seen with the same adult at the same address.' });
    assert.equal(res.status, 303);
    const twice = await worker.request('POST', `/cases/${caseId}/risk/links`, { _csrf: csrfTokenIn(page.text), linkedCaseId: otherId, linkReason: 'again' });
    assert.equal(twice.status, 400);
    const notMine = await worker.request('POST', `/cases/${caseId}/risk/links`, { _csrf: csrfTokenIn(page.text), linkedCaseId: cases.get('CSE-0004')!, linkReason: 'x' });
    assert.equal(notMine.status, 400);
    const other = await worker.get(`/cases/${otherId}/risk`);
    assert.match(other.text, /Both seen with the same adult/);
    const overview = await (await as('coordinator')).get('/risk/coordinator');
    assert.match(overview.text, new RegExp(`Linked: <a class="govuk-link" href="/cases/${otherId}/risk">`));
    assert.match(overview.text, /data-qa="category-3"/);
  });
});
