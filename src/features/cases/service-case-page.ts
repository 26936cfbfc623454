// What every page of a case shares: the access check (audited), the identity bar and the sub-navigation.
import { formatNhsNumber } from '../../domain/child-details/nhs-number.ts';
import type { Request } from 'express';
import type { Services } from '../../services.ts';
import { auditContext } from '../audit/service-request-context.ts';
import { readCase } from '../case-access/service.ts';
import { caseOverview } from './queries.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';
import { childName } from '../../platform/web/child-name.ts';
import { casePaths } from './paths.ts';

/** A case's sections, as each page names its own when it opens the case (openCasePage). */
export type CaseSection = 'overview' | 'chronology' | 'risk' | 'assessments' | 'meetings' | 'plans' | 'network' | 'notes' | 'missing' | 'intelligence' | 'police-protection' | 'sharing' | 'parents' | 'transfer' | 'lifecycle' | 'access';

/** A section's place in the case pages' sub-navigation: its words and its path under /cases/{id}. */
export type CaseSectionLink = { id: CaseSection; text: string; path: string };

let caseNavigation: readonly CaseSectionLink[] = [];

/** The case pages' sub-navigation, in its order: declared once, at the composition root (src/composition.ts). */
export function declareCaseNavigation(sections: readonly CaseSectionLink[]) {
  caseNavigation = sections;
}

export function caseViewModel(overview: Awaited<ReturnType<typeof caseOverview>>, now: Date) {
  return {
    ...overview,
    childName: childName(overview),
    age: overview.date_of_birth ? ageInYears(overview.date_of_birth, now) : overview.approximate_age,
    ageIsApproximate: !overview.date_of_birth && overview.approximate_age !== null,
    nhsNumberText: overview.nhs_number && /^\d{10}$/.test(overview.nhs_number) ? formatNhsNumber(overview.nhs_number) : overview.nhs_number,
  };
}

/**
 * Opens a case for a page: 404/403 as the access model says (audited either way), then the identity bar's
 * data and the sub-navigation with `section` current.
 */
export async function openCasePage(services: Services, req: Request, section: CaseSection, purpose = 'read') {
  const now = services.now();
  const { kase, decision } = await readCase(services.db, req.user!, String(req.params.caseId), auditContext(req), `case.${purpose}`, now);
  const overview = caseViewModel(await caseOverview(services.db, kase.id), now);
  // The identity bar's flags (issue 7): trafficking when the viewer can see a trafficking indicator, missing now
  // when they can see an open missing episode.
  const flags = [...(kase.traffickingVisible ? ['Trafficking'] : []), ...(kase.missingNowVisible ? ['Missing now'] : [])];
  // Every case template renders the identity bar from res.locals, so each section shows the flags.
  if (req.res) req.res.locals.caseFlags = flags;
  const subNavigation = caseNavigation.map((s) => ({
    text: s.text,
    href: casePaths.section(kase.id, s.path),
    active: s.id === section,
  }));
  return { kase, decision, overview, subNavigation, now, flags };
}
