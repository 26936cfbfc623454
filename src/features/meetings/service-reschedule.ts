// Moving a convened meeting to a new date, time or venue (src/domain/meetings/lifecycle.ts): the history kept, the
// clock it answers found again, everyone told by a link, in one transaction with the chronology and the audit row.
import type { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { decide } from '../../domain/meetings/lifecycle.ts';
import type { MeetingEvent } from '../../domain/meetings/lifecycle.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { insertReschedule, meetingCaseIds, reschedulesOf, updateMeeting } from './queries.ts';
import type { rescheduleSchema } from './schemas.ts';
import { MeetingRefused, answeringClock, audienceOf, checkVersion, chronology, lifecycleState, lockMeeting, mayChange, meetingAt, stamp, typeOrThrow, whenOf } from './service-common.ts';

export function rescheduleUseCases(services: Services) {
  const { db, profiles, notifier } = services;
  const now = () => services.now();

  return {
    /** The running clock a meeting answers now, shown on the reschedule page as convening shows it. */
    async clockFor(meeting: { id: string; profile_id: string; meeting_type: string }) {
      return answeringClock(db, profiles.byId(meeting.profile_id), meeting.meeting_type, await meetingCaseIds(db, meeting.id));
    },

    /** Every change of date, time or venue, oldest first. */
    changes: (meetingId: string) => reschedulesOf(db, meetingId),

    /** A new date, time or venue: history kept, the clock it answers found again, everyone told by a link. */
    async reschedule(actor: Actor & { displayName?: string }, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: z.infer<typeof rescheduleSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        if (!mayChange(actor, kase, basis, meeting)) throw forbidden('Only the chair, or someone who may convene meetings about this child, can move this meeting.');
        checkVersion(meeting, input.version);
        const at = now();
        const profile = profiles.byId(meeting.profile_id);
        const type = typeOrThrow(profile, meeting.meeting_type);
        const caseIds = await meetingCaseIds(trx, meeting.id);
        const clock = await answeringClock(trx, profile, type.id, caseIds);
        const decision = decide(lifecycleState(meeting, clock), { type: 'reschedule', at: meetingAt(input.date, input.time), venue: input.venue, reason: input.reason, lateReason: input.lateReason }, at);
        if (!decision.ok) throw new MeetingRefused(decision.refusals);
        const event = decision.events.find((e): e is Extract<MeetingEvent, { type: 'meeting-rescheduled' }> => e.type === 'meeting-rescheduled')!;

        await insertReschedule(trx, { meeting_id: meeting.id, previous_at: event.from.at, new_at: event.to.at, previous_venue: event.from.venue, new_venue: event.to.venue, reason: event.reason, late_reason: event.lateReason, changed_by: actor.id, changed_at: at });
        await updateMeeting(trx, meeting.id, {
          scheduled_at: event.to.at,
          venue: event.to.venue,
          clock_id: clock?.id ?? null,
          clock_due_at: clock?.due_at ?? null,
          late_reason: event.lateReason,
          version: meeting.version + 1,
          last_change: stamp(actor, 'Date, time or venue changed', at),
          last_changed_by: actor.id,
          last_changed_at: at,
        });

        const { facts, primary, link, others, told } = await audienceOf(trx, meeting, caseIds, kase);
        const when = whenOf(event.to.at);
        for (const userId of told) await notifier.notify(trx, { userId, kind: 'meeting-rescheduled', title: `The ${type.label} about ${primary.reference}${others} has moved to ${when}`, body: `Venue: ${event.to.venue}.`, link });
        const venueChanged = event.from.venue !== event.to.venue;
        const summary = [
          `Previously ${whenOf(event.from.at)}${venueChanged ? ` at ${event.from.venue}` : ''}.`,
          `Venue: ${event.to.venue}.`,
          `Reason: ${event.reason}`,
          event.late && clock ? `After the statutory deadline (${clock.label}); reason recorded.` : '',
        ].filter(Boolean).join(' ');
        for (const f of facts) await chronology(trx, actor, f, meeting.id, `${type.label} moved to ${when}`, summary, at);
        await recordAudit(trx, audit, {
          action: 'meeting.rescheduled',
          entityType: 'meeting',
          entityId: meeting.id,
          childId: primary.child_id,
          details: { caseIds, from: event.from.at.toISOString(), to: event.to.at.toISOString(), venueChanged, late: event.late, told: told.length },
        });
        return { told: told.length };
      });
    },
  };
}
