// What the Risk page's use cases share: the names a procedure profile gives the CSE lead and meeting, the child's
// age band, the case write gate inside each change's transaction, who may contribute or decide, the suggested
// category and who may refer to the CSE lead.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import type { Services } from '../../services.ts';
import type { AccessBasis, Actor } from '../../domain/access/access.ts';
import { hasRole } from '../../domain/access/access.ts';
import { londonInstant } from '../../domain/clock/index.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import type { Profile } from '../../domain/profiles/schema.ts';
import { suggestCategory } from '../../domain/risk/suggest.ts';
import { ageBand } from '../../domain/risk/age-rules.ts';
import type { AgeBand } from '../../domain/risk/age-rules.ts';
import { mayReferToCse } from '../../domain/risk/cse-referral.ts';
import type { CseReferralPermission } from '../../domain/risk/cse-referral.ts';
import { forbidden } from '../../platform/web/errors.ts';
import type { AuditContext } from '../audit/service.ts';
import { caseWrite, writeCase } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { agencyOf, visibleObservations } from './queries.ts';


export function cseLeadLabel(profile: Profile): string {
  return isSilent(profile.vocabulary.cseLeadRole) ? 'CSE coordinator' : profile.vocabulary.cseLeadRole.label;
}
export function cseMeetingLabel(profile: Profile): string {
  return isSilent(profile.vocabulary.cseMeetingName) ? 'CSE meeting' : profile.vocabulary.cseMeetingName.label;
}

export function childAgeBand(child: { date_of_birth: string | null; approximate_age: number | null }, at: Date): AgeBand | null {
  if (child.date_of_birth) return ageBand(child.date_of_birth, at);
  if (child.approximate_age !== null) return ageBand(child.approximate_age, at);
  return null;
}

export function createRiskCommon(services: Services) {
  const { db, profiles, now } = services;

  /** Recording needs a working relationship with the case: the network, a meeting invitation or an area role. */
  function requireContributor(basis: AccessBasis) {
    if (basis === 'break-glass') throw forbidden('Access by break-glass lets you read this case, not add to it. Ask to be added to the professional network.');
    if (basis === 'audit-access') throw forbidden('Your access to this case is for a board case audit: you may read it, not change it.');
  }

  /**
   * A change on the Risk page: the case's write gate inside the change's transaction (a refusal audited as
   * `case.<purpose>`, a board case audit's read-only access and a closed case refused), then the change, which
   * audits itself in the same transaction.
   */
  function riskWrite<T>(actor: Actor, caseId: string, purpose: string, audit: AuditContext, work: (trx: Transaction<Database>, kase: CaseHeader, basis: AccessBasis) => Promise<T>): Promise<T> {
    return caseWrite(db, audit, async (trx) => {
      const { kase, basis } = await writeCase(trx, actor, caseId, audit, `case.${purpose}`, now());
      return work(trx, kase, basis);
    });
  }

  function requireCoordinator(actor: Actor, kase: CaseHeader) {
    if (!hasRole(actor, 'cse-coordinator') || actor.localAuthorityId !== kase.localAuthorityId) {
      throw forbidden('Only the CSE coordinator of this child’s local authority can decide the risk category.');
    }
  }

  async function agencyKind(executor: Kysely<Database>, agencyId: string): Promise<string> {
    return (await agencyOf(executor, agencyId))?.kind ?? '';
  }

  /** The suggestion the actor can see: only observations visible to them count (hidden ones are not revealed). */
  async function suggestionFor(actor: Actor, caseId: string, executor: Kysely<Database> = db) {
    const observations = await visibleObservations(executor, actor, caseId);
    return suggestCategory(observations.map((o) => ({ indicatorId: o.indicator_id, observedAt: londonInstant(o.observed_on, 12), source: o.how_known, agencyName: o.agency_name })));
  }

  async function referralPermission(actor: Actor, kase: CaseHeader, executor: Kysely<Database> = db): Promise<CseReferralPermission> {
    const profile = await profiles.forAuthority(executor, kase.localAuthorityId);
    return mayReferToCse(
      { cseReferrers: profile.referral.cseReferrers, cseLeadRole: profile.vocabulary.cseLeadRole },
      { actorId: actor.id, roles: actor.roles, agencyKind: await agencyKind(executor, actor.agencyId), leadProfessionalId: kase.leadProfessionalId },
    );
  }

  return { requireContributor, riskWrite, requireCoordinator, suggestionFor, referralPermission };
}

export type RiskCommon = ReturnType<typeof createRiskCommon>;
