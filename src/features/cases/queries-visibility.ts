// canSeeEntry (src/domain/access/access.ts) as a SQL condition, for every record kept at a sharing level
// (chronology entries, observations, case notes, missing episodes, intelligence links, meeting minutes items,
// assessment sections): one definition, so that no list or flag can show, or count, what the access model hides
// from this viewer. A record is also visible through an information-sharing decision in force (issue 13): only
// such a decision widens what a viewer sees, never an edited field, and a withdrawn consent narrows later reads.
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Actor } from '../../domain/access/access.ts';

/**
 * The record types a sharing decision names (info_sharing_items.record_type), and the other record types kept at
 * a sharing level. A chronology entry ('chronology-entry') is also shared when the record it mirrors is.
 */
export type SharedRecordType = 'chronology-entry' | 'risk_observation' | 'intelligence-link' | 'meeting-information' | 'case-note' | 'missing-episode' | 'assessment-section' | 'section47-outcome' | 'plan';

/** Items of decisions in force that name this viewer: by name, by agency, or the whole case network. */
function itemsSharedWith(actor: Pick<Actor, 'id' | 'agencyId'>, columns: RawBuilder<unknown>) {
  return sql`select ${columns} from info_sharing_items si
      join info_sharing_decisions sd on sd.id = si.decision_id and sd.status = 'in-force'
      join info_sharing_recipients sr on sr.decision_id = sd.id
      where (sr.kind = 'network' or sr.user_id = ${actor.id} or sr.agency_id = ${actor.agencyId})`;
}

/**
 * A sharing decision in force names this record (id `recordId`) and this viewer among its recipients: them by
 * name, their agency, or the case network (everyone who may open the case, as the 'network' sharing level means).
 * Both tests are uncorrelated IN subqueries, so the database builds each set once per query, not once per row.
 */
export function sharedByDecision(actor: Pick<Actor, 'id' | 'agencyId'>, recordType: SharedRecordType, recordId: RawBuilder<unknown>, mirror?: { type: RawBuilder<unknown>; id: RawBuilder<unknown> }): RawBuilder<boolean> {
  const own = sql`${recordId} in (${itemsSharedWith(actor, sql`si.record_id`)} and si.record_type = ${recordType})`;
  if (!mirror) return sql<boolean>`coalesce(${own}, false)`;
  return sql<boolean>`coalesce(${own} or (${mirror.type}, ${mirror.id}) in (${itemsSharedWith(actor, sql`si.record_type, si.record_id::text`)}), false)`;
}

/**
 * The viewer may see the row aliased `alias` (which has id, sharing_level, agency_id and shared_with): shared with
 * the network, written by them (`authorColumn`), shared with their agency, shared with them by name, or shared
 * with them by a sharing decision in force.
 */
export function visibleTo(actor: Pick<Actor, 'id' | 'agencyId'>, alias: string, authorColumn: string, recordType: SharedRecordType): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const mirror = recordType === 'chronology-entry' ? { type: column('record_type'), id: column('record_id') } : undefined;
  // Assessment sections have no id of their own (their key is the assessment and the section): no decision names one.
  const decided = recordType === 'assessment-section' ? sql`false` : sharedByDecision(actor, recordType, column('id'), mirror);
  return sql<boolean>`(${column('sharing_level')} = 'network' or ${column(authorColumn)} = ${actor.id}
    or (${column('sharing_level')} = 'agency' and ${column('agency_id')} = ${actor.agencyId})
    or (${column('sharing_level')} = 'named' and ${actor.id}::uuid = any(${column('shared_with')}))
    or ${decided})`;
}

/**
 * The viewer may see the plan aliased `alias` (plans have two levels and no named sharing): shared with the network,
 * written by them, shared with their agency, or named by a sharing decision in force that names them among its
 * recipients. Every list and read of plans uses this one condition.
 */
export function planVisibleTo(actor: Pick<Actor, 'id' | 'agencyId'>, alias: string): RawBuilder<boolean> {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<boolean>`(${column('sharing_level')} = 'network' or ${column('created_by')} = ${actor.id}
    or (${column('sharing_level')} = 'agency' and ${column('agency_id')} = ${actor.agencyId})
    or ${sharedByDecision(actor, 'plan', column('id'))})`;
}
