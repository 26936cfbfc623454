// Correcting a recorded meeting, and deciding a cancelled meeting's open actions (issue 15). A correction keeps the
// version it replaces (meeting_corrections: the minutes before and after, who, when and why), tells everyone who
// received the minutes that they changed, and goes on each child's chronology, in one transaction with its audit
// row; the meeting's version is checked so a stale form writes nothing. A cancelled meeting's open actions are each
// closed or carried over to the case by a decision, never left open. All SQL is in queries.ts.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { CORRECTABLE_LABELS, cancelledActionRefusals, changedMinutes, correctionRefusals } from '../../domain/meetings/corrections.ts';
import type { CorrectableMinutes } from '../../domain/meetings/corrections.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { MeetingRefused, StaleMeeting } from '../meetings/service.ts';
import type { MeetingService } from '../meetings/service.ts';
import { meetingsPaths } from '../meetings/paths.ts';
import { attendedUserIds, carryActionsOver, casesOfMeeting, closeActions, correctionsOf, insertChronologyEntry, insertCorrection, meetingOfCase, minutesRecipients, openActionsOfMeeting, updateMeeting } from './queries.ts';
import type { CancelledActionsInput, CorrectMinutesInput } from './schemas.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


export const minutesOf = (m: { decisions_summary: string | null; review_date: string | null; parents_told_what: string | null }): CorrectableMinutes => ({ decisionsSummary: m.decisions_summary, reviewDate: m.review_date, parentsToldWhat: m.parents_told_what });

export function createMeetingCorrections(services: Services, meetings: MeetingService) {
  const { db, notifier } = services;

  async function meetingOf(trx: Kysely<Database>, caseId: string, meetingId: string, lock = false) {
    if (!isRecordId(meetingId)) throw notFound('Meeting');
    const meeting = await meetingOfCase(trx, meetingId, caseId, lock);
    if (!meeting) throw notFound('Meeting');
    return meeting;
  }

  async function chronology(trx: Transaction<Database>, actor: Actor, cases: { id: string; child_id: string }[], meetingId: string, title: string, summary: string, at: Date) {
    for (const c of cases) {
      await insertChronologyEntry(trx, { child_id: c.child_id, case_id: c.id, occurred_at: at, kind: 'meeting', title, summary: summary.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'meeting', record_id: meetingId });
    }
  }

  return {
    meeting: (caseId: string, meetingId: string) => meetingOf(db, caseId, meetingId),

    /** Every earlier version of the minutes, newest first: each correction keeps the version it replaced. */
    async versions(meetingId: string) {
      const rows = await correctionsOf(db, meetingId);
      return rows.map((r) => {
        const previous = r.previous as unknown as CorrectableMinutes;
        const corrected = r.corrected as unknown as CorrectableMinutes;
        return { ...r, previousVersion: r.version_number - 1, previous, changed: changedMinutes(previous, corrected).map((k) => CORRECTABLE_LABELS[k]) };
      });
    },

    async correct(actor: Actor, kase: CaseHeader, meetingId: string, input: CorrectMinutesInput, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingOf(trx, kase.id, meetingId, true);
        if (meeting.version !== input.version) throw new StaleMeeting(meeting.last_change);
        const attended = await attendedUserIds(trx, meeting.id);
        const before = minutesOf(meeting);
        const after: CorrectableMinutes = { decisionsSummary: input.decisionsSummary ?? null, reviewDate: input.reviewDate ?? null, parentsToldWhat: input.parentsToldWhat ?? null };
        const refusals = correctionRefusals({ status: meeting.status, actorId: actor.id, chairId: meeting.chair_id, attendedUserIds: attended, reason: input.reason, before, after, heldOn: meeting.held_at ? londonDateOf(meeting.held_at) : null });
        if (refusals.some((r) => r.code === 'not-chair-or-attendee')) {
          await recordAudit(trx, audit, { action: 'meeting.corrected', entityType: 'meeting', entityId: meeting.id, childId: kase.childId, outcome: 'denied', details: { code: 'not-chair-or-attendee' } });
        }
        if (refusals.length) throw new MeetingRefused(refusals);
        const at = services.now();
        const version = meeting.minutes_version + 1;
        const changed = changedMinutes(before, after).map((k) => CORRECTABLE_LABELS[k]);
        // Everyone who received the minutes (the attendees and any copy) is told they changed; the link is the same.
        const recipients = (await minutesRecipients(trx, meeting.id)).filter((id) => id !== actor.id);
        await insertCorrection(trx, { meeting_id: meeting.id, version_number: version, previous: JSON.stringify(before), corrected: JSON.stringify(after), reason: input.reason!, recipients_told: recipients.length, corrected_by: actor.id, corrected_at: at });
        const stamp = `Minutes corrected (version ${version}) at ${at.toISOString().slice(11, 16)} UTC on ${londonDateOf(at)}`;
        await updateMeeting(trx, meeting.id, { decisions_summary: after.decisionsSummary, review_date: after.reviewDate, parents_told_what: after.parentsToldWhat, minutes_version: version, version: meeting.version + 1, last_change: stamp, last_changed_by: actor.id, last_changed_at: at });
        const cases = await casesOfMeeting(trx, meeting.id);
        const link = meetingsPaths.minutes(kase.id, meeting.id);
        for (const userId of recipients) {
          await notifier.notify(trx, { userId, kind: 'meeting-minutes-corrected', title: `The minutes of a meeting about ${cases.map((c) => c.reference).join(', ')} were corrected (version ${version})`, body: `Changed: ${changed.join('; ')}. Open them in Harbour; the earlier version is kept.`, link });
        }
        await chronology(trx, actor, cases, meeting.id, `Meeting minutes corrected (version ${version})`, `Changed: ${changed.join('; ')}. Reason: ${input.reason}`, at);
        await recordAudit(trx, audit, { action: 'meeting.corrected', entityType: 'meeting', entityId: meeting.id, childId: kase.childId, details: { version, changed, told: recipients.length } });
        return { version, told: recipients.length };
      });
    },

    openActions: (meetingId: string) => openActionsOfMeeting(db, meetingId),

    /** Each open action of a cancelled meeting closes (with why) or carries over to the case as its own action. */
    async decideCancelledActions(actor: Actor, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: CancelledActionsInput, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await meetingOf(trx, kase.id, meetingId, true);
        if (!meetings.mayChange(actor, kase, basis, meeting)) throw forbidden('Only the chair, or someone who may convene meetings about this child, decides the actions of a cancelled meeting.');
        if (meeting.version !== input.version) throw new StaleMeeting(meeting.last_change);
        if (meeting.status !== 'cancelled') throw new MeetingRefused([{ field: 'note', message: 'Only a cancelled meeting’s actions are decided here' }]);
        const actions = await openActionsOfMeeting(trx, meeting.id);
        const decisions = Object.fromEntries(actions.map((a) => [a.id, typeof input[`action-${a.id}`] === 'string' ? (input[`action-${a.id}`] as string) : undefined]));
        const refusals = cancelledActionRefusals(actions.map((a) => a.id), decisions, input.note);
        if (refusals.length) throw new MeetingRefused(refusals);
        const at = services.now();
        const closed = actions.filter((a) => decisions[a.id] === 'close');
        const carried = actions.filter((a) => decisions[a.id] === 'carry-over');
        if (closed.length) await closeActions(trx, closed.map((a) => a.id), actor.id, `Closed when the meeting was cancelled: ${input.note}`, at);
        if (carried.length) await carryActionsOver(trx, carried.map((a) => a.id), meeting.id);
        await updateMeeting(trx, meeting.id, { version: meeting.version + 1, last_change: `Actions decided at ${at.toISOString().slice(11, 16)} UTC on ${londonDateOf(at)}`, last_changed_by: actor.id, last_changed_at: at });
        const cases = await casesOfMeeting(trx, meeting.id);
        await chronology(trx, actor, cases, meeting.id, 'Actions of a cancelled meeting decided', `${closed.length} closed${input.note ? ` (${input.note})` : ''}, ${carried.length} carried over to the case.`, at);
        await recordAudit(trx, audit, { action: 'meeting.cancelled-actions-decided', entityType: 'meeting', entityId: meeting.id, childId: kase.childId, details: { closed: closed.length, carried: carried.length } });
        return { closed: closed.length, carried: carried.length };
      });
    },
  };
}
