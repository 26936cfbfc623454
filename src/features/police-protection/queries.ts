// Police protection's SQL: the case's open protection, the protections with the names around them, and the writes
// (a protection, its outcome, version-checked, and their chronology entries).
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export function openProtectionOf(trx: Kysely<Database>, caseId: string) {
  return trx.selectFrom('police_protections').select('id').where('case_id', '=', caseId).where('ended_at', 'is', null).executeTakeFirst();
}

export function insertProtection(trx: Kysely<Database>, values: Insertable<Database['police_protections']>) {
  return trx
    .insertInto('police_protections')
    .values(values)
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function insertProtectionChronology(trx: Kysely<Database>, values: Insertable<Database['chronology_entries']>): Promise<void> {
  await trx
    .insertInto('chronology_entries')
    .values(values)
    .execute();
}

function withNames(db: Kysely<Database>) {
  return db
    .selectFrom('police_protections as p')
    .innerJoin('users as recorder', 'recorder.id', 'p.recorded_by')
    .leftJoin('users as ender', 'ender.id', 'p.outcome_recorded_by')
    .selectAll('p')
    .select(['recorder.display_name as recorded_by_name', 'ender.display_name as outcome_recorded_by_name']);
}

/** The case's police protections, newest first. */
export function protectionsOfCase(db: Kysely<Database>, caseId: string) {
  return withNames(db).where('p.case_id', '=', caseId).orderBy('p.started_at', 'desc').execute();
}

export function protectionOfCase(db: Kysely<Database>, caseId: string, protectionId: string) {
  return withNames(db).where('p.case_id', '=', caseId).where('p.id', '=', protectionId).executeTakeFirst();
}

export function lockProtection(trx: Kysely<Database>, caseId: string, protectionId: string) {
  return trx.selectFrom('police_protections').selectAll().where('id', '=', protectionId).where('case_id', '=', caseId).forUpdate().executeTakeFirst();
}

export function userDisplayName(trx: Kysely<Database>, userId: string) {
  return trx.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
}

export async function endProtection(trx: Kysely<Database>, row: { id: string; version: number }, values: { endedAt: Date; outcome: Database['police_protections']['outcome']; outcomeDetail: string | null; recordedBy: string; at: Date }): Promise<void> {
  await trx
    .updateTable('police_protections')
    .set({ ended_at: values.endedAt, outcome: values.outcome, outcome_detail: values.outcomeDetail, outcome_recorded_by: values.recordedBy, version: row.version + 1, updated_at: values.at })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .execute();
}
