// All of the meetings feature's SQL: meetings, their cases, invitees, outcomes, information, disagreements and
// changes, the actions agreed at them and Section 47 outcomes. Every function takes the database or the caller's
// transaction first; the services decide and authorise, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely, Transaction, Updateable } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import type { Role } from '../../domain/access/roles.ts';
import { visibleTo } from '../cases/queries-visibility.ts';

type Db = Kysely<Database>;
export type MeetingChanges = Updateable<Database['meetings']>;

// ---- Cases, people and clocks the use cases ask about --------------------------------------------------------------

/** What the rules and the notifications need of each case (and its child). */
export async function caseFacts(db: Db, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.id', 'cases.reference', 'cases.child_id', 'cases.local_authority_id', 'cases.category', 'cases.lead_professional_id', 'cases.key_professional_id', 'cases.status', 'children.date_of_birth', 'children.approximate_age', 'children.looked_after'])
    .where('cases.id', 'in', caseIds)
    .execute();
}

/** An open case by its reference (a joint meeting's other children). */
export async function openCaseIdByReference(db: Db, reference: string) {
  return db.selectFrom('cases').select('id').where('reference', '=', reference).where('status', '=', 'open').executeTakeFirst();
}

export async function usersWithRole(db: Db, role: Role, localAuthorityId: string) {
  return db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select(['users.id']).where('user_roles.role', '=', role).where('users.active', '=', true).where('users.local_authority_id', '=', localAuthorityId).execute();
}

/** The Independent Reviewing Officers in these cases' networks. */
export async function networkIros(db: Db, caseIds: readonly string[]) {
  return db
    .selectFrom('case_network')
    .innerJoin('user_roles', 'user_roles.user_id', 'case_network.user_id')
    .select('case_network.user_id as id')
    .where('case_network.case_id', 'in', caseIds)
    .where('case_network.removed_at', 'is', null)
    .where('user_roles.role', '=', 'independent-reviewing-officer')
    .execute();
}

/** Each person's roles. */
export async function rolesOf(db: Db, userIds: readonly string[]) {
  const map = new Map<string, Role[]>();
  if (!userIds.length) return map;
  for (const row of await db.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', userIds).execute()) {
    map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role as Role]);
  }
  return map;
}

/** What the access model needs of each person (with rolesOf). */
export async function usersForAccess(db: Db, userIds: readonly string[]) {
  return db.selectFrom('users').select(['id', 'agency_id', 'local_authority_id', 'active']).where('id', 'in', [...userIds]).execute();
}

export async function userById(db: Db, userId: string) {
  return db.selectFrom('users').select(['id', 'active', 'local_authority_id']).where('id', '=', userId).executeTakeFirst();
}

/** Of these people, the ids of those still active. */
export async function activeUserIds(db: Db, userIds: readonly string[]) {
  return userIds.length ? db.selectFrom('users').select(['id']).where('id', 'in', [...userIds]).where('active', '=', true).execute() : [];
}

export async function isActiveUser(db: Db, userId: string) {
  return Boolean(await db.selectFrom('users').select('id').where('id', '=', userId).where('active', '=', true).executeTakeFirst());
}

export async function isActiveAgency(db: Db, agencyId: string) {
  return Boolean(await db.selectFrom('agencies').select('id').where('id', '=', agencyId).where('active', '=', true).executeTakeFirst());
}

export async function activeAgencies(db: Db) {
  return db.selectFrom('agencies').select(['id', 'name']).where('active', '=', true).orderBy('name').execute();
}

/** The case's current network, as the convene form suggests invitees from it. */
export async function networkOfCase(db: Db, caseId: string) {
  return db
    .selectFrom('case_network')
    .innerJoin('users', 'users.id', 'case_network.user_id')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['users.id', 'users.display_name', 'agencies.name as agency_name', 'case_network.role_in_case'])
    .where('case_network.case_id', '=', caseId)
    .where('case_network.removed_at', 'is', null)
    .where('users.active', '=', true)
    .orderBy('users.display_name')
    .execute();
}

/** Active people of the authority holding one of these roles: who may chair or be invited. */
export async function peopleWithRoles(db: Db, localAuthorityId: string, roles: readonly Role[]) {
  return db
    .selectFrom('users')
    .innerJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['users.id', 'users.display_name', 'users.job_title', 'agencies.name as agency_name'])
    .where('users.active', '=', true)
    .where('users.local_authority_id', '=', localAuthorityId)
    .where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_roles.user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', 'in', roles)))
    .orderBy('users.display_name')
    .execute();
}

/** The running clock of these rules on these cases that is due first, if any. */
export async function firstRunningClock(db: Db, caseIds: readonly string[], ruleIds: readonly string[]) {
  return (await db.selectFrom('clocks').select(['id', 'label', 'due_at', 'source', 'rule_id']).where('case_id', 'in', caseIds).where('rule_id', 'in', ruleIds).where('stopped_at', 'is', null).orderBy('due_at').executeTakeFirst()) ?? null;
}

/** A clock, if it is still running. */
export async function runningClock(db: Db, clockId: string) {
  return (await db.selectFrom('clocks').select(['id', 'label', 'due_at', 'source']).where('id', '=', clockId).where('stopped_at', 'is', null).executeTakeFirst()) ?? null;
}

/** A clock, running or stopped. */
export async function clockById(db: Db, clockId: string) {
  return (await db.selectFrom('clocks').select(['due_at', 'label', 'source']).where('id', '=', clockId).executeTakeFirst()) ?? null;
}

export async function insertChronologyEntry(db: Db, entry: Insertable<Database['chronology_entries']>) {
  await db.insertInto('chronology_entries').values(entry).execute();
}

// ---- Meetings ------------------------------------------------------------------------------------------------------

/** The meeting, if it is about this case; locked for update when asked (inside the caller's transaction). */
export async function meetingOfCase(db: Db, meetingId: string, caseId: string, lock = false) {
  let query = db.selectFrom('meetings').innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id').selectAll('meetings').where('meetings.id', '=', meetingId).where('meeting_cases.case_id', '=', caseId);
  if (lock) query = query.forUpdate('meetings');
  return query.executeTakeFirst();
}

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof meetingOfCase>>>;

/** The cases a meeting is about, the one it was convened from first. */
export async function meetingCaseIds(db: Db, meetingId: string) {
  return (await db.selectFrom('meeting_cases').select('case_id').where('meeting_id', '=', meetingId).orderBy('is_primary', 'desc').execute()).map((r) => r.case_id);
}

/** Another held meeting on the same case (earlier than a moment, or of some types): the guards and clocks ask this. */
export async function otherHeldMeeting(db: Db, caseId: string, exceptMeetingId: string, only: { heldBefore?: Date; types?: readonly string[] }) {
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

export async function insertMeeting(trx: Transaction<Database>, values: Insertable<Database['meetings']>) {
  return trx.insertInto('meetings').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function insertMeetingCases(trx: Transaction<Database>, rows: Insertable<Database['meeting_cases']>[]) {
  await trx.insertInto('meeting_cases').values(rows).execute();
}

export async function insertInvitees(trx: Transaction<Database>, rows: Insertable<Database['meeting_invitees']>[]) {
  await trx.insertInto('meeting_invitees').values(rows).execute();
}

export async function updateMeeting(trx: Transaction<Database>, meetingId: string, changes: MeetingChanges) {
  await trx.updateTable('meetings').set(changes).where('id', '=', meetingId).execute();
}

/** Invitees with an account: who was told the meeting was convened. */
export async function invitedUserIds(db: Db, meetingId: string) {
  return (await db.selectFrom('meeting_invitees').select('user_id').where('meeting_id', '=', meetingId).where('user_id', 'is not', null).execute()).map((i) => i.user_id!);
}

/** Invitees with an account who attended. */
export async function attendedUserIds(db: Db, meetingId: string) {
  return (await db.selectFrom('meeting_invitees').select('user_id').where('meeting_id', '=', meetingId).where('attended', '=', true).where('user_id', 'is not', null).execute()).map((a) => a.user_id!);
}

/** Is this person invited to the meeting? */
export async function isInvited(db: Db, meetingId: string, userId: string) {
  return Boolean(await db.selectFrom('meeting_invitees').select('id').where('meeting_id', '=', meetingId).where('user_id', '=', userId).executeTakeFirst());
}

/** Every invitee, as the record form asks about each one's attendance. */
export async function inviteesToRecord(db: Db, meetingId: string) {
  return db.selectFrom('meeting_invitees').select(['id', 'user_id', 'invited_role']).where('meeting_id', '=', meetingId).execute();
}

export async function setAttendance(trx: Transaction<Database>, inviteeId: string, attendance: { attended: boolean; apologies: boolean }) {
  await trx.updateTable('meeting_invitees').set(attendance).where('id', '=', inviteeId).execute();
}

export async function insertOutcomes(trx: Transaction<Database>, rows: Insertable<Database['meeting_outcomes']>[]) {
  await trx.insertInto('meeting_outcomes').values(rows).execute();
}

export async function insertInformation(trx: Transaction<Database>, row: Insertable<Database['meeting_information']>) {
  await trx.insertInto('meeting_information').values(row).execute();
}

export async function insertDisagreement(trx: Transaction<Database>, row: Insertable<Database['meeting_disagreements']>) {
  await trx.insertInto('meeting_disagreements').values(row).execute();
}

/** The key professional nominated at a meeting becomes the case's, and joins its network if not already in it. */
export async function nominateKeyProfessional(trx: Transaction<Database>, caseId: string, userId: string, addedBy: string, at: Date) {
  await trx.updateTable('cases').set({ key_professional_id: userId, version: sql<number>`version + 1` }).where('id', '=', caseId).execute();
  const present = await trx.selectFrom('case_network').select('id').where('case_id', '=', caseId).where('user_id', '=', userId).where('removed_at', 'is', null).executeTakeFirst();
  if (!present) await trx.insertInto('case_network').values({ case_id: caseId, user_id: userId, role_in_case: 'Key professional', added_by: addedBy, added_at: at }).execute();
}

export async function insertReschedule(trx: Transaction<Database>, row: Insertable<Database['meeting_reschedules']>) {
  await trx.insertInto('meeting_reschedules').values(row).execute();
}

// ---- What the pages read -------------------------------------------------------------------------------------------

/** The meeting page's meeting, with the names of the people who chaired, recorded and changed it. */
export async function meetingForPage(db: Db, meetingId: string, caseId: string) {
  return db
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
}

export async function casesOfMeeting(db: Db, meetingId: string) {
  return db.selectFrom('meeting_cases').innerJoin('cases', 'cases.id', 'meeting_cases.case_id').select(['cases.id', 'cases.reference', 'meeting_cases.is_primary']).where('meeting_cases.meeting_id', '=', meetingId).orderBy('meeting_cases.is_primary', 'desc').orderBy('cases.reference').execute();
}

/** Invitees with their names and agencies, the chair first. */
export async function inviteesOfMeeting(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_invitees')
    .leftJoin('users', 'users.id', 'meeting_invitees.user_id')
    .leftJoin('agencies', 'agencies.id', 'users.agency_id')
    .select(['meeting_invitees.id', 'meeting_invitees.user_id', 'meeting_invitees.name', 'meeting_invitees.invited_role', 'meeting_invitees.attended', 'meeting_invitees.apologies', 'users.display_name', 'agencies.name as agency_name'])
    .where('meeting_invitees.meeting_id', '=', meetingId)
    .orderBy(sql`meeting_invitees.invited_role = 'chair'`, 'desc')
    .orderBy(sql`coalesce(users.display_name, meeting_invitees.name)`)
    .execute();
}

export async function outcomesOfMeeting(db: Db, meetingId: string) {
  return db.selectFrom('meeting_outcomes').select(['outcome_id', 'label']).where('meeting_id', '=', meetingId).orderBy('outcome_id').execute();
}

export async function outcomesOfMeetings(db: Db, meetingIds: readonly string[]) {
  return meetingIds.length ? db.selectFrom('meeting_outcomes').select(['meeting_id', 'label']).where('meeting_id', 'in', [...meetingIds]).execute() : [];
}

/** The information shared at a meeting that this actor may see (its sharing level, in SQL). */
export async function informationVisibleTo(db: Db, actor: Actor, meetingId: string) {
  return db
    .selectFrom('meeting_information as i')
    .leftJoin('users', 'users.id', 'i.author_id')
    .leftJoin('agencies', 'agencies.id', 'i.agency_id')
    .select(['i.id', 'i.item', 'i.sharing_level', 'users.display_name as author_name', 'agencies.name as agency_name'])
    .where('i.meeting_id', '=', meetingId)
    .where(visibleTo(actor, 'i', 'author_id', 'meeting-information'))
    .orderBy('i.created_at')
    .execute();
}

export async function disagreementsOfMeeting(db: Db, meetingId: string) {
  return db.selectFrom('meeting_disagreements').select(['id', 'text', 'escalated', 'escalated_to']).where('meeting_id', '=', meetingId).orderBy('created_at').execute();
}

/** The latest decision on telling the parents about this meeting, for this case. */
export async function latestParentNotification(db: Db, meetingId: string, caseId: string) {
  return (await db.selectFrom('parent_notifications').select(['id', 'status']).where('meeting_id', '=', meetingId).where('case_id', '=', caseId).orderBy('recorded_at', 'desc').executeTakeFirst()) ?? null;
}

/** The case's meetings, newest first, with how many cases each is about. */
export async function meetingsOfCase(db: Db, caseId: string) {
  return db
    .selectFrom('meetings')
    .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
    .leftJoin('users as chair', 'chair.id', 'meetings.chair_id')
    .select(['meetings.id', 'meetings.profile_id', 'meetings.meeting_type', 'meetings.status', 'meetings.scheduled_at', 'meetings.held_at', 'meetings.venue', 'meetings.review_date', 'chair.display_name as chair_name'])
    .select((eb) => eb.selectFrom('meeting_cases as mc').select(eb.fn.countAll<number>().as('n')).whereRef('mc.meeting_id', '=', 'meetings.id').as('case_count'))
    .where('meeting_cases.case_id', '=', caseId)
    .orderBy('meetings.scheduled_at', 'desc')
    .execute();
}

/** Every change of date, time or venue, oldest first. */
export async function reschedulesOf(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_reschedules as r')
    .innerJoin('users', 'users.id', 'r.changed_by')
    .select(['r.id', 'r.previous_at', 'r.new_at', 'r.previous_venue', 'r.new_venue', 'r.reason', 'r.late_reason', 'r.changed_at', 'users.display_name as changed_by_name'])
    .where('r.meeting_id', '=', meetingId)
    .orderBy('r.changed_at')
    .orderBy('r.id')
    .execute();
}

/** Cancelled meetings of this case whose clock still runs, with nothing else of their type convened; latest first. */
export async function cancelledWithRunningClock(db: Db, caseId: string) {
  return db
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
}

// ---- Actions (the shared actions table: a meeting's, a decision's or a plan's) and Section 47 outcomes -----------

export async function insertAction(trx: Transaction<Database>, values: Insertable<Database['actions']>) {
  return trx.insertInto('actions').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function actionOfCaseForUpdate(trx: Transaction<Database>, actionId: string, caseId: string) {
  return trx.selectFrom('actions').selectAll().where('id', '=', actionId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();
}

export async function updateAction(trx: Transaction<Database>, actionId: string, changes: Updateable<Database['actions']>) {
  await trx.updateTable('actions').set(changes).where('id', '=', actionId).execute();
}

/** Closes actions that are no longer needed, with why. */
export async function closeActions(trx: Transaction<Database>, actionIds: readonly string[], closedBy: string, note: string, at: Date) {
  await trx.updateTable('actions').set((eb) => ({ status: 'cancelled', completed_at: at, completed_by: closedBy, resolution_note: note, version: eb('version', '+', 1) })).where('id', 'in', [...actionIds]).execute();
}

/** A case's actions (or one source's), open ones first, then by due date. */
export async function actionsFor(db: Db, filter: { caseId?: string; sourceId?: string }) {
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

export async function insertSection47Outcome(trx: Transaction<Database>, values: Insertable<Database['section47_outcomes']>) {
  return trx.insertInto('section47_outcomes').values(values).returning('id').executeTakeFirstOrThrow();
}

export async function section47History(db: Db, caseId: string) {
  return db.selectFrom('section47_outcomes as s').innerJoin('users', 'users.id', 's.recorded_by').select(['s.id', 's.outcome', 's.follow_up', 's.reasons', 's.recorded_at', 'users.display_name as recorded_by_name']).where('s.case_id', '=', caseId).orderBy('s.recorded_at', 'desc').execute();
}
