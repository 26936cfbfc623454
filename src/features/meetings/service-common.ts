// What every meeting use case shares (service-*.ts, composed by service.ts): the refusals, who may manage or change
// a meeting, the meeting locked inside a use case's transaction, its chronology entries, the clock it answers, and
// who is told about it. Nothing here opens a transaction: the use cases do, and pass it in.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { canManageNetwork, decideCaseAccess, hasRole } from '../../domain/access/access.ts';
import { londonDateOf, londonInstant } from '../../domain/clock/index.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import type { MeetingType, Profile } from '../../domain/profiles/index.ts';
import { eventsAnsweredBy, meetingTypeOf } from '../../domain/meetings/rules.ts';
import type { MeetingRefusal } from '../../domain/meetings/rules.ts';
import type { MeetingState } from '../../domain/meetings/lifecycle.ts';
import { HttpError, notFound } from '../../platform/web/errors.ts';
import type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';
import { accessFacts } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { meetingsPaths } from './paths.ts';
import { caseFacts, firstRunningClock, insertChronologyEntry, invitedUserIds, meetingOfCase, networkIros, rolesOf, usersForAccess, usersWithRole } from './queries.ts';
import type { MeetingRow } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

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

/** "Cancelled by Sam Patel at 09:30 UTC on 2026-11-17": the meeting's last change, shown to a stale form. */
export const stamp = (actor: { displayName?: string }, what: string, at: Date) => `${what} by ${actor.displayName ?? 'someone'} at ${at.toISOString().slice(11, 16)} UTC on ${londonDateOf(at)}`;

/** The lead professional, the coordinator or a manager, the chair, the convener, or a social worker in the network. */
export function mayManage(actor: Actor, kase: CaseHeader, basis: AccessBasis, meeting?: { chair_id: string | null; convened_by: string }) {
  if (canManageNetwork(actor, kase)) return true;
  if (meeting && (meeting.chair_id === actor.id || meeting.convened_by === actor.id)) return true;
  return basis === 'network' && hasRole(actor, 'social-worker');
}

/** Whoever may convene a meeting about the child, and the meeting's chair, may move or cancel it. */
export function mayChange(actor: Actor, kase: CaseHeader, basis: AccessBasis, meeting: { chair_id: string | null }) {
  return mayManage(actor, kase, basis) || meeting.chair_id === actor.id;
}

export function typeOrThrow(profile: Profile, typeId: string): MeetingType {
  const type = meetingTypeOf(profile, typeId);
  if (!type) throw new MeetingRefused([{ field: 'meetingType', message: 'Choose a type of meeting from the procedure in force' }]);
  return type;
}

export function checkVersion(meeting: { version: number; last_change: string | null }, version: number) {
  if (meeting.version !== version) throw new StaleMeeting(meeting.last_change);
}

/** The meeting about this case, locked for the rest of the caller's transaction. */
export async function lockMeeting(trx: Transaction<Database>, meetingId: string, caseId: string): Promise<MeetingRow> {
  if (!isRecordId(meetingId)) throw notFound('Meeting');
  const meeting = await meetingOfCase(trx, meetingId, caseId, true);
  if (!meeting) throw notFound('Meeting');
  return meeting;
}

export async function chronology(trx: Kysely<Database>, actor: Actor, kase: { id: string; child_id: string }, meetingId: string, title: string, summary: string, at: Date) {
  await insertChronologyEntry(trx, { child_id: kase.child_id, case_id: kase.id, occurred_at: at, kind: 'meeting', title, summary: summary.slice(0, 2000), agency_id: actor.agencyId, author_id: actor.id, record_type: 'meeting', record_id: meetingId });
}

/** The running clock a meeting of this type answers on these cases (the earliest due), if any. */
export async function answeringClock(trx: Kysely<Database>, profile: Profile, typeId: string, caseIds: readonly string[]) {
  const events = eventsAnsweredBy(typeId);
  const rules = profile.timescales.filter((t) => events.includes(t.stopsOn) && t.duration).map((t) => t.id);
  if (!rules.length || !caseIds.length) return null;
  return firstRunningClock(trx, caseIds, rules);
}

/** A looked-after child's Independent Reviewing Officers, in the network or else the authority's (camden Part 4 §1.3; bedford-luton 8.1). */
export async function iroIds(trx: Kysely<Database>, facts: readonly { id: string; looked_after: boolean }[], localAuthorityId: string): Promise<string[]> {
  const lookedAfter = facts.filter((f) => f.looked_after).map((f) => f.id);
  if (!lookedAfter.length) return [];
  const inNetwork = await networkIros(trx, lookedAfter);
  const iros = inNetwork.length ? inNetwork : await usersWithRole(trx, 'independent-reviewing-officer', localAuthorityId);
  return [...new Set(iros.map((i) => i.id))];
}

/** The CPO for CATSE is always told a CATSE meeting is taking place (camden Part 3 §3.3), and so when it moves or is cancelled. */
export async function cseLeadIds(trx: Kysely<Database>, profileId: string, typeId: string, localAuthorityId: string): Promise<string[]> {
  if (profileId !== 'camden' || typeId !== 'catse-meeting') return [];
  return (await usersWithRole(trx, 'cse-coordinator', localAuthorityId)).map((u) => u.id);
}

type MeetingAudience = { id: string; profile_id: string; meeting_type: string; local_authority_id: string };

/** Everyone told when the meeting was convened: its invitees with an account, a looked-after child's IROs, the CPO for CATSE. */
async function toldOfMeeting(trx: Kysely<Database>, meeting: MeetingAudience, facts: readonly { id: string; looked_after: boolean }[]) {
  const invitees = await invitedUserIds(trx, meeting.id);
  return [...new Set([...invitees, ...(await iroIds(trx, facts, meeting.local_authority_id)), ...(await cseLeadIds(trx, meeting.profile_id, meeting.meeting_type, meeting.local_authority_id))])];
}

/**
 * Who a change to a meeting is told to and how it is named: the linked cases' facts, the case it was opened from,
 * the link to it, " and N linked cases", and everyone told at convening (toldOfMeeting).
 */
export async function audienceOf(trx: Kysely<Database>, meeting: MeetingAudience, caseIds: readonly string[], kase: CaseHeader) {
  const facts = await caseFacts(trx, caseIds);
  const primary = facts.find((f) => f.id === kase.id)!;
  const link = meetingsPaths.meeting(kase.id, meeting.id);
  const others = facts.length > 1 ? ` and ${facts.length - 1} linked ${facts.length === 2 ? 'case' : 'cases'}` : '';
  const told = await toldOfMeeting(trx, meeting, facts);
  return { facts, primary, link, others, told };
}

/** Of these people, those who may still open the case (a cancelled meeting's invitation no longer opens it). */
export async function mayStillOpen(trx: Kysely<Database>, userIds: readonly string[], kase: CaseHeader, at: Date): Promise<Set<string>> {
  if (!userIds.length) return new Set();
  const [rows, roles] = await Promise.all([usersForAccess(trx, userIds), rolesOf(trx, userIds)]);
  const open = new Set<string>();
  for (const row of rows) {
    const person: Actor = { id: row.id, roles: roles.get(row.id) ?? [], agencyId: row.agency_id, localAuthorityId: row.local_authority_id, active: row.active };
    if (decideCaseAccess(person, await accessFacts(trx, person, kase, at)).allowed) open.add(row.id);
  }
  return open;
}
