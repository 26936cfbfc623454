// Ending a plan (issue 15): with a reason, each open action closed with it or moved to the next plan, in one
// transaction with the chronology entry and the audit row. The plan's version is checked, so a plan saved since the
// form was opened is not ended unseen. Callers have opened the case through openCasePage.
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { PLAN_END_REASONS, planEndRefusals } from '../../domain/plans/ending.ts';
import type { PlanEndReason } from '../../domain/plans/ending.ts';
import { planTypeOf, planWriteRefusal } from '../../domain/plans/plan-types.ts';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/audit-trail.ts';
import type { AuditContext } from '../audit/audit-trail.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { PlanRefused, StalePlan } from './plan-service.ts';
import { planVisibleTo } from '../cases/visible-to.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const endPlanSchema = z
  .object({
    planVersion: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
    reasonCode: z.preprocess(blankToUndefined, z.string().max(40).optional()),
    reason: z.preprocess(blankToUndefined, z.string().trim().max(4_000, 'Must be 4,000 characters or fewer').optional()),
    nextPlanId: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  })
  .catchall(z.unknown());
export type EndPlanInput = z.infer<typeof endPlanSchema>;

export function createPlanEnding(services: Services) {
  const { db, profiles } = services;

  async function visiblePlan(actor: Actor, caseId: string, planId: string) {
    if (!UUID.test(planId)) throw notFound('Plan');
    const plan = await db
      .selectFrom('plans as p')
      .selectAll('p')
      .where('p.id', '=', planId)
      .where('p.case_id', '=', caseId)
      .where(planVisibleTo(actor, 'p'))
      .executeTakeFirst();
    if (!plan) throw notFound('Plan');
    return plan;
  }

  async function otherOpenPlans(caseId: string, planId: string) {
    const rows = await db.selectFrom('plans').select(['id', 'plan_type', 'profile_id']).where('case_id', '=', caseId).where('id', '<>', planId).where('ended_at', 'is', null).orderBy('created_at').execute();
    return rows.map((p) => ({ id: p.id, label: planTypeOf(profiles.byId(p.profile_id), p.plan_type)?.label ?? p.plan_type }));
  }

  const openActions = (planId: string) => db.selectFrom('actions').select(['id', 'title', 'due_date']).where('source_type', '=', 'plan').where('source_id', '=', planId).where('status', '=', 'open').orderBy('due_date').orderBy('id').execute();

  return {
    async form(actor: Actor, caseId: string, planId: string) {
      const plan = await visiblePlan(actor, caseId, planId);
      const type = planTypeOf(profiles.byId(plan.profile_id), plan.plan_type);
      return { plan, label: type?.label ?? plan.plan_type, actions: await openActions(plan.id), nextPlans: await otherOpenPlans(caseId, plan.id) };
    },

    async end(actor: Actor, kase: CaseHeader, basis: AccessBasis, planId: string, input: EndPlanInput, audit: AuditContext) {
      const at = services.now();
      const found = await visiblePlan(actor, kase.id, planId);
      const type = planTypeOf(profiles.byId(found.profile_id), found.plan_type);
      if (!type) throw notFound('Plan type');
      const refusal = planWriteRefusal({ kind: type.kind, roles: actor.roles, basis });
      if (refusal) {
        await recordAudit(db, audit, { action: 'plan.ended', entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: 'plan-writer-refused', planType: type.id, basis } });
        throw forbidden(refusal);
      }
      return db.transaction().execute(async (trx) => {
        const plan = await trx.selectFrom('plans').selectAll().where('id', '=', found.id).forUpdate().executeTakeFirstOrThrow();
        if (plan.current_version !== input.planVersion && !plan.ended_at) throw new StalePlan(`Version ${plan.current_version} of this plan was saved after you opened version ${input.planVersion}. Nothing was ended: check the plan and its actions, then end it again.`, plan.current_version);
        const actions = await trx.selectFrom('actions').select(['id', 'title']).where('source_type', '=', 'plan').where('source_id', '=', plan.id).where('status', '=', 'open').forUpdate().execute();
        const others = (await trx.selectFrom('plans').select('id').where('case_id', '=', kase.id).where('id', '<>', plan.id).where('ended_at', 'is', null).execute()).map((p) => p.id);
        const dispositions = Object.fromEntries(actions.map((a) => [a.id, typeof input[`action-${a.id}`] === 'string' ? (input[`action-${a.id}`] as string) : undefined]));
        const refusals = planEndRefusals({ ended: plan.ended_at !== null, reasonCode: input.reasonCode, reason: input.reason, openActionIds: actions.map((a) => a.id), dispositions, nextPlanId: input.nextPlanId, otherOpenPlanIds: others });
        if (refusals.length) throw new PlanRefused(refusals);
        const reasonCode = input.reasonCode as PlanEndReason;
        const moved = actions.filter((a) => dispositions[a.id] === 'move');
        const closed = actions.filter((a) => dispositions[a.id] === 'close');
        if (closed.length) {
          await trx.updateTable('actions').set((eb) => ({ status: 'cancelled', completed_at: at, completed_by: actor.id, resolution_note: `Closed with the plan: ${PLAN_END_REASONS[reasonCode]}`, version: eb('version', '+', 1) })).where('id', 'in', closed.map((a) => a.id)).execute();
        }
        if (moved.length) {
          await trx.updateTable('actions').set((eb) => ({ source_id: input.nextPlanId!, carried_from_type: 'plan', carried_from_id: plan.id, version: eb('version', '+', 1) })).where('id', 'in', moved.map((a) => a.id)).execute();
        }
        await trx.updateTable('plans').set({ ended_at: at, ended_by: actor.id, end_reason_code: reasonCode, end_reason: input.reason!, next_plan_id: input.nextPlanId ?? null, updated_at: at }).where('id', '=', plan.id).execute();
        const summary = `${PLAN_END_REASONS[reasonCode]}. ${input.reason} ${closed.length} ${closed.length === 1 ? 'action' : 'actions'} closed with it, ${moved.length} moved to the next plan.`;
        await trx
          .insertInto('chronology_entries')
          .values({ child_id: plan.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'plan', title: `${type.label} ended`.slice(0, 300), summary: summary.slice(0, 2000), agency_id: plan.agency_id, author_id: actor.id, sharing_level: plan.sharing_level, record_type: 'plan', record_id: plan.id })
          .execute();
        await recordAudit(trx, audit, { action: 'plan.ended', entityType: 'plan', entityId: plan.id, childId: plan.child_id, details: { caseId: kase.id, reasonCode, actionsClosed: closed.length, actionsMoved: moved.length, nextPlanId: input.nextPlanId ?? null } });
        return { closed: closed.length, moved: moved.length };
      });
    },
  };
}
