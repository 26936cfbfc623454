// Plans for a child (PROCEDURES.md flow step 8) and the measures inside them that the procedures restrict.
// Pure: callers pass ages, categories and the profile id.
import type { MeetingRefusal } from '../meetings/rules.ts';

export type PlanRefusal = MeetingRefusal;

export const PLAN_KINDS = ['safety-plan', 'diversion-plan', 'support-exit-plan', 'disruption-plan'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export type PlanSection = { id: string; label: string; required: boolean };

export const PLAN_KIND_INFO: Record<PlanKind, { label: string; source: string; categories: readonly (1 | 2 | 3)[] | null; sections: readonly PlanSection[] }> = {
  'safety-plan': {
    label: 'Safety plan',
    source: 'cambridgeshire 5, 6',
    categories: null,
    sections: [
      { id: 'risks', label: 'The risks to the child', required: true },
      { id: 'keeping-safe', label: 'How the child, their carers and agencies will keep them safe', required: true },
      { id: 'who-to-contact', label: 'Who the child and carers contact, and how', required: true },
      { id: 'if-missing', label: 'What happens if the child goes missing', required: false },
    ],
  },
  'diversion-plan': {
    label: 'Diversion plan',
    source: 'camden Part 3 §3.2',
    categories: [1],
    sections: [
      { id: 'health', label: 'Health: general, sexual and emotional health; substance misuse', required: true },
      { id: 'safety', label: 'Safety: the parents’ ability to protect, the child’s ability to keep safe', required: true },
      { id: 'education', label: 'Education: attendance, achievement and engagement', required: true },
      { id: 'links-with-vulnerable-children', label: 'Links with other vulnerable children (patterns of targeting)', required: true },
      { id: 'offending-behaviour', label: 'Offending behaviour', required: true },
      { id: 'if-risk-rises', label: 'What happens if the risk rises (intervention by social care, child protection procedures, agencies pass on information)', required: true },
    ],
  },
  'support-exit-plan': {
    label: 'Support plan and exit strategy',
    source: 'camden Part 3 §3.3, Part 2 §2',
    categories: [2, 3],
    sections: [
      { id: 'support', label: 'Support for the child and their parent or carer', required: true },
      { id: 'exit-strategy', label: 'Exit strategy, built with the young person', required: true },
      { id: 'recovery', label: 'Recovery and preventing re-entry', required: false },
    ],
  },
  'disruption-plan': {
    label: 'Police disruption plan',
    source: 'bedford-luton 11.9',
    categories: null,
    sections: [{ id: 'perpetrators', label: 'Their behaviour of concern and the evidence available (by reference to intelligence records)', required: true }],
  },
};

/** The disruption measures of bedford-luton 11.9 (with 11.7 for child abduction notices). */
export const DISRUPTION_MEASURES = [
  { id: 'observation', label: 'Observation of the individual’s activities' },
  { id: 'venue-closure', label: 'Closing down venues using local statute' },
  { id: 'child-abduction-notice', label: 'Child abduction notice (Child Abduction Act 1984 s2), child aged 16 or under' },
  { id: 'sexual-harm-prevention-order', label: 'Sexual offences prevention order / sexual harm prevention order' },
  { id: 'risk-of-sexual-harm-order', label: 'Risk of sexual harm order' },
  { id: 'anti-social-behaviour-order', label: 'Anti-social behaviour order' },
  { id: 'restraining-order', label: 'Restraining order' },
  { id: 'licensing-powers', label: 'Licensing Act 2003 powers to keep children out of adult venues' },
] as const;

/** Measures for a looked-after child that the procedures restrict. */
export const CARE_MEASURES = [
  { id: 'restriction-of-liberty', label: 'Restriction of liberty' },
  { id: 'confiscation-of-property', label: 'Confiscation of property (for example a mobile phone)' },
  { id: 'secure-accommodation', label: 'Secure accommodation' },
] as const;

export function planKindLabel(kind: PlanKind): string {
  return PLAN_KIND_INFO[kind].label;
}

/** Diversion plans are for category 1; support plans and exit strategies for categories 2 and 3 (camden Part 3 §3.2-3.3). */
export function checkPlanKindForCategory(kind: PlanKind, category: 1 | 2 | 3 | null): PlanRefusal[] {
  const info = PLAN_KIND_INFO[kind];
  if (!info.categories) return [];
  if (category === null || !info.categories.includes(category)) {
    return [{ field: 'kind', code: 'plan-kind-category', message: `A ${info.label.toLowerCase()} is for category ${info.categories.join(' or ')}; this child is ${category === null ? 'not yet categorised' : `category ${category}`}`, source: info.source }];
  }
  return [];
}

export function checkPlanSections(kind: PlanKind, sections: Readonly<Record<string, string | undefined>>): PlanRefusal[] {
  const info = PLAN_KIND_INFO[kind];
  return info.sections
    .filter((s) => s.required && !(sections[s.id] ?? '').trim())
    .map((s) => ({ field: `section-${s.id}`, code: 'plan-section-missing', message: `Complete “${s.label}”`, source: info.source }));
}

/** Child abduction notices only for a child aged 16 or under (bedford-luton 11.7, 11.9). */
export function checkChildAbductionNotice(childAge: number | null): PlanRefusal[] {
  if (childAge === null) return [{ field: 'measures', code: 'can-age-unknown', message: 'A child abduction notice needs the child’s age: it is only for a child aged 16 or under', source: 'bedford-luton 11.9' }];
  if (childAge > 16) return [{ field: 'measures', code: 'can-over-16', message: 'A child abduction notice is only for a child aged 16 or under', source: 'bedford-luton 11.9' }];
  return [];
}

/**
 * For a looked-after child, restricting liberty or confiscating property needs the recorded agreement of the Principal
 * Officer for looked-after children (camden Part 4 §1.3); secure accommodation for a child under 13 needs the Secretary
 * of State's approval (cambridgeshire 5).
 */
export function checkCareMeasures(input: {
  profileId: string;
  lookedAfter: boolean;
  childAge: number | null;
  measures: readonly string[];
  principalOfficerAgreement: string | undefined;
  secretaryOfStateApproval: string | undefined;
}): PlanRefusal[] {
  const refusals: PlanRefusal[] = [];
  const restrictive = input.measures.filter((m) => m === 'restriction-of-liberty' || m === 'confiscation-of-property');
  if (input.profileId === 'camden' && input.lookedAfter && restrictive.length && !(input.principalOfficerAgreement ?? '').trim()) {
    refusals.push({ field: 'principalOfficerAgreement', code: 'principal-officer-agreement-missing', message: 'Record the agreement of the Principal Officer for looked-after children (who agreed, and when)', source: 'camden Part 4 §1.3' });
  }
  if (input.measures.includes('secure-accommodation') && (input.childAge === null || input.childAge < 13) && !(input.secretaryOfStateApproval ?? '').trim()) {
    refusals.push({ field: 'secretaryOfStateApproval', code: 'secretary-of-state-approval-missing', message: 'Secure accommodation for a child under 13 needs the Secretary of State’s approval: record it', source: 'cambridgeshire 5' });
  }
  return refusals;
}

export function checkDisruptionMeasures(input: { measures: readonly string[]; childAge: number | null }): PlanRefusal[] {
  const refusals: PlanRefusal[] = [];
  if (input.measures.length === 0) refusals.push({ field: 'measures', code: 'disruption-measures-missing', message: 'Choose at least one disruption measure', source: 'bedford-luton 11.9' });
  const known = new Set<string>(DISRUPTION_MEASURES.map((m) => m.id));
  if (input.measures.some((m) => !known.has(m))) refusals.push({ field: 'measures', code: 'disruption-measure-unknown', message: 'Choose measures from the list' });
  if (input.measures.includes('child-abduction-notice')) refusals.push(...checkChildAbductionNotice(input.childAge));
  return refusals;
}
