// Moving and cancelling a convened meeting through HTTP under camden (src/domain/meetings/lifecycle.ts): a new date
// within the CATSE clock and one after it (camden Part 3 §3.3), a stale form, who may do it, a cancellation that
// leaves the clock running and takes the meeting off My work and the case overview, a joint meeting's chronology on
// both children, and a held meeting that cannot be moved or cancelled.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, titleOf } from '../../support/http-client.ts';
import { addDays, addMonthsClamped, londonDateOf } from '../../../src/domain/clock/index.ts';

const ATTENDANCE_CRITERIA = ['age-and-maturity', 'behaviour-patterns', 'adults-involved', 'role-of-parents', 'other-participants', 'nature-of-activity', 'control-and-place', 'child-perception', 'effects', 'injuries', 'substance-misuse', 'previous-abuse', 'parent-reaction', 'agency-reaction', 'peer-reaction'];
const REASON = 'The chair is in court that morning';
const LATE_REASON = 'The investigating officer is on leave until then';

describe(`moving and cancelling meetings under camden (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  let tomorrow: string;
  let catseDue: Date;
  let meetingId: string;
  let caseId: string;

  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    for (const c of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) cases.set(c.reference, c.id);
    tomorrow = londonDateOf(new Date(Date.now() + 86_400_000));
    caseId = cases.get('CSE-0001')!;
    catseDue = (await harbour.db.selectFrom('clocks').select('due_at').where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').where('stopped_at', 'is', null).executeTakeFirstOrThrow()).due_at;
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const meetingRow = (id: string) => harbour.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const convene = async (b: Browserish, onCase: string, fields: Record<string, string | string[]>) => {
    const res = await b.submit(`/cases/${onCase}/meetings/new?type=catse-meeting`, `/cases/${onCase}/meetings`, { meetingType: 'catse-meeting', date: tomorrow, time: '10:00', venue: 'Crowndale Centre, room 2', chairId: users.get('coordinator')!, ...fields });
    assert.equal(res.status, 303, res.text.match(/govuk-error-summary[\s\S]{0,2000}/)?.[0]);
    return res.location!.split('/').pop()!;
  };
  const page = (onCase: string, id: string) => `/cases/${onCase}/meetings/${id}`;
  const reschedule = async (b: Browserish, onCase: string, id: string, fields: Record<string, string>) =>
    b.submit(`${page(onCase, id)}/reschedule`, `${page(onCase, id)}/reschedule`, { version: String((await meetingRow(id)).version), ...fields });
  const cancel = async (b: Browserish, onCase: string, id: string, fields: Record<string, string>) =>
    b.submit(`${page(onCase, id)}/cancel`, `${page(onCase, id)}/cancel`, { version: String((await meetingRow(id)).version), ...fields });
  /** A meeting's notifications of one kind: by their link, or by the case reference for those sent without one. */
  const notificationsOf = (id: string, kind: string, reference: string) =>
    harbour.db
      .selectFrom('notifications')
      .select(['user_id', 'title', 'body', 'link'])
      .where('kind', '=', kind)
      .where((eb) => eb.or([eb('link', 'like', `%/meetings/${id}`), eb.and([eb('link', 'is', null), eb('title', 'like', `%about ${reference} %`)])]))
      .execute();
  /** The "Meetings you are invited to" section of My work. */
  const myMeetingsSection = (html: string) => html.slice(html.indexOf('id="my-meetings"'), html.indexOf('Children whose professional network you are in'));
  const emails = async (kind: string) => (await harbour.db.selectFrom('outbox').select('payload').execute()).map((r) => r.payload as { userId: string; subject: string; link: string | null; notificationKind: string }).filter((p) => p.notificationKind === kind);
  const summaryOf = (html: string) => html.match(/govuk-error-summary[\s\S]*?<\/ul>/)?.[0] ?? '';

  it('the meeting page offers to change or cancel a convened meeting; the change page shows the CATSE clock', async () => {
    const sw = await signedIn('social.worker');
    meetingId = await convene(sw, caseId, { invitees: [users.get('social.worker')!, users.get('police')!, users.get('nurse')!], 'extra-0-user': users.get('teacher')! });
    const shown = await sw.get(page(caseId, meetingId));
    assert.match(shown.text, /Change the date, time or venue/);
    assert.match(shown.text, /Cancel this meeting/);
    const form = await sw.get(`${page(caseId, meetingId)}/reschedule`);
    assert.equal(form.status, 200);
    assert.match(titleOf(form.text), /^Change the date, time or venue of the CATSE meeting – CSE-0001/);
    assert.match(form.text, /data-qa="clock-due"/);
    assert.match(form.text, /camden Part 3 §3\.3/);
    assert.match(form.text, new RegExp(`name="date" type="text" value="${tomorrow}"`));
    assert.match(form.text, /value="Crowndale Centre, room 2"/);
  });

  it('refuses someone who neither may convene nor chairs the meeting: an invitee', async () => {
    const teacher = await signedIn('teacher');
    assert.equal((await teacher.get(page(caseId, meetingId))).status, 200, 'the invitation opens the meeting');
    assert.doesNotMatch((await teacher.get(page(caseId, meetingId))).text, /Change the date, time or venue/);
    assert.equal((await teacher.get(`${page(caseId, meetingId)}/reschedule`)).status, 403);
    assert.equal((await teacher.get(`${page(caseId, meetingId)}/cancel`)).status, 403);
    const token = (await teacher.get(page(caseId, meetingId))).text.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const posted = await teacher.request('POST', `${page(caseId, meetingId)}/cancel`, { _csrf: token, version: String((await meetingRow(meetingId)).version), reasonCode: 'other', reason: 'I would rather not go to it' });
    assert.equal(posted.status, 403);
    assert.equal((await meetingRow(meetingId)).status, 'convened');
  });

  it('moves the meeting within the clock: history, chronology, audit, and every invitee told in the app and by e-mail', async () => {
    const sw = await signedIn('social.worker');
    const before = await meetingRow(meetingId);
    const newDate = addDays(tomorrow, 1);
    const res = await reschedule(sw, caseId, meetingId, { date: newDate, time: '14:30', venue: 'Camden Town Hall', reason: REASON, lateReason: '' });
    assert.equal(res.status, 303, summaryOf(res.text));
    assert.equal(res.location, page(caseId, meetingId));
    const after = await meetingRow(meetingId);
    assert.equal(londonDateOf(after.scheduled_at), newDate);
    assert.equal(after.venue, 'Camden Town Hall');
    assert.equal(after.version, before.version + 1);
    assert.equal(after.late_reason, null);
    assert.match(after.last_change ?? '', /^Date, time or venue changed by Sam Worker/);

    const history = await harbour.db.selectFrom('meeting_reschedules').selectAll().where('meeting_id', '=', meetingId).execute();
    assert.equal(history.length, 1);
    assert.equal(history[0]!.previous_at.toISOString(), before.scheduled_at.toISOString());
    assert.equal(history[0]!.new_at.toISOString(), after.scheduled_at.toISOString());
    assert.equal(history[0]!.reason, REASON);
    assert.equal(history[0]!.changed_by, users.get('social.worker'));

    const entry = await harbour.db.selectFrom('chronology_entries').select(['title', 'summary']).where('record_id', '=', meetingId).where('title', 'like', 'CATSE meeting moved to%').executeTakeFirstOrThrow();
    assert.equal(entry.title, `CATSE meeting moved to ${newDate} at 14:30`);
    assert.match(entry.summary, new RegExp(`Previously ${tomorrow} at 10:00 at Crowndale Centre, room 2\\. Venue: Camden Town Hall\\. Reason: ${REASON}`));
    const audit = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'meeting.rescheduled').where('entity_id', '=', meetingId).executeTakeFirstOrThrow();
    assert.equal(JSON.stringify(audit.details).includes(REASON), false, 'no free text in the audit trail');

    const invitees = ['coordinator', 'social.worker', 'police', 'nurse', 'teacher'].map((k) => users.get(k)!);
    const told = await notificationsOf(meetingId, 'meeting-rescheduled', 'CSE-0001');
    assert.deepEqual(told.map((n) => n.user_id).sort(), [...invitees].sort(), 'the chair and every invitee with an account');
    assert.ok(told.every((n) => n.link === page(caseId, meetingId) && n.title === `The CATSE meeting about CSE-0001 has moved to ${newDate} at 14:30`));
    const sent = await emails('meeting-rescheduled');
    assert.deepEqual(sent.map((e) => e.userId).sort(), [...invitees].sort(), 'one e-mail each');
    for (const e of sent) {
      assert.equal(e.link, page(caseId, meetingId));
      assert.doesNotMatch(JSON.stringify(e), /Camden Town Hall|court|Jade|Thompson/, 'a link only, never the record');
    }

    const shown = await sw.get(page(caseId, meetingId));
    assert.match(shown.text, /data-qa="changes"/);
    assert.match(shown.text, new RegExp(REASON));
    assert.match(shown.text, /Crowndale Centre, room 2/, 'the earlier venue is in the history');
  });

  it('camden Part 3 §3.3: a move past the CATSE clock needs the late reason; the input is kept; with it the move is made', async () => {
    const sw = await signedIn('social.worker');
    const lateDate = addDays(londonDateOf(catseDue), 1);
    const refused = await reschedule(sw, caseId, meetingId, { date: lateDate, time: '10:00', venue: 'Camden Town Hall', reason: 'The family asked for a later date', lateReason: '' });
    assert.equal(refused.status, 400);
    assert.match(titleOf(refused.text), /^Error: /);
    assert.match(summaryOf(refused.text), /href="#lateReason"/);
    assert.match(summaryOf(refused.text), /after the statutory deadline \(CATSE meeting held\): explain in at least 10 characters why \(camden Part 3 §3\.3\)/);
    assert.match(refused.text, /The family asked for a later date/);
    assert.match(refused.text, new RegExp(`value="${lateDate}"`));

    const moved = await reschedule(sw, caseId, meetingId, { date: lateDate, time: '10:00', venue: 'Camden Town Hall', reason: 'The family asked for a later date', lateReason: LATE_REASON });
    assert.equal(moved.status, 303, summaryOf(moved.text));
    const row = await meetingRow(meetingId);
    assert.equal(row.late_reason, LATE_REASON);
    assert.equal(row.clock_due_at?.toISOString(), catseDue.toISOString());
    const history = await harbour.db.selectFrom('meeting_reschedules').selectAll().where('meeting_id', '=', meetingId).orderBy('changed_at').execute();
    assert.equal(history.length, 2);
    assert.equal(history[1]!.late_reason, LATE_REASON);
    const entry = await harbour.db.selectFrom('chronology_entries').select('summary').where('record_id', '=', meetingId).where('title', '=', `CATSE meeting moved to ${lateDate} at 10:00`).executeTakeFirstOrThrow();
    assert.match(entry.summary, /After the statutory deadline \(CATSE meeting held\); reason recorded\./);
    assert.match((await sw.get(page(caseId, meetingId))).text, new RegExp(`After the statutory deadline: ${LATE_REASON}`));

    // Back within the clock: the late reason no longer applies.
    assert.equal((await reschedule(sw, caseId, meetingId, { date: tomorrow, time: '10:00', venue: 'Camden Town Hall', reason: 'The officer came back early from leave' })).status, 303);
    assert.equal((await meetingRow(meetingId)).late_reason, null);
  });

  it('refuses a date in the past and a change that changes nothing', async () => {
    const sw = await signedIn('social.worker');
    const past = await reschedule(sw, caseId, meetingId, { date: londonDateOf(new Date(Date.now() - 86_400_000)), time: '10:00', venue: 'Camden Town Hall', reason: REASON });
    assert.equal(past.status, 400);
    assert.match(summaryOf(past.text), /The new date and time must be in the future/);
    const same = await reschedule(sw, caseId, meetingId, { date: tomorrow, time: '10:00', venue: 'Camden Town Hall', reason: REASON });
    assert.equal(same.status, 400);
    assert.match(summaryOf(same.text), /Change the date, the time or the venue/);
  });

  it('a stale form is refused with 409, saying what changed, and keeps what was typed', async () => {
    const sw = await signedIn('social.worker');
    const coordinator = await signedIn('coordinator');
    const url = `${page(caseId, meetingId)}/reschedule`;
    const stale = String((await meetingRow(meetingId)).version);
    assert.equal((await coordinator.submit(url, url, { version: stale, date: addDays(tomorrow, 2), time: '09:30', venue: 'Camden Town Hall', reason: 'The chair moved it to fit the police' })).status, 303);
    const res = await sw.submit(url, url, { version: stale, date: addDays(tomorrow, 3), time: '11:00', venue: 'Kentish Town health centre', reason: 'Closer to the child’s school' });
    assert.equal(res.status, 409);
    assert.match(titleOf(res.text), /^Error: /);
    assert.match(summaryOf(res.text), /Someone else changed this while you were working on it: Date, time or venue changed by Casey Coordinator/);
    assert.match(res.text, /value="Kentish Town health centre"/);
    assert.match(res.text, /Closer to the child’s school/);
    assert.match(res.text, new RegExp(`name="version" value="${Number(stale) + 1}"`), 'the form now carries the current version');
    assert.equal((await meetingRow(meetingId)).venue, 'Camden Town Hall');
  });

  it('before the cancellation the meeting is the case’s next meeting and on the invitees’ My work', async () => {
    const sw = await signedIn('social.worker');
    assert.match((await sw.get(`/cases/${caseId}`)).text, /data-qa="next-meeting"/);
    const police = await signedIn('police');
    const mine = myMeetingsSection((await police.get('/')).text);
    assert.match(mine, /data-qa="my-meetings"/);
    assert.match(mine, new RegExp(`href="${page(caseId, meetingId)}">CATSE meeting</a>`));
  });

  it('cancels: a reason is required; then everyone is told, the clock keeps running and the meeting is no longer upcoming', async () => {
    const sw = await signedIn('social.worker');
    const refused = await cancel(sw, caseId, meetingId, { reasonCode: '', reason: 'short' });
    assert.equal(refused.status, 400);
    assert.match(summaryOf(refused.text), /href="#reasonCode"/);
    assert.match(summaryOf(refused.text), /href="#reason"/);
    assert.match(refused.text, />short<\/textarea>/);

    const res = await cancel(sw, caseId, meetingId, { reasonCode: 'to-be-convened-again', reason: 'A joint meeting with her friend’s case will be convened instead' });
    assert.equal(res.status, 303, summaryOf(res.text));
    const row = await meetingRow(meetingId);
    assert.equal(row.status, 'cancelled');
    assert.equal(row.cancel_reason_code, 'to-be-convened-again');
    assert.equal(row.cancelled_by, users.get('social.worker'));
    assert.ok(row.cancelled_at);

    const clock = await harbour.db.selectFrom('clocks').select(['stopped_at']).where('case_id', '=', caseId).where('rule_id', '=', 'cse-meeting').executeTakeFirstOrThrow();
    assert.equal(clock.stopped_at, null, 'the CATSE clock keeps running');
    const entry = await harbour.db.selectFrom('chronology_entries').select(['title', 'summary']).where('record_id', '=', meetingId).where('title', 'like', '%cancelled').executeTakeFirstOrThrow();
    assert.match(entry.summary, /^Reason: It will be convened again in another form .*A joint meeting with her friend’s case will be convened instead The statutory clock it answered \(CATSE meeting held\) keeps running\.$/);
    const audit = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'meeting.cancelled').where('entity_id', '=', meetingId).executeTakeFirstOrThrow();
    assert.equal((audit.details as { reasonCode: string }).reasonCode, 'to-be-convened-again');
    assert.equal(JSON.stringify(audit.details).includes('joint meeting'), false);

    const invitees = ['coordinator', 'social.worker', 'police', 'nurse', 'teacher'].map((k) => users.get(k)!);
    const told = await notificationsOf(meetingId, 'meeting-cancelled', 'CSE-0001');
    assert.deepEqual(told.map((n) => n.user_id).sort(), [...invitees].sort());
    assert.ok(told.every((n) => /^The CATSE meeting about CSE-0001 on \d{4}-\d{2}-\d{2} at 09:30 is cancelled$/.test(n.title)), told.map((n) => n.title).join('\n'));
    assert.equal(told.find((n) => n.user_id === users.get('police'))!.link, page(caseId, meetingId));
    assert.equal(told.find((n) => n.user_id === users.get('teacher'))!.link, null, 'the invitation was the teacher’s only way in: no link to a page they cannot open');
    assert.deepEqual((await emails('meeting-cancelled')).map((e) => e.userId).sort(), [...invitees].sort(), 'one e-mail each');

    const teacher = await signedIn('teacher');
    assert.equal((await teacher.get(`/cases/${caseId}`)).status, 403, 'a cancelled meeting’s invitation no longer opens the case');
  });

  it('after the cancellation: gone from the overview and My work; the meeting page and the meetings list offer another', async () => {
    const sw = await signedIn('social.worker');
    assert.doesNotMatch((await sw.get(`/cases/${caseId}`)).text, /data-qa="next-meeting"/);
    const police = await signedIn('police');
    const mine = myMeetingsSection((await police.get('/')).text);
    assert.doesNotMatch(mine, new RegExp(`href="${page(caseId, meetingId)}"`));
    assert.match(mine, /data-qa="no-meetings"/);

    const shown = await sw.get(page(caseId, meetingId));
    assert.match(shown.text, /data-qa="meeting-status">Cancelled</);
    assert.match(shown.text, /data-qa="cancellation"/);
    assert.match(shown.text, /data-qa="running-clock-due"/);
    assert.match(shown.text, /href="\/cases\/[^"]+\/meetings\/new\?type=catse-meeting" data-qa="convene-another"/);
    assert.doesNotMatch(shown.text, /Change the date, time or venue/);
    assert.doesNotMatch(shown.text, /Record the meeting/);
    const list = await sw.get(`/cases/${caseId}/meetings`);
    assert.match(list.text, /data-qa="reconvene"/);
    assert.match(list.text, /Convene another CATSE meeting/);
  });

  it('a cancelled meeting cannot be moved, cancelled again or recorded', async () => {
    const sw = await signedIn('social.worker');
    const form = await sw.get(`${page(caseId, meetingId)}/reschedule`);
    assert.equal(form.status, 200);
    assert.match(form.text, /data-qa="not-changeable"/);
    const token = form.text.match(/name="_csrf" value="([^"]+)"/)![1]!;
    const version = String((await meetingRow(meetingId)).version);
    const moved = await sw.request('POST', `${page(caseId, meetingId)}/reschedule`, { _csrf: token, version, date: addDays(tomorrow, 4), time: '10:00', venue: 'Camden Town Hall', reason: REASON });
    assert.equal(moved.status, 400);
    assert.match(summaryOf(moved.text), /This meeting was cancelled: it cannot be moved\. Convene a new meeting instead/);
    const again = await sw.request('POST', `${page(caseId, meetingId)}/cancel`, { _csrf: token, version, reasonCode: 'other', reason: 'Cancelling it a second time' });
    assert.equal(again.status, 400);
    assert.match(summaryOf(again.text), /This meeting was cancelled: it cannot be cancelled/);
    const action = await sw.request('POST', `${page(caseId, meetingId)}/actions`, { _csrf: token, what: 'Refer to the outreach project', ownerUserId: users.get('outreach')!, dueDate: addDays(tomorrow, 14) });
    assert.equal(action.status, 400);
    assert.match(summaryOf(action.text), /This meeting was cancelled: agree actions at another meeting/);
    assert.equal((await meetingRow(meetingId)).status, 'cancelled');
  });

  it('the chair may move a meeting they could not convene; another network member may not', async () => {
    const sw = await signedIn('social.worker');
    const onCase = cases.get('CSE-0006')!;
    const id = await convene(sw, onCase, { invitees: [users.get('social.worker')!, users.get('outreach')!], chairId: users.get('police')! });
    const outreach = await signedIn('outreach');
    assert.equal((await outreach.get(`${page(onCase, id)}/reschedule`)).status, 403, 'in the network, but neither convenes nor chairs');
    const police = await signedIn('police');
    const res = await reschedule(police, onCase, id, { date: tomorrow, time: '15:00', venue: 'Holborn police station', reason: 'The chair needs the interview suite' });
    assert.equal(res.status, 303, summaryOf(res.text));
    assert.equal((await meetingRow(id)).venue, 'Holborn police station');
  });

  it('bedford-luton 9; camden Part 4 §1.4: a joint meeting’s move and cancellation go into both children’s chronologies', async () => {
    const sw = await signedIn('social.worker');
    const [a, b] = [cases.get('CSE-0002')!, cases.get('CSE-0003')!];
    const id = await convene(sw, a, { invitees: [users.get('social.worker')!, users.get('police')!], linkedCases: 'CSE-0003' });
    assert.equal((await reschedule(sw, b, id, { date: addDays(tomorrow, 1), time: '10:00', venue: 'Crowndale Centre, room 2', reason: 'The room was double-booked' })).status, 303, 'from the linked child’s case too');
    assert.equal((await cancel(sw, a, id, { reasonCode: 'convened-in-error', reason: 'Convened before the link was confirmed' })).status, 303);
    for (const onCase of [a, b]) {
      const titles = (await harbour.db.selectFrom('chronology_entries').select('title').where('case_id', '=', onCase).where('record_id', '=', id).execute()).map((e) => e.title);
      assert.ok(titles.some((t) => t.startsWith('CATSE meeting moved to')), titles.join('\n'));
      assert.ok(titles.some((t) => t.endsWith('cancelled')), titles.join('\n'));
    }
    const told = await notificationsOf(id, 'meeting-cancelled', 'CSE-0002');
    assert.ok(told.every((n) => /about CSE-0002 and 1 linked case on/.test(n.title)));
  });

  it('a held meeting cannot be moved or cancelled', async () => {
    const onCase = cases.get('CSE-0004')!;
    const coordinator = await signedIn('coordinator');
    const id = await convene(coordinator, onCase, { invitees: [users.get('nurse')!], 'external-0-name': 'SSC Access to Resources team', 'external-0-role': 'access-to-resources' });
    const url = page(onCase, id);
    assert.equal((await coordinator.submit(url, `${url}/police-checks`, { version: String((await meetingRow(id)).version), subjects: ['child', 'family', 'significant-adults'] })).status, 303);
    assert.equal((await coordinator.submit(url, `${url}/attendance`, { version: String((await meetingRow(id)).version), considered: ATTENDANCE_CRITERIA, childAttends: 'no', parentsAttend: 'no', reasons: 'Police investigation is at an early stage', whoWillInform: 'Social worker, by home visit the next day' })).status, 303);
    harbour.clock.advanceMinutes(2 * 24 * 60);
    const chair = await signedIn('coordinator');
    const invitees = await harbour.db.selectFrom('meeting_invitees').select('id').where('meeting_id', '=', id).execute();
    const recorded = await chair.submit(`${url}/record`, `${url}/record`, {
      version: String((await meetingRow(id)).version),
      heldDate: tomorrow,
      heldTime: '10:00',
      ...Object.fromEntries(invitees.map((i) => [`attendance-${i.id}`, 'attended'])),
      outcomes: ['child-in-need-assessment'],
      parentsTold: 'yes',
      parentsToldWhat: 'The concerns and the support plan',
      parentsToldBy: 'Allocated social worker',
      reviewDate: addMonthsClamped(tomorrow, 2),
    });
    assert.equal(recorded.status, 303, summaryOf(recorded.text));
    assert.equal((await meetingRow(id)).status, 'held');

    const later = await signedIn('coordinator');
    assert.doesNotMatch((await later.get(url)).text, /Change the date, time or venue/);
    const moved = await reschedule(later, onCase, id, { date: addDays(tomorrow, 5), time: '10:00', venue: 'Camden Town Hall', reason: REASON });
    assert.equal(moved.status, 400);
    assert.match(summaryOf(moved.text), /This meeting has been held and recorded: it cannot be moved/);
    const cancelled = await cancel(later, onCase, id, { reasonCode: 'other', reason: 'Trying to cancel a held meeting' });
    assert.equal(cancelled.status, 400);
    assert.match(summaryOf(cancelled.text), /This meeting has been held and recorded: it cannot be cancelled/);
    assert.equal((await meetingRow(id)).status, 'held');
  });
});
