// What every page of a case shares: the access check (audited), the identity bar and the sub-navigation.
import { formatNhsNumber } from '../../domain/child-details/nhs-number.ts';
import type { Request } from 'express';
import type { Services } from '../../services.ts';
import { auditContext } from '../audit/request-context.ts';
import { readCase } from '../case-access/service.ts';
import { caseOverview } from './case-queries.ts';
import { ageInYears } from '../../domain/risk/age-rules.ts';

export const CASE_SECTIONS = [
  { id: 'overview', text: 'Overview', path: '' },
  { id: 'chronology', text: 'Chronology', path: '/chronology' },
  { id: 'risk', text: 'Risk', path: '/risk' },
  { id: 'assessments', text: 'Assessments', path: '/assessments' },
  { id: 'meetings', text: 'Meetings', path: '/meetings' },
  { id: 'plans', text: 'Plans', path: '/plans' },
  { id: 'network', text: 'Network', path: '/network' },
  { id: 'notes', text: 'Case notes', path: '/notes' },
  { id: 'missing', text: 'Missing episodes', path: '/missing' },
  { id: 'intelligence', text: 'Intelligence', path: '/intelligence' },
  { id: 'police-protection', text: 'Police protection', path: '/police-protection' },
  { id: 'sharing', text: 'Sharing', path: '/sharing' },
  { id: 'parents', text: 'Telling parents', path: '/parents' },
  { id: 'transfer', text: 'Transfer', path: '/transfer' },
  { id: 'lifecycle', text: 'Closure', path: '/lifecycle' },
  { id: 'access', text: 'Access record', path: '/access' },
] as const;
export type CaseSection = (typeof CASE_SECTIONS)[number]['id'];

/** Sections whose pages exist; a section is listed in the sub-navigation only once its feature is built. */
const builtSections = new Set<CaseSection>(['overview']);
export function registerCaseSection(section: CaseSection) {
  builtSections.add(section);
}

export function childName(c: { given_name: string | null; family_name: string | null; known_as?: string | null }): string {
  const full = [c.given_name, c.family_name].filter(Boolean).join(' ');
  return full || (c.known_as ? `Known as ${c.known_as}` : 'Name not known');
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
  const subNavigation = CASE_SECTIONS.filter((s) => builtSections.has(s.id)).map((s) => ({
    text: s.text,
    href: `/cases/${kase.id}${s.path}`,
    active: s.id === section,
  }));
  return { kase, decision, overview, subNavigation, now, flags };
}
