// All of the SQL of ending a plan. The plan as an actor may see it, closing actions and the chronology entry are
// read and written as the plans feature does (re-exported here).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { PlanEndReason } from '../../domain/plans/ending.ts';

export { closeActions, insertChronologyEntry, visiblePlan } from '../plans/queries.ts';

type Db = Kysely<Database>;

/** The case's other plans that have not ended, oldest first: where an action may move. */
export async function otherOpenPlans(db: Db, caseId: string, planId: string) {
  return db.selectFrom('plans').select(['id', 'plan_type', 'profile_id']).where('case_id', '=', caseId).where('id', '<>', planId).where('ended_at', 'is', null).orderBy('created_at').execute();
}

/** The plan's open actions, by due date, as the form lists them. */
export async function openActionsOfPlan(db: Db, planId: string) {
  return db.selectFrom('actions').select(['id', 'title', 'due_date']).where('source_type', '=', 'plan').where('source_id', '=', planId).where('status', '=', 'open').orderBy('due_date').orderBy('id').execute();
}

export async function planForUpdate(trx: Transaction<Database>, planId: string) {
  return trx.selectFrom('plans').selectAll().where('id', '=', planId).forUpdate().executeTakeFirstOrThrow();
}

/** The plan's open actions, locked for the caller's transaction. */
export async function openActionsForUpdate(trx: Transaction<Database>, planId: string) {
  return trx.selectFrom('actions').select(['id', 'title']).where('source_type', '=', 'plan').where('source_id', '=', planId).where('status', '=', 'open').forUpdate().execute();
}

/** Moves actions to the next plan, remembering the plan they came from. */
export async function moveActions(trx: Transaction<Database>, actionIds: readonly string[], fromPlanId: string, toPlanId: string) {
  await trx.updateTable('actions').set((eb) => ({ source_id: toPlanId, carried_from_type: 'plan', carried_from_id: fromPlanId, version: eb('version', '+', 1) })).where('id', 'in', [...actionIds]).execute();
}

export async function endPlan(trx: Transaction<Database>, planId: string, ending: { endedBy: string; reasonCode: PlanEndReason; reason: string; nextPlanId: string | null; at: Date }) {
  await trx.updateTable('plans').set({ ended_at: ending.at, ended_by: ending.endedBy, end_reason_code: ending.reasonCode, end_reason: ending.reason, next_plan_id: ending.nextPlanId, updated_at: ending.at }).where('id', '=', planId).execute();
}
