// A whole case summary shared by an information-sharing decision (issue 13; bedford-luton 5.7): the people a decision
// in force names (by name or by agency) read one page of the case, through the case gate with the narrow, read-only
// basis 'shared-summary' (src/domain/access/access.ts), audited as a read of the child's record. It holds the child's
// identity, the current category, the headlines of plans shared with the whole network (never an agency-only plan,
// nor any entry's content) and the case network. When consent is withdrawn the decision is no longer in force and the
// gate refuses the page on the next read.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Actor } from '../../domain/access/access.ts';
import type { ProfileRegistry } from '../profiles/service.ts';
import { planTypeOf } from '../../domain/plans/plan-types.ts';
import type { AuditContext } from '../audit/service.ts';
import { readCase } from '../case-access/service.ts';
import { sharedSummaryFacts } from './queries.ts';

export async function readSharedSummary(deps: { db: Kysely<Database>; profiles: ProfileRegistry; now: () => Date }, actor: Actor, caseId: string, audit: AuditContext) {
  const { db } = deps;
  const { kase, decision } = await readCase(db, actor, caseId, audit, 'case.shared-summary', deps.now());
  const { child, header, plans, network } = await sharedSummaryFacts(db, kase);
  const profile = deps.profiles.byId(header.profile_id);
  return {
    kase,
    basis: decision.basis,
    child,
    header,
    plans: plans.map((p) => ({ ...p, label: planTypeOf(profile, p.plan_type)?.label ?? p.plan_type })),
    network,
  };
}
