// Cancelling a convened meeting with a reason (src/domain/meetings/lifecycle.ts): everyone told (with a link only if
// they may still open the case), the clock it answered left running for another meeting to answer, and the meetings
// page offering to convene another. Closing a case cancels its meetings through cancelWithin, in its own transaction.
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { meetingTypeOf } from '../../domain/meetings/rules.ts';
import { CANCEL_REASONS, decide } from '../../domain/meetings/lifecycle.ts';
import type { MeetingEvent } from '../../domain/meetings/lifecycle.ts';
import { forbidden } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { cancelledWithRunningClock, meetingCaseIds, runningClock, updateMeeting } from './queries.ts';
import type { MeetingRow } from './queries.ts';
import type { cancelSchema } from './schemas.ts';
import { MeetingRefused, audienceOf, checkVersion, chronology, lifecycleState, lockMeeting, mayChange, mayStillOpen, stamp, typeOrThrow, whenOf } from './service-common.ts';

export function cancelUseCases(services: Services) {
  const { db, profiles, notifier } = services;
  const now = () => services.now();

  /** The cancellation itself, of a meeting the caller has locked and authorised the change to. */
  async function cancelLocked(trx: Transaction<Database>, actor: Actor & { displayName?: string }, kase: CaseHeader, meeting: MeetingRow, input: { reasonCode?: string; reason?: string }, audit: AuditContext) {
    const at = now();
    const profile = profiles.byId(meeting.profile_id);
    const type = typeOrThrow(profile, meeting.meeting_type);
    const decision = decide(lifecycleState(meeting, null), { type: 'cancel', reasonCode: input.reasonCode, reason: input.reason }, at);
    if (!decision.ok) throw new MeetingRefused(decision.refusals);
    const event = decision.events.find((e): e is Extract<MeetingEvent, { type: 'meeting-cancelled' }> => e.type === 'meeting-cancelled')!;

    await updateMeeting(trx, meeting.id, {
      status: 'cancelled',
      cancelled_at: at,
      cancelled_by: actor.id,
      cancel_reason_code: event.reasonCode,
      cancel_reason: event.reason,
      version: meeting.version + 1,
      last_change: stamp(actor, 'Cancelled', at),
      last_changed_by: actor.id,
      last_changed_at: at,
    });

    const caseIds = await meetingCaseIds(trx, meeting.id);
    const { facts, primary, link, others, told } = await audienceOf(trx, meeting, caseIds, kase);
    const when = whenOf(meeting.scheduled_at);
    // Someone whose only way into the case was this meeting's invitation cannot follow a link to it any more.
    const canOpen = await mayStillOpen(trx, told, kase, at);
    for (const userId of told) {
      await notifier.notify(trx, { userId, kind: 'meeting-cancelled', title: `The ${type.label} about ${primary.reference}${others} on ${when} is cancelled`, link: canOpen.has(userId) ? link : null });
    }
    const running = meeting.clock_id ? await runningClock(trx, meeting.clock_id) : null;
    const summary = `Reason: ${CANCEL_REASONS[event.reasonCode]}. ${event.reason}${running ? ` The statutory clock it answered (${running.label}) keeps running.` : ''}`;
    for (const f of facts) await chronology(trx, actor, f, meeting.id, `${type.label} on ${when} cancelled`, summary, at);
    await recordAudit(trx, audit, {
      action: 'meeting.cancelled',
      entityType: 'meeting',
      entityId: meeting.id,
      childId: primary.child_id,
      details: { caseIds, reasonCode: event.reasonCode, told: told.length, clockRunning: Boolean(running) },
    });
    return { told: told.length };
  }

  return {
    /** The clock a meeting answered, if it is still running (after a cancellation it waits for another meeting). */
    async runningClock(clockId: string | null) {
      if (!clockId) return null;
      return runningClock(db, clockId);
    },

    /**
     * Meetings of this case that were cancelled while the clock they answered still runs and nothing else is convened
     * of the same type: the meetings page offers to convene another.
     */
    async toReconvene(caseId: string) {
      const cancelled = await cancelledWithRunningClock(db, caseId);
      // The latest cancellation of each type is enough to prompt.
      const latest = new Map<string, (typeof cancelled)[number]>();
      for (const m of cancelled) if (!latest.has(m.meeting_type)) latest.set(m.meeting_type, m);
      return [...latest.values()].map((m) => ({ ...m, typeLabel: meetingTypeOf(profiles.byId(m.profile_id), m.meeting_type)?.label ?? m.meeting_type }));
    },

    /** Cancelled with a reason: everyone told, the clock it answered left running for another meeting to answer. */
    async cancel(actor: Actor & { displayName?: string }, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: z.infer<typeof cancelSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        if (!mayChange(actor, kase, basis, meeting)) throw forbidden('Only the chair, or someone who may convene meetings about this child, can cancel this meeting.');
        checkVersion(meeting, input.version);
        return cancelLocked(trx, actor, kase, meeting, input, audit);
      });
    },

    /**
     * Cancels a meeting inside the caller's transaction (closing a case cancels its convened meetings, issue 15): the
     * caller has authorised the change; the cancellation is otherwise the same, everyone told.
     */
    async cancelWithin(trx: Transaction<Database>, actor: Actor & { displayName?: string }, kase: CaseHeader, meetingId: string, input: { reasonCode?: string; reason?: string }, audit: AuditContext) {
      const meeting = await lockMeeting(trx, meetingId, kase.id);
      return cancelLocked(trx, actor, kase, meeting, input, audit);
    },
  };
}
