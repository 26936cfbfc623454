// The board's figures (issue 14; PROCEDURES.md step 11; staffordshire 55-56; camden Part 4 §2): what each counts, in
// one sentence the board can quote, and the sections of the dashboard they sit in. Pure data: the SQL that counts
// each one is in src/features/board/queries.ts, under the same id.

import { CONSULTATION_AGE_BANDS, CONSULTATION_AGE_BAND_LABELS, CONSULTATION_CONCERNS, CONSULTATION_CONCERN_LABELS } from '../consultations/anonymous.ts';

/**
 * The dashboard's sections, in order. Another capability adds figures by appending a section here (and its counts
 * to the snapshot): 'consultations' counts anonymous consultations (src/features/consultations/) and 'audits' the
 * case audits' findings (src/features/case-audits/).
 */
export const FIGURE_SECTIONS = [
  { id: 'prevalence', title: 'Prevalence', source: 'staffordshire 55; camden Part 4 §2' },
  { id: 'consultations', title: 'Anonymous consultations', source: 'bedford-luton 3.12; ird' },
  { id: 'timeliness', title: 'Timeliness', source: 'staffordshire 56; PROCEDURES.md timescales' },
  { id: 'outcomes', title: 'Outcomes', source: 'staffordshire 56; camden Part 4 §2' },
  { id: 'disruption', title: 'Disruption of perpetrators', source: 'staffordshire 56; bedford-luton 11.9' },
  { id: 'audits', title: 'Case audit findings', source: 'staffordshire 55' },
  { id: 'trends', title: 'Trends over two years', source: 'staffordshire 56' },
] as const;
export type SectionId = (typeof FIGURE_SECTIONS)[number]['id'];

/** What a section shows while the capability that fills it is not yet built. */
export const PENDING_SECTIONS: Partial<Record<SectionId, string>> = {};

/**
 * When a figure counts: 'period' figures count events inside the chosen period; 'now' figures describe open cases
 * as they stand today, whatever the period.
 */
export type FigureBasis = 'period' | 'now';

export type FigureDefinition = {
  id: string;
  section: SectionId;
  title: string;
  definition: string;
  basis: FigureBasis;
  /** Whether the rows add up to a total that is shown (then secondary suppression applies). */
  withTotal: boolean;
  /** Rows in this order; a row counted but not listed is added after them. */
  rows?: readonly string[];
  /** Whether the agency filter applies, and to whom it refers. */
  agency: string | null;
  /** Included in the trends section, by quarter. */
  trend?: boolean;
  /** Figures that break down the same things, so share one total (withheld in one, withheld in all). */
  sharedTotal?: string;
};

export const AGE_BANDS = ['Under 13', '13 to 15', '16 to 17', '18 and over', 'Age not known'] as const;

/** The buckets of the anonymous consultations' figures (issue 13), as the consultations feature labels them. */
export const CONSULTATION_OUTCOME_ROWS = ['Awaiting an answer', 'Answered, child not identified', 'Child later identified (attached to a case)'] as const;
export const AUDIT_GRADE_ROWS = ['Good', 'Requires improvement', 'Inadequate'] as const;
const AUDIT_NOTE = 'every finding grades every theme, so each theme adds up to the findings counted; the agency filter does not apply, an audit being multi-agency';
const CONSULTATION_AGE_ROWS = CONSULTATION_AGE_BANDS.map((b) => CONSULTATION_AGE_BAND_LABELS[b]);
const CONSULTATION_CONCERN_ROWS = CONSULTATION_CONCERNS.map((c) => CONSULTATION_CONCERN_LABELS[c]);

export const FIGURES: readonly FigureDefinition[] = [
  { id: 'concerns', section: 'prevalence', title: 'Concerns received', basis: 'period', withTotal: true, trend: true, rows: ['With the child’s full name', 'Without a full name'], agency: 'the agency that raised the concern',
    definition: 'Professional and public concerns received by the front door in the period, split by whether the child’s given and family names were both given.' },
  { id: 'referrals', section: 'prevalence', title: 'Referrals received', basis: 'period', withTotal: true, trend: true, agency: 'the agency that made the referral',
    definition: 'Referrals to children’s social care received by the front door in the period, by the local authority that received them.' },
  { id: 'cse-referrals', section: 'prevalence', title: 'CSE referrals', basis: 'period', withTotal: true, trend: true, rows: ['Awaiting a decision', 'Accepted', 'Declined'], agency: 'the agency of the case’s team',
    definition: 'Referrals of a case to the CSE coordinator made in the period, by the coordinator’s decision so far.' },
  { id: 'current-category', section: 'prevalence', title: 'Open cases by current risk category', basis: 'now', withTotal: true, rows: ['Category 1 (low)', 'Category 2 (medium)', 'Category 3 (high)', 'No category decided'], agency: 'the agency of the case’s team',
    definition: 'Cases open today, by the risk category most recently decided (camden Part 2 §2).' },
  { id: 'cases-opened', section: 'prevalence', title: 'New cases', basis: 'period', withTotal: true, trend: true, agency: 'the agency of the case’s team',
    definition: 'Cases opened in the period, by local authority.' },
  { id: 'cases-closed', section: 'prevalence', title: 'Closed cases', basis: 'period', withTotal: true, trend: true, agency: 'the agency of the case’s team',
    definition: 'Cases closed in the period, by local authority.' },
  { id: 'open-by-authority', section: 'prevalence', title: 'Open cases by local authority', basis: 'now', withTotal: true, agency: 'the agency of the case’s team',
    definition: 'Cases open today, by the local authority that holds them.' },
  { id: 'open-by-age', section: 'prevalence', title: 'Open cases by age band', basis: 'now', withTotal: true, rows: AGE_BANDS, agency: 'the agency of the case’s team',
    definition: 'Cases open today, by the child’s age today from the date of birth (or the approximate age when no date is known).' },
  { id: 'open-by-sex', section: 'prevalence', title: 'Open cases by sex', basis: 'now', withTotal: true, agency: 'the agency of the case’s team',
    definition: 'Cases open today, by the sex or gender recorded for the child.' },
  { id: 'open-by-ethnicity', section: 'prevalence', title: 'Open cases by ethnicity', basis: 'now', withTotal: true, agency: 'the agency of the case’s team',
    definition: 'Cases open today, by the ethnicity recorded for the child.' },
  { id: 'open-by-disability', section: 'prevalence', title: 'Open cases by disability', basis: 'now', withTotal: true, rows: ['Disability recorded', 'No disability recorded'], agency: 'the agency of the case’s team',
    definition: 'Cases open today, by whether a disability is recorded for the child.' },
  { id: 'open-by-looked-after', section: 'prevalence', title: 'Open cases by looked-after status', basis: 'now', withTotal: true, rows: ['Looked after', 'Not looked after'], agency: 'the agency of the case’s team',
    definition: 'Cases open today, by whether the child is recorded as looked after (bedford-luton 8.2).' },
  { id: 'anonymous-consultations', section: 'prevalence', title: 'Anonymous consultations', basis: 'period', withTotal: true, trend: true, agency: 'the agency of the professional who asked',
    definition: 'Anonymous consultations (advice asked about a child who is not named) logged in the period, by the local authority asked (bedford-luton 3.12).' },

  { id: 'consultation-outcomes', section: 'consultations', title: 'Anonymous consultations by outcome', basis: 'period', withTotal: true, rows: CONSULTATION_OUTCOME_ROWS, agency: 'the agency of the professional who asked',
    definition: 'Anonymous consultations logged in the period, by whether they have been answered and whether the child was later identified and the consultation attached to a case.' },
  { id: 'consultation-age', section: 'consultations', title: 'Anonymous consultations by age band', basis: 'period', withTotal: true, rows: CONSULTATION_AGE_ROWS, agency: 'the agency of the professional who asked',
    definition: 'Anonymous consultations logged in the period, by the age band the professional gave for the child.' },
  { id: 'consultation-concerns', section: 'consultations', title: 'Anonymous consultations by concern', basis: 'period', withTotal: false, rows: CONSULTATION_CONCERN_ROWS, agency: 'the agency of the professional who asked',
    definition: 'Concerns named in anonymous consultations logged in the period; a consultation may name more than one, so the rows are not added up.' },

  { id: 'meeting-outcomes', section: 'outcomes', title: 'Meeting outcomes', basis: 'period', withTotal: false, agency: 'the agency of the primary case’s team',
    definition: 'Outcomes recorded for meetings held in the period; a meeting may record more than one, so the rows are not added up.' },
  { id: 's47-outcomes', section: 'outcomes', title: 'Section 47 outcomes', basis: 'period', withTotal: true, agency: 'the agency of the case’s team',
    definition: 'Outcomes of Section 47 enquiries recorded in the period (cambridgeshire 5).' },
  { id: 'plans-in-place', section: 'outcomes', title: 'Plans in place on open cases', basis: 'now', withTotal: true, agency: 'the agency of the case’s team',
    definition: 'Plans held today on open cases, by type of plan.' },
  { id: 'category-movement', section: 'outcomes', title: 'Category movement', basis: 'period', withTotal: true, rows: ['Moved up', 'Moved down', 'Same category', 'Only one decision'], agency: 'the agency of the case’s team',
    definition: 'Cases with a risk category decision in the period, comparing the first decision ever made with the latest one by the end of the period.' },
  { id: 'missing-episodes', section: 'outcomes', title: 'Missing episodes and return interviews', basis: 'period', withTotal: true, trend: true, rows: ['Returned, return interview done', 'Returned, no return interview yet', 'Still missing'], agency: 'the agency that reported the child missing',
    definition: 'Episodes of going missing that began in the period, by whether the child has returned and a return interview has been held.' },
  { id: 'trafficking', section: 'outcomes', title: 'Trafficking flags and NRM referrals', basis: 'period', withTotal: false, rows: ['Cases with a trafficking indicator observed', 'NRM referral made', 'NRM considered, not referred'], agency: 'the agency of the case’s team',
    definition: 'Cases where an indicator of trafficking was observed in the period, and National Referral Mechanism decisions recorded in the period (camden Part 2 §3); a case may be in more than one row.' },

  { id: 'audit-timeliness', section: 'audits', title: 'Audit findings: timeliness', basis: 'period', withTotal: true, rows: AUDIT_GRADE_ROWS, agency: null, sharedTotal: 'audit-findings',
    definition: `Case audit findings last saved in the period, by the grade given for timeliness, in the local authority of the audited case; ${AUDIT_NOTE}.` },
  { id: 'audit-assessment', section: 'audits', title: 'Audit findings: quality of assessment', basis: 'period', withTotal: true, rows: AUDIT_GRADE_ROWS, agency: null, sharedTotal: 'audit-findings',
    definition: `Case audit findings last saved in the period, by the grade given for the quality of assessment, in the local authority of the audited case; ${AUDIT_NOTE}.` },
  { id: 'audit-voice', section: 'audits', title: 'Audit findings: voice of the child', basis: 'period', withTotal: true, rows: AUDIT_GRADE_ROWS, agency: null, sharedTotal: 'audit-findings',
    definition: `Case audit findings last saved in the period, by the grade given for the voice of the child, in the local authority of the audited case; ${AUDIT_NOTE}.` },
  { id: 'audit-multi-agency', section: 'audits', title: 'Audit findings: multi-agency working', basis: 'period', withTotal: true, rows: AUDIT_GRADE_ROWS, agency: null, sharedTotal: 'audit-findings',
    definition: `Case audit findings last saved in the period, by the grade given for multi-agency working, in the local authority of the audited case; ${AUDIT_NOTE}.` },

  { id: 'disruptions', section: 'disruption', title: 'Disruption actions by kind', basis: 'period', withTotal: true, trend: true, agency: 'the agency that recorded the action',
    definition: 'Disruption actions against persons of concern taken in the period, by kind (bedford-luton 11.9); with a local authority chosen, those against someone linked to a child of that authority.' },
  { id: 'persons-disrupted', section: 'disruption', title: 'Persons of concern with disruption', basis: 'now', withTotal: true, rows: ['With a disruption action', 'Without a disruption action'], agency: null, sharedTotal: 'persons-of-concern',
    definition: 'People in the intelligence register linked to at least one child today, by whether any disruption action has been recorded against them.' },
  { id: 'children-per-person', section: 'disruption', title: 'Children linked per person of concern', basis: 'now', withTotal: true, rows: ['1 child', '2 children', '3 to 5 children', '6 or more children'], agency: null, sharedTotal: 'persons-of-concern',
    definition: 'People in the intelligence register linked to at least one child today, by how many different children they are linked to.' },
  { id: 'justice-outcomes', section: 'disruption', title: 'Convictions and other criminal-justice outcomes recorded', basis: 'period', withTotal: true, trend: true, rows: ['Convicted', 'Charged', 'Acquitted'], agency: 'the agency that recorded the outcome',
    definition: 'Charges, convictions and acquittals the police recorded against persons of concern in the intelligence register, dated in the period; with a local authority chosen, those against someone linked to a child of that authority.' },
  { id: 'persons-convicted', section: 'disruption', title: 'Persons of concern convicted', basis: 'now', withTotal: true, rows: ['With a conviction recorded', 'Without a conviction recorded'], agency: null, sharedTotal: 'persons-of-concern',
    definition: 'People in the intelligence register linked to at least one child today, by whether any conviction has been recorded against them.' },
];

export function figureById(id: string): FigureDefinition | undefined {
  return FIGURES.find((f) => f.id === id);
}

export const TIMELINESS_DEFINITION =
  'Clocks started in the period for each timescale of the authority’s own procedure profile: met if stopped by the time due, missed if stopped late or still running after it fell due, running otherwise; time taken is measured on the stopped clocks, in the unit the profile counts in.';

