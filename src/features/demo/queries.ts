// All of the SQL of the demo seeder: whether the database is empty, and the rows of the demo partnership, its people
// and its children's cases. Every function takes the database or the transaction first.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Role } from '../../domain/access/roles.ts';

type Db = Kysely<Database>;
type Row<T extends keyof Database> = Insertable<Database[T]>;

export const anyUser = (db: Db) => db.selectFrom('users').select('id').limit(1).executeTakeFirst();

/** The authority, unless a row with its id is already there. */
export const insertLocalAuthorityIfNone = (trx: Db, values: Row<'local_authorities'>) => trx.insertInto('local_authorities').values(values).onConflict((oc) => oc.column('id').doNothing()).execute();

export const insertAgency = (trx: Db, values: Row<'agencies'>) => trx.insertInto('agencies').values(values).returning('id').executeTakeFirstOrThrow();

export const insertTeam = (trx: Db, values: Row<'teams'>) => trx.insertInto('teams').values(values).returning('id').executeTakeFirstOrThrow();

export const insertUser = (trx: Db, values: Row<'users'>) => trx.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();

export const insertUserRoles = (trx: Db, userId: string, roles: readonly Role[]) => trx.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();

export const insertChild = (trx: Db, values: Row<'children'>) => trx.insertInto('children').values(values).returning('id').executeTakeFirstOrThrow();

export const insertChildAlias = (trx: Db, childId: string, alias: string) => trx.insertInto('child_aliases').values({ child_id: childId, alias }).execute();

export const insertCase = (trx: Db, values: Row<'cases'>) => trx.insertInto('cases').values(values).returning('id').executeTakeFirstOrThrow();

export const insertNetworkMember = (trx: Db, values: Row<'case_network'>) => trx.insertInto('case_network').values(values).execute();

export const insertChronologyEntries = (trx: Db, values: Row<'chronology_entries'> | readonly Row<'chronology_entries'>[]) => trx.insertInto('chronology_entries').values(values).execute();

export const insertMissingEpisode = (trx: Db, values: Row<'missing_episodes'>) => trx.insertInto('missing_episodes').values(values).returning('id').executeTakeFirstOrThrow();
