// A meeting's "the parents will not be told" for a child under 13 (issue 13; camden Part 3 §4.2): the meeting makes
// the same awaiting-agreement parent-notification record as the Telling parents page, for that meeting; it is on the
// manager's work list, is not in force until a second person agrees, and the meeting page says which.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish } from '../../support/http-client.ts';
import { addMonthsClamped, londonDateOf } from '../../../src/domain/clock/index.ts';

const ATTENDANCE_CRITERIA = ['age-and-maturity', 'behaviour-patterns', 'adults-involved', 'role-of-parents', 'other-participants', 'nature-of-activity', 'control-and-place', 'child-perception', 'effects', 'injuries', 'substance-misuse', 'previous-abuse', 'parent-reaction', 'agency-reaction', 'peer-reaction'];
const REASONS = 'Her mother’s partner is named by the child as taking her to the flat.';

describe(`a meeting's under-13 exception awaits a manager (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  const users = new Map<string, string>();
  const cases = new Map<string, string>();
  let tomorrow: string;
  const T0 = new Date();

  before(async () => {
    harbour = await startTestHarbour();
    for (const u of await harbour.db.selectFrom('users').select(['id', 'email']).execute()) users.set(u.email.split('@')[0]!, u.id);
    for (const c of await harbour.db.selectFrom('cases').select(['id', 'reference']).execute()) cases.set(c.reference, c.id);
    tomorrow = londonDateOf(new Date(T0.getTime() + 86_400_000));
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

  const holdMeeting = async (caseId: string, fields: Record<string, string>) => {
    harbour.clock.set(T0);
    const sw = await signedIn('social.worker');
    const convened = await sw.submit(`/cases/${caseId}/meetings/new?type=catse-meeting`, `/cases/${caseId}/meetings`, {
      meetingType: 'catse-meeting', date: tomorrow, time: '10:00', venue: 'Crowndale Centre, room 2', chairId: users.get('coordinator')!,
      invitees: [users.get('police')!, users.get('nurse')!, users.get('outreach')!, users.get('social.worker')!],
    });
    assert.equal(convened.status, 303, convened.text.match(/govuk-error-summary[\s\S]{0,2000}/)?.[0]);
    const id = convened.location!.split('/').pop()!;
    const page = `/cases/${caseId}/meetings/${id}`;
    assert.equal((await sw.submit(page, `${page}/police-checks`, { version: String((await meetingRow(id)).version), subjects: ['child', 'family', 'significant-adults'] })).status, 303);
    const decided = await sw.submit(page, `${page}/attendance`, { version: String((await meetingRow(id)).version), considered: ATTENDANCE_CRITERIA, childAttends: 'no', parentsAttend: 'no', reasons: 'Police investigation is at an early stage', whoWillInform: 'Social worker, by home visit the next day' });
    assert.equal(decided.status, 303);
    const invitees = await harbour.db.selectFrom('meeting_invitees').select('id').where('meeting_id', '=', id).execute();
    const url = `${page}/record`;
    harbour.clock.set(new Date(T0.getTime() + 2 * 86_400_000));
    const later = await signedIn('social.worker');
    const res = await later.submit(url, url, {
      version: String((await meetingRow(id)).version), heldDate: tomorrow, heldTime: '10:00',
      ...Object.fromEntries(invitees.map((i) => [`attendance-${i.id}`, 'attended'])),
      purposes: ['share-information', 'agree-action'], outcomes: ['child-in-need-assessment'], reviewDate: addMonthsClamped(tomorrow, 2),
      ...fields,
    });
    assert.equal(res.status, 303, res.text.match(/govuk-error-summary[\s\S]{0,2000}/)?.[0]);
    return { id, page, sw: later };
  };

  it('camden Part 3 §4.2: "parents will not be told" at a meeting for a child under 13 awaits a manager’s agreement, then is in force once a second person agrees', async () => {
    // Amira (CSE-0003) is the demo's only child under 13.
    const caseId = cases.get('CSE-0003')!;
    const { id, page, sw } = await holdMeeting(caseId, { parentsTold: 'no', parentsExceptionReason: REASONS });
    const rows = await harbour.db.selectFrom('parent_notifications').selectAll().where('meeting_id', '=', id).execute();
    assert.equal(rows.length, 1, 'the meeting makes one parent-notification record');
    const row = rows[0]!;
    assert.equal(row.case_id, caseId);
    assert.equal(row.context, 'meeting');
    assert.equal(row.status, 'awaiting-agreement', 'not in force without a manager’s agreement');
    assert.equal(row.under_13, true);
    assert.equal(row.exception_reasons, REASONS);
    assert.equal(row.recorded_by, users.get('social.worker'));
    const shown = await sw.get(page);
    assert.match(shown.text, /data-qa="meeting-parent-notification"/);
    assert.match(shown.text, /Not told: awaiting a manager’s agreement/);
    const titles = (await harbour.db.selectFrom('chronology_entries').select('title').where('case_id', '=', caseId).where('kind', '=', 'parents').execute()).map((t) => t.title);
    assert.ok(titles.includes('Parents not told: exception awaiting a manager’s agreement (at a meeting)'));
    assert.ok(!titles.some((t) => t.includes(REASONS)), 'the chronology does not say the reasons');
    const audits = await harbour.db.selectFrom('audit_events').select('details').where('action', '=', 'parent-notification.recorded').where('entity_id', '=', row.id).execute();
    assert.equal(audits.length, 1);

    // The recorder cannot agree it; the manager sees it on their work list and agrees it.
    const own = await sw.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${row.id}/agreement`, { version: '1', agree: 'yes' });
    assert.equal(own.status, 403);
    const manager = await signedIn('manager');
    const work = await manager.get('/');
    assert.match(work.text, new RegExp(`/cases/${caseId}/parents#decision-${row.id}`));
    const agreed = await manager.submit(`/cases/${caseId}/parents`, `/cases/${caseId}/parents/${row.id}/agreement`, { version: '1', agree: 'yes', note: 'Agreed after speaking to the police.' });
    assert.equal(agreed.status, 303);
    assert.equal((await harbour.db.selectFrom('parent_notifications').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status, 'in-force');
    const after = await sw.get(page);
    assert.match(after.text, /Not told: exception recorded/);
    assert.doesNotMatch(after.text, /Not told: awaiting a manager’s agreement/);
  });

  it('camden Part 3 §4.2: over 13, or when the parents will be told, the meeting makes no awaiting-agreement record', async () => {
    const older = await holdMeeting(cases.get('CSE-0001')!, { parentsTold: 'no', parentsExceptionReason: REASONS });
    assert.equal((await harbour.db.selectFrom('parent_notifications').select('id').where('meeting_id', '=', older.id).execute()).length, 0);
    const told = await holdMeeting(cases.get('CSE-0003')!, { parentsTold: 'yes', parentsToldWhat: 'The concerns and the plan', parentsToldBy: 'Allocated social worker' });
    assert.equal((await harbour.db.selectFrom('parent_notifications').select('id').where('meeting_id', '=', told.id).execute()).length, 0);
    assert.doesNotMatch((await told.sw.get(told.page)).text, /data-qa="meeting-parent-notification"/);
  });
});
