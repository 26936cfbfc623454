// The work list's prompt for the review at 18 (issue 15): the area's open cases of children whose 18th birthday is
// less than 3 months away (or past) and whose review is not yet recorded. The database narrows to children of 17
// and over; the pure rule (reviewPrompted) decides exactly, 29 February and short months included.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { eighteenFacts, reviewPrompted } from '../../domain/case-lifecycle/eighteen.ts';
import { addMonthsClamped } from '../../domain/clock/index.ts';
import { childName } from '../../platform/web/child-name.ts';
import { eighteenReviewPath } from './paths.ts';

export async function eighteenReviewsDue(db: Kysely<Database>, localAuthorityId: string, today: string, limit = 50) {
  const rows = await db
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.id', 'cases.reference', 'children.given_name', 'children.family_name', 'children.known_as', 'children.date_of_birth', 'children.care_leaver', 'children.looked_after'])
    .where('cases.local_authority_id', '=', localAuthorityId)
    .where('cases.status', '=', 'open')
    .where('children.date_of_birth', 'is not', null)
    .where('children.date_of_birth', '<=', addMonthsClamped(today, -17 * 12))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('case_lifecycle_events as e').select(sql`1`.as('x')).whereRef('e.case_id', '=', 'cases.id').where('e.kind', '=', 'eighteen-review'))))
    .orderBy('children.date_of_birth')
    .limit(limit)
    .execute();
  return rows
    .filter((r) => reviewPrompted(r.date_of_birth, today, false))
    .map((r) => ({ ...r, childName: childName(r), href: eighteenReviewPath(r.id), ...eighteenFacts(r.date_of_birth!, r.care_leaver || r.looked_after, today) }));
}

/** Of these cases, those whose review at 18 is due (for a person's own work list): one query for the reviewed ones. */
export async function eighteenReviewDueIds(db: Kysely<Database>, cases: readonly { id: string; date_of_birth: string | null }[], today: string): Promise<Set<string>> {
  const candidates = cases.filter((c) => reviewPrompted(c.date_of_birth, today, false));
  if (!candidates.length) return new Set();
  const reviewed = new Set((await db.selectFrom('case_lifecycle_events').select('case_id').where('kind', '=', 'eighteen-review').where('case_id', 'in', candidates.map((c) => c.id)).execute()).map((r) => r.case_id));
  return new Set(candidates.filter((c) => !reviewed.has(c.id)).map((c) => c.id));
}
