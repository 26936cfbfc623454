// The entries a police disruption plan names (bedford-luton 11.9: disruption is planned against the perpetrators,
// places and vehicles), chosen from the register instead of written as free text, so that the board can count
// disruption per perpetrator. Exported for the plan's page.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { entityLabel } from '../../domain/intelligence/index.ts';
import { notFound } from '../../platform/web/errors.ts';
import { factsOf } from './service-facts.ts';
import { planTargetRows, visiblePlanRow } from './queries.ts';
import { isRecordId } from '../../platform/web/record-ids.ts';


/** A plan of this case the actor may see (as the plans pages decide: network, their own, or their agency's); 404 otherwise. */
export async function visiblePlan(db: Kysely<Database>, actor: Pick<Actor, 'id' | 'agencyId'>, caseId: string, planId: string) {
  if (!isRecordId(planId)) throw notFound('Plan');
  const plan = await visiblePlanRow(db, actor, caseId, planId);
  if (!plan) throw notFound('Plan');
  return plan;
}

/** The register entries a plan names, for someone who may see the plan. */
export async function planTargets(db: Kysely<Database>, actor: Pick<Actor, 'id' | 'agencyId'>, caseId: string, planId: string, now: Date = new Date()) {
  const plan = await visiblePlan(db, actor, caseId, planId);
  const rows = await planTargetRows(db, plan.id);
  return rows.map((r) => ({ entityId: r.entity_id, kind: r.kind, label: entityLabel(factsOf(r), now) }));
}
