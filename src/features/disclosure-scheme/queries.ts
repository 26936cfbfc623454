// The disclosure scheme's SQL: applications with the names around them, the officers and register persons to choose
// from, and the writes (an application, its decision, its disclosure), each version-checked.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export async function agencyKindOf(db: Kysely<Database>, agencyId: string): Promise<string> {
  return (await db.selectFrom('agencies').select('kind').where('id', '=', agencyId).executeTakeFirst())?.kind ?? '';
}

function withNames(db: Kysely<Database>) {
  return db
    .selectFrom('disclosure_applications as a')
    .innerJoin('users as officer', 'officer.id', 'a.handling_officer_id')
    .innerJoin('users as recorder', 'recorder.id', 'a.recorded_by')
    .leftJoin('users as decider', 'decider.id', 'a.decided_by')
    .leftJoin('users as discloser', 'discloser.id', 'a.disclosed_by')
    .leftJoin('intel_entities as e', 'e.id', 'a.entity_id')
    .selectAll('a')
    .select(['officer.display_name as handling_officer_name', 'recorder.display_name as recorded_by_name', 'decider.display_name as decided_by_name', 'discloser.display_name as disclosed_by_name', 'e.label as entity_label']);
}

export function applicationById(db: Kysely<Database>, id: string) {
  return withNames(db).where('a.id', '=', id).executeTakeFirst();
}

/** A police officer's list: their force's applications and those they handle; anyone else's: those they handle. Newest first. */
export function listApplications(db: Kysely<Database>, actor: { id: string; agencyId: string }, police: boolean) {
  return (police ? withNames(db).where((eb) => eb.or([eb('a.police_agency_id', '=', actor.agencyId), eb('a.handling_officer_id', '=', actor.id)])) : withNames(db).where('a.handling_officer_id', '=', actor.id))
    .orderBy('a.received_at', 'desc')
    .limit(200)
    .execute();
}

/** Police officers of the agency: who may be the handling officer. */
export function policeOfficersOf(db: Kysely<Database>, agencyId: string) {
  return db
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select(['users.id', 'users.display_name'])
    .where('users.agency_id', '=', agencyId)
    .where('users.active', '=', true)
    .where('user_roles.role', '=', 'police-investigator')
    .orderBy('users.display_name')
    .execute();
}

export function registerPersons(db: Kysely<Database>) {
  return db.selectFrom('intel_entities').select(['id', 'label']).where('kind', '=', 'person').where('merged_into', 'is', null).orderBy('label').limit(500).execute();
}

export function registerPerson(db: Kysely<Database>, entityId: string) {
  return db.selectFrom('intel_entities').select('id').where('id', '=', entityId).where('kind', '=', 'person').executeTakeFirst();
}

export function unfinishedApplicationsHandledBy(db: Kysely<Database>, officerId: string) {
  return db.selectFrom('disclosure_applications').select(['id', 'reference', 'status']).where('handling_officer_id', '=', officerId).where('status', 'in', ['received', 'disclose']).orderBy('received_at').limit(25).execute();
}

export function insertApplication(trx: Kysely<Database>, values: Insertable<Database['disclosure_applications']>) {
  return trx
    .insertInto('disclosure_applications')
    .values(values)
    .returning(['id', 'reference'])
    .executeTakeFirstOrThrow();
}

/** Changes the application unless someone else changed it since `version`; the id, or undefined when they did. */
export function updateApplicationAt(trx: Kysely<Database>, row: { id: string; version: number }, values: Updateable<Database['disclosure_applications']>) {
  return trx
    .updateTable('disclosure_applications')
    .set(values)
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .returning('id')
    .executeTakeFirst();
}
