// All of the SQL of correcting minutes and deciding a cancelled meeting's actions. The meeting itself, its
// attendees, its chronology entries and its version belong to the meetings feature and are read and written through
// its queries (re-exported here), so that both features touch those tables the same way.
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export { attendedUserIds, closeActions, insertChronologyEntry, meetingOfCase, updateMeeting } from '../meetings/queries.ts';

type Db = Kysely<Database>;

/** The cases a meeting is about, the one it was convened from first. */
export async function casesOfMeeting(db: Db, meetingId: string) {
  return db.selectFrom('meeting_cases').innerJoin('cases', 'cases.id', 'meeting_cases.case_id').select(['cases.id', 'cases.reference', 'cases.child_id']).where('meeting_cases.meeting_id', '=', meetingId).orderBy('meeting_cases.is_primary', 'desc').execute();
}

/** A meeting's actions still open, by due date. */
export async function openActionsOfMeeting(db: Db, meetingId: string) {
  return db.selectFrom('actions').select(['id', 'title', 'due_date', 'case_id']).where('source_type', '=', 'meeting').where('source_id', '=', meetingId).where('status', '=', 'open').orderBy('due_date').orderBy('id').execute();
}

/** Every correction of a meeting's minutes, newest first, with who made it. */
export async function correctionsOf(db: Db, meetingId: string) {
  return db.selectFrom('meeting_corrections as c').innerJoin('users', 'users.id', 'c.corrected_by').select(['c.id', 'c.version_number', 'c.previous', 'c.corrected', 'c.reason', 'c.corrected_at', 'c.recipients_told', 'users.display_name as corrected_by_name']).where('c.meeting_id', '=', meetingId).orderBy('c.version_number', 'desc').execute();
}

/** Everyone who was sent the meeting's minutes or a copy, from whichever of its cases (the link ends the same). */
export async function minutesRecipients(db: Db, meetingId: string) {
  return [...new Set((await db.selectFrom('notifications').select('user_id').where('kind', 'in', ['meeting-minutes', 'meeting-minutes-copy']).where('link', 'like', `%/meetings/${meetingId}/minutes`).execute()).map((n) => n.user_id))];
}

export async function insertCorrection(trx: Transaction<Database>, row: Insertable<Database['meeting_corrections']>) {
  await trx.insertInto('meeting_corrections').values(row).execute();
}

/** Carries a cancelled meeting's actions over to the case as its own actions, remembering where they came from. */
export async function carryActionsOver(trx: Transaction<Database>, actionIds: readonly string[], meetingId: string) {
  await trx.updateTable('actions').set((eb) => ({ source_type: 'manual', source_id: null, carried_from_type: 'meeting', carried_from_id: meetingId, version: eb('version', '+', 1) })).where('id', 'in', [...actionIds]).execute();
}
