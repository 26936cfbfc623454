// Plans as a record kind a sharing decision can name (issue 13): an agency-only plan becomes visible to a recipient
// only through an information-sharing decision in force, read by the one visibility predicate. The list of values
// is written out here rather than imported, so that this migration never changes when the domain's does.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `alter table info_sharing_items drop constraint info_sharing_items_record_type_check`,
  `alter table info_sharing_items add constraint info_sharing_items_record_type_check
     check (record_type in ('chronology-entry', 'risk_observation', 'intelligence-link', 'meeting-information', 'case-summary', 'plan'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
