// The intelligence register's shared SQL: which entities an actor may see. The register's reads build on it.
import { sql } from 'kysely';
import type { Actor } from '../../domain/access/access.ts';
import { visibleTo } from '../cases/visible-to.ts';
import { seesMention } from './mentions.ts';

/** The actor may see a link to or from the entity aliased `alias`, or a mention of it (so they may see the entity). */
export function seesEntity(actor: Actor, alias: string) {
  const id = sql.ref(`${alias}.id`);
  return sql<boolean>`(exists (select 1 from intel_links vl where (vl.entity_id = ${id} or vl.other_entity_id = ${id}) and vl.removed_at is null and ${visibleTo(actor, 'vl', 'author_id', 'intelligence-link')})
    or exists (select 1 from intel_mentions vm where vm.entity_id = ${id} and vm.removed_at is null and ${seesMention(actor, 'vm')}))`;
}
