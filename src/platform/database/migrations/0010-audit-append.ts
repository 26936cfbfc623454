// Appending to the audit trail in one statement: the chain's head is read under the chain lock, and the new
// row's hash is computed from it in the same statement, so an audited read costs one round trip.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create function audit_chain_head(lock_key bigint) returns text language plpgsql as $fn$
   begin
     -- Held until the calling transaction ends: appends are serialised, so no two rows share a previous hash.
     perform pg_advisory_xact_lock(lock_key);
     return coalesce((select hash from audit_events order by id desc limit 1), repeat('0', 64));
   end
   $fn$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
