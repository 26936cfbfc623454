// Meetings from convening to minutes, their actions, and Section 47 outcomes. Each use case is one transaction that
// writes its audit rows, chronology entries, clock events and notifications together. Callers have opened the case
// through readCase/openCasePage (the audited access gate) before calling here.
import { sql } from 'kysely';
import { visibleTo } from '../cases/visible-to.ts';
import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { canManageNetwork, decideCaseAccess, hasRole } from '../../domain/access/access.ts';
import type { Role } from '../../domain/access/roles.ts';
import { londonDateOf, londonInstant } from '../../domain/clock/index.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import type { MeetingType, Profile } from '../../domain/profiles/index.ts';
import {
  CRIMINAL_ACTION_AGAINST_CHILD,
  REVIEW_CYCLE_TYPES,
  checkAction,
  checkAttendanceDecision,
  checkCriminalJusticeAgainstChild,
  checkKeyProfessional,
  checkLookedAfterInvitees,
  checkMeetingTiming,
  checkOutcomes,
  checkParentInformation,
  checkPoliceChecksBeforeHolding,
  checkRecorder,
  checkReviewDate,
  MEETING_CLOCK_EVENTS,
  eventsAnsweredBy,
  meetingClockEvents,
  meetingTypeOf,
  outcomesForClockFacts,
} from '../../domain/meetings/rules.ts';
import type { MeetingRefusal } from '../../domain/meetings/rules.ts';
import { UNLISTED_INVITEE, inviteeRoleFor, inviteeRoleLabel } from '../../domain/meetings/invitees.ts';
import { FOLLOW_UP_LABELS, checkSection47Outcome, section47NextSteps } from '../../domain/meetings/section47.ts';
import { CANCEL_REASONS, STATE_REFUSALS, decide } from '../../domain/meetings/lifecycle.ts';
import type { MeetingEvent, MeetingState } from '../../domain/meetings/lifecycle.ts';
import type { NotSubstantiatedFollowUp, Section47Outcome } from '../../domain/meetings/section47.ts';
import { HttpError, forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import { recordMeetingException } from '../parents/parents-service.ts';
import { meetingExceptionStatus } from '../../domain/parents/notification.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import { accessFacts, findCaseHeader } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import type { actionSchema, attendanceSchema, cancelSchema, completeActionSchema, conveneSchema, policeChecksSchema, recordSchema, rescheduleSchema, section47Schema } from './meeting-schemas.ts';

export type { FieldRefusal } from '../../platform/web/refusals.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';

/** Refusals from the domain guards carry their procedure paragraph, shown after the message. */
export class MeetingRefused extends Refused {
  constructor(refusals: readonly (FieldRefusal | MeetingRefusal)[]) {
    super(refusals.map((r) => ({ field: r.field, message: r.message, source: 'source' in r ? r.source : undefined })));
  }
}

export class StaleMeeting extends HttpError {
  constructor(change: string | null) {
    super(409, 'stale', 'Someone else changed this record', `Someone else changed this while you were working on it${change ? `: ${change}` : ''}. The page now shows their change; check it and submit again.`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CASEWORK_ROLES: readonly Role[] = ['social-worker', 'team-manager', 'cse-coordinator', 'front-door', 'police-investigator', 'health-professional', 'education-professional', 'voluntary-key-worker', 'independent-reviewing-officer', 'designated-safeguarding-lead'];

export function meetingAt(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return londonInstant(date, h!, m!);
}

const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "10:00": the London time of a moment, as the forms take it. */
export function londonTimeOf(at: Date): string {
  return LONDON_CLOCK.format(at);
}

/** "2026-11-17 at 10:00": how convening writes a meeting's moment into titles and the chronology. */
export function whenOf(at: Date): string {
  return `${londonDateOf(at)} at ${londonTimeOf(at)}`;
}

/** The meeting as the lifecycle sees it, with the running clock it answers (if any). */
export function lifecycleState(meeting: { status: 'convened' | 'held' | 'cancelled'; scheduled_at: Date; venue: string }, clock: { due_at: Date; label: string; source: string | null } | null): MeetingState {
  if (meeting.status !== 'convened') return { status: meeting.status };
  return { status: 'convened', scheduledAt: meeting.scheduled_at, venue: meeting.venue, clock: clock ? { dueAt: clock.due_at, label: clock.label, source: clock.source } : null };
}

export function childAge(row: { date_of_birth: string | null; approximate_age: number | null }, now: Date): number | null {
  if (row.date_of_birth) return ageInYears(row.date_of_birth, now);
  return row.approximate_age;
}

/** Another held meeting on the same case (earlier than a moment, or of some types): the guards and clocks ask this. */
async function otherHeldMeeting(db: Kysely<Database>, caseId: string, exceptMeetingId: string, only: { heldBefore?: Date; types?: readonly string[] }) {
  let query = db
    .selectFrom('meetings')
    .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
    .select('meetings.id')
    .where('meeting_cases.case_id', '=', caseId)
    .where('meetings.status', '=', 'held')
    .where('meetings.id', '!=', exceptMeetingId);
  if (only.heldBefore) query = query.where('meetings.held_at', '<', only.heldBefore);
  if (only.types) query = query.where('meetings.meeting_type', 'in', [...only.types]);
  return query.executeTakeFirst();
}

/** A held meeting sends its type's events and the review cycle's (domain/meetings/rules.ts). */
export const CLOCK_EVENTS_SENT = MEETING_CLOCK_EVENTS;

export function createMeetingService(services: Services) {
  const { db, profiles, notifier } = services;
  const clocks = { calendar: services.clocks.calendar, applyEvent: services.clocks.sender(CLOCK_EVENTS_SENT) };
  const now = () => services.now();

  async function profileFor(trx: Kysely<Database>, localAuthorityId: string): Promise<Profile> {
    return profiles.forAuthority(trx, localAuthorityId);
  }

  async function caseFacts(trx: Kysely<Database>, caseIds: readonly string[]) {
    if (caseIds.length === 0) return [];
    return trx
      .selectFrom('cases')
      .innerJoin('children', 'children.id', 'cases.child_id')
      .select(['cases.id', 'cases.reference', 'cases.child_id', 'cases.local_authority_id', 'cases.category', 'cases.lead_professional_id', 'cases.key_professional_id', 'cases.status', 'children.date_of_birth', 'children.approximate_age', 'children.looked_after'])
      .where('cases.id', 'in', caseIds)
      .execute();
  }

  async function usersWithRole(trx: Kysely<Database>, role: Role, localAuthorityId: string) {
    return trx.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.id']).where('user_roles.role', '=', role).where('users.active', '=', true).where('users.local_authority_id', '=', localAuthorityId).execute();
  }

  /** A looked-after child's Independent Reviewing Officers, in the network or else the authority's (camden Part 4 §1.3; bedford-luton 8.1). */
  async function iroIds(trx: Kysely<Database>, facts: readonly { id: string; looked_after: boolean }[], localAuthorityId: string): Promise<string[]> {
    const lookedAfter = facts.filter((f) => f.looked_after).map((f) => f.id);
    if (!lookedAfter.length) return [];
    const inNetwork = await trx
      .selectFrom('case_network')
      .innerJoin('user_roles', 'user_roles.user_id', 'case_network.user_id')
      .select('case_network.user_id as id')
      .where('case_network.case_id', 'in', lookedAfter)
      .where('case_network.removed_at', 'is', null)
      .where('user_roles.role', '=', 'independent-reviewing-officer')
      .execute();
    const iros = inNetwork.length ? inNetwork : await usersWithRole(trx, 'independent-reviewing-officer', localAuthorityId);
    return [...new Set(iros.map((i) => i.id))];
  }

  /** The CPO for CATSE is always told a CATSE meeting is taking place (camden Part 3 §3.3), and so when it moves or is cancelled. */
  async function cseLeadIds(trx: Kysely<Database>, profileId: string, typeId: string, localAuthorityId: string): Promise<string[]> {
    if (profileId !== 'camden' || typeId !== 'catse-meeting') return [];
    return (await usersWithRole(trx, 'cse-coordinator', localAuthorityId)).map((u) => u.id);
  }

  /** Everyone told when the meeting was convened: its invitees with an account, a looked-after child's IROs, the CPO for CATSE. */
  async function toldOfMeeting(trx: Kysely<Database>, meeting: { id: string; profile_id: string; meeting_type: string; local_authority_id: string }, facts: readonly { id: string; looked_after: boolean }[]) {
    const invitees = await trx.selectFrom('meeting_invitees').select('user_id').where('meeting_id', '=', meeting.id).where('user_id', 'is not', null).execute();
    return [...new Set([...invitees.map((i) => i.user_id!), ...(await iroIds(trx, facts, meeting.local_authority_id)), ...(await cseLeadIds(trx, meeting.profile_id, meeting.meeting_type, meeting.local_authority_id))])];
  }

  /**
   * Who a change to a meeting is told to and how it is named: the linked cases' facts, the case it was opened from,
   * the link to it, " and N linked cases", and everyone told at convening (toldOfMeeting).
   */
  async function audienceOf(trx: Kysely<Database>, meeting: { id: string; profile_id: string; meeting_type: string; local_authority_id: string }, caseIds: readonly string[], kase: CaseHeader) {
    const facts = await caseFacts(trx, caseIds);
    const primary = facts.find((f) => f.id === kase.id)!;
    const link = `/cases/${kase.id}/meetings/${meeting.id}`;
    const others = facts.length > 1 ? ` and ${facts.length - 1} linked ${facts.length === 2 ? 'case' : 'cases'}` : '';
    const told = await toldOfMeeting(trx, meeting, facts);
    return { facts, primary, link, others, told };
  }

  /** Of these people, those who may still open the case (a cancelled meeting's invitation no longer opens it). */
  async function mayStillOpen(trx: Kysely<Database>, userIds: readonly string[], kase: CaseHeader, at: Date): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const [rows, roles] = await Promise.all([trx.selectFrom('users').select(['id', 'agency_id', 'local_authority_id', 'active']).where('id', 'in', [...userIds]).execute(), rolesOf(trx, userIds)]);
    const open = new Set<string>();
    for (const row of rows) {
      const person: Actor = { id: row.id, roles: roles.get(row.id) ?? [], agencyId: row.agency_id, localAuthorityId: row.local_authority_id, active: row.active };
      if (decideCaseAccess(person, await accessFacts(trx, person, kase, at)).allowed) open.add(row.id);
    }
    return open;
  }

  async function chronology(trx: Kysely<Database>, actor: Actor, kase: { id: string; child_id: string }, meetingId: string, title: string, summary: string, at: Date) {
    await trx
      .insertInto('chronology_entries')
      .values({ child_id: kase.child_id, case_id: kase.id, occurred_at: at, kind: 'meeting', title, summary: summary.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'meeting', record_id: meetingId })
      .execute();
  }

  /** The running clock a meeting of this type answers on these cases (the earliest due), if any. */
  async function answeringClock(trx: Kysely<Database>, profile: Profile, typeId: string, caseIds: readonly string[]) {
    const events = eventsAnsweredBy(typeId);
    const rules = profile.timescales.filter((t) => events.includes(t.stopsOn) && t.duration).map((t) => t.id);
    if (!rules.length || !caseIds.length) return null;
    return (
      (await trx.selectFrom('clocks').select(['id', 'label', 'due_at', 'source', 'rule_id']).where('case_id', 'in', caseIds).where('rule_id', 'in', rules).where('stopped_at', 'is', null).orderBy('due_at').executeTakeFirst()) ?? null
    );
  }

  async function lockMeeting(trx: Transaction<Database>, meetingId: string, caseId: string) {
    if (!UUID.test(meetingId)) throw notFound('Meeting');
    const meeting = await trx
      .selectFrom('meetings')
      .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
      .selectAll('meetings')
      .where('meetings.id', '=', meetingId)
      .where('meeting_cases.case_id', '=', caseId)
      .forUpdate('meetings')
      .executeTakeFirst();
    if (!meeting) throw notFound('Meeting');
    return meeting;
  }

  function checkVersion(meeting: { version: number; last_change: string | null }, version: number) {
    if (meeting.version !== version) throw new StaleMeeting(meeting.last_change);
  }

  async function meetingCaseIds(trx: Kysely<Database>, meetingId: string) {
    return (await trx.selectFrom('meeting_cases').select('case_id').where('meeting_id', '=', meetingId).orderBy('is_primary', 'desc').execute()).map((r) => r.case_id);
  }

  /** The lead professional, the coordinator or a manager, the chair, the convener, or a social worker in the network. */
  function mayManage(actor: Actor, kase: CaseHeader, basis: AccessBasis, meeting?: { chair_id: string | null; convened_by: string }) {
    if (canManageNetwork(actor, kase)) return true;
    if (meeting && (meeting.chair_id === actor.id || meeting.convened_by === actor.id)) return true;
    return basis === 'network' && hasRole(actor, 'social-worker');
  }

  /** Whoever may convene a meeting about the child, and the meeting's chair, may move or cancel it. */
  async function cancelLocked(trx: Transaction<Database>, actor: Actor & { displayName?: string }, kase: CaseHeader, meeting: Awaited<ReturnType<typeof lockMeeting>>, input: { reasonCode?: string; reason?: string }, audit: AuditContext) {
    const at = now();
    const profile = profiles.byId(meeting.profile_id);
    const type = typeOrThrow(profile, meeting.meeting_type);
    const decision = decide(lifecycleState(meeting, null), { type: 'cancel', reasonCode: input.reasonCode, reason: input.reason }, at);
    if (!decision.ok) throw new MeetingRefused(decision.refusals);
    const event = decision.events.find((e): e is Extract<MeetingEvent, { type: 'meeting-cancelled' }> => e.type === 'meeting-cancelled')!;

    await trx
      .updateTable('meetings')
      .set({
        status: 'cancelled',
        cancelled_at: at,
        cancelled_by: actor.id,
        cancel_reason_code: event.reasonCode,
        cancel_reason: event.reason,
        version: meeting.version + 1,
        last_change: stamp(actor, 'Cancelled', at),
        last_changed_by: actor.id,
        last_changed_at: at,
      })
      .where('id', '=', meeting.id)
      .execute();

    const caseIds = await meetingCaseIds(trx, meeting.id);
    const { facts, primary, link, others, told } = await audienceOf(trx, meeting, caseIds, kase);
    const when = whenOf(meeting.scheduled_at);
    // Someone whose only way into the case was this meeting's invitation cannot follow a link to it any more.
    const canOpen = await mayStillOpen(trx, told, kase, at);
    for (const userId of told) {
      await notifier.notify(trx, { userId, kind: 'meeting-cancelled', title: `The ${type.label} about ${primary.reference}${others} on ${when} is cancelled`, link: canOpen.has(userId) ? link : null });
    }
    const running = meeting.clock_id ? await trx.selectFrom('clocks').select(['label']).where('id', '=', meeting.clock_id).where('stopped_at', 'is', null).executeTakeFirst() : undefined;
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

  function mayChange(actor: Actor, kase: CaseHeader, basis: AccessBasis, meeting: { chair_id: string | null }) {
    return mayManage(actor, kase, basis) || meeting.chair_id === actor.id;
  }

  function typeOrThrow(profile: Profile, typeId: string): MeetingType {
    const type = meetingTypeOf(profile, typeId);
    if (!type) throw new MeetingRefused([{ field: 'meetingType', message: 'Choose a type of meeting from the procedure in force' }]);
    return type;
  }

  async function section47Options(kase: CaseHeader) {
    const profile = await profileFor(db, kase.localAuthorityId);
    const list = profile.decisions.section47Outcomes;
    return { profile, items: isSilent(list) ? null : list.items, note: isSilent(list) ? list.note : (list.note ?? null) };
  }

  const stamp = (actor: { displayName?: string }, what: string, at: Date) => `${what} by ${actor.displayName ?? 'someone'} at ${at.toISOString().slice(11, 16)} UTC on ${londonDateOf(at)}`;

  return {
    mayManage,
    mayChange,
    mayConvene: (actor: Actor, kase: CaseHeader, basis: AccessBasis) => mayManage(actor, kase, basis),

    /** What the convene form needs for one meeting type: the clock, suggested invitees, chairs, gaps. */
    async convenePreparation(kase: CaseHeader, typeId: string | undefined) {
      const profile = await profileFor(db, kase.localAuthorityId);
      const type = typeId ? meetingTypeOf(profile, typeId) : undefined;
      const [facts] = await caseFacts(db, [kase.id]);
      const network = await db
        .selectFrom('case_network')
        .innerJoin('users', 'users.id', 'case_network.user_id')
        .innerJoin('agencies', 'agencies.id', 'users.agency_id')
        .select(['users.id', 'users.display_name', 'agencies.name as agency_name', 'case_network.role_in_case'])
        .where('case_network.case_id', '=', kase.id)
        .where('case_network.removed_at', 'is', null)
        .where('users.active', '=', true)
        .orderBy('users.display_name')
        .execute();
      const people = await db
        .selectFrom('users')
        .innerJoin('agencies', 'agencies.id', 'users.agency_id')
        .select(['users.id', 'users.display_name', 'users.job_title', 'agencies.name as agency_name'])
        .where('users.active', '=', true)
        .where('users.local_authority_id', '=', kase.localAuthorityId)
        .where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_roles.user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', 'in', CASEWORK_ROLES)))
        .orderBy('users.display_name')
        .execute();
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
        const profile = await profileFor(trx, kase.localAuthorityId);
        const type = typeOrThrow(profile, input.meetingType);
        const refusals: FieldRefusal[] = [];
        const scheduledAt = meetingAt(input.date, input.time);

        // Group meetings: other children's cases by reference (bedford-luton 9; camden Part 4 §1.4).
        const references = [...new Set((input.linkedCases ?? '').split(/[\s,;]+/).map((r) => r.trim()).filter(Boolean))];
        const linked: CaseHeader[] = [];
        for (const reference of references) {
          const row = await trx.selectFrom('cases').select('id').where('reference', '=', reference).where('status', '=', 'open').executeTakeFirst();
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

        const chair = await trx.selectFrom('users').select(['id', 'active', 'local_authority_id']).where('id', '=', input.chairId).executeTakeFirst();
        if (!chair || !chair.active) refusals.push({ field: 'chairId', message: 'Choose an active person to chair the meeting' });

        const userIds = [...new Set([...input.invitees, ...input.extra.map((e) => e.user).filter((u): u is string => Boolean(u))])].filter((id) => id !== input.chairId);
        const found = userIds.length ? await trx.selectFrom('users').select(['id']).where('id', 'in', userIds).where('active', '=', true).execute() : [];
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

        const meeting = await trx
          .insertInto('meetings')
          .values({
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
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('meeting_cases').values(caseIds.map((caseId) => ({ meeting_id: meeting.id, case_id: caseId, is_primary: caseId === kase.id }))).execute();
        const invitees = [
          { meeting_id: meeting.id, user_id: input.chairId, name: null, invited_role: 'chair', notified_at: at },
          ...userInvitees.map((u) => ({ meeting_id: meeting.id, user_id: u.userId, name: null, invited_role: u.role, notified_at: at })),
          ...externals.map((e) => ({ meeting_id: meeting.id, user_id: null, name: e.name, invited_role: e.role, notified_at: null })),
        ];
        await trx.insertInto('meeting_invitees').values(invitees).execute();

        const primary = facts.find((f) => f.id === kase.id)!;
        const when = `${londonDateOf(scheduledAt)} at ${input.time}`;
        const link = `/cases/${kase.id}/meetings/${meeting.id}`;
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
        if (iroInformed) await trx.updateTable('meetings').set({ iro_informed_at: at }).where('id', '=', meeting.id).execute();
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

    /** Everything the meeting page shows; information items are filtered by sharing level in SQL. */
    async view(actor: Actor, caseId: string, meetingId: string) {
      if (!UUID.test(meetingId)) throw notFound('Meeting');
      const meeting = await db
        .selectFrom('meetings')
        .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
        .leftJoin('users as chair', 'chair.id', 'meetings.chair_id')
        .leftJoin('users as key', 'key.id', 'meetings.key_professional_id')
        .leftJoin('users as recorder', 'recorder.id', 'meetings.recorded_by')
        .leftJoin('users as decider', 'decider.id', 'meetings.attendance_decided_by')
        .leftJoin('users as checker', 'checker.id', 'meetings.police_checks_requested_by')
        .leftJoin('users as canceller', 'canceller.id', 'meetings.cancelled_by')
        .selectAll('meetings')
        .select(['chair.display_name as chair_name', 'key.display_name as key_name', 'recorder.display_name as recorder_name', 'decider.display_name as decider_name', 'checker.display_name as checker_name', 'canceller.display_name as cancelled_by_name'])
        .where('meetings.id', '=', meetingId)
        .where('meeting_cases.case_id', '=', caseId)
        .executeTakeFirst();
      if (!meeting) throw notFound('Meeting');
      const [cases, invitees, outcomes, information, disagreements, actions] = await Promise.all([
        db.selectFrom('meeting_cases').innerJoin('cases', 'cases.id', 'meeting_cases.case_id').select(['cases.id', 'cases.reference', 'meeting_cases.is_primary']).where('meeting_cases.meeting_id', '=', meetingId).orderBy('meeting_cases.is_primary', 'desc').orderBy('cases.reference').execute(),
        db
          .selectFrom('meeting_invitees')
          .leftJoin('users', 'users.id', 'meeting_invitees.user_id')
          .leftJoin('agencies', 'agencies.id', 'users.agency_id')
          .select(['meeting_invitees.id', 'meeting_invitees.user_id', 'meeting_invitees.name', 'meeting_invitees.invited_role', 'meeting_invitees.attended', 'meeting_invitees.apologies', 'users.display_name', 'agencies.name as agency_name'])
          .where('meeting_invitees.meeting_id', '=', meetingId)
          .orderBy(sql`meeting_invitees.invited_role = 'chair'`, 'desc')
          .orderBy(sql`coalesce(users.display_name, meeting_invitees.name)`)
          .execute(),
        db.selectFrom('meeting_outcomes').select(['outcome_id', 'label']).where('meeting_id', '=', meetingId).orderBy('outcome_id').execute(),
        db
          .selectFrom('meeting_information as i')
          .leftJoin('users', 'users.id', 'i.author_id')
          .leftJoin('agencies', 'agencies.id', 'i.agency_id')
          .select(['i.id', 'i.item', 'i.sharing_level', 'users.display_name as author_name', 'agencies.name as agency_name'])
          .where('i.meeting_id', '=', meetingId)
          .where(visibleTo(actor, 'i', 'author_id', 'meeting-information'))
          .orderBy('i.created_at')
          .execute(),
        db.selectFrom('meeting_disagreements').select(['id', 'text', 'escalated', 'escalated_to']).where('meeting_id', '=', meetingId).orderBy('created_at').execute(),
        actionsFor(db, { sourceId: meetingId }),
      ]);
      const parentNotification =
        (await db.selectFrom('parent_notifications').select(['id', 'status']).where('meeting_id', '=', meetingId).where('case_id', '=', caseId).orderBy('recorded_at', 'desc').executeTakeFirst()) ?? null;
      const profile = profiles.byId(meeting.profile_id);
      const type = meetingTypeOf(profile, meeting.meeting_type);
      return { meeting, profile, type, cases, invitees, outcomes, information, disagreements, actions, parentNotification };
    },

    async listForCase(caseId: string) {
      const rows = await db
        .selectFrom('meetings')
        .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
        .leftJoin('users as chair', 'chair.id', 'meetings.chair_id')
        .select(['meetings.id', 'meetings.profile_id', 'meetings.meeting_type', 'meetings.status', 'meetings.scheduled_at', 'meetings.held_at', 'meetings.venue', 'meetings.review_date', 'chair.display_name as chair_name'])
        .select((eb) => eb.selectFrom('meeting_cases as mc').select(eb.fn.countAll<number>().as('n')).whereRef('mc.meeting_id', '=', 'meetings.id').as('case_count'))
        .where('meeting_cases.case_id', '=', caseId)
        .orderBy('meetings.scheduled_at', 'desc')
        .execute();
      const outcomes = rows.length ? await db.selectFrom('meeting_outcomes').select(['meeting_id', 'label']).where('meeting_id', 'in', rows.map((r) => r.id)).execute() : [];
      return rows.map((r) => ({
        ...r,
        typeLabel: meetingTypeOf(profiles.byId(r.profile_id), r.meeting_type)?.label ?? r.meeting_type,
        outcomes: outcomes.filter((o) => o.meeting_id === r.id).map((o) => o.label),
        caseCount: Number(r.case_count),
      }));
    },

    /** The running clock a meeting answers now, shown on the reschedule page as convening shows it. */
    async clockFor(meeting: { id: string; profile_id: string; meeting_type: string }) {
      return answeringClock(db, profiles.byId(meeting.profile_id), meeting.meeting_type, await meetingCaseIds(db, meeting.id));
    },

    /** The clock a meeting answered, if it is still running (after a cancellation it waits for another meeting). */
    async runningClock(clockId: string | null) {
      if (!clockId) return null;
      return (await db.selectFrom('clocks').select(['id', 'label', 'due_at', 'source']).where('id', '=', clockId).where('stopped_at', 'is', null).executeTakeFirst()) ?? null;
    },

    /** Every change of date, time or venue, oldest first. */
    async changes(meetingId: string) {
      return db
        .selectFrom('meeting_reschedules as r')
        .innerJoin('users', 'users.id', 'r.changed_by')
        .select(['r.id', 'r.previous_at', 'r.new_at', 'r.previous_venue', 'r.new_venue', 'r.reason', 'r.late_reason', 'r.changed_at', 'users.display_name as changed_by_name'])
        .where('r.meeting_id', '=', meetingId)
        .orderBy('r.changed_at')
        .orderBy('r.id')
        .execute();
    },

    /**
     * Meetings of this case that were cancelled while the clock they answered still runs and nothing else is convened
     * of the same type: the meetings page offers to convene another.
     */
    async toReconvene(caseId: string) {
      const cancelled = await db
        .selectFrom('meetings')
        .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
        .innerJoin('clocks', 'clocks.id', 'meetings.clock_id')
        .select(['meetings.id', 'meetings.profile_id', 'meetings.meeting_type', 'meetings.scheduled_at', 'meetings.cancelled_at', 'clocks.label as clock_label', 'clocks.due_at as clock_due_at', 'clocks.source as clock_source'])
        .where('meeting_cases.case_id', '=', caseId)
        .where('meetings.status', '=', 'cancelled')
        .where('clocks.stopped_at', 'is', null)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('meetings as other')
                .innerJoin('meeting_cases as mc', 'mc.meeting_id', 'other.id')
                .select('other.id')
                .where('mc.case_id', '=', caseId)
                .where('other.status', '=', 'convened')
                .whereRef('other.meeting_type', '=', 'meetings.meeting_type'),
            ),
          ),
        )
        .orderBy('meetings.cancelled_at', 'desc')
        .execute();
      // The latest cancellation of each type is enough to prompt.
      const latest = new Map<string, (typeof cancelled)[number]>();
      for (const m of cancelled) if (!latest.has(m.meeting_type)) latest.set(m.meeting_type, m);
      return [...latest.values()].map((m) => ({ ...m, typeLabel: meetingTypeOf(profiles.byId(m.profile_id), m.meeting_type)?.label ?? m.meeting_type }));
    },

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

        await trx
          .insertInto('meeting_reschedules')
          .values({ meeting_id: meeting.id, previous_at: event.from.at, new_at: event.to.at, previous_venue: event.from.venue, new_venue: event.to.venue, reason: event.reason, late_reason: event.lateReason, changed_by: actor.id, changed_at: at })
          .execute();
        await trx
          .updateTable('meetings')
          .set({
            scheduled_at: event.to.at,
            venue: event.to.venue,
            clock_id: clock?.id ?? null,
            clock_due_at: clock?.due_at ?? null,
            late_reason: event.lateReason,
            version: meeting.version + 1,
            last_change: stamp(actor, 'Date, time or venue changed', at),
            last_changed_by: actor.id,
            last_changed_at: at,
          })
          .where('id', '=', meeting.id)
          .execute();

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

    async recordPoliceChecks(actor: Actor & { displayName?: string }, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: z.infer<typeof policeChecksSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        if (!mayManage(actor, kase, basis, meeting)) throw forbidden('Only the social worker, the chair or a manager records police checks.');
        checkVersion(meeting, input.version);
        if (meeting.status !== 'convened') throw new MeetingRefused([{ field: 'subjects', message: 'This meeting has already been held or cancelled' }]);
        const at = now();
        await trx
          .updateTable('meetings')
          .set({ police_checks_subjects: input.subjects, police_checks_requested_at: at, police_checks_requested_by: actor.id, police_checks_notes: input.notes ?? null, version: meeting.version + 1, last_change: stamp(actor, 'Police checks recorded', at), last_changed_by: actor.id, last_changed_at: at })
          .where('id', '=', meeting.id)
          .execute();
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
        await trx
          .updateTable('meetings')
          .set({
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
          })
          .where('id', '=', meeting.id)
          .execute();
        const summary = `Child ${input.childAttends ? 'will' : 'will not'} attend; parents or carers ${input.parentsAttend ? 'will' : 'will not'} attend. Chair’s reasons: ${input.reasons}${input.whoWillInform ? ` Who will tell them the outcome: ${input.whoWillInform}` : ''}`;
        for (const f of await caseFacts(trx, await meetingCaseIds(trx, meeting.id))) await chronology(trx, actor, f, meeting.id, `Family-attendance decision for the ${type.label}`, summary, at);
        await recordAudit(trx, audit, { action: 'meeting.attendance-decided', entityType: 'meeting', entityId: meeting.id, details: { childAttends: input.childAttends, parentsAttend: input.parentsAttend } });
      });
    },

    async record(actor: Actor & { displayName?: string }, kase: CaseHeader, meetingId: string, input: z.infer<typeof recordSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        checkVersion(meeting, input.version);
        const at = now();
        const heldAt = meetingAt(input.heldDate, input.heldTime);
        const clock = meeting.clock_id ? ((await trx.selectFrom('clocks').select(['due_at', 'label', 'source']).where('id', '=', meeting.clock_id).executeTakeFirst()) ?? null) : null;
        const answered = clock ?? (meeting.clock_due_at ? { due_at: meeting.clock_due_at, label: '', source: null } : null);
        const held = decide(lifecycleState(meeting, answered), { type: 'record', heldAt, lateReason: input.lateReason ?? meeting.late_reason ?? undefined }, at);
        if (!held.ok && held.refusals.some((r) => STATE_REFUSALS.includes(r.code))) throw new MeetingRefused(held.refusals);
        const profile = profiles.byId(meeting.profile_id);
        const type = typeOrThrow(profile, meeting.meeting_type);
        const caseIds = await meetingCaseIds(trx, meeting.id);
        const facts = await caseFacts(trx, caseIds);
        const invitees = await trx.selectFrom('meeting_invitees').select(['id', 'user_id', 'invited_role']).where('meeting_id', '=', meeting.id).execute();
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
        const attendedUserIds = invitees.filter((i) => i.user_id && input.attendance[i.id] === 'attended').map((i) => i.user_id!);
        refusals.push(...checkRecorder({ actorId: actor.id, chairId: meeting.chair_id, attendedUserIds }));
        refusals.push(...checkOutcomes(type, input.outcomes, input.decisionsSummary));
        const purposeIds = new Set(type.purposes.map((p) => p.id));
        if (input.purposes.some((p) => !purposeIds.has(p))) refusals.push({ field: 'purposes', message: 'Choose purposes from the list' });
        const primary = facts.find((f) => f.id === kase.id)!;
        const ages = new Map(facts.map((f) => [f.id, childAge(f, at)]));
        refusals.push(...checkParentInformation({ parentsTold: input.parentsTold, what: input.parentsToldWhat, byWhom: input.parentsToldBy, exceptionReason: input.parentsExceptionReason, childAge: Math.min(...facts.map((f) => ages.get(f.id) ?? 99)) === 99 ? null : Math.min(...facts.map((f) => ages.get(f.id) ?? 99)), profileId: profile.id }));
        if (input.keyProfessionalId) {
          const key = await trx.selectFrom('users').select('id').where('id', '=', input.keyProfessionalId).where('active', '=', true).executeTakeFirst();
          if (!key) refusals.push({ field: 'keyProfessionalId', message: 'Choose an active person as key professional' });
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
        await trx
          .updateTable('meetings')
          .set({
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
          })
          .where('id', '=', meeting.id)
          .execute();
        for (const invitee of invitees) {
          const value = input.attendance[invitee.id]!;
          await trx.updateTable('meeting_invitees').set({ attended: value === 'attended', apologies: value === 'apologies' }).where('id', '=', invitee.id).execute();
        }
        const outcomeLabels = input.outcomes.map((id) => type.outcomes.find((o) => o.id === id)!.label);
        if (input.outcomes.length) await trx.insertInto('meeting_outcomes').values(input.outcomes.map((id, i) => ({ meeting_id: meeting.id, outcome_id: id, label: outcomeLabels[i]! }))).execute();
        for (const row of input.information) {
          if (!row.item) continue;
          await trx
            .insertInto('meeting_information')
            .values({ meeting_id: meeting.id, item: row.item, sharing_level: row.level, shared_with: row.level === 'named' && row.person ? [row.person] : [], agency_id: actor.agencyId, author_id: actor.id, created_at: at })
            .execute();
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
          await trx.insertInto('meeting_disagreements').values({ meeting_id: meeting.id, text: row.text, escalated: row.escalated, escalated_to: row.escalated ? (row.escalatedTo ?? null) : null, author_id: actor.id, created_at: at }).execute();
        }
        if (input.keyProfessionalId) {
          for (const f of facts) {
            await trx.updateTable('cases').set({ key_professional_id: input.keyProfessionalId, version: sql<number>`version + 1` }).where('id', '=', f.id).execute();
            const present = await trx.selectFrom('case_network').select('id').where('case_id', '=', f.id).where('user_id', '=', input.keyProfessionalId).where('removed_at', 'is', null).executeTakeFirst();
            if (!present) await trx.insertInto('case_network').values({ case_id: f.id, user_id: input.keyProfessionalId, role_in_case: 'Key professional', added_by: actor.id, added_at: at }).execute();
          }
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
        const attendees = await trx.selectFrom('meeting_invitees').select('user_id').where('meeting_id', '=', meeting.id).where('attended', '=', true).where('user_id', 'is not', null).execute();
        if (actor.id !== meeting.chair_id && !attendees.some((a) => a.user_id === actor.id) && actor.id !== meeting.recorded_by) throw forbidden('Only the chair or someone who attended shares the minutes.');
        const type = meetingTypeOf(profiles.byId(meeting.profile_id), meeting.meeting_type);
        const [primary] = await caseFacts(trx, [kase.id]);
        const link = `/cases/${kase.id}/meetings/${meeting.id}/minutes`;
        const recipients = new Set(attendees.map((a) => a.user_id!));
        const copies = new Set<string>();
        if (meeting.profile_id === 'camden') for (const c of await usersWithRole(trx, 'cse-coordinator', meeting.local_authority_id)) if (!recipients.has(c.id)) copies.add(c.id);
        const at = now();
        for (const userId of recipients) await notifier.notify(trx, { userId, kind: 'meeting-minutes', title: `Minutes of the ${type?.label ?? 'meeting'} about ${primary!.reference} are ready`, body: 'Open them in Harbour. Keep them securely within your agency.', link });
        for (const userId of copies) await notifier.notify(trx, { userId, kind: 'meeting-minutes-copy', title: `Copy: minutes of the ${type?.label ?? 'meeting'} about ${primary!.reference}`, body: 'A copy of all CATSE minutes goes to the CPO for CATSE (camden Part 3 §3.3).', link });
        await trx.updateTable('meetings').set({ minutes_shared_at: at, minutes_shared_by: actor.id, version: meeting.version + 1, last_change: stamp(actor, 'Minutes shared', at), last_changed_by: actor.id, last_changed_at: at }).where('id', '=', meeting.id).execute();
        await recordAudit(trx, audit, { action: 'meeting.minutes-shared', entityType: 'meeting', entityId: meeting.id, childId: primary!.child_id, details: { recipients: recipients.size, copies: copies.size } });
        return { recipients: recipients.size, copies: copies.size };
      });
    },

    async addAction(actor: Actor, kase: CaseHeader, basis: AccessBasis, meetingId: string, input: z.infer<typeof actionSchema>, audit: AuditContext) {
      return db.transaction().execute(async (trx) => {
        const meeting = await lockMeeting(trx, meetingId, kase.id);
        const attended = await trx.selectFrom('meeting_invitees').select('id').where('meeting_id', '=', meeting.id).where('user_id', '=', actor.id).executeTakeFirst();
        if (!attended && !mayManage(actor, kase, basis, meeting)) throw forbidden('Only the chair, an invitee, the social worker or a manager adds actions to this meeting.');
        if (meeting.status === 'cancelled') throw new MeetingRefused([{ field: 'what', message: 'This meeting was cancelled: agree actions at another meeting, or add them to a plan' }]);
        const caseIds = await meetingCaseIds(trx, meeting.id);
        const forCase = input.caseId ?? kase.id;
        const refusals: FieldRefusal[] = [...checkAction({ what: input.what, ownerUserId: input.ownerUserId, ownerAgencyId: input.ownerAgencyId, dueDate: input.dueDate, notBefore: londonDateOf(meeting.scheduled_at) })];
        if (!caseIds.includes(forCase)) refusals.push({ field: 'caseId', message: 'Choose one of the children this meeting is about' });
        if (input.ownerUserId && !(await trx.selectFrom('users').select('id').where('id', '=', input.ownerUserId).where('active', '=', true).executeTakeFirst())) refusals.push({ field: 'ownerUserId', message: 'Choose an active person' });
        if (input.ownerAgencyId && !(await trx.selectFrom('agencies').select('id').where('id', '=', input.ownerAgencyId).where('active', '=', true).executeTakeFirst())) refusals.push({ field: 'ownerAgencyId', message: 'Choose an active agency' });
        if (refusals.length) throw new MeetingRefused(refusals);
        const at = now();
        const row = await trx
          .insertInto('actions')
          .values({ case_id: forCase, title: input.what!, desired_outcome: input.desiredOutcome ?? '', owner_user_id: input.ownerUserId ?? null, owner_agency_id: input.ownerAgencyId ?? null, due_date: input.dueDate!, source_type: 'meeting', source_id: meeting.id, created_by: actor.id, created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (input.ownerUserId && input.ownerUserId !== actor.id) {
          const [f] = await caseFacts(trx, [forCase]);
          await notifier.notify(trx, { userId: input.ownerUserId, kind: 'action-assigned', title: `An action from a meeting about ${f!.reference} is yours, due ${input.dueDate}`, link: `/cases/${forCase}/meetings/${meeting.id}#actions` });
        }
        const [f] = await caseFacts(trx, [forCase]);
        await chronology(trx, actor, f!, meeting.id, 'Action agreed at a meeting', `${input.what} Due by ${input.dueDate}.${input.desiredOutcome ? ` Desired outcome: ${input.desiredOutcome}` : ''}`, at);
        await recordAudit(trx, audit, { action: 'action.created', entityType: 'action', entityId: row.id, childId: f!.child_id, details: { source: 'meeting', meetingId: meeting.id, ownerUserId: input.ownerUserId ?? null, ownerAgencyId: input.ownerAgencyId ?? null } });
        return { actionId: row.id };
      });
    },

    async completeAction(actor: Actor, kase: CaseHeader, actionId: string, input: z.infer<typeof completeActionSchema>, audit: AuditContext) {
      if (!UUID.test(actionId)) throw notFound('Action');
      return db.transaction().execute(async (trx) => {
        const action = await trx.selectFrom('actions').selectAll().where('id', '=', actionId).where('case_id', '=', kase.id).forUpdate().executeTakeFirst();
        if (!action) throw notFound('Action');
        const mayComplete = action.owner_user_id === actor.id || (action.owner_agency_id !== null && action.owner_agency_id === actor.agencyId) || canManageNetwork(actor, kase);
        if (!mayComplete) throw forbidden('Only the person or agency responsible, the lead professional or a manager completes an action.');
        if (action.version !== input.version) throw new HttpError(409, 'stale', 'Someone else changed this action', `This action was changed while you were looking at it${action.completed_at ? ': it has been completed' : ''}. Check it and try again.`);
        if (action.status !== 'open') throw new MeetingRefused([{ field: 'evidence', message: 'This action is already closed' }]);
        const at = now();
        await trx.updateTable('actions').set({ status: 'done', completed_at: at, completed_by: actor.id, completion_evidence: input.evidence, version: action.version + 1 }).where('id', '=', action.id).execute();
        const [f] = await caseFacts(trx, [kase.id]);
        await trx
          .insertInto('chronology_entries')
          .values({ child_id: f!.child_id, case_id: kase.id, occurred_at: at, kind: 'action', title: `Action completed: ${action.title}`.slice(0, 300), summary: `Evidence: ${input.evidence}`.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'action', record_id: action.id })
          .execute();
        await recordAudit(trx, audit, { action: 'action.completed', entityType: 'action', entityId: action.id, childId: f!.child_id, details: { source: action.source_type } });
        return { sourceType: action.source_type, sourceId: action.source_id };
      });
    },

    /** The Section 47 outcomes of the profile (cambridgeshire 5), or null when the procedure lists none. */
    section47Options,

    async recordSection47(actor: Actor, kase: CaseHeader, basis: AccessBasis, input: z.infer<typeof section47Schema>, audit: AuditContext) {
      if (!mayManage(actor, kase, basis)) throw forbidden('Only the social worker, the CSE coordinator or a manager records the outcome of a Section 47 enquiry.');
      const { items } = await section47Options(kase);
      if (!items) throw new MeetingRefused([{ field: 'outcome', message: 'The procedure in force lists no Section 47 outcomes' }]);
      const refusals = checkSection47Outcome({ outcome: input.outcome, allowed: items.map((i) => i.id), followUp: input.followUp, reasons: input.reasons, dueDate: input.dueDate });
      if (refusals.length) throw new MeetingRefused(refusals);
      return db.transaction().execute(async (trx) => {
        const at = now();
        const [f] = await caseFacts(trx, [kase.id]);
        const next = section47NextSteps({ outcome: input.outcome as Section47Outcome, childHasProtectionPlan: input.hasProtectionPlan === 'yes', followUp: input.followUp as NotSubstantiatedFollowUp | undefined });
        let actionId: string | null = null;
        if (next.task) {
          const action = await trx
            .insertInto('actions')
            .values({ case_id: kase.id, title: FOLLOW_UP_LABELS[next.task], desired_outcome: '', owner_user_id: f!.lead_professional_id ?? actor.id, owner_agency_id: null, due_date: input.dueDate!, source_type: 'decision', source_id: null, created_by: actor.id, created_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          actionId = action.id;
        }
        const row = await trx.insertInto('section47_outcomes').values({ case_id: kase.id, outcome: input.outcome!, follow_up: input.followUp ?? null, reasons: input.reasons!, action_id: actionId, recorded_by: actor.id, recorded_at: at }).returning('id').executeTakeFirstOrThrow();
        if (actionId) await trx.updateTable('actions').set({ source_id: row.id }).where('id', '=', actionId).execute();
        const label = items.find((i) => i.id === input.outcome)!.label;
        // The CSE lead within children's social care is told the outcome (cambridgeshire 5).
        const leads = await usersWithRole(trx, 'cse-coordinator', kase.localAuthorityId);
        for (const lead of leads) await notifier.notify(trx, { userId: lead.id, kind: 'section-47-outcome', title: `Section 47 enquiry on ${f!.reference} concluded: ${input.outcome === 'substantiated' ? 'substantiated' : 'not substantiated'}`, link: `/cases/${kase.id}/meetings` });
        await trx
          .insertInto('chronology_entries')
          .values({ child_id: f!.child_id, case_id: kase.id, occurred_at: at, kind: 'decision', title: `Section 47 enquiry concluded: ${label}`.slice(0, 300), summary: `${input.reasons}${next.task ? ` Next step: ${FOLLOW_UP_LABELS[next.task]}, by ${input.dueDate}.` : ' No further intervention.'}`.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'section47-outcome', record_id: row.id })
          .execute();
        await recordAudit(trx, audit, { action: 'section47.concluded', entityType: 'section47-outcome', entityId: row.id, childId: f!.child_id, details: { outcome: input.outcome, followUp: input.followUp ?? null, task: next.task, cseLeadsNotified: leads.length } });
        return { id: row.id, task: next.task };
      });
    },

    async section47History(caseId: string) {
      return db.selectFrom('section47_outcomes as s').innerJoin('users', 'users.id', 's.recorded_by').select(['s.id', 's.outcome', 's.follow_up', 's.reasons', 's.recorded_at', 'users.display_name as recorded_by_name']).where('s.case_id', '=', caseId).orderBy('s.recorded_at', 'desc').execute();
    },

    actionsForCase: (caseId: string) => actionsFor(db, { caseId }),
    agencies: () => db.selectFrom('agencies').select(['id', 'name']).where('active', '=', true).orderBy('name').execute(),
  };
}

async function rolesOf(db: Kysely<Database>, userIds: readonly string[]) {
  const map = new Map<string, Role[]>();
  if (!userIds.length) return map;
  for (const row of await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).execute()) {
    map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role as Role]);
  }
  return map;
}

export async function actionsFor(db: Kysely<Database>, filter: { caseId?: string; sourceId?: string }) {
  let query = db
    .selectFrom('actions as a')
    .leftJoin('users as owner', 'owner.id', 'a.owner_user_id')
    .leftJoin('agencies as agency', 'agency.id', 'a.owner_agency_id')
    .leftJoin('users as completer', 'completer.id', 'a.completed_by')
    .select(['a.id', 'a.case_id', 'a.title', 'a.desired_outcome', 'a.owner_user_id', 'a.owner_agency_id', 'a.due_date', 'a.status', 'a.completed_at', 'a.completion_evidence', 'a.source_type', 'a.source_id', 'a.version', 'owner.display_name as owner_name', 'agency.name as agency_name', 'completer.display_name as completed_by_name']);
  if (filter.caseId) query = query.where('a.case_id', '=', filter.caseId);
  if (filter.sourceId) query = query.where('a.source_id', '=', filter.sourceId);
  return query.orderBy(sql`a.status = 'open'`, 'desc').orderBy('a.due_date').execute();
}

export type MeetingService = ReturnType<typeof createMeetingService>;
