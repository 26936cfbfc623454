// Mentions of register entries in case notes and observations (issue 12, "observations and case notes can
// mention entities"). Who may see a mention is decided when it is read, by the sharing of the note or
// observation itself. Exported for the notes and risk pages, which show the entries their records mention.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { entityLabel } from '../../domain/intelligence/index.ts';
import { visibleTo } from '../cases/visible-to.ts';
import { factsOf } from './facts.ts';

/** What an entry can be mentioned in. */
export const MENTION_RECORD_TYPES = ['case-note', 'observation'] as const;
export type MentionRecordType = (typeof MENTION_RECORD_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The actor may see the mention aliased `alias`: they may see the case note or observation it is in. Decided at
 * read time from the note or observation itself, so a change to its sharing carries to its mentions.
 */
export function seesMention(actor: Pick<Actor, 'id' | 'agencyId'>, alias: string) {
  const type = sql.ref(`${alias}.record_type`);
  const id = sql.ref(`${alias}.record_id`);
  return sql<boolean>`((${type} = 'case-note' and exists (select 1 from case_notes mn where mn.id = ${id} and ${visibleTo(actor, 'mn', 'author_id')}))
    or (${type} = 'observation' and exists (select 1 from risk_observations mo where mo.id = ${id} and ${visibleTo(actor, 'mo', 'recorded_by')})))`;
}


/** The entries mentioned in these case notes or observations of one case, as far as the actor may see them. */
export async function entityMentions(db: Kysely<Database>, actor: Pick<Actor, 'id' | 'agencyId'>, caseId: string, recordType: MentionRecordType, recordIds: readonly string[], now: Date = new Date()) {
  const ids = recordIds.filter((id) => UUID.test(id));
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('intel_mentions as m')
    .innerJoin('intel_entities as e', 'e.id', 'm.entity_id')
    .select(['m.id', 'm.record_id', 'm.entity_id', 'e.kind', 'e.details', 'e.date_of_birth', 'e.sex'])
    .where('m.case_id', '=', caseId)
    .where('m.record_type', '=', recordType)
    .where('m.record_id', 'in', ids)
    .where('m.removed_at', 'is', null)
    .where(seesMention(actor, 'm'))
    .orderBy('m.created_at')
    .execute();
  return rows.map((r) => ({ id: r.id, recordId: r.record_id, entityId: r.entity_id, kind: r.kind, label: entityLabel(factsOf(r), now) }));
}
