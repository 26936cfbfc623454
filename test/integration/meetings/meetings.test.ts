// Issue 6 through HTTP under camden: convene → police checks → family attendance → record a CATSE meeting, minutes,
// actions, a joint meeting for linked children, and the refusals the procedures require.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { addDays, addMonthsClamped, londonDateOf } from '../../../src/domain/clock/index.ts';
import { ageInYears } from '../../../src/domain/risk/age-rules.ts';

const ATTENDANCE_CRITERIA = ['age-and-maturity', 'behaviour-patterns', 'adults-involved', 'role-of-parents', 'other-participants', 'nature-of-activity', 'control-and-place', 'child-perception', 'effects', 'injuries', 'substance-misuse', 'previous-abuse', 'parent-reaction', 'agency-reaction', 'peer-reaction'];

describe(`meetings under camden (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  let tomorrow: string;
  let meetingId: string;

  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    for (const c of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) cases.set(c.reference, c.id);
    tomorrow = londonDateOf(new Date(Date.now() + 86_400_000));
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const inviteesOf = (id: string) => harbour.db.selectFrom('meeting_invitees').selectAll().where('meeting_id', '=', id).execute();
  const meetingRow = (id: string) => harbour.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const attendance = async (id: string, value = 'attended') => Object.fromEntries((await inviteesOf(id)).map((i) => [`attendance-${i.id}`, value]));
  const convene = (b: Browserish, caseId: string, fields: Record<string, string | string[]>) =>
    b.submit(`/cases/${caseId}/meetings/new?type=catse-meeting`, `/cases/${caseId}/meetings`, { meetingType: 'catse-meeting', date: tomorrow, time: '10:00', venue: 'Crowndale Centre, room 2', chairId: users.get('coordinator')!, ...fields });
  const prepare = async (b: Browserish, caseId: string, id: string) => {
    const page = `/cases/${caseId}/meetings/${id}`;
    assert.equal((await b.submit(page, `${page}/police-checks`, { version: String((await meetingRow(id)).version), subjects: ['child', 'family', 'significant-adults'] })).status, 303);
    const decided = await b.submit(page, `${page}/attendance`, { version: String((await meetingRow(id)).version), considered: ATTENDANCE_CRITERIA, childAttends: 'no', parentsAttend: 'no', reasons: 'Police investigation is at an early stage', whoWillInform: 'Social worker, by home visit the next day' });
    assert.equal(decided.status, 303);
  };
  const recordFields = async (id: string, overrides: Record<string, string | string[]> = {}) => ({
    version: String((await meetingRow(id)).version),
    heldDate: tomorrow,
    heldTime: '10:00',
    ...(await attendance(id)),
    purposes: ['share-information', 'agree-action'],
    outcomes: ['child-in-need-assessment', 'voluntary-project-referral'],
    'information-0-item': 'School attendance down to 60% this term',
    'information-0-level': 'network',
    'information-1-item': 'Police-only: vehicle seen at the address',
    'information-1-level': 'agency',
    'disagreements-0-text': 'Health disagreed with the category',
    'disagreements-0-escalated': 'yes',
    'disagreements-0-escalatedTo': 'Head of safeguarding',
    parentsTold: 'yes',
    parentsToldWhat: 'The concerns and the support plan',
    parentsToldBy: 'Allocated social worker',
    reviewDate: addMonthsClamped(tomorrow, 2),
    ...overrides,
  });

  it('lists meetings under the case and offers to convene one, with the CATSE clock shown', async () => {
    const sw = await signedIn('social.worker');
    const list = await sw.get(`/cases/${cases.get('CSE-0001')}/meetings`);
    assert.equal(list.status, 200);
    assert.match(titleOf(list.text), /^Meetings – CSE-0001/);
    assert.match(list.text, /Convene a meeting/);
    const form = await sw.get(`/cases/${cases.get('CSE-0001')}/meetings/new?type=catse-meeting`);
    assert.equal(form.status, 200);
    assert.match(form.text, /data-qa="clock-due"/);
    assert.match(form.text, /police checks/);
    assert.match(form.text, /Allocated social worker/);
  });

  it('an invitee can open the case only once invited (DESIGN.md access model)', async () => {
    const teacher = await signedIn('teacher');
    const caseId = cases.get('CSE-0001')!;
    assert.equal((await teacher.get(`/cases/${caseId}`)).status, 403);
    const sw = await signedIn('social.worker');
    const res = await convene(sw, caseId, { invitees: [users.get('police')!, users.get('nurse')!, users.get('outreach')!, users.get('social.worker')!], 'extra-0-user': users.get('teacher')! });
    assert.equal(res.status, 303, res.text.slice(0, 3000));
    meetingId = res.location!.split('/').pop()!;
    const invitees = await inviteesOf(meetingId);
    const roleOf = (key: string) => invitees.find((i) => i.user_id === users.get(key))?.invited_role;
    assert.equal(roleOf('coordinator'), 'chair');
    assert.equal(roleOf('social.worker'), 'allocated-social-worker');
    assert.equal(roleOf('police'), 'police-sapphire');
    assert.equal(roleOf('teacher'), 'designated-teacher');
    const invited = await harbour.db.selectFrom('notifications').select('title').where('user_id', '=', users.get('teacher')!).where('kind', '=', 'meeting-invitation').execute();
    assert.equal(invited.length, 1);
    assert.doesNotMatch(invited[0]!.title, /Jade|Thompson/);
    assert.equal((await teacher.get(`/cases/${caseId}`)).status, 200);
    const audit = await harbour.db.selectFrom('audit_events').select('details').where('actor_id', '=', users.get('teacher')!).where('action', '=', 'case.read').where('outcome', '=', 'success').execute();
    assert.ok(audit.some((a) => (a.details as { basis?: string }).basis === 'meeting-invite'));
  });

  it('camden Part 3 §3.3: refuses to record a CATSE meeting before police checks and the attendance decision', async () => {
    harbour.clock.advanceMinutes(2 * 24 * 60);
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0001')!;
    const res = await sw.submit(`/cases/${caseId}/meetings/${meetingId}/record`, `/cases/${caseId}/meetings/${meetingId}/record`, await recordFields(meetingId));
    assert.equal(res.status, 400);
    assert.match(titleOf(res.text), /^Error: /);
    assert.match(res.text, /cannot be held until police checks/);
    assert.match(res.text, /decision on whether the child and parents attend/);
    assert.equal((await meetingRow(meetingId)).status, 'convened');
  });

  it('camden Part 3 §4.1: the family-attendance decision needs every criterion and who will tell them', async () => {
    const sw = await signedIn('social.worker');
    const page = `/cases/${cases.get('CSE-0001')}/meetings/${meetingId}`;
    const res = await sw.submit(page, `${page}/attendance`, { version: String((await meetingRow(meetingId)).version), considered: ATTENDANCE_CRITERIA.slice(2), childAttends: 'no', parentsAttend: 'yes', reasons: 'x' });
    assert.equal(res.status, 400);
    assert.match(res.text, /href="#considered"/);
    assert.match(res.text, /href="#reasons"/);
    assert.match(res.text, /href="#safetyConfirmed"/);
    assert.match(res.text, /href="#whoWillInform"/);
    await prepare(sw, cases.get('CSE-0001')!, meetingId);
    const shown = await sw.get(page);
    assert.match(shown.text, /data-qa="attendance-decision"/);
    assert.match(shown.text, /data-qa="police-checks-done"/);
  });

  it('camden Part 3 §3.3: outcomes come from the CATSE list and the review is no later than three months unless NFA or CP', async () => {
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0001')!;
    const url = `/cases/${caseId}/meetings/${meetingId}/record`;
    const notListed = await sw.submit(url, url, await recordFields(meetingId, { outcomes: ['section-47-enquiries'] }));
    assert.equal(notListed.status, 400);
    assert.match(notListed.text, /Choose outcomes from the CATSE meeting list only/);
    const tooLate = await sw.submit(url, url, await recordFields(meetingId, { reviewDate: addDays(addMonthsClamped(tomorrow, 3), 1) }));
    assert.equal(tooLate.status, 400);
    assert.match(tooLate.text, /The review must be no later than/);
    assert.match(tooLate.text, /Kept the input|School attendance down to 60% this term/);
    const missing = await sw.submit(url, url, await recordFields(meetingId, { reviewDate: '' }));
    assert.match(missing.text, /Agree a review date/);
  });

  it('staffordshire 37; camden Part 4 §3: criminal justice action is refused at a first meeting, naming what is missing', async () => {
    const sw = await signedIn('social.worker');
    const url = `/cases/${cases.get('CSE-0001')}/meetings/${meetingId}/record`;
    const res = await sw.submit(url, url, await recordFields(meetingId, { outcomes: ['criminal-action-against-child'], cjAgeAndVulnerability: 'Fifteen and highly vulnerable' }));
    assert.equal(res.status, 400);
    assert.match(res.text, /re-convened meeting: no earlier meeting/);
    assert.match(res.text, /every diversionary intervention has failed/);
    assert.match(res.text, /genuinely voluntary/);
    if (ageInYears('2011-03-14', harbour.clock.now) < 16) assert.match(res.text, /under 16: they are always dealt with as a victim/);
  });

  it('records the CATSE meeting: clocks stop and the review clock starts, with chronology and audit', async () => {
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0001')!;
    const url = `/cases/${caseId}/meetings/${meetingId}/record`;
    const res = await sw.submit(url, url, await recordFields(meetingId));
    assert.equal(res.status, 303, res.text.match(/govuk-error-summary[\s\S]{0,2000}/)?.[0]);
    const meeting = await meetingRow(meetingId);
    assert.equal(meeting.status, 'held');
    assert.equal(meeting.review_date, addMonthsClamped(tomorrow, 2));
    const clocks = await harbour.db.selectFrom('clocks').selectAll().where('case_id', '=', caseId).execute();
    const cse = clocks.find((c) => c.rule_id === 'cse-meeting')!;
    assert.equal(cse.stop_reason, 'cse-meeting-held');
    const review = clocks.find((c) => c.rule_id === 'review-meeting' && c.stopped_at === null);
    assert.ok(review, 'the review clock runs');
    assert.equal(londonDateOf(review.due_at), addMonthsClamped(tomorrow, 3));
    const outcomes = await harbour.db.selectFrom('meeting_outcomes').select('outcome_id').where('meeting_id', '=', meetingId).orderBy('outcome_id').execute();
    assert.deepEqual(outcomes.map((o) => o.outcome_id), ['child-in-need-assessment', 'voluntary-project-referral']);
    const disagreements = await harbour.db.selectFrom('meeting_disagreements').selectAll().where('meeting_id', '=', meetingId).execute();
    assert.equal(disagreements[0]?.escalated, true);
    const entry = await harbour.db.selectFrom('chronology_entries').selectAll().where('record_id', '=', meetingId).where('title', '=', 'CATSE meeting held').executeTakeFirst();
    assert.ok(entry);
    const audit = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'meeting.recorded').where('entity_id', '=', meetingId).executeTakeFirst();
    assert.ok(audit);
    assert.equal(JSON.stringify(audit.details).includes('School attendance'), false, 'no free text in the audit trail');
  });

  it('minutes: a printable page, filtered by sharing level, each opening audited, shared by link with a copy to the CPO', async () => {
    const caseId = cases.get('CSE-0001')!;
    const police = await signedIn('police');
    const minutes = await police.get(`/cases/${caseId}/meetings/${meetingId}/minutes`);
    assert.equal(minutes.status, 200);
    assert.match(minutes.text, /School attendance down to 60% this term/);
    assert.doesNotMatch(minutes.text, /vehicle seen at the address/, 'an own-agency item of social care is hidden from the police');
    const opened = await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'meeting.minutes-opened').where('actor_id', '=', users.get('police')!).execute();
    assert.equal(opened.length, 1);
    const sw = await signedIn('social.worker');
    assert.match((await sw.get(`/cases/${caseId}/meetings/${meetingId}/minutes`)).text, /vehicle seen at the address/);
    const page = `/cases/${caseId}/meetings/${meetingId}`;
    const shared = await sw.submit(page, `${page}/minutes/share`, { version: String((await meetingRow(meetingId)).version) });
    assert.equal(shared.status, 303);
    const sent = await harbour.db.selectFrom('notifications').select(['user_id', 'link', 'kind']).where('kind', 'in', ['meeting-minutes', 'meeting-minutes-copy']).execute();
    assert.ok(sent.some((n) => n.user_id === users.get('police')));
    assert.ok(sent.some((n) => n.user_id === users.get('coordinator')));
    assert.ok(sent.every((n) => n.link === `/cases/${caseId}/meetings/${meetingId}/minutes`));
  });

  it('refuses an action without an owner, then creates and completes one with evidence', async () => {
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0001')!;
    const page = `/cases/${caseId}/meetings/${meetingId}`;
    const refused = await sw.submit(page, `${page}/actions`, { what: 'Refer to the outreach project', dueDate: addDays(tomorrow, 14) });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /Choose who is responsible: a person or an agency/);
    assert.match(refused.text, /Refer to the outreach project/);
    const created = await sw.submit(page, `${page}/actions`, { what: 'Request disclosure from the phone company', ownerUserId: users.get('police')!, dueDate: addDays(tomorrow, 14), desiredOutcome: 'Identify the adults calling the child' });
    assert.equal(created.status, 303);
    const action = await harbour.db.selectFrom('actions').selectAll().where('source_id', '=', meetingId).executeTakeFirstOrThrow();
    assert.equal(action.source_type, 'meeting');
    assert.equal(action.owner_user_id, users.get('police'));
    const police = await signedIn('police');
    const tooShort = await police.submit(page, `/cases/${caseId}/actions/${action.id}/complete`, { version: String(action.version), evidence: 'done' });
    assert.equal(tooShort.status, 400);
    const done = await police.submit(page, `/cases/${caseId}/actions/${action.id}/complete`, { version: String(action.version), evidence: 'Disclosure received on 3 December, reference 4471' });
    assert.equal(done.status, 303);
    const row = await harbour.db.selectFrom('actions').selectAll().where('id', '=', action.id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'done');
    assert.match(row.completion_evidence ?? '', /Disclosure received/);
  });

  it('staffordshire 37; camden Part 1 §4.3: at a re-convened meeting the missing condition is still named', async () => {
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0001')!;
    const res = await convene(sw, caseId, { invitees: [users.get('social.worker')!, users.get('police')!] });
    assert.equal(res.status, 303);
    const second = res.location!.split('/').pop()!;
    await prepare(sw, caseId, second);
    harbour.clock.advanceMinutes(2 * 24 * 60);
    const swLater = await signedIn('social.worker');
    const url = `/cases/${caseId}/meetings/${second}/record`;
    const refused = await swLater.submit(url, url, await recordFields(second, { heldDate: addDays(tomorrow, 2), outcomes: ['criminal-action-against-child'], cjDiversionFailed: 'yes', cjAgeAndVulnerability: 'Assessed at length by the meeting', cjGenuinelyVoluntary: 'yes', heldTime: '11:00' }));
    assert.equal(refused.status, 400);
    assert.doesNotMatch(refused.text, /no earlier meeting/);
    assert.match(refused.text, /The child must have been told, and understand/);
    if (ageInYears('2011-03-14', harbour.clock.now) < 16) assert.match(refused.text, /camden Part 1 §4.3/);
    const nfa = await swLater.submit(url, url, await recordFields(second, { heldDate: addDays(tomorrow, 2), outcomes: ['no-further-action'], reviewDate: '', heldTime: '11:00' }));
    assert.equal(nfa.status, 303, 'with no further action no review date is needed');
    const running = await harbour.db.selectFrom('clocks').select('id').where('case_id', '=', caseId).where('rule_id', '=', 'review-meeting').where('stopped_at', 'is', null).execute();
    assert.equal(running.length, 0, 'no further action: the review clock stops and no new one starts');
  });

  it('bedford-luton 9; camden Part 4 §1.4: a joint meeting covers two linked children and stops both clocks', async () => {
    const sw = await signedIn('social.worker');
    const [a, b] = [cases.get('CSE-0002')!, cases.get('CSE-0003')!];
    const refused = await convene(sw, a, { invitees: [users.get('social.worker')!], linkedCases: 'CSE-9999' });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /No other open case has the reference CSE-9999/);
    const res = await convene(sw, a, { invitees: [users.get('social.worker')!, users.get('police')!], linkedCases: 'CSE-0003' });
    assert.equal(res.status, 303);
    const id = res.location!.split('/').pop()!;
    const linked = await harbour.db.selectFrom('meeting_cases').selectAll().where('meeting_id', '=', id).execute();
    assert.equal(linked.length, 2);
    assert.match((await sw.get(`/cases/${b}/meetings`)).text, /Joint meeting for 2 linked children/);
    await prepare(sw, a, id);
    harbour.clock.advanceMinutes(2 * 24 * 60);
    const swLater = await signedIn('social.worker');
    const url = `/cases/${a}/meetings/${id}/record`;
    const recorded = await swLater.submit(url, url, await recordFields(id, { heldDate: addDays(tomorrow, 2) }));
    assert.equal(recorded.status, 303, recorded.text.match(/govuk-error-summary[\s\S]{0,2000}/)?.[0]);
    const cseA = await harbour.db.selectFrom('clocks').select('stop_reason').where('case_id', '=', a).where('rule_id', '=', 'cse-meeting').executeTakeFirstOrThrow();
    assert.equal(cseA.stop_reason, 'cse-meeting-held');
    for (const caseId of [a, b]) {
      const review = await harbour.db.selectFrom('clocks').select('id').where('case_id', '=', caseId).where('rule_id', '=', 'review-meeting').where('stopped_at', 'is', null).execute();
      assert.equal(review.length, 1, `review clock on ${caseId}`);
      const entries = await harbour.db.selectFrom('chronology_entries').select('id').where('case_id', '=', caseId).where('record_id', '=', id).execute();
      assert.ok(entries.length >= 3);
    }
  });

  it('camden Part 3 §3.3, Part 4 §1.3: a looked-after child’s CATSE meeting invites Access to Resources and tells the IRO', async () => {
    const coordinator = await signedIn('coordinator');
    const caseId = cases.get('CSE-0004')!;
    const refused = await convene(coordinator, caseId, { invitees: [users.get('nurse')!] });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /The child is looked after: invite/);
    assert.match(refused.text, /href="#external-0-name"/);
    const res = await convene(coordinator, caseId, { invitees: [users.get('nurse')!], 'external-0-name': 'SSC Access to Resources team', 'external-0-role': 'access-to-resources' });
    assert.equal(res.status, 303);
    const id = res.location!.split('/').pop()!;
    assert.ok((await meetingRow(id)).iro_informed_at);
    const told = await harbour.db.selectFrom('notifications').select('id').where('user_id', '=', users.get('iro')!).where('kind', '=', 'meeting-iro-informed').execute();
    assert.equal(told.length, 1);
  });

  it('camden lists no Section 47 outcomes, so the page says so and records nothing', async () => {
    const sw = await signedIn('social.worker');
    const page = await sw.get(`/cases/${cases.get('CSE-0001')}/section-47`);
    assert.equal(page.status, 200);
    assert.match(page.text, /lists no Section 47 outcomes/);
  });

  it('a stale form is refused with what changed', async () => {
    const sw = await signedIn('social.worker');
    const caseId = cases.get('CSE-0006')!;
    const res = await convene(sw, caseId, { invitees: [users.get('social.worker')!] });
    const id = res.location!.split('/').pop()!;
    const page = `/cases/${caseId}/meetings/${id}`;
    const version = String((await meetingRow(id)).version);
    assert.equal((await sw.submit(page, `${page}/police-checks`, { version, subjects: ['child'] })).status, 303);
    const stale = await sw.submit(page, `${page}/police-checks`, { version, subjects: ['child', 'family'] });
    assert.equal(stale.status, 409);
    assert.match(stale.text, /Police checks recorded by Sam Worker/);
  });
});
