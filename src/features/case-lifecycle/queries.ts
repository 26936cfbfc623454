// All of the SQL of closing, reopening and the review at 18: the case locked for its lifecycle, its lifecycle
// history, what closing ends, and the work list's prompt for the review at 18 (issue 15). Every function takes the
// database or the transaction first; the service decides and audits, these only read and write.
import { sql } from 'kysely';
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CaseLifecycleEventsTable, CasesTable, ChronologyEntriesTable, Database } from '../../platform/database/schema.ts';
import { eighteenFacts, reviewPrompted } from '../../domain/case-lifecycle/eighteen.ts';
import { addMonthsClamped } from '../../domain/clock/index.ts';
import { childName } from '../../platform/web/child-name.ts';
import { eighteenReviewPath } from './paths.ts';

/**
 * The work list's prompt for the review at 18: the area's open cases of children whose 18th birthday is less than 3
 * months away (or past) and whose review is not yet recorded. The database narrows to children of 17 and over; the
 * pure rule (reviewPrompted) decides exactly, 29 February and short months included.
 */
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

type Db = Kysely<Database>;

// ---- The case and what closing it ends ---------------------------------------------------------------------------------

function lockCaseQuery(trx: Db, caseId: string) {
  return trx
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.id', 'cases.reference', 'cases.child_id', 'cases.local_authority_id', 'cases.status', 'cases.category', 'cases.closed_at', 'cases.version', 'cases.lead_professional_id', 'cases.manager_id', 'children.date_of_birth', 'children.care_leaver', 'children.looked_after'])
    .where('cases.id', '=', caseId)
    .forUpdate('cases');
}

/** The case with what its lifecycle rules ask of its child, locked for the rest of the transaction. */
export const lockCase = (trx: Db, caseId: string) => lockCaseQuery(trx, caseId).executeTakeFirst();

/** As lockCase, for a case known to exist. */
export const lockFoundCase = (trx: Db, caseId: string) => lockCaseQuery(trx, caseId).executeTakeFirstOrThrow();

export type LockedCase = NonNullable<Awaited<ReturnType<typeof lockCase>>>;

/** The child's most recently closed case. */
export const latestClosedCaseOf = (trx: Db, childId: string) => trx.selectFrom('cases').select('id').where('child_id', '=', childId).where('status', '=', 'closed').orderBy('closed_at', 'desc').executeTakeFirst();

export const lastClosure = (trx: Db, caseId: string) =>
  trx.selectFrom('case_lifecycle_events').select(['reason_code', 'decided_at']).where('case_id', '=', caseId).where('kind', '=', 'closed').orderBy('decided_at', 'desc').executeTakeFirst();

export const openPlanIds = async (trx: Db, caseId: string) =>
  (await trx.selectFrom('plans').select('id').where('case_id', '=', caseId).where('ended_at', 'is', null).orderBy('created_at').execute()).map((p) => p.id);

/** The case's network now, by user id. */
export const networkUserIds = async (trx: Db, caseId: string) =>
  (await trx.selectFrom('case_network').select('user_id').where('case_id', '=', caseId).where('removed_at', 'is', null).execute()).map((r) => r.user_id);

/** The convened meetings about this case that are about no other child whose case is open, soonest first. */
export const convenedMeetingsAboutOnly = (trx: Db, caseId: string) =>
  trx
    .selectFrom('meetings')
    .innerJoin('meeting_cases', 'meeting_cases.meeting_id', 'meetings.id')
    .select('meetings.id')
    .where('meeting_cases.case_id', '=', caseId)
    .where('meetings.status', '=', 'convened')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('meeting_cases as other').innerJoin('cases as oc', 'oc.id', 'other.case_id').select('other.case_id').whereRef('other.meeting_id', '=', 'meetings.id').where('other.case_id', '<>', caseId).where('oc.status', '=', 'open'))),
    )
    .orderBy('meetings.scheduled_at')
    .execute();

export const endPlans = (trx: Db, planIds: readonly string[], end: { at: Date; by: string; reason: string }) =>
  trx.updateTable('plans').set({ ended_at: end.at, ended_by: end.by, end_reason_code: 'case-closed', end_reason: end.reason, updated_at: end.at }).where('id', 'in', planIds).execute();

/** Cancels every action still open on the case, answering which. */
export const cancelOpenActions = (trx: Db, caseId: string, cancel: { at: Date; by: string; note: string }) =>
  trx
    .updateTable('actions')
    .set((eb) => ({ status: 'cancelled', completed_at: cancel.at, completed_by: cancel.by, resolution_note: cancel.note, version: eb('version', '+', 1) }))
    .where('case_id', '=', caseId)
    .where('status', '=', 'open')
    .returning('id')
    .execute();

export const updateCase = (trx: Db, caseId: string, values: Updateable<CasesTable>) => trx.updateTable('cases').set(values).where('id', '=', caseId).execute();

export const insertLifecycleEvent = (trx: Db, values: Insertable<CaseLifecycleEventsTable>) => trx.insertInto('case_lifecycle_events').values(values).returning('id').executeTakeFirstOrThrow();

export const insertChronologyEntry = (trx: Db, values: Insertable<ChronologyEntriesTable>) => trx.insertInto('chronology_entries').values(values).execute();

// ---- What the lifecycle page shows -------------------------------------------------------------------------------------

/** The case's closures, reopenings and reviews at 18, newest first, with who decided and the concern that reopened. */
export const lifecycleHistory = (db: Db, caseId: string) =>
  db
    .selectFrom('case_lifecycle_events as e')
    .leftJoin('users', 'users.id', 'e.decided_by')
    .leftJoin('contacts', 'contacts.id', 'e.contact_id')
    .selectAll('e')
    .select(['users.display_name as decided_by_name', 'contacts.reference as contact_reference'])
    .where('e.case_id', '=', caseId)
    .orderBy('e.decided_at', 'desc')
    .execute();

export const caseLifecycleFacts = (db: Db, caseId: string) =>
  db
    .selectFrom('cases')
    .innerJoin('children', 'children.id', 'cases.child_id')
    .select(['cases.status', 'cases.closed_at', 'cases.version', 'cases.category', 'children.date_of_birth', 'children.care_leaver', 'children.looked_after'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();

export const openPlans = (db: Db, caseId: string) => db.selectFrom('plans').select(['id', 'plan_type']).where('case_id', '=', caseId).where('ended_at', 'is', null).execute();

export const openActionCount = async (db: Db, caseId: string) =>
  Number((await db.selectFrom('actions').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).where('status', '=', 'open').executeTakeFirstOrThrow()).n);

export const runningClockCount = async (db: Db, caseId: string) =>
  Number((await db.selectFrom('clocks').select((eb) => eb.fn.countAll<number>().as('n')).where('case_id', '=', caseId).where('stopped_at', 'is', null).executeTakeFirstOrThrow()).n);
