// The two assessments of PROCEDURES.md step 5 and what each records. The initial assessment covers the assessment
// framework's three domains, the child's views and the services needed (staffordshire 25; camden Part 3 §2); the
// core assessment / Section 47 enquiry, started when significant harm is suspected (staffordshire 28, 31), covers the
// same and adds the analysis of significant harm and the recommendation that leads into the Section 47 outcome
// (cambridgeshire 5). Sections are short labels and prompts, never the procedures' paragraphs.
import type { TimescaleEvent } from '../profiles/enums.ts';

export const ASSESSMENT_KINDS = ['initial', 'core'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

export const ASSESSMENT_KIND_LABELS: Record<AssessmentKind, string> = {
  initial: 'Initial assessment',
  core: 'Core assessment / Section 47 enquiry',
};

export const ASSESSMENT_SOURCES: Record<AssessmentKind, string> = {
  initial: 'staffordshire 25; camden Part 3 §2',
  core: 'staffordshire 31',
};

export const SECTION_IDS = ['developmentalNeeds', 'parentingCapacity', 'familyAndEnvironment', 'childsViews', 'servicesNeeded', 'significantHarm', 'recommendation'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export type SectionDefinition = {
  id: SectionId;
  label: string;
  hint: string;
  /** The GOV.UK error message when the section is blank at submission. */
  missing: string;
  source: string;
};

export const SECTIONS: Record<SectionId, SectionDefinition> = {
  developmentalNeeds: {
    id: 'developmentalNeeds',
    label: 'The child’s developmental needs',
    hint: 'Health, education, emotional and behavioural development, identity, family and social relationships, social presentation, self-care.',
    missing: 'Enter the child’s developmental needs',
    source: 'staffordshire 25',
  },
  parentingCapacity: {
    id: 'parentingCapacity',
    label: 'Parenting capacity',
    hint: 'How well the parents or carers meet the child’s needs: basic care, safety, warmth, stimulation, guidance and boundaries, stability.',
    missing: 'Enter the parents’ or carers’ capacity to meet the child’s needs',
    source: 'staffordshire 25',
  },
  familyAndEnvironment: {
    id: 'familyAndEnvironment',
    label: 'Family and environmental factors',
    hint: 'Family history and functioning, wider family, housing, income, the family’s social integration and community resources.',
    missing: 'Enter the family and environmental factors',
    source: 'staffordshire 25',
  },
  childsViews: {
    id: 'childsViews',
    label: 'The child’s views',
    hint: 'What the child said, in their own words where possible, and how they were seen.',
    missing: 'Enter the child’s views',
    source: 'staffordshire 25; bedford-luton 7.15',
  },
  servicesNeeded: {
    id: 'servicesNeeded',
    label: 'Services needed',
    hint: 'Supportive services, including the voluntary sector and accommodation options.',
    missing: 'Enter the services the child and family need',
    source: 'staffordshire 25, 27',
  },
  significantHarm: {
    id: 'significantHarm',
    label: 'Analysis of significant harm',
    hint: 'Whether the child is suffering, or likely to suffer, significant harm, and the evidence for it.',
    missing: 'Enter the analysis of significant harm',
    source: 'staffordshire 28, 31',
  },
  recommendation: {
    id: 'recommendation',
    label: 'Recommendation',
    hint: 'Whether the concerns are substantiated, and what should follow: a child protection conference, a child in need plan, early help or no further action.',
    missing: 'Enter the recommendation',
    source: 'cambridgeshire 5',
  },
};

const INITIAL_SECTIONS: readonly SectionId[] = ['developmentalNeeds', 'parentingCapacity', 'familyAndEnvironment', 'childsViews', 'servicesNeeded'];

/** The sections of each kind, in the order the form shows them. Every one is required at submission. */
export const SECTIONS_OF: Record<AssessmentKind, readonly SectionId[]> = {
  initial: INITIAL_SECTIONS,
  core: [...INITIAL_SECTIONS, 'significantHarm', 'recommendation'],
};

/** The clock events an assessment sends: starting (only the core assessment has a clock from its own start) and authorising. */
export const STARTED_EVENT = { initial: null, core: 'core-assessment-started' } as const satisfies Record<AssessmentKind, TimescaleEvent | null>;
export const COMPLETED_EVENT = { initial: 'initial-assessment-completed', core: 'core-assessment-completed' } as const satisfies Record<AssessmentKind, TimescaleEvent>;

/** The longest text a section keeps. */
export const SECTION_MAX_LENGTH = 50_000;
