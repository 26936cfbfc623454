// Break-glass uses' SQL: a use with its case and the people involved, the coordinators told of a use, and the review.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';

/** A use with its case and the people involved, for the review page and the queue. */
export function breakGlassUses(executor: Kysely<Database>) {
  return executor
    .selectFrom('break_glass_grants as g')
    .innerJoin('cases as k', 'k.id', 'g.case_id')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .leftJoin('users as r', 'r.id', 'g.reviewed_by')
    .select([
      'g.id', 'g.case_id', 'g.user_id', 'g.reason', 'g.granted_at', 'g.expires_at', 'g.reviewed_at', 'g.justified', 'g.review_note', 'g.version',
      'k.reference', 'k.child_id', 'k.manager_id', 'k.local_authority_id',
      'u.display_name as used_by_name', 'u.job_title as used_by_job_title', 'a.name as used_by_agency', 'r.display_name as reviewed_by_name',
    ]);
}

export function breakGlassUse(db: Kysely<Database>, grantId: string) {
  return breakGlassUses(db).where('g.id', '=', grantId).executeTakeFirst();
}

/** Unreviewed uses this person reviews (as the case's manager, or as the area's coordinator of a case without one), oldest first. */
export function unreviewedUsesFor(db: Kysely<Database>, actorId: string, coordinatorOf: string | null, limit: number) {
  return breakGlassUses(db)
    .where('g.reviewed_at', 'is', null)
    .where('g.user_id', '<>', actorId)
    .where((eb) => eb.or([eb('k.manager_id', '=', actorId), ...(coordinatorOf ? [eb.and([eb('k.manager_id', 'is', null), eb('k.local_authority_id', '=', coordinatorOf)])] : [])]))
    .orderBy('g.granted_at')
    .limit(limit)
    .execute();
}

export function breakGlassUsesOfCase(db: Kysely<Database>, caseId: string) {
  return breakGlassUses(db).where('g.case_id', '=', caseId).orderBy('g.granted_at', 'desc').execute();
}

/** The active CSE coordinators of the authority, except the person who broke the glass. */
export function otherActiveCoordinators(trx: Kysely<Database>, localAuthorityId: string, exceptUserId: string) {
  return trx
    .selectFrom('users')
    .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
    .select('users.id')
    .where('user_roles.role', '=', 'cse-coordinator')
    .where('users.local_authority_id', '=', localAuthorityId)
    .where('users.active', '=', true)
    .where('users.id', '<>', exceptUserId)
    .execute();
}

export function lockBreakGlassUse(trx: Kysely<Database>, grantId: string) {
  return trx.selectFrom('break_glass_grants as g').innerJoin('cases as k', 'k.id', 'g.case_id').select(['g.id', 'g.user_id', 'g.version', 'g.reviewed_at', 'g.case_id', 'k.child_id', 'k.manager_id', 'k.local_authority_id']).where('g.id', '=', grantId).forUpdate().executeTakeFirst();
}

export async function markReviewed(trx: Kysely<Database>, use: { id: string; version: number }, review: { at: Date; reviewerId: string; justified: boolean; note: string }) {
  await trx
    .updateTable('break_glass_grants')
    .set({ reviewed_at: review.at, reviewed_by: review.reviewerId, justified: review.justified, review_note: review.note, version: use.version + 1 })
    .where('id', '=', use.id)
    .execute();
}
