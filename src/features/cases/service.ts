// A child's case beyond its sections: finding a child (each match shown only to someone who may open its case), the
// overview's reads, and opening a case by break-glass (granted, audited and its reviewers told in one transaction).
import type { Services } from '../../services.ts';
import { forbidden, notFound } from '../../platform/web/errors.ts';
import { decideCaseAccess, mayBreakGlass } from '../../domain/access/access.ts';
import type { Actor } from '../../domain/access/access.ts';
import { recordAudit } from '../audit/service.ts';
import type { AuditContext } from '../audit/service.ts';
import { latestSafetyPlan } from '../plans/queries.ts';
import { BREAK_GLASS_HOURS, accessFacts, findCaseHeader } from '../case-access/service.ts';
import type { CaseHeader } from '../case-access/service.ts';
import { insertBreakGlassGrant, nextConvenedMeeting, openCaseActions, searchChildren, visibleChronology } from './queries.ts';
import type { ChildSearch } from './queries.ts';

type Deps = Pick<Services, 'db' | 'now' | 'clocks' | 'profiles' | 'breakGlass'>;

export function createCaseService({ db, now, clocks, profiles, breakGlass }: Deps) {
  /** The case a break-glass form is about: not found, or refused when the actor's roles do not allow break-glass. */
  async function breakGlassCase(actor: Actor, caseId: string): Promise<CaseHeader> {
    const kase = await findCaseHeader(db, caseId);
    if (!kase) throw notFound('Case');
    if (!mayBreakGlass(actor)) throw forbidden('Your roles do not allow opening a case by break-glass.');
    return kase;
  }

  return {
    /** Children matching the search: those whose case the actor may open, and those only known to services. Audited. */
    async search(actor: Actor, search: ChildSearch, audit: AuditContext) {
      const matches = await searchChildren(db, search);
      const at = now();
      const visible: typeof matches = [];
      const hidden: typeof matches = [];
      for (const match of matches) {
        const header = { id: match.case_id, reference: match.reference, childId: match.child_id, localAuthorityId: match.local_authority_id, leadProfessionalId: null, managerId: null, version: 0 };
        const decision = decideCaseAccess(actor, await accessFacts(db, actor, header, at));
        (decision.allowed ? visible : hidden).push(match);
      }
      await recordAudit(db, audit, {
        action: 'child.search',
        entityType: 'child',
        details: { matches: matches.length, shown: visible.length, knownOnly: hidden.length, withDateOfBirth: Boolean(search.dateOfBirth) },
      });
      return { visible, hidden };
    },

    /** What the overview shows of a case the actor has opened (openCasePage), beyond the identity bar. */
    async overview(actor: Actor, kase: { id: string; childId: string; localAuthorityId: string }, at: Date, chronologySize: number) {
      const [chronology, caseClocks, actions, nextMeeting, profile, safetyPlan] = await Promise.all([
        visibleChronology(db, actor, kase.childId, { limit: chronologySize, offset: 0 }),
        clocks.forSubject(db, { caseId: kase.id }, at),
        openCaseActions(db, kase.id),
        nextConvenedMeeting(db, kase.id, at),
        profiles.forAuthority(db, kase.localAuthorityId),
        latestSafetyPlan(db, actor, kase.id),
      ]);
      return { chronology, clocks: caseClocks, actions, nextMeeting, profile, safetyPlan };
    },

    breakGlassCase,

    /** Opens the case by break-glass for BREAK_GLASS_HOURS: granted, audited and its reviewers told, in one transaction. */
    async breakGlass(actor: Actor & { displayName: string; agencyName: string }, caseId: string, reason: string, audit: AuditContext) {
      const kase = await breakGlassCase(actor, caseId);
      const at = now();
      await db.transaction().execute(async (trx) => {
        const grant = await insertBreakGlassGrant(trx, { caseId: kase.id, userId: actor.id, reason, grantedAt: at, expiresAt: new Date(at.getTime() + BREAK_GLASS_HOURS * 3_600_000) });
        await recordAudit(trx, audit, { action: 'case.break-glass', entityType: 'case', entityId: kase.id, childId: kase.childId, details: { grantId: grant.id, hours: BREAK_GLASS_HOURS } });
        // The case's manager, or the area's CSE coordinators when it has none, is told, and reviews the use (issue 16).
        await breakGlass.tellReviewers(trx, kase, grant.id, actor);
      });
      return kase;
    },
  };
}
