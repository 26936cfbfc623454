// All of the SQL of telling parents. Every function takes the database or the transaction first; the service decides
// and authorises, these only read and write.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

type Db = Kysely<Database>;

/** Decisions with the names of who recorded and who agreed them, and the occasion they belong to. */
const withNames = (db: Db) =>
  db
    .selectFrom('parent_notifications as n')
    .innerJoin('users as recorder', 'recorder.id', 'n.recorded_by')
    .leftJoin('users as agreer', 'agreer.id', 'n.agreed_by')
    .leftJoin('meetings as m', 'm.id', 'n.meeting_id')
    .leftJoin('cse_referrals as r', 'r.id', 'n.cse_referral_id')
    .selectAll('n')
    .select(['recorder.display_name as recorded_by_name', 'agreer.display_name as agreed_by_name', 'm.meeting_type', 'm.profile_id as meeting_profile_id', 'm.scheduled_at as meeting_at', 'r.referred_at']);

/** The case's decisions, newest first. */
export const notificationsOfCase = (db: Db, caseId: string) => withNames(db).where('n.case_id', '=', caseId).orderBy('n.recorded_at', 'desc').execute();

export const notificationOfCase = (db: Db, caseId: string, id: string) => withNames(db).where('n.case_id', '=', caseId).where('n.id', '=', id).executeTakeFirst();

/** Whether the case has this decision. */
export const notificationIdOfCase = (db: Db, caseId: string, id: string) => db.selectFrom('parent_notifications').select('id').where('id', '=', id).where('case_id', '=', caseId).executeTakeFirst();

/** The case's CSE referrals, newest first. */
export const referralsOfCase = (db: Db, caseId: string) => db.selectFrom('cse_referrals').select(['id', 'referred_at', 'status']).where('case_id', '=', caseId).orderBy('referred_at', 'desc').execute();

/** The case's meetings not cancelled, newest first, with what each recorded about telling the parents. */
export const meetingsOfCase = (db: Db, caseId: string) =>
  db
    .selectFrom('meetings')
    .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
    .select(['meetings.id', 'meetings.meeting_type', 'meetings.profile_id', 'meetings.scheduled_at', 'meetings.status', 'meetings.parents_told', 'meetings.parents_told_by', 'meetings.parents_told_what', 'meetings.parents_exception_reason'])
    .where('meeting_cases.case_id', '=', caseId)
    .where('meetings.status', '<>', 'cancelled')
    .orderBy('meetings.scheduled_at', 'desc')
    .execute();

/** What the child's age needs. */
export const childAgeFacts = (db: Db, childId: string) => db.selectFrom('children').select(['date_of_birth', 'approximate_age']).where('id', '=', childId).executeTakeFirstOrThrow();

export const insertNotification = (trx: Db, values: Insertable<Database['parent_notifications']>) => trx.insertInto('parent_notifications').values(values).returning('id').executeTakeFirstOrThrow();

export const insertParentsChronologyEntry = (trx: Db, values: Insertable<Database['chronology_entries']>) => trx.insertInto('chronology_entries').values(values).execute();

/** What deciding who may agree needs of a decision of the case. */
export const agreementFacts = (trx: Db, caseId: string, id: string) =>
  trx.selectFrom('parent_notifications').select(['id', 'status', 'recorded_by', 'child_id']).where('id', '=', id).where('case_id', '=', caseId).executeTakeFirst();

export const lockNotification = (trx: Db, caseId: string, id: string) => trx.selectFrom('parent_notifications').selectAll().where('id', '=', id).where('case_id', '=', caseId).forUpdate().executeTakeFirst();

/** Records the agreement only if the decision is still at the version it was read at. */
export const recordAgreement = (trx: Db, row: { id: string; version: number }, values: Updateable<Database['parent_notifications']>) =>
  trx.updateTable('parent_notifications').set(values).where('id', '=', row.id).where('version', '=', row.version).execute();

/** Under-13 exceptions awaiting agreement in the authority, recorded by someone else, oldest first. */
export const exceptionsAwaitingAgreement = (db: Db, localAuthorityId: string, actorId: string) =>
  db
    .selectFrom('parent_notifications as n')
    .innerJoin('cases as k', 'k.id', 'n.case_id')
    .innerJoin('children as c', 'c.id', 'k.child_id')
    .innerJoin('users as recorder', 'recorder.id', 'n.recorded_by')
    .select(['n.id', 'n.case_id', 'n.recorded_at', 'k.reference', 'c.given_name', 'c.family_name', 'c.known_as', 'recorder.display_name as recorded_by_name'])
    .where('n.status', '=', 'awaiting-agreement')
    .where('k.local_authority_id', '=', localAuthorityId)
    .where('n.recorded_by', '<>', actorId)
    .orderBy('n.recorded_at')
    .limit(25)
    .execute();
