// Issue 15 through HTTP: a recorded meeting corrected by an attendee with a reason keeps its earlier version (shown
// on the meeting page), tells everyone who received the minutes, and goes on the chronology; anyone else is refused;
// a stale form writes nothing. A cancelled meeting's open actions are each closed or carried over by a decision.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { londonInstant } from '../../../src/domain/clock/index.ts';

const NOW = londonInstant('2026-11-16', 10, 30);
const HELD = londonInstant('2026-11-13', 14, 0);

describe(`correcting a meeting and deciding a cancelled meeting's actions (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  let caseId = '';
  let heldId = '';
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(NOW);
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    const kase = await harbour.db.selectFrom('cases').selectAll().where('reference', '=', 'CSE-0002').executeTakeFirstOrThrow();
    caseId = kase.id;
    const meeting = await harbour.db
      .insertInto('meetings')
      .values({ local_authority_id: kase.local_authority_id, profile_id: 'camden', meeting_type: 'catse-meeting', status: 'held', scheduled_at: HELD, venue: 'Crowndale Centre', chair_id: users.get('coordinator')!, convened_by: users.get('coordinator')!, convened_at: HELD, held_at: HELD, decisions_summary: 'Refer to the CSE team; weekly outreach.', review_date: '2026-12-14', recorded_by: users.get('coordinator')!, recorded_at: HELD })
      .returning('id')
      .executeTakeFirstOrThrow();
    heldId = meeting.id;
    await harbour.db.insertInto('meeting_cases').values({ meeting_id: heldId, case_id: caseId, is_primary: true }).execute();
    await harbour.db.insertInto('meeting_invitees').values([
      { meeting_id: heldId, user_id: users.get('social.worker')!, invited_role: 'social-worker', attended: true },
      { meeting_id: heldId, user_id: users.get('police')!, invited_role: 'police', attended: true },
    ]).execute();
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
  const page = (id: string) => `/cases/${caseId}/meetings/${id}`;

  it('the minutes are shared, then a manager who did not attend may not correct them', async () => {
    const sw = await signedIn('social.worker');
    const shared = await sw.submit(page(heldId), `${page(heldId)}/minutes/share`, { version: String((await meetingRow(heldId)).version) });
    assert.equal(shared.status, 303);
    const manager = await signedIn('manager');
    const res = await manager.submit(`${page(heldId)}/correct`, `${page(heldId)}/correct`, { version: String((await meetingRow(heldId)).version), decisionsSummary: 'Something else', reason: 'I think it was wrong' });
    assert.equal(res.status, 400);
    assert.match(res.text, /Only the chair or someone who attended can correct the record/);
    assert.equal((await meetingRow(heldId)).minutes_version, 1);
  });

  it('an attendee corrects the review date with a reason: the earlier version is kept and shown, the recipients are told, chronology and audit', async () => {
    const police = await signedIn('police');
    const blank = await police.submit(`${page(heldId)}/correct`, `${page(heldId)}/correct`, { version: String((await meetingRow(heldId)).version), decisionsSummary: 'Refer to the CSE team; weekly outreach.', reviewDate: '21/12/2026', reason: '' });
    assert.equal(blank.status, 400);
    assert.match(blank.text, /href="#reason">Explain in at least 10 characters what was wrong/);
    const before = await meetingRow(heldId);
    const res = await police.submit(`${page(heldId)}/correct`, `${page(heldId)}/correct`, { version: String(before.version), decisionsSummary: 'Refer to the CSE team; weekly outreach.', reviewDate: '21/12/2026', reason: 'The review date was typed wrongly: the chair said the 21st' });
    assert.equal(res.status, 303, res.text.match(/govuk-error-summary[\s\S]{0,800}/)?.[0]);
    const afterRow = await meetingRow(heldId);
    assert.equal(afterRow.review_date, '2026-12-21');
    assert.equal(afterRow.minutes_version, 2);
    const [correction] = await harbour.db.selectFrom('meeting_corrections').selectAll().where('meeting_id', '=', heldId).execute();
    assert.equal((correction!.previous as { reviewDate: string }).reviewDate, '2026-12-14', 'the earlier version is kept');
    const receivedMinutes = new Set((await harbour.db.selectFrom('notifications').select('user_id').where('kind', '=', 'meeting-minutes').where('link', 'like', `%${heldId}/minutes`).execute()).map((n) => n.user_id));
    const told = new Set((await harbour.db.selectFrom('notifications').select('user_id').where('kind', '=', 'meeting-minutes-corrected').execute()).map((n) => n.user_id));
    assert.ok(told.has(users.get('social.worker')!), 'an attendee who received the minutes is told');
    assert.ok(!told.has(users.get('police')!), 'the person correcting is not told of their own correction');
    for (const id of told) assert.ok(receivedMinutes.has(id) || (await harbour.db.selectFrom('notifications').select('id').where('user_id', '=', id).where('kind', '=', 'meeting-minutes-copy').executeTakeFirst()), 'only those who received the minutes are told');
    assert.ok((await harbour.db.selectFrom('outbox').select('payload').execute()).some((o) => (o.payload as { notificationKind: string }).notificationKind === 'meeting-minutes-corrected'), 'and by e-mail');
    const shown = await (await signedIn('social.worker')).get(page(heldId));
    assert.match(shown.text, /data-qa="minutes-version">\(version 2, corrected\)/);
    assert.match(shown.text, /data-qa="minutes-version-1"[\s\S]*The review date was typed wrongly[\s\S]*14 December 2026/);
    assert.equal((await harbour.db.selectFrom('chronology_entries').select('id').where('record_id', '=', heldId).where('title', 'like', 'Meeting minutes corrected%').execute()).length, 1);
    assert.equal((await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'meeting.corrected').where('outcome', '=', 'success').execute()).length, 1);
  });

  it('a stale correction is refused with 409 and writes nothing', async () => {
    const sw = await signedIn('social.worker');
    const res = await sw.submit(`${page(heldId)}/correct`, `${page(heldId)}/correct`, { version: '1', decisionsSummary: 'Refer to the CSE team.', reviewDate: '21/12/2026', reason: 'Shortening the decisions text' });
    assert.equal(res.status, 409);
    assert.equal((await meetingRow(heldId)).minutes_version, 2);
  });

  it('cancelling a meeting with open actions leads to deciding them: each closes or carries over, none is left open', async () => {
    const kase = await harbour.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
    const at = londonInstant('2026-11-20', 10, 0);
    const meeting = await harbour.db.insertInto('meetings').values({ local_authority_id: kase.local_authority_id, profile_id: 'camden', meeting_type: 'catse-meeting', scheduled_at: at, venue: 'Crowndale Centre', chair_id: users.get('coordinator')!, convened_by: users.get('coordinator')!, convened_at: NOW }).returning('id').executeTakeFirstOrThrow();
    await harbour.db.insertInto('meeting_cases').values({ meeting_id: meeting.id, case_id: caseId, is_primary: true }).execute();
    const actions = [];
    for (const title of ['Police checks on the adults', 'Book an interpreter']) {
      actions.push((await harbour.db.insertInto('actions').values({ case_id: caseId, title, owner_user_id: users.get('police')!, due_date: '2026-11-19', source_type: 'meeting', source_id: meeting.id, created_at: NOW }).returning('id').executeTakeFirstOrThrow()).id);
    }
    const coordinator = await signedIn('coordinator');
    const cancelled = await coordinator.submit(`${page(meeting.id)}/cancel`, `${page(meeting.id)}/cancel`, { version: String((await meetingRow(meeting.id)).version), reasonCode: 'to-be-convened-again', reason: 'A joint meeting will be convened instead' });
    assert.equal(cancelled.status, 303);
    assert.equal(cancelled.location, `${page(meeting.id)}/cancelled-actions`);
    const shown = await coordinator.get(page(meeting.id));
    assert.match(shown.text, /data-qa="decide-cancelled-actions"/);
    const form = `${page(meeting.id)}/cancelled-actions`;
    const undecided = await coordinator.submit(form, form, { version: String((await meetingRow(meeting.id)).version), [`action-${actions[0]}`]: 'close' });
    assert.equal(undecided.status, 400);
    assert.match(undecided.text, new RegExp(`href="#action-${actions[1]}">Say whether this action closes or carries over`));
    assert.match(undecided.text, /href="#note">Explain in at least 10 characters why the actions close/);
    const decided = await coordinator.submit(form, form, { version: String((await meetingRow(meeting.id)).version), [`action-${actions[0]}`]: 'carry-over', [`action-${actions[1]}`]: 'close', note: 'The interpreter is booked for the joint meeting' });
    assert.equal(decided.status, 303, decided.text.match(/govuk-error-summary[\s\S]{0,800}/)?.[0]);
    const [carried, closed] = await Promise.all(actions.map((id) => harbour.db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow()));
    assert.deepEqual([carried!.status, carried!.source_type, carried!.carried_from_id], ['open', 'manual', meeting.id]);
    assert.equal(closed!.status, 'cancelled');
    assert.equal((await harbour.db.selectFrom('actions').select('id').where('source_id', '=', meeting.id).where('status', '=', 'open').execute()).length, 0, 'none left open on the cancelled meeting');
    assert.equal((await coordinator.get(form)).status, 303, 'nothing left to decide');
    assert.equal((await harbour.db.selectFrom('audit_events').select('id').where('action', '=', 'meeting.cancelled-actions-decided').execute()).length, 1);
  });
});
