// Read models other pages use: the case overview shows the safety plan's latest version (cambridgeshire 5, 6).
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import { planVisibleTo } from '../cases/visible-to.ts';

export type SafetyPlanSummary = { id: string; version: number; savedAt: Date; href: string } | null;

/** The case's safety plan as this actor may see it (sharing level), or null when there is none they can see. */
export async function latestSafetyPlan(db: Kysely<Database>, actor: Actor, caseId: string): Promise<SafetyPlanSummary> {
  const row = await db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .select(['p.id', 'p.case_id', 'p.current_version', 'v.created_at'])
    .where('p.case_id', '=', caseId)
    .where('p.plan_type', '=', 'safety-plan')
    .where(planVisibleTo(actor, 'p'))
    .executeTakeFirst();
  return row ? { id: row.id, version: row.current_version, savedAt: row.created_at, href: `/cases/${row.case_id}/plans/${row.id}` } : null;
}
