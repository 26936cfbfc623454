// Disruption actions counted per perpetrator (bedford-luton 11.9: the board counts disruptions), for the board
// statistics. Counts and register references only: no names, so a board figure carries no personal data. A
// perpetrator is a person of concern; an action recorded against a place or vehicle they are linked to (closure
// of the flat they use) is counted for them too, once, as "through a linked entry".
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { DISRUPTION_KINDS } from '../../domain/intelligence/index.ts';
import type { DisruptionKind } from '../../domain/intelligence/index.ts';
import { disruptionsReached } from './queries.ts';

export type DisruptionCount = {
  /** The person of concern's register reference (never their name). */
  entityId: string;
  /** Actions recorded against the person themselves, by kind. */
  byKind: Record<DisruptionKind, number>;
  /** Actions against the person. */
  direct: number;
  /** Actions against an entry the person is linked to (a car they drive, premises they use). */
  throughLinkedEntries: number;
  total: number;
};

export type DisruptionCountOptions = {
  /** Only actions taken on or after this date (YYYY-MM-DD). */
  from?: string;
  /** Only actions taken on or before this date (YYYY-MM-DD). */
  to?: string;
  /** Only persons linked (by a current link) to a child's case in this local authority. */
  localAuthorityId?: string;
};

/** Disruption actions per person of concern, most disrupted first; persons with none are left out. */
export async function disruptionCountsByPerson(db: Kysely<Database>, options: DisruptionCountOptions = {}): Promise<DisruptionCount[]> {
  const from = options.from ?? '0001-01-01';
  const to = options.to ?? '9999-12-31';
  const rows = await disruptionsReached(db, from, to, options.localAuthorityId);
  const out = new Map<string, DisruptionCount>();
  for (const r of rows.rows) {
    const c = out.get(r.entity_id) ?? { entityId: r.entity_id, byKind: Object.fromEntries(DISRUPTION_KINDS.map((k) => [k, 0])) as Record<DisruptionKind, number>, direct: 0, throughLinkedEntries: 0, total: 0 };
    if (r.direct) {
      c.byKind[r.kind] += r.n;
      c.direct += r.n;
    } else c.throughLinkedEntries += r.n;
    c.total = c.direct + c.throughLinkedEntries;
    out.set(r.entity_id, c);
  }
  return [...out.values()].sort((a, b) => b.total - a.total || a.entityId.localeCompare(b.entityId));
}
