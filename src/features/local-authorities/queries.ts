// The local authorities' SQL: the list with each one's open cases, adding one, and changing its procedure.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

export function authoritiesWithOpenCases(db: Kysely<Database>) {
  return db
    .selectFrom('local_authorities')
    .select(['id', 'name', 'profile_id', (eb) => eb.selectFrom('cases').select((c) => c.fn.countAll<number>().as('n')).whereRef('cases.local_authority_id', '=', 'local_authorities.id').where('cases.status', '=', 'open').as('open_cases')])
    .orderBy('name')
    .execute();
}

/** Adds the authority unless its short name is taken; its id, or undefined when it was. */
export function insertAuthority(trx: Kysely<Database>, values: { id: string; name: string; profileId: string }) {
  return trx.insertInto('local_authorities').values({ id: values.id, name: values.name, profile_id: values.profileId }).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
}

export function lockAuthorityProfile(trx: Kysely<Database>, authorityId: string) {
  return trx.selectFrom('local_authorities').select('profile_id').where('id', '=', authorityId).forUpdate().executeTakeFirst();
}

export async function setAuthorityProfile(trx: Kysely<Database>, authorityId: string, profileId: string) {
  await trx.updateTable('local_authorities').set({ profile_id: profileId }).where('id', '=', authorityId).execute();
}
