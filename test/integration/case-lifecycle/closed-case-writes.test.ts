// Issue 15: a closed case stays readable but takes no new casework until it is reopened. A note, a risk observation
// and a plan on a closed case are refused (a 409 page linking to reopening, the refusal audited) and nothing is
// written; the API refuses with a problem; after reopening the same writes go through. Closing cancels the meetings
// still convened, with the closure as the reason and the invitees told.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHarbour, databaseLabel } from '../../support/harness.ts';
import type { TestHarbour } from '../../support/harness.ts';
import { Browserish, csrfTokenIn } from '../../support/http-client.ts';
import { londonDateOf, londonInstant } from '../../../src/domain/clock/index.ts';

const MONDAY_MORNING = londonInstant('2026-11-16', 10, 30);
const LEVEL_2 = 'matrix.running-away.l2.missing-episodes';
const SAFETY = { 'section-risks': 'Older males contacting her online', 'section-keeping-safe': 'Phone checks agreed with mother', 'section-who-to-contact': 'Social worker; police 101; Childline' };

describe(`a closed case takes no new casework until reopened (${databaseLabel})`, () => {
  let harbour: TestHarbour;
  let caseId: string;
  before(async () => {
    harbour = await startTestHarbour();
    harbour.clock.set(MONDAY_MORNING);
    caseId = (await harbour.db.selectFrom('cases').select('id').where('reference', '=', 'CSE-0001').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await harbour?.stop();
  });

  const signedIn = async (who: string) => {
    const b = new Browserish(harbour.url);
    await b.signIn(`${who}@harbour.example`);
    return b;
  };
  const caseRow = () => harbour.db.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirstOrThrow();
  const count = async (table: 'case_notes' | 'risk_observations' | 'plans') => Number((await harbour.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).executeTakeFirstOrThrow()).n);
  const today = () => londonDateOf(harbour.clock.now);
  const note = (b: Browserish, token: string, body: string) => b.request('POST', `/cases/${caseId}/notes`, { _csrf: token, contactDate: today(), contactType: 'home visit', body, sharingLevel: 'network' });
  const observation = (b: Browserish, token: string) => b.request('POST', `/cases/${caseId}/risk/observations`, { _csrf: token, indicatorId: LEVEL_2, observedOn: '13/11/2026', howKnown: 'seen', note: 'Missing overnight.', sharingLevel: 'network' });
  const plan = (b: Browserish, token: string) => b.request('POST', `/cases/${caseId}/plans`, { _csrf: token, planType: 'safety-plan', sharingLevel: 'network', ...SAFETY });

  it('closing cancels the meetings still convened, with the closure as the reason, and tells the invitees', async () => {
    const coordinator = await signedIn('coordinator');
    const kase = await caseRow();
    const coordinatorId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'coordinator@harbour.example').executeTakeFirstOrThrow()).id;
    const workerId = (await harbour.db.selectFrom('users').select('id').where('email', '=', 'social.worker@harbour.example').executeTakeFirstOrThrow()).id;
    const meetingId = (await harbour.db.insertInto('meetings').values({ local_authority_id: kase.local_authority_id, profile_id: 'camden', meeting_type: 'catse-meeting', status: 'convened', scheduled_at: londonInstant('2026-11-20', 14, 0), venue: 'Crowndale Centre', chair_id: coordinatorId, convened_by: coordinatorId, convened_at: MONDAY_MORNING }).returning('id').executeTakeFirstOrThrow()).id;
    await harbour.db.insertInto('meeting_cases').values({ meeting_id: meetingId, case_id: caseId, is_primary: true }).execute();
    await harbour.db.insertInto('meeting_invitees').values({ meeting_id: meetingId, user_id: workerId, invited_role: 'social-worker' }).execute();
    const convened = await harbour.db.selectFrom('meetings').innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id').select(['meetings.id']).where('meeting_cases.case_id', '=', caseId).where('meetings.status', '=', 'convened').execute();
    assert.ok(convened.length >= 1, 'the demo case has a convened meeting to cancel');
    const told = () => harbour.db.selectFrom('notifications').select('id').where('user_id', '=', workerId).where('kind', '=', 'meeting-cancelled').execute();
    assert.equal((await told()).length, 0);
    const { version } = await caseRow();
    const form = await coordinator.get(`/cases/${caseId}/close`);
    const closed = await coordinator.request('POST', `/cases/${caseId}/close`, { _csrf: csrfTokenIn(form.text), version: String(version), reasonCode: 'risk-gone', reasons: 'No indicators for six months; agreed at the review.' });
    assert.equal(closed.status, 303, closed.text.slice(0, 400));
    for (const m of convened) {
      const row = await harbour.db.selectFrom('meetings').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();
      assert.equal(row.status, 'cancelled');
      assert.match(String(row.cancel_reason), /case was closed/i);
    }
    assert.equal((await told()).length, 1, 'the invitee is told of the cancellation');
    const audited = await harbour.db.selectFrom('audit_events').select('action').where('entity_id', '=', meetingId).where('action', '=', 'meeting.cancelled').execute();
    assert.equal(audited.length, 1);
  });

  it('a note, an observation and a plan on the closed case are refused with a link to reopen; nothing is written', async () => {
    assert.equal((await caseRow()).status, 'closed');
    const worker = await signedIn('social.worker');
    const police = await signedIn('police');
    const notes = await count('case_notes');
    const observations = await count('risk_observations');
    const plans = await count('plans');
    const page = await worker.get(`/cases/${caseId}/notes`);
    assert.equal(page.status, 200, 'a closed case stays readable');
    assert.match(page.text, /data-qa="case-closed-notice"/);
    assert.doesNotMatch(page.text, /data-qa="add-note"/, 'no "add" button on a closed case');
    const refusedNote = await note(worker, csrfTokenIn(page.text), 'Visited at home after closing.');
    assert.equal(refusedNote.status, 409, String(refusedNote.headers?.get?.('location')) + refusedNote.text.slice(0, 300));
    assert.match(refusedNote.text, /This case is closed/);
    assert.match(refusedNote.text, new RegExp(`href="/cases/${caseId}/lifecycle"`));
    const refusedObservation = await observation(police, csrfTokenIn((await police.get(`/cases/${caseId}/risk`)).text));
    assert.equal(refusedObservation.status, 409);
    const refusedPlan = await plan(worker, csrfTokenIn((await worker.get(`/cases/${caseId}/plans`)).text));
    assert.equal(refusedPlan.status, 409);
    assert.equal(await count('case_notes'), notes);
    assert.equal(await count('risk_observations'), observations);
    assert.equal(await count('plans'), plans);
    const denied = await harbour.db.selectFrom('audit_events').select('action').where('entity_id', '=', caseId).where('outcome', '=', 'denied').execute();
    assert.ok(denied.some((d) => d.action === 'case.record-observation'), 'the refusal is audited');
  });

  it('after reopening, the same writes go through', async () => {
    const coordinator = await signedIn('coordinator');
    const { version } = await caseRow();
    const form = await coordinator.get(`/cases/${caseId}/reopen`);
    const reopened = await coordinator.request('POST', `/cases/${caseId}/reopen`, { _csrf: csrfTokenIn(form.text), version: String(version), reasons: 'A new concern raised by the school.' });
    assert.equal(reopened.status, 303, reopened.text.slice(0, 400));
    const worker = await signedIn('social.worker');
    const police = await signedIn('police');
    const notes = await count('case_notes');
    const observations = await count('risk_observations');
    const plans = await count('plans');
    const notesPage = await worker.get(`/cases/${caseId}/notes`);
    assert.match(notesPage.text, /data-qa="add-note"/);
    assert.doesNotMatch(notesPage.text, /data-qa="case-closed-notice"/);
    assert.equal((await note(worker, csrfTokenIn(notesPage.text), 'Visited at home after reopening.')).status, 303);
    assert.equal((await observation(police, csrfTokenIn((await police.get(`/cases/${caseId}/risk`)).text))).status, 303);
    assert.equal((await plan(worker, csrfTokenIn((await worker.get(`/cases/${caseId}/plans`)).text))).status, 303);
    assert.equal(await count('case_notes'), notes + 1);
    assert.equal(await count('risk_observations'), observations + 1);
    assert.equal(await count('plans'), plans + 1);
  });
});
