// Ending a plan (issue 15): with a reason, each open action closed with it or moved to the next plan, in one
// transaction with the chronology entry and the audit row. The plan's version is checked, so a plan saved since the
// form was opened is not ended unseen. Callers have opened the case through openCasePage. All SQL is in queries.ts.
import type { Services } from '../../services.ts';
import type { Actor, AccessBasis } from '../../domain/access/access.ts';
import { PLAN_END_REASONS, planEndRefusals } from '../../domain/plans/ending.ts';
import type { PlanEndReason } from '../../domain/plans/ending.ts';
import { planTypeOf, planWriteRefusal } from '../../domain/plans/plan-types.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { PlanRefused, StalePlan } from '../plans/service.ts';
import { closeActions, endPlan, insertChronologyEntry, moveActions, openActionsForUpdate, openActionsOfPlan, otherOpenPlans, planForUpdate, visiblePlan } from './queries.ts';
import type { EndPlanInput } from './schemas.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


export function createPlanEnding(services: Services) {
  const { db, profiles } = services;

  async function planOf(actor: Actor, caseId: string, planId: string) {
    if (!isRecordId(planId)) throw notFound('Plan');
    const plan = await visiblePlan(db, actor, caseId, planId);
    if (!plan) throw notFound('Plan');
    return plan;
  }

  async function nextPlans(caseId: string, planId: string) {
    const rows = await otherOpenPlans(db, caseId, planId);
    return rows.map((p) => ({ id: p.id, label: planTypeOf(profiles.byId(p.profile_id), p.plan_type)?.label ?? p.plan_type }));
  }

  return {
    async form(actor: Actor, caseId: string, planId: string) {
      const plan = await planOf(actor, caseId, planId);
      const type = planTypeOf(profiles.byId(plan.profile_id), plan.plan_type);
      return { plan, label: type?.label ?? plan.plan_type, actions: await openActionsOfPlan(db, plan.id), nextPlans: await nextPlans(caseId, plan.id) };
    },

    async end(actor: Actor, kase: CaseHeader, basis: AccessBasis, planId: string, input: EndPlanInput, audit: AuditContext) {
      const at = services.now();
      const found = await planOf(actor, kase.id, planId);
      const type = planTypeOf(profiles.byId(found.profile_id), found.plan_type);
      if (!type) throw notFound('Plan type');
      const refusal = planWriteRefusal({ kind: type.kind, roles: actor.roles, basis });
      if (refusal) {
        await recordAudit(db, audit, { action: 'plan.ended', entityType: 'case', entityId: kase.id, childId: kase.childId, outcome: 'denied', details: { code: 'plan-writer-refused', planType: type.id, basis } });
        throw forbidden(refusal);
      }
      return db.transaction().execute(async (trx) => {
        const plan = await planForUpdate(trx, found.id);
        if (plan.current_version !== input.planVersion && !plan.ended_at) throw new StalePlan(`Version ${plan.current_version} of this plan was saved after you opened version ${input.planVersion}. Nothing was ended: check the plan and its actions, then end it again.`, plan.current_version);
        const actions = await openActionsForUpdate(trx, plan.id);
        const others = (await otherOpenPlans(trx, kase.id, plan.id)).map((p) => p.id);
        const dispositions = Object.fromEntries(actions.map((a) => [a.id, typeof input[`action-${a.id}`] === 'string' ? (input[`action-${a.id}`] as string) : undefined]));
        const refusals = planEndRefusals({ ended: plan.ended_at !== null, reasonCode: input.reasonCode, reason: input.reason, openActionIds: actions.map((a) => a.id), dispositions, nextPlanId: input.nextPlanId, otherOpenPlanIds: others });
        if (refusals.length) throw new PlanRefused(refusals);
        const reasonCode = input.reasonCode as PlanEndReason;
        const moved = actions.filter((a) => dispositions[a.id] === 'move');
        const closed = actions.filter((a) => dispositions[a.id] === 'close');
        if (closed.length) await closeActions(trx, closed.map((a) => a.id), actor.id, `Closed with the plan: ${PLAN_END_REASONS[reasonCode]}`, at);
        if (moved.length) await moveActions(trx, moved.map((a) => a.id), plan.id, input.nextPlanId!);
        await endPlan(trx, plan.id, { endedBy: actor.id, reasonCode, reason: input.reason!, nextPlanId: input.nextPlanId ?? null, at });
        const summary = `${PLAN_END_REASONS[reasonCode]}. ${input.reason} ${closed.length} ${closed.length === 1 ? 'action' : 'actions'} closed with it, ${moved.length} moved to the next plan.`;
        await insertChronologyEntry(trx, { child_id: plan.child_id, case_id: kase.id, occurred_at: at, recorded_at: at, kind: 'plan', title: `${type.label} ended`.slice(0, 300), summary: summary.slice(0, 2000), agency_id: plan.agency_id, author_id: actor.id, sharing_level: plan.sharing_level, record_type: 'plan', record_id: plan.id });
        await recordAudit(trx, audit, { action: 'plan.ended', entityType: 'plan', entityId: plan.id, childId: plan.child_id, details: { caseId: kase.id, reasonCode, actionsClosed: closed.length, actionsMoved: moved.length, nextPlanId: input.nextPlanId ?? null } });
        return { closed: closed.length, moved: moved.length };
      });
    },
  };
}
