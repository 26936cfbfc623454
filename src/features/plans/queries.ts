// All of the plans feature's SQL: plans as an actor may see them (their sharing level), their immutable versions,
// their actions and reviews, and the read model other pages use (the case overview shows the safety plan's latest
// version, cambridgeshire 5, 6). Every function takes the database or the caller's transaction first. A plan's
// actions live in the shared actions table, read and written as the meetings feature does (re-exported here).
import { sql } from 'kysely';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { planVisibleTo } from '../cases/queries-visibility.ts';
import { actionsFor } from '../meetings/queries.ts';
import { plansPaths } from './paths.ts';

export { activeAgencies, closeActions, insertAction, insertChronologyEntry, isActiveAgency, isActiveUser } from '../meetings/queries.ts';

type Db = Kysely<Database>;

export type SafetyPlanSummary = { id: string; version: number; savedAt: Date; href: string } | null;

/** The case's safety plan as this actor may see it (sharing level), or null when there is none they can see. */
export async function latestSafetyPlan(db: Db, actor: Actor, caseId: string): Promise<SafetyPlanSummary> {
  const row = await db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .select(['p.id', 'p.case_id', 'p.current_version', 'v.created_at'])
    .where('p.case_id', '=', caseId)
    .where('p.plan_type', '=', 'safety-plan')
    .where(planVisibleTo(actor, 'p'))
    .executeTakeFirst();
  return row ? { id: row.id, version: row.current_version, savedAt: row.created_at, href: plansPaths.plan(row.case_id, row.id) } : null;
}

/** What the plan rules and notifications need of the case (and its child). */
export async function caseFacts(db: Db, caseId: string) {
  return db
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.id', 'cases.reference', 'cases.child_id', 'cases.local_authority_id', 'cases.category', 'cases.lead_professional_id', 'children.date_of_birth', 'children.approximate_age', 'children.looked_after'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
}

/** Plans this actor may see: shared with the network, or with their own agency, or their own. */
const visiblePlans = (db: Db, actor: Actor) => db.selectFrom('plans as p').where(planVisibleTo(actor, 'p'));

/** One of the case's plans, if this actor may see it; locked for update when asked (inside the caller's transaction). */
export async function visiblePlan(db: Db, actor: Actor, caseId: string, planId: string, lock = false) {
  let query = visiblePlans(db, actor).selectAll('p').where('p.id', '=', planId).where('p.case_id', '=', caseId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** The case's plans this actor may see, oldest first, with who saved the latest version and when. */
export async function plansOfCase(db: Db, actor: Actor, caseId: string) {
  return visiblePlans(db, actor)
    .leftJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .leftJoin('users as author', 'author.id', 'v.author_id')
    .select(['p.id', 'p.plan_type', 'p.profile_id', 'p.sharing_level', 'p.current_version', 'p.created_at', 'v.created_at as saved_at', 'author.display_name as author_name'])
    .where('p.case_id', '=', caseId)
    .orderBy('p.created_at')
    .execute();
}

/** Holds, until the caller's transaction ends, any other start of this type of plan on this case. */
export async function lockPlanType(trx: Transaction<Database>, caseId: string, planType: string) {
  await sql`select pg_advisory_xact_lock(hashtext(${`plan:${caseId}:${planType}`}))`.execute(trx);
}

export async function planOfType(db: Db, caseId: string, planType: string) {
  return db.selectFrom('plans').select('id').where('case_id', '=', caseId).where('plan_type', '=', planType).executeTakeFirst();
}

export async function insertPlan(trx: Transaction<Database>, values: Insertable<Database['plans']>) {
  return trx.insertInto('plans').values(values).returning(['id', 'case_id', 'child_id', 'sharing_level', 'agency_id', 'plan_type', 'kind']).executeTakeFirstOrThrow();
}

/** A new version, which becomes the plan's current one. */
export async function insertVersion(trx: Transaction<Database>, row: Insertable<Database['plan_versions']>) {
  await trx.insertInto('plan_versions').values(row).execute();
  await trx.updateTable('plans').set({ current_version: row.version, updated_at: row.created_at }).where('id', '=', row.plan_id).execute();
}

/** One version's content, with who saved it. */
export async function versionWithAuthor(db: Db, planId: string, version: number) {
  return db.selectFrom('plan_versions as v').innerJoin('users', 'users.id', 'v.author_id').select(['v.version', 'v.content', 'v.created_at', 'users.display_name']).where('v.plan_id', '=', planId).where('v.version', '=', version).executeTakeFirstOrThrow();
}

export async function versionContent(db: Db, planId: string, version: number) {
  return db.selectFrom('plan_versions').select('content').where('plan_id', '=', planId).where('version', '=', version).executeTakeFirst();
}

/** One version as the plan page shows it, with its author and their agency. */
export async function versionForPage(db: Db, planId: string, version: number) {
  return db.selectFrom('plan_versions as v').innerJoin('users', 'users.id', 'v.author_id').innerJoin('agencies', 'agencies.id', 'v.agency_id').select(['v.version', 'v.content', 'v.created_at', 'users.display_name as author_name', 'agencies.name as agency_name']).where('v.plan_id', '=', planId).where('v.version', '=', version).executeTakeFirst();
}

/** Every version, newest first, without its content (but with its change note). */
export async function versionHistory(db: Db, planId: string) {
  return db
    .selectFrom('plan_versions as v')
    .innerJoin('users', 'users.id', 'v.author_id')
    .select(['v.version', 'v.created_at', 'users.display_name as author_name', sql<string | null>`v.content->>'changeNote'`.as('change_note')])
    .where('v.plan_id', '=', planId)
    .orderBy('v.version', 'desc')
    .execute();
}

/** The case's actions that came from this plan (or were moved to it), open ones first. */
export async function planActions(db: Db, caseId: string, planId: string) {
  return actionsFor(db, { caseId, sourceId: planId });
}

/** The plan's open actions, in the order the review form lists them. */
export async function openActionsOfPlan(db: Db, planId: string) {
  return db.selectFrom('actions').select(['id', 'title', 'due_date', 'desired_outcome']).where('source_type', '=', 'plan').where('source_id', '=', planId).where('status', '=', 'open').orderBy('due_date').orderBy('created_at').orderBy('id').execute();
}

/** The plan's open actions' ids, in the review form's order, locked for the caller's transaction. */
export async function openActionIdsForUpdate(trx: Transaction<Database>, planId: string) {
  return trx.selectFrom('actions').select('id').where('source_type', '=', 'plan').where('source_id', '=', planId).where('status', '=', 'open').orderBy('due_date').orderBy('created_at').orderBy('id').forUpdate().execute();
}

/** Is this action one of the plan's, on this case? */
export async function isActionOfPlan(db: Db, caseId: string, planId: string, actionId: string) {
  return Boolean(await db.selectFrom('actions').select('id').where('id', '=', actionId).where('case_id', '=', caseId).where('source_type', '=', 'plan').where('source_id', '=', planId).executeTakeFirst());
}

/** The plan's reviews, newest first, with who reviewed it. */
export async function reviewsOf(db: Db, planId: string) {
  return db
    .selectFrom('plan_reviews as r')
    .innerJoin('users', 'users.id', 'r.reviewer_id')
    .select(['r.id', 'r.plan_version', 'r.reviewed_at', 'r.overall_note', 'users.display_name as reviewer_name'])
    .where('r.plan_id', '=', planId)
    .orderBy('r.reviewed_at', 'desc')
    .execute();
}

/** What each of these reviews said of each action. */
export async function reviewItemsOf(db: Db, reviewIds: readonly string[]) {
  return reviewIds.length
    ? db.selectFrom('plan_review_items as i').innerJoin('actions', 'actions.id', 'i.action_id').select(['i.review_id', 'i.action_id', 'i.status', 'i.progress_note', 'actions.title']).where('i.review_id', 'in', [...reviewIds]).execute()
    : [];
}

export async function insertReview(trx: Transaction<Database>, row: Insertable<Database['plan_reviews']>) {
  return trx.insertInto('plan_reviews').values(row).returning('id').executeTakeFirstOrThrow();
}

export async function insertReviewItem(trx: Transaction<Database>, row: Insertable<Database['plan_review_items']>) {
  await trx.insertInto('plan_review_items').values(row).execute();
}
