// Recording a held meeting (its minutes: attendance, outcomes and decisions, information shared, disagreements, the
// key professional, the review date, criminal justice conditions) and sharing the minutes. Recording stops the clocks
// the meeting answers and starts the review clock, in the same transaction as everything else it writes.
import type { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor } from '../../domain/access/access.ts';
import {
  CRIMINAL_ACTION_AGAINST_CHILD,
  REVIEW_CYCLE_TYPES,
  checkCriminalJusticeAgainstChild,
  checkKeyProfessional,
  checkOutcomes,
  checkParentInformation,
  checkPoliceChecksBeforeHolding,
  checkRecorder,
  checkReviewDate,
  MEETING_CLOCK_EVENTS,
  meetingClockEvents,
  meetingTypeOf,
  outcomesForClockFacts,
} from '../../domain/meetings/rules.ts';
import { STATE_REFUSALS, decide } from '../../domain/meetings/lifecycle.ts';
import { meetingExceptionStatus } from '../../domain/parents/notification.ts';
import { forbidden } from '../../platform/web/errors.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { recordMeetingException } from '../parents/service.ts';
import { meetingsPaths } from './paths.ts';
import {
  attendedUserIds,
  caseFacts,
  clockById,
  insertDisagreement,
  insertInformation,
  insertOutcomes,
  inviteesToRecord,
  isActiveUser,
  meetingCaseIds,
  nominateKeyProfessional,
  otherHeldMeeting,
  setAttendance,
  updateMeeting,
  usersWithRole,
} from './queries.ts';
import type { recordSchema } from './schemas.ts';
import { MeetingRefused, checkVersion, childAge, chronology, lifecycleState, lockMeeting, meetingAt, stamp, typeOrThrow } from './service-common.ts';

/** A held meeting sends its type's events and the review cycle's (domain/meetings/rules.ts). */
export const CLOCK_EVENTS_SENT = MEETING_CLOCK_EVENTS;

export function minutesUseCases(services: Services) {
  const { db, profiles, notifier } = services;
  const clocks = { calendar: services.clocks.calendar, applyEvent: services.clocks.sender(CLOCK_EVENTS_SENT) };
  const now = () => services.now();

  return {
    async record(actor: Actor & { displayName?: string }, kase: CaseHeader, meetingId: string, input: z.infer<typeof recordSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        checkVersion(meeting, input.version);
        const at = now();
        const heldAt = meetingAt(input.heldDate, input.heldTime);
        const clock = meeting.clock_id ? await clockById(trx, meeting.clock_id) : null;
        const answered = clock ?? (meeting.clock_due_at ? { due_at: meeting.clock_due_at, label: '', source: null } : null);
        const held = decide(lifecycleState(meeting, answered), { type: 'record', heldAt, lateReason: input.lateReason ?? meeting.late_reason ?? undefined }, at);
        if (!held.ok && held.refusals.some((r) => STATE_REFUSALS.includes(r.code))) throw new MeetingRefused(held.refusals);
        const profile = profiles.byId(meeting.profile_id);
        const type = typeOrThrow(profile, meeting.meeting_type);
        const caseIds = await meetingCaseIds(trx, meeting.id);
        const facts = await caseFacts(trx, caseIds);
        const invitees = await inviteesToRecord(trx, meeting.id);
        const refusals: FieldRefusal[] = held.ok ? [] : [...held.refusals];

        refusals.push(...checkPoliceChecksBeforeHolding({ profileId: profile.id, meetingTypeId: type.id, requestedSubjects: meeting.police_checks_subjects }));
        if (type.attendanceCriteria && meeting.attendance_decided_at === null) {
          refusals.push({ field: 'heldDate', message: `Record the chair’s decision on whether the child and parents attend before recording the meeting (${type.attendanceCriteria.source})` });
        }
        for (const invitee of invitees) {
          if (!input.attendance[invitee.id]) refusals.push({ field: `attendance-${invitee.id}`, message: 'Say whether each person attended, sent apologies or did not attend' });
        }
        const unknownInvitee = Object.keys(input.attendance).some((id) => !invitees.some((i) => i.id === id));
        if (unknownInvitee) refusals.push({ field: 'attendance', message: 'The list of invitees has changed: reload the page' });
        const attendedIds = invitees.filter((i) => i.user_id && input.attendance[i.id] === 'attended').map((i) => i.user_id!);
        refusals.push(...checkRecorder({ actorId: actor.id, chairId: meeting.chair_id, attendedUserIds: attendedIds }));
        refusals.push(...checkOutcomes(type, input.outcomes, input.decisionsSummary));
        const purposeIds = new Set(type.purposes.map((p) => p.id));
        if (input.purposes.some((p) => !purposeIds.has(p))) refusals.push({ field: 'purposes', message: 'Choose purposes from the list' });
        const primary = facts.find((f) => f.id === kase.id)!;
        const ages = new Map(facts.map((f) => [f.id, childAge(f, at)]));
        refusals.push(...checkParentInformation({ parentsTold: input.parentsTold, what: input.parentsToldWhat, byWhom: input.parentsToldBy, exceptionReason: input.parentsExceptionReason, childAge: Math.min(...facts.map((f) => ages.get(f.id) ?? 99)) === 99 ? null : Math.min(...facts.map((f) => ages.get(f.id) ?? 99)), profileId: profile.id }));
        if (input.keyProfessionalId && !(await isActiveUser(trx, input.keyProfessionalId))) {
          refusals.push({ field: 'keyProfessionalId', message: 'Choose an active person as key professional' });
        }
        refusals.push(...checkKeyProfessional({ profileId: profile.id, nominated: Boolean(input.keyProfessionalId), caseHasOne: facts.every((f) => f.key_professional_id), outcomeIds: input.outcomes }));
        const reviewRule = profile.timescales.find((t) => t.startsOn === 'initial-meeting-held' && t.duration);
        if (REVIEW_CYCLE_TYPES.includes(type.id)) {
          refusals.push(...checkReviewDate({ heldAt, reviewDate: input.reviewDate, outcomeIds: input.outcomes, reviewLimit: reviewRule?.duration ?? null, limitSource: reviewRule?.source, calendar: await clocks.calendar(trx) }));
        } else if (input.reviewDate && input.reviewDate <= input.heldDate) {
          refusals.push({ field: 'reviewDate', message: 'The review date must be after the meeting' });
        }
        const cjProposed = input.cjProposed || input.outcomes.includes(CRIMINAL_ACTION_AGAINST_CHILD);
        if (cjProposed) {
          for (const f of facts) {
            const earlier = await otherHeldMeeting(trx, f.id, meeting.id, { heldBefore: heldAt });
            const cj = checkCriminalJusticeAgainstChild({
              profileId: profile.id,
              childAge: ages.get(f.id) ?? null,
              earlierMeetingHeld: Boolean(earlier),
              diversionFailed: input.cjDiversionFailed,
              ageAndVulnerability: input.cjAgeAndVulnerability,
              genuinelyVoluntary: input.cjGenuinelyVoluntary,
              childUnderstands: input.cjChildUnderstands,
            });
            refusals.push(...cj.map((r) => ({ ...r, message: facts.length > 1 ? `${f.reference}: ${r.message}` : r.message, source: r.source })).map((r) => ({ field: r.field, message: r.source ? `${r.message} (${r.source})` : r.message })));
          }
        }
        input.information.forEach((row, i) => {
          if (row.item && row.level === 'named' && !row.person) refusals.push({ field: `information-${i}-person`, message: 'Choose the person this information is shared with' });
        });
        if (refusals.length) throw new MeetingRefused(refusals);

        // ---- Writes -----------------------------------------------------------------------------------------------
        await updateMeeting(trx, meeting.id, {
          status: 'held',
          held_at: heldAt,
          late_reason: input.lateReason ?? meeting.late_reason,
          purposes: input.purposes,
          decisions_summary: input.decisionsSummary ?? null,
          parents_told: input.parentsTold,
          parents_told_what: input.parentsTold ? (input.parentsToldWhat ?? null) : null,
          parents_told_by: input.parentsTold ? (input.parentsToldBy ?? null) : null,
          parents_exception_reason: input.parentsTold ? null : (input.parentsExceptionReason ?? null),
          key_professional_id: input.keyProfessionalId ?? null,
          review_date: input.reviewDate ?? null,
          criminal_justice: cjProposed
            ? JSON.stringify({ proposed: true, diversionFailed: input.cjDiversionFailed, ageAndVulnerability: input.cjAgeAndVulnerability, genuinelyVoluntary: input.cjGenuinelyVoluntary, childUnderstands: input.cjChildUnderstands })
            : null,
          recorded_by: actor.id,
          recorded_at: at,
          version: meeting.version + 1,
          last_change: stamp(actor, 'Record of the meeting saved', at),
          last_changed_by: actor.id,
          last_changed_at: at,
        });
        for (const invitee of invitees) {
          const value = input.attendance[invitee.id]!;
          await setAttendance(trx, invitee.id, { attended: value === 'attended', apologies: value === 'apologies' });
        }
        const outcomeLabels = input.outcomes.map((id) => type.outcomes.find((o) => o.id === id)!.label);
        if (input.outcomes.length) await insertOutcomes(trx, input.outcomes.map((id, i) => ({ meeting_id: meeting.id, outcome_id: id, label: outcomeLabels[i]! })));
        for (const row of input.information) {
          if (!row.item) continue;
          await insertInformation(trx, { meeting_id: meeting.id, item: row.item, sharing_level: row.level, shared_with: row.level === 'named' && row.person ? [row.person] : [], agency_id: actor.agencyId, author_id: actor.id, created_at: at });
        }
        // camden Part 3 §4.2: for a child under 13, "not told" is an exception awaiting a manager's agreement.
        if (!input.parentsTold) {
          for (const f of facts) {
            if (meetingExceptionStatus({ parentsTold: false, childAge: ages.get(f.id) ?? null })) {
              await recordMeetingException(trx, actor, { caseId: f.id, childId: f.child_id, meetingId: meeting.id, reasons: input.parentsExceptionReason ?? '', at }, audit);
            }
          }
        }
        for (const row of input.disagreements) {
          if (!row.text) continue;
          await insertDisagreement(trx, { meeting_id: meeting.id, text: row.text, escalated: row.escalated, escalated_to: row.escalated ? (row.escalatedTo ?? null) : null, author_id: actor.id, created_at: at });
        }
        if (input.keyProfessionalId) {
          for (const f of facts) await nominateKeyProfessional(trx, f.id, input.keyProfessionalId, actor.id, at);
        }
        // Clocks: the meeting stops the clocks it answers on every case and starts the review clock (unless NFA/CP).
        const clockFacts = { meetingOutcomes: outcomesForClockFacts(input.outcomes) };
        let started = 0;
        let stopped = 0;
        for (const f of facts) {
          const earlierCycle = await otherHeldMeeting(trx, f.id, meeting.id, { types: REVIEW_CYCLE_TYPES });
          for (const event of meetingClockEvents(type.id, !earlierCycle)) {
            const result = await clocks.applyEvent(trx, {
              event,
              at: heldAt,
              subject: { caseId: f.id, childId: f.child_id, localAuthorityId: f.local_authority_id },
              facts: { ...clockFacts, category: f.category as 1 | 2 | 3 | null },
              ownerUserId: f.lead_professional_id,
            });
            started += result.started.length;
            stopped += result.stopped.length;
          }
          const summary = [
            outcomeLabels.length ? `Outcomes: ${outcomeLabels.join('; ')}.` : `Decisions: ${input.decisionsSummary}`,
            input.reviewDate ? `Review by ${input.reviewDate}.` : '',
            cjProposed ? 'Criminal justice action against the child agreed, with its conditions recorded.' : '',
          ].filter(Boolean).join(' ');
          await chronology(trx, actor, f, meeting.id, `${type.label} held`, summary, heldAt);
        }
        await recordAudit(trx, audit, {
          action: 'meeting.recorded',
          entityType: 'meeting',
          entityId: meeting.id,
          childId: primary.child_id,
          details: { outcomes: input.outcomes, caseIds, clocksStarted: started, clocksStopped: stopped, criminalJustice: cjProposed, keyProfessionalId: input.keyProfessionalId ?? null },
        });
      });
    },

    /** Minutes go to every attendee as a link inside Harbour, never an attachment; under camden a copy to the CPO. */
    async shareMinutes(actor: Actor & { displayName?: string }, kase: CaseHeader, meetingId: string, version: number, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        checkVersion(meeting, version);
        if (meeting.status !== 'held') throw new MeetingRefused([{ field: 'share', message: 'Minutes can be shared once the meeting has been recorded' }]);
        const attendees = await attendedUserIds(trx, meeting.id);
        if (actor.id !== meeting.chair_id && !attendees.includes(actor.id) && actor.id !== meeting.recorded_by) throw forbidden('Only the chair or someone who attended shares the minutes.');
        const type = meetingTypeOf(profiles.byId(meeting.profile_id), meeting.meeting_type);
        const [primary] = await caseFacts(trx, [kase.id]);
        const link = meetingsPaths.minutes(kase.id, meeting.id);
        const recipients = new Set(attendees);
        const copies = new Set<string>();
        if (meeting.profile_id === 'camden') for (const c of await usersWithRole(trx, 'cse-coordinator', meeting.local_authority_id)) if (!recipients.has(c.id)) copies.add(c.id);
        const at = now();
        for (const userId of recipients) await notifier.notify(trx, { userId, kind: 'meeting-minutes', title: `Minutes of the ${type?.label ?? 'meeting'} about ${primary!.reference} are ready`, body: 'Open them in Harbour. Keep them securely within your agency.', link });
        for (const userId of copies) await notifier.notify(trx, { userId, kind: 'meeting-minutes-copy', title: `Copy: minutes of the ${type?.label ?? 'meeting'} about ${primary!.reference}`, body: 'A copy of all CATSE minutes goes to the CPO for CATSE (camden Part 3 §3.3).', link });
        await updateMeeting(trx, meeting.id, { minutes_shared_at: at, minutes_shared_by: actor.id, version: meeting.version + 1, last_change: stamp(actor, 'Minutes shared', at), last_changed_by: actor.id, last_changed_at: at });
        await recordAudit(trx, audit, { action: 'meeting.minutes-shared', entityType: 'meeting', entityId: meeting.id, childId: primary!.child_id, details: { recipients: recipients.size, copies: copies.size } });
        return { recipients: recipients.size, copies: copies.size };
      });
    },
  };
}
