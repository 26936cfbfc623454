// All of the SQL of the chronology's own use cases: an entry added by hand, the record of an export, and the concerns
// entries link to. The chronology's read models are in cases/case-queries.ts. Every function takes the database or the
// transaction first.
import type { Insertable, Kysely } from 'kysely';
import type { ChronologyEntriesTable, ChronologyExportsTable, Database } from '../../platform/database/schema.ts';

export const insertEntry = (trx: Kysely<Database>, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).returning('id').executeTakeFirstOrThrow();

export const insertExport = (trx: Kysely<Database>, values: Insertable<ChronologyExportsTable>) => trx.insertInto('chronology_exports').values(values).returning('id').executeTakeFirstOrThrow();

/** These concerns and referrals, drafts left out, with who raised them and their area (for canSeeReferral). */
export const submittedContacts = (db: Kysely<Database>, contactIds: readonly string[]) =>
  db.selectFrom('contacts').select(['id', 'reference', 'raised_by', 'local_authority_id']).where('id', 'in', contactIds).where('status', '!=', 'draft').execute();
