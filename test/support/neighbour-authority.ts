// A second authority on the same Harbour, with its own CSE coordinator and social worker, for the transfer tests and
// the authorisation matrix's world (the demo data has one authority). The accounts share the demo password hash, so the demo password signs them in.
import type { Services } from '../../src/services.ts';

export const NEIGHBOUR = { id: 'neighbour-borough', name: 'Neighbour Borough' };

export async function addNeighbourAuthority(db: Services['db']) {
  const demo = await db.selectFrom('users').innerJoin('local_authorities', 'local_authorities.id', 'users.local_authority_id').select(['users.password_hash', 'local_authorities.profile_id']).where('users.email', '=', 'coordinator@harbour.example').executeTakeFirstOrThrow();
  await db.insertInto('local_authorities').values({ id: NEIGHBOUR.id, name: NEIGHBOUR.name, profile_id: demo.profile_id }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const agency = await db.insertInto('agencies').values({ name: `${NEIGHBOUR.name} Children’s Services`, kind: 'social-care', local_authority_id: NEIGHBOUR.id }).returning('id').executeTakeFirstOrThrow();
  const ids: Record<string, string> = {};
  for (const [key, name, role] of [['neighbour.coordinator', 'Nell Neighbour', 'cse-coordinator'], ['neighbour.worker', 'Wes Worker', 'social-worker']] as const) {
    const user = await db
      .insertInto('users')
      .values({ email: `${key}@harbour.example`, display_name: name, job_title: role === 'cse-coordinator' ? 'CSE coordinator' : 'Social worker', agency_id: agency.id, local_authority_id: NEIGHBOUR.id, password_hash: demo.password_hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_roles').values({ user_id: user.id, role }).execute();
    ids[key] = user.id;
  }
  return ids as { 'neighbour.coordinator': string; 'neighbour.worker': string };
}
