// All of the SQL of procedure profiles: which profile a local authority runs.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

/** The profile named in the local authority's row (nothing if there is no such authority). */
export const authorityProfileId = async (db: Kysely<Database>, localAuthorityId: string) =>
  (await db.selectFrom('local_authorities').select('profile_id').where('id', '=', localAuthorityId).executeTakeFirst())?.profile_id;
