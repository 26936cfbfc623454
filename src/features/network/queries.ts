// All of the SQL of the professional network and the people related to the child. Every function takes the
// database or the transaction first.
import { sql } from 'kysely';
import type { Insertable, Kysely } from 'kysely';
import type { CaseNetworkTable, ChronologyEntriesTable, Database, RelatedPeopleTable } from '../../platform/database/schema.ts';
import { NON_CASEWORK_ROLES } from '../../domain/access/access.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

/** What a malformed id is compared with, so that it finds nothing instead of failing the uuid cast. */
const NO_ID = '00000000-0000-0000-0000-000000000000';
const orNoId = (id: string) => (isRecordId(id) ? id : NO_ID);

export const userWithAgency = (db: Kysely<Database>, userId: string) =>
  db.selectFrom('users').innerJoin('agencies', 'agencies.id', 'users.agency_id').select(['users.id', 'users.display_name', 'users.active', 'agencies.name as agency_name']).where('users.id', '=', userId).executeTakeFirst();

export const insertEntry = (trx: Kysely<Database>, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).execute();

export const insertMember = (trx: Kysely<Database>, values: Insertable<CaseNetworkTable>) => trx.insertInto('case_network').values(values).returning('id').executeTakeFirstOrThrow();

/** A current member of the case's network, by the membership's id, locked for the change. */
export const lockCurrentMember = (trx: Kysely<Database>, caseId: string, memberId: string) =>
  trx.selectFrom('case_network').select(['id', 'user_id', 'role_in_case']).where('id', '=', orNoId(memberId)).where('case_id', '=', caseId).where('removed_at', 'is', null).forUpdate().executeTakeFirst();

/** A person's current membership of the case's network. */
export const currentMembership = (trx: Kysely<Database>, caseId: string, userId: string) =>
  trx.selectFrom('case_network').select('id').where('case_id', '=', caseId).where('user_id', '=', userId).where('removed_at', 'is', null).executeTakeFirst();

export const removeMember = (trx: Kysely<Database>, memberId: string, removal: { removed_at: Date; removed_by: string }) => trx.updateTable('case_network').set(removal).where('id', '=', memberId).execute();

export const caseProfessionals = (trx: Kysely<Database>, caseId: string) => trx.selectFrom('cases').select(['lead_professional_id', 'key_professional_id', 'version']).where('id', '=', caseId).executeTakeFirstOrThrow();

export const lockCaseProfessionals = (trx: Kysely<Database>, caseId: string) => trx.selectFrom('cases').select(['lead_professional_id', 'key_professional_id', 'version']).where('id', '=', caseId).forUpdate().executeTakeFirstOrThrow();

export const userNames = (trx: Kysely<Database>, userIds: string[]) => trx.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds.concat([NO_ID])).execute();

/** Nominates the lead or key professional, only if the case is still at the version the page showed. */
export const nominateProfessional = (trx: Kysely<Database>, caseId: string, column: 'lead_professional_id' | 'key_professional_id', userId: string, version: number) =>
  trx.updateTable('cases').set({ [column]: userId, version: sql<number>`version + 1` }).where('id', '=', caseId).where('version', '=', version).execute();

export const insertRelatedPerson = (trx: Kysely<Database>, values: Insertable<RelatedPeopleTable>) => trx.insertInto('related_people').values(values).returning('id').executeTakeFirstOrThrow();

/** Removes a related person still on the case's record; nothing when they were already removed. */
export const removeRelatedPerson = (trx: Kysely<Database>, caseId: string, personId: string, removal: { removed_at: Date; removed_by: string }) =>
  trx
    .updateTable('related_people')
    .set({ ...removal, version: sql<number>`version + 1` })
    .where('id', '=', orNoId(personId))
    .where('case_id', '=', caseId)
    .where('removed_at', 'is', null)
    .returning(['id', 'relationship'])
    .executeTakeFirst();

/** The network page: current members, related people, who could be added, and the case's nominations. */
export async function networkPage(db: Kysely<Database>, caseId: string) {
  const [members, related, candidates, kase] = await Promise.all([
    db
      .selectFrom('case_network')
      .innerJoin('users', 'users.id', 'case_network.user_id')
      .innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .select(['case_network.id', 'case_network.role_in_case', 'case_network.added_at', 'users.id as user_id', 'users.display_name', 'users.job_title', 'users.email', 'users.phone', 'agencies.name as agency_name', 'agencies.kind as agency_kind'])
      .where('case_network.case_id', '=', caseId)
      .where('case_network.removed_at', 'is', null)
      .orderBy('agencies.name')
      .orderBy('users.display_name')
      .execute(),
    db.selectFrom('related_people').selectAll().where('case_id', '=', caseId).where('removed_at', 'is', null).orderBy('relationship').orderBy('name').execute(),
    db
      .selectFrom('users')
      .innerJoin('agencies', 'agencies.id', 'users.agency_id')
      .select(['users.id', 'users.display_name', 'users.job_title', 'agencies.name as agency_name'])
      .where('users.active', '=', true)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('case_network').select('id').whereRef('case_network.user_id', '=', 'users.id').where('case_network.case_id', '=', caseId).where('case_network.removed_at', 'is', null))))
      .where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', 'not in', NON_CASEWORK_ROLES)))
      .orderBy('agencies.name')
      .orderBy('users.display_name')
      .limit(2000)
      .execute(),
    caseProfessionals(db, caseId),
  ]);
  return { members, related, candidates, kase };
}
