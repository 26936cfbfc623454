// canSeeEntry (src/domain/access/access.ts) as a SQL condition, for every record kept at a sharing level
// (chronology entries, observations, case notes, missing episodes): one definition, so that no list or flag can
// show, or count, what the access model hides from this viewer.
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Actor } from '../../domain/access/access.ts';

/**
 * The viewer may see the row aliased `alias` (which has sharing_level, agency_id and shared_with): shared with
 * the network, written by them (`authorColumn`), shared with their agency, or shared with them by name.
 */
export function visibleTo(actor: Pick<Actor, 'id' | 'agencyId'>, alias: string, authorColumn: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${column('sharing_level')} = 'network' or ${column(authorColumn)} = ${actor.id}
    or (${column('sharing_level')} = 'agency' and ${column('agency_id')} = ${actor.agencyId})
    or (${column('sharing_level')} = 'named' and ${actor.id}::uuid = any(${column('shared_with')})))`;
}
