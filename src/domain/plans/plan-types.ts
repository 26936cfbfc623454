// The plans a case can have: the national kinds of PROCEDURES.md step 8 (plans.ts), the placement considerations for
// a looked-after child, and the profile's own plan types. Also the whole check of one plan version, who may write
// which plan, what changed between two versions, and the checks on a plan review. Pure: no I/O.
import type { PlanType } from '../profiles/index.ts';
import type { Role } from '../access/roles.ts';
import { CARE_MEASURES, DISRUPTION_MEASURES, PLAN_KINDS, PLAN_KIND_INFO, checkCareMeasures, checkDisruptionMeasures, checkPlanKindForCategory } from './plans.ts';
import type { PlanKind, PlanRefusal, PlanSection } from './plans.ts';

export type Category = 1 | 2 | 3;

/** What bedford-luton 8.2 and camden Part 4 §1.3 require to be considered for a looked-after child. */
export const PLACEMENT_CONSIDERATIONS = 'placement-considerations';
export const PLACEMENT_CONSIDERATIONS_INFO = {
  label: 'Looked-after child: placement considerations',
  source: 'bedford-luton 8.2; camden Part 4 §1.3',
  sections: [
    { id: 'risks-to-other-children', label: 'Risks to any other children in the placement', required: true },
    { id: 'remain-in-placement', label: 'Whether the child should remain in their present placement, and why', required: true },
    { id: 'controlling-movements', label: 'The feasibility of controlling the child’s movements, and the likely effects of doing so', required: true },
  ],
} as const;

/** A plan type of the procedure in force without sections of its own in the procedures: the plan is written as a whole. */
export const LOCAL_PLAN_SECTIONS: readonly PlanSection[] = [
  { id: 'plan', label: 'The plan: what will be done, by whom, and how it keeps the child safe', required: true },
  { id: 'review-arrangements', label: 'How and when the plan is reviewed', required: false },
];

export type PlanTypeOption = {
  id: string;
  label: string;
  source: string;
  note: string | null;
  /** The national kind whose guards apply, or null for a placement-considerations or profile-only plan. */
  kind: PlanKind | null;
  categories: readonly Category[] | null;
  sections: readonly PlanSection[];
  lookedAfterOnly: boolean;
  national: boolean;
};

/**
 * The plan types offered under a profile: the national kinds first (every profile: PROCEDURES.md step 8), the
 * placement considerations for looked-after children, then the profile's other plan types. A profile type with a
 * national kind's id adds its source and note to that kind instead of appearing twice.
 */
export function planTypesFor(profile: { planTypes: readonly PlanType[] }): PlanTypeOption[] {
  const byId = new Map(profile.planTypes.map((t) => [t.id, t]));
  const national: PlanTypeOption[] = PLAN_KINDS.map((kind) => {
    const info = PLAN_KIND_INFO[kind];
    const local = byId.get(kind);
    const source = local && local.source !== info.source ? `${info.source}; ${local.source}` : info.source;
    return { id: kind, label: info.label, source, note: local?.note ?? null, kind, categories: info.categories, sections: info.sections, lookedAfterOnly: false, national: true };
  });
  const placement: PlanTypeOption = {
    id: PLACEMENT_CONSIDERATIONS,
    label: PLACEMENT_CONSIDERATIONS_INFO.label,
    source: PLACEMENT_CONSIDERATIONS_INFO.source,
    note: null,
    kind: null,
    categories: null,
    sections: PLACEMENT_CONSIDERATIONS_INFO.sections,
    lookedAfterOnly: true,
    national: true,
  };
  const taken = new Set<string>([...PLAN_KINDS, PLACEMENT_CONSIDERATIONS]);
  const locals: PlanTypeOption[] = profile.planTypes
    .filter((t) => !taken.has(t.id))
    .map((t) => ({ id: t.id, label: t.label, source: t.source, note: t.note ?? null, kind: null, categories: t.categories ?? null, sections: LOCAL_PLAN_SECTIONS, lookedAfterOnly: false, national: false }));
  return [...national, placement, ...locals];
}

export function planTypeOf(profile: { planTypes: readonly PlanType[] }, id: string): PlanTypeOption | undefined {
  return planTypesFor(profile).find((t) => t.id === id);
}

export type PersonOfConcern = { name: string; details: string };

/** The content of one plan version, as stored (jsonb) and compared. */
export type PlanContent = {
  sections: Record<string, string>;
  /** Disruption measures (bedford-luton 11.9); only in a police disruption plan. */
  measures: string[];
  /** The people a disruption plan is against. */
  personsOfConcern: PersonOfConcern[];
  /** Restrictive measures for a looked-after child (camden Part 4 §1.3; cambridgeshire 5). */
  careMeasures: string[];
  principalOfficerAgreement: string | null;
  secretaryOfStateApproval: string | null;
  /** The author's note on what this version changes. */
  changeNote: string | null;
};

export function emptyPlanContent(): PlanContent {
  return { sections: {}, measures: [], personsOfConcern: [], careMeasures: [], principalOfficerAgreement: null, secretaryOfStateApproval: null, changeNote: null };
}

const has = (value: string | null | undefined) => typeof value === 'string' && value.trim().length > 0;

/** Everything a plan version must satisfy before it is saved. */
export function checkPlanVersion(input: {
  type: PlanTypeOption;
  profileId: string;
  category: Category | null;
  lookedAfter: boolean;
  childAge: number | null;
  content: PlanContent;
}): PlanRefusal[] {
  const { type, content } = input;
  const refusals: PlanRefusal[] = [];
  if (type.lookedAfterOnly && !input.lookedAfter) {
    refusals.push({ field: 'planType', code: 'plan-needs-looked-after', message: `${type.label} are recorded for a looked-after child only`, source: type.source });
  }
  if (type.kind) {
    refusals.push(...checkPlanKindForCategory(type.kind, input.category));
  } else if (type.categories && (input.category === null || !type.categories.includes(input.category))) {
    refusals.push({ field: 'planType', code: 'plan-kind-category', message: `A ${type.label.toLowerCase()} is for category ${type.categories.join(' or ')}; this child is ${input.category === null ? 'not yet categorised' : `category ${input.category}`}`, source: type.source });
  }
  const known = new Set(type.sections.map((s) => s.id));
  for (const section of type.sections) {
    if (section.required && !has(content.sections[section.id])) refusals.push({ field: `section-${section.id}`, code: 'plan-section-missing', message: `Complete “${section.label}”`, source: type.source });
  }
  if (Object.keys(content.sections).some((id) => !known.has(id) && has(content.sections[id]))) {
    refusals.push({ field: 'form', code: 'plan-section-unknown', message: 'The plan has a section this type of plan does not have: reload the page and try again' });
  }
  if (type.kind === 'disruption-plan') {
    refusals.push(...checkDisruptionMeasures({ measures: content.measures, childAge: input.childAge }));
    if (!content.personsOfConcern.some((p) => has(p.name))) {
      refusals.push({ field: 'poc-0-name', code: 'person-of-concern-missing', message: 'Name at least one person of concern the plan disrupts (a name or the name they are known by)', source: 'bedford-luton 11.9' });
    }
    content.personsOfConcern.forEach((p, i) => {
      if (!has(p.name) && has(p.details)) refusals.push({ field: `poc-${i}-name`, code: 'person-of-concern-name-missing', message: 'Enter the name, or the name they are known by, of this person of concern' });
    });
  } else if (content.measures.length || content.personsOfConcern.some((p) => has(p.name) || has(p.details))) {
    refusals.push({ field: 'measures', code: 'measures-not-disruption-plan', message: 'Disruption measures and persons of concern belong in a police disruption plan', source: 'bedford-luton 11.9' });
  }
  if (content.careMeasures.length) {
    const known = new Set<string>(CARE_MEASURES.map((m) => m.id));
    if (content.careMeasures.some((m) => !known.has(m))) refusals.push({ field: 'careMeasures', code: 'care-measure-unknown', message: 'Choose measures from the list' });
    if (!input.lookedAfter) {
      refusals.push({ field: 'careMeasures', code: 'care-measures-not-looked-after', message: 'Restriction of liberty, confiscation of property and secure accommodation are recorded here for a looked-after child only', source: 'camden Part 4 §1.3; cambridgeshire 5' });
    } else {
      refusals.push(
        ...checkCareMeasures({
          profileId: input.profileId,
          lookedAfter: input.lookedAfter,
          childAge: input.childAge,
          measures: content.careMeasures,
          principalOfficerAgreement: content.principalOfficerAgreement ?? undefined,
          secretaryOfStateApproval: content.secretaryOfStateApproval ?? undefined,
        }),
      );
    }
  }
  return refusals;
}

/**
 * Who writes a plan: a member of the case network or an area role (not someone invited to one meeting, nor a
 * break-glass reader). The police lead on disrupting perpetrators (bedford-luton 11.1, 11.9), so a disruption plan is
 * written by a police investigator. Returns the refusal's message, or null.
 */
export function planWriteRefusal(input: { kind: PlanKind | null; roles: readonly Role[]; basis: string }): string | null {
  if (input.basis !== 'network' && input.basis !== 'area-role') {
    return 'Only members of the child’s professional network, and the area’s front door, CSE coordinator and team managers, write plans.';
  }
  if (input.kind === 'disruption-plan' && !input.roles.includes('police-investigator')) {
    return 'A police disruption plan is written by the police (bedford-luton 11.9).';
  }
  return null;
}

/** The parts of a plan that differ between two versions, by their labels: what a stale writer is told. */
export function changedParts(type: Pick<PlanTypeOption, 'sections'>, before: PlanContent, after: PlanContent): string[] {
  const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim() === (b ?? '').trim();
  const sameList = (a: readonly string[], b: readonly string[]) => [...a].sort().join('|') === [...b].sort().join('|');
  const changed: string[] = [];
  const sectionIds = [...new Set([...type.sections.map((s) => s.id), ...Object.keys(before.sections), ...Object.keys(after.sections)])];
  for (const id of sectionIds) {
    if (!same(before.sections[id], after.sections[id])) changed.push(type.sections.find((s) => s.id === id)?.label ?? id);
  }
  if (!sameList(before.measures, after.measures)) changed.push('Disruption measures');
  const people = (c: PlanContent) => c.personsOfConcern.filter((p) => has(p.name) || has(p.details)).map((p) => `${p.name.trim()}\u0000${p.details.trim()}`);
  if (!sameList(people(before), people(after))) changed.push('Persons of concern');
  if (!sameList(before.careMeasures, after.careMeasures)) changed.push('Restrictive measures');
  if (!same(before.principalOfficerAgreement, after.principalOfficerAgreement)) changed.push('Agreement of the Principal Officer for looked-after children');
  if (!same(before.secretaryOfStateApproval, after.secretaryOfStateApproval)) changed.push('Secretary of State’s approval');
  return changed;
}

export function measureLabel(id: string): string {
  return DISRUPTION_MEASURES.find((m) => m.id === id)?.label ?? CARE_MEASURES.find((m) => m.id === id)?.label ?? id;
}

// ---- Plan reviews ----------------------------------------------------------------------------------------------

export const REVIEW_STATUSES = ['on-track', 'achieved', 'delayed', 'not-started'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  'on-track': 'On track',
  achieved: 'Achieved (complete the action with its evidence)',
  delayed: 'Delayed',
  'not-started': 'Not started',
};

/**
 * A plan review records progress on every open action of the plan (the action plan of bedford-luton 7.14 and camden
 * Part 3 §3.3: what, who, by when, desired outcome) and an overall note. A delayed or not-started action says why.
 */
export function checkPlanReview(input: {
  openActionIds: readonly string[];
  items: readonly { actionId: string; status?: string | undefined; note?: string | undefined }[];
  overallNote: string | undefined;
}): PlanRefusal[] {
  const refusals: PlanRefusal[] = [];
  if (!has(input.overallNote)) refusals.push({ field: 'overallNote', code: 'review-note-missing', message: 'Write the overall progress of the plan' });
  input.openActionIds.forEach((actionId, i) => {
    const item = input.items.find((x) => x.actionId === actionId);
    if (!item?.status || !(REVIEW_STATUSES as readonly string[]).includes(item.status)) {
      refusals.push({ field: `progress-${i}-status`, code: 'review-status-missing', message: `Say how action ${i + 1} is progressing` });
    } else if ((item.status === 'delayed' || item.status === 'not-started') && !has(item.note)) {
      refusals.push({ field: `progress-${i}-note`, code: 'review-reason-missing', message: `Say why action ${i + 1} is ${item.status === 'delayed' ? 'delayed' : 'not started'}, and what is being done` });
    }
  });
  return refusals;
}
