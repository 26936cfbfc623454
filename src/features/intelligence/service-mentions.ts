// Mentions of register entries in case notes and observations (issue 12, "observations and case notes can
// mention entities"). Who may see a mention is decided when it is read, by the sharing of the note or
// observation itself. Exported for the notes and risk pages, which show the entries their records mention.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { entityLabel } from '../../domain/intelligence/index.ts';
import { factsOf } from './service-facts.ts';
import { mentionedEntities } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';

/** What an entry can be mentioned in. */
export const MENTION_RECORD_TYPES = ['case-note', 'observation'] as const;
export type MentionRecordType = (typeof MENTION_RECORD_TYPES)[number];


/** The entries mentioned in these case notes or observations of one case, as far as the actor may see them. */
export async function entityMentions(db: Kysely<Database>, actor: Pick<Actor, 'id' | 'agencyId'>, caseId: string, recordType: MentionRecordType, recordIds: readonly string[], now: Date = new Date()) {
  const ids = recordIds.filter((id) => isRecordId(id));
  if (ids.length === 0) return [];
  const rows = await mentionedEntities(db, actor, caseId, recordType, ids);
  return rows.map((r) => ({ id: r.id, recordId: r.record_id, entityId: r.entity_id, kind: r.kind, label: entityLabel(factsOf(r), now) }));
}
