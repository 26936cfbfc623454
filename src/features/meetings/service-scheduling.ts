// Convening a meeting and preparing for it: the convene form's suggestions, convening (with invitations, a joint
// meeting's other children, the IROs and the CPO told), the police checks and the family-attendance decision before
// it is held. Each use case is one transaction with its chronology entries, notifications and audit row.
import type { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { decideCaseAccess } from '../../domain/access/access.ts';
import type { Role } from '../../domain/access/roles.ts';
import { londonDateOf } from '../../domain/clock/index.ts';
import { checkAttendanceDecision, checkLookedAfterInvitees, checkMeetingTiming, meetingTypeOf } from '../../domain/meetings/rules.ts';
import { UNLISTED_INVITEE, inviteeRoleFor, inviteeRoleLabel } from '../../domain/meetings/invitees.ts';
import { forbidden } from '../../platform/web/errors.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { accessFacts, findCaseHeader } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { meetingsPaths } from './paths.ts';
import { activeUserIds, caseFacts, insertInvitees, insertMeeting, insertMeetingCases, meetingCaseIds, networkOfCase, openCaseIdByReference, peopleWithRoles, rolesOf, updateMeeting, userById } from './queries.ts';
import type { attendanceSchema, conveneSchema, policeChecksSchema } from './schemas.ts';
import { MeetingRefused, answeringClock, checkVersion, chronology, cseLeadIds, iroIds, lockMeeting, mayManage, meetingAt, stamp, typeOrThrow } from './service-common.ts';

const CASEWORK_ROLES: readonly Role[] = ['social-worker', 'team-manager', 'cse-coordinator', 'front-door', 'police-investigator', 'health-professional', 'education-professional', 'voluntary-key-worker', 'independent-reviewing-officer', 'designated-safeguarding-lead'];

export function schedulingUseCases(services: Services) {
  const { db, profiles, notifier } = services;
  const now = () => services.now();

  return {
    /** What the convene form needs for one meeting type: the clock, suggested invitees, chairs, gaps. */
    async convenePreparation(kase: CaseHeader, typeId: string | undefined) {
      const profile = await profiles.forAuthority(db, kase.localAuthorityId);
      const type = typeId ? meetingTypeOf(profile, typeId) : undefined;
      const [facts] = await caseFacts(db, [kase.id]);
      const network = await networkOfCase(db, kase.id);
      const people = await peopleWithRoles(db, kase.localAuthorityId, CASEWORK_ROLES);
      const roles = await rolesOf(db, [...new Set([...network.map((n) => n.id), ...people.map((p) => p.id)])]);
      const suggested = type
        ? network.map((n) => {
            const invitedRole = inviteeRoleFor(type, { userId: n.id, roles: roles.get(n.id) ?? [], isLeadProfessional: n.id === kase.leadProfessionalId });
            return { ...n, invitedRole, roleLabel: inviteeRoleLabel(type, invitedRole) };
          })
        : [];
      const clock = type ? await answeringClock(db, profile, type.id, [kase.id]) : null;
      return { profile, type, facts: facts!, suggested, people, clock };
    },

    async convene(actor: Actor & { displayName?: string }, kase: CaseHeader, basis: AccessBasis, input: z.infer<typeof conveneSchema>, audit: AuditContext) {
      if (!mayManage(actor, kase, basis)) throw forbidden('Only the lead professional, a social worker in the network, the CSE coordinator or a manager can convene a meeting.');
      return db.transaction().execute(async (trx) => {
        const at = now();
        const profile = await profiles.forAuthority(trx, kase.localAuthorityId);
        const type = typeOrThrow(profile, input.meetingType);
        const refusals: FieldRefusal[] = [];
        const scheduledAt = meetingAt(input.date, input.time);

        // Group meetings: other children's cases by reference (bedford-luton 9; camden Part 4 §1.4).
        const references = [...new Set((input.linkedCases ?? '').split(/[\s,;]+/).map((r) => r.trim()).filter(Boolean))];
        const linked: CaseHeader[] = [];
        for (const reference of references) {
          const row = await openCaseIdByReference(trx, reference);
          const header = row ? await findCaseHeader(trx, row.id) : null;
          if (!header || header.id === kase.id) {
            refusals.push({ field: 'linkedCases', message: `No other open case has the reference ${reference}` });
            continue;
          }
          const decision = decideCaseAccess(actor, await accessFacts(trx, actor, header, at));
          if (!decision.allowed || header.localAuthorityId !== kase.localAuthorityId) {
            refusals.push({ field: 'linkedCases', message: `You cannot add case ${reference}: you do not have access to it, or it belongs to another authority (agree who convenes with them, bedford-luton 9.3)` });
            continue;
          }
          linked.push(header);
        }
        const caseIds = [kase.id, ...linked.map((l) => l.id)];
        const facts = await caseFacts(trx, caseIds);

        const chair = await userById(trx, input.chairId);
        if (!chair || !chair.active) refusals.push({ field: 'chairId', message: 'Choose an active person to chair the meeting' });

        const userIds = [...new Set([...input.invitees, ...input.extra.map((e) => e.user).filter((u): u is string => Boolean(u))])].filter((id) => id !== input.chairId);
        const found = await activeUserIds(trx, userIds);
        if (found.length !== userIds.length) refusals.push({ field: 'invitees', message: 'One of the people chosen is no longer an active user: choose again' });
        const roles = await rolesOf(trx, [...userIds, input.chairId]);
        const leads = new Set(facts.map((f) => f.lead_professional_id).filter(Boolean));
        const listedRoles = new Set(type.invitees.map((i) => i.role));
        const externals = input.external.flatMap((e, i) => {
          if (!e.name && !e.role) return [];
          if (!e.name) {
            refusals.push({ field: `external-${i}-name`, message: 'Enter the name of the person or team to invite' });
            return [];
          }
          const role = e.role ?? UNLISTED_INVITEE.role;
          if (role !== UNLISTED_INVITEE.role && !listedRoles.has(role)) {
            refusals.push({ field: `external-${i}-role`, message: 'Choose a role from the list' });
            return [];
          }
          return [{ name: e.name, role }];
        });
        const userInvitees = userIds.map((id) => ({ userId: id, role: inviteeRoleFor(type, { userId: id, roles: roles.get(id) ?? [], isLeadProfessional: leads.has(id) }) }));

        const clock = await answeringClock(trx, profile, type.id, caseIds);
        refusals.push(...checkMeetingTiming({ at: scheduledAt, clockDueAt: clock?.due_at ?? null, lateReason: input.lateReason, clockLabel: clock?.label, source: clock?.source ?? null }));
        const lookedAfter = facts.some((f) => f.looked_after);
        refusals.push(
          ...checkLookedAfterInvitees({
            profileId: profile.id,
            meetingTypeId: type.id,
            lookedAfter,
            inviteeRoles: [...userInvitees.map((u) => u.role), ...externals.map((e) => e.role)],
            roleLabel: (role) => inviteeRoleLabel(type, role).replace(/^A /, 'a '),
          }),
        );
        if (refusals.length) throw new MeetingRefused(refusals);

        const meeting = await insertMeeting(trx, {
          local_authority_id: kase.localAuthorityId,
          profile_id: profile.id,
          meeting_type: type.id,
          scheduled_at: scheduledAt,
          venue: input.venue,
          chair_id: input.chairId,
          convened_by: actor.id,
          convened_at: at,
          clock_id: clock?.id ?? null,
          clock_due_at: clock?.due_at ?? null,
          late_reason: clock && scheduledAt > clock.due_at ? (input.lateReason ?? null) : null,
          looked_after: lookedAfter,
          last_change: stamp(actor, 'Convened', at),
          last_changed_by: actor.id,
          last_changed_at: at,
        });
        await insertMeetingCases(trx, caseIds.map((caseId) => ({ meeting_id: meeting.id, case_id: caseId, is_primary: caseId === kase.id })));
        const invitees = [
          { meeting_id: meeting.id, user_id: input.chairId, name: null, invited_role: 'chair', notified_at: at },
          ...userInvitees.map((u) => ({ meeting_id: meeting.id, user_id: u.userId, name: null, invited_role: u.role, notified_at: at })),
          ...externals.map((e) => ({ meeting_id: meeting.id, user_id: null, name: e.name, invited_role: e.role, notified_at: null })),
        ];
        await insertInvitees(trx, invitees);

        const primary = facts.find((f) => f.id === kase.id)!;
        const when = `${londonDateOf(scheduledAt)} at ${input.time}`;
        const link = meetingsPaths.meeting(kase.id, meeting.id);
        for (const invitee of invitees) {
          if (!invitee.user_id) continue;
          await notifier.notify(trx, {
            userId: invitee.user_id,
            kind: 'meeting-invitation',
            title: `${invitee.invited_role === 'chair' ? 'You are chairing' : 'You are invited to'} a ${type.label} about ${primary.reference}${facts.length > 1 ? ` and ${facts.length - 1} linked ${facts.length === 2 ? 'case' : 'cases'}` : ''} on ${when}`,
            body: `Venue: ${input.venue}.`,
            link,
          });
        }
        const iros = await iroIds(trx, facts, kase.localAuthorityId);
        for (const id of iros) await notifier.notify(trx, { userId: id, kind: 'meeting-iro-informed', title: `A ${type.label} is convened about looked-after child ${primary.reference} on ${when}`, link });
        const iroInformed = iros.length > 0;
        if (iroInformed) await updateMeeting(trx, meeting.id, { iro_informed_at: at });
        for (const id of await cseLeadIds(trx, profile.id, type.id, kase.localAuthorityId)) {
          if (invitees.some((i) => i.user_id === id)) continue;
          await notifier.notify(trx, { userId: id, kind: 'meeting-cse-lead-informed', title: `A CATSE meeting about ${primary.reference} takes place on ${when}`, link });
        }
        for (const f of facts) await chronology(trx, actor, f, meeting.id, `${type.label} convened for ${when}`, `Venue: ${input.venue}.${facts.length > 1 ? ' A joint meeting for linked children.' : ''}${clock && scheduledAt > clock.due_at ? ` After the statutory deadline (${clock.label}); reason recorded.` : ''}`, at);
        await recordAudit(trx, audit, {
          action: 'meeting.convened',
          entityType: 'meeting',
          entityId: meeting.id,
          childId: primary.child_id,
          details: { meetingType: type.id, caseIds, invitees: invitees.length, late: Boolean(clock && scheduledAt > clock.due_at), iroInformed },
        });
        return { meetingId: meeting.id };
      });
    },

    async recordPoliceChecks(actor: Actor & { displayName?: string }, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: z.infer<typeof policeChecksSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        if (!mayManage(actor, kase, basis, meeting)) throw forbidden('Only the social worker, the chair or a manager records police checks.');
        checkVersion(meeting, input.version);
        if (meeting.status !== 'convened') throw new MeetingRefused([{ field: 'subjects', message: 'This meeting has already been held or cancelled' }]);
        const at = now();
        await updateMeeting(trx, meeting.id, { police_checks_subjects: input.subjects, police_checks_requested_at: at, police_checks_requested_by: actor.id, police_checks_notes: input.notes ?? null, version: meeting.version + 1, last_change: stamp(actor, 'Police checks recorded', at), last_changed_by: actor.id, last_changed_at: at });
        for (const f of await caseFacts(trx, await meetingCaseIds(trx, meeting.id))) {
          await chronology(trx, actor, f, meeting.id, 'Police checks requested before the meeting', `Checks requested on: ${input.subjects.join(', ')}.`, at);
        }
        await recordAudit(trx, audit, { action: 'meeting.police-checks-requested', entityType: 'meeting', entityId: meeting.id, details: { subjects: input.subjects } });
      });
    },

    async decideAttendance(actor: Actor & { displayName?: string }, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: z.infer<typeof attendanceSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        if (!mayManage(actor, kase, basis, meeting)) throw forbidden('Only the chair, the social worker or a manager records the family-attendance decision.');
        checkVersion(meeting, input.version);
        if (meeting.status !== 'convened') throw new MeetingRefused([{ field: 'childAttends', message: 'This meeting has already been held or cancelled' }]);
        const type = typeOrThrow(profiles.byId(meeting.profile_id), meeting.meeting_type);
        const criteria = type.attendanceCriteria;
        if (!criteria) throw new MeetingRefused([{ field: 'childAttends', message: `The procedure gives no family-attendance criteria for the ${type.label}` }]);
        const refusals = checkAttendanceDecision({
          criteriaIds: criteria.items.map((i) => i.id),
          considered: input.considered,
          childAttends: input.childAttends,
          parentsAttend: input.parentsAttend,
          reasons: input.reasons,
          safetyConfirmed: input.safetyConfirmed,
          whoWillInform: input.whoWillInform,
          source: criteria.source,
        });
        if (refusals.length) throw new MeetingRefused(refusals);
        const at = now();
        await updateMeeting(trx, meeting.id, {
          attendance_considered: input.considered,
          child_attends: input.childAttends,
          parents_attend: input.parentsAttend,
          attendance_reasons: input.reasons ?? null,
          attendance_safety_confirmed: input.safetyConfirmed,
          who_will_inform: input.whoWillInform ?? null,
          attendance_decided_by: actor.id,
          attendance_decided_at: at,
          version: meeting.version + 1,
          last_change: stamp(actor, 'Family-attendance decision recorded', at),
          last_changed_by: actor.id,
          last_changed_at: at,
        });
        const summary = `Child ${input.childAttends ? 'will' : 'will not'} attend; parents or carers ${input.parentsAttend ? 'will' : 'will not'} attend. Chair’s reasons: ${input.reasons}${input.whoWillInform ? ` Who will tell them the outcome: ${input.whoWillInform}` : ''}`;
        for (const f of await caseFacts(trx, await meetingCaseIds(trx, meeting.id))) await chronology(trx, actor, f, meeting.id, `Family-attendance decision for the ${type.label}`, summary, at);
        await recordAudit(trx, audit, { action: 'meeting.attendance-decided', entityType: 'meeting', entityId: meeting.id, details: { childAttends: input.childAttends, parentsAttend: input.parentsAttend } });
      });
    },
  };
}
