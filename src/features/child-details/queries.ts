// The child's details recorded from their case: the NHS number, read and written with the child's version.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export function childNhsNumber(db: Kysely<Database>, childId: string) {
  return db.selectFrom('children').select(['nhs_number', 'version']).where('id', '=', childId).executeTakeFirst();
}

export function lockChildNhsNumber(trx: Kysely<Database>, childId: string) {
  return trx.selectFrom('children').select(['id', 'nhs_number', 'version']).where('id', '=', childId).forUpdate().executeTakeFirstOrThrow();
}

export async function setChildNhsNumber(trx: Kysely<Database>, child: { id: string; version: number }, nhsNumber: string, at: Date) {
  await trx.updateTable('children').set({ nhs_number: nhsNumber, version: child.version + 1, updated_at: at }).where('id', '=', child.id).execute();
}

export async function insertNhsNumberChronology(trx: Kysely<Database>, values: { childId: string; caseId: string; at: Date; corrected: boolean; agencyId: string; authorId: string }) {
  await trx.insertInto('chronology_entries').values({ child_id: values.childId, case_id: values.caseId, occurred_at: values.at, recorded_at: values.at, kind: 'decision', title: values.corrected ? 'NHS number corrected' : 'NHS number recorded', summary: values.corrected ? 'The child’s NHS number was corrected.' : 'The child’s NHS number was recorded.', agency_id: values.agencyId, author_id: values.authorId, record_type: 'child', record_id: values.childId }).execute();
}
