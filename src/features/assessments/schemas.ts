// One zod schema per form of the assessments. A draft's text is kept exactly as typed (not even trimmed): only its
// size is checked, and the domain (src/domain/assessments) says what a submission needs.
import { z } from 'zod';
import { SHARING_LEVELS } from '../../domain/access/access.ts';
import { ASSESSMENT_KINDS, SECTION_IDS, SECTIONS, SECTION_MAX_LENGTH } from '../../domain/assessments/index.ts';
import type { SectionId } from '../../domain/assessments/index.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';

const version = z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());

export const startSchema = z.object({
  kind: z.enum(ASSESSMENT_KINDS, { message: 'Choose the kind of assessment' }),
  fromAssessmentId: z.preprocess(blankToUndefined, z.uuid({ message: 'Choose an assessment of this child’s case' }).optional()),
});

/** The form's fields for one section: its text, its sharing level and, for "named people only", who. */
export const sectionField = (id: SectionId) => ({ body: id, sharing: `${id}Sharing`, sharedWith: `${id}SharedWith` });

const sectionShape: Record<string, z.ZodType> = {};
for (const id of SECTION_IDS) {
  const f = sectionField(id);
  sectionShape[f.body] = z.string().max(SECTION_MAX_LENGTH, `${SECTIONS[id].label} must be ${SECTION_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`).optional();
  sectionShape[f.sharing] = z.preprocess(blankToUndefined, z.enum(SHARING_LEVELS, { message: `Choose who can see ${SECTIONS[id].label.toLowerCase()}` }).optional());
  sectionShape[f.sharedWith] = z.preprocess(asArray, z.array(z.uuid({ message: 'Choose people from the list' })).max(100));
}

export type SectionInput = { body: string; sharingLevel: SharingLevel; sharedWith: string[] };

export const saveSchema = z
  .object({ version, action: z.enum(['save', 'submit'], { message: 'Choose to save the draft or submit it' }), ...sectionShape })
  .transform((raw) => {
    const data = raw as Record<string, unknown>;
    const sections: Partial<Record<SectionId, SectionInput>> = {};
    for (const id of SECTION_IDS) {
      const f = sectionField(id);
      if (typeof data[f.body] !== 'string') continue;
      sections[id] = { body: data[f.body] as string, sharingLevel: (data[f.sharing] as SharingLevel | undefined) ?? 'network', sharedWith: (data[f.sharedWith] as string[] | undefined) ?? [] };
    }
    return { version: raw.version, action: raw.action, sections };
  });

export const authoriseSchema = z.object({ version });

export const returnSchema = z.object({ version, reason: optionalText(5_000) });

export const significantHarmSchema = z.object({
  version,
  early: z.preprocess(blankToUndefined, z.enum(['yes', 'no']).optional()).transform((v) => (v === undefined ? undefined : v === 'yes')),
  details: optionalText(10_000),
});

export const relatedChildSchema = z.object({
  formKey: z.uuid('This form has expired: reload the page'),
  name: optionalText(300),
  relationship: optionalText(60),
  personOfConcern: optionalText(300),
  approximateAge: z.preprocess(blankToUndefined, z.coerce.number({ message: 'Age must be a whole number, like 14' }).int('Age must be a whole number, like 14').min(0, 'Age must be 0 or more').max(25, 'Age must be 25 or less').optional()),
  decision: optionalText(60),
  reason: optionalText(5_000),
});

export type StartInput = z.infer<typeof startSchema>;
export type SaveInput = z.infer<typeof saveSchema>;
export type AuthoriseInput = z.infer<typeof authoriseSchema>;
export type ReturnInput = z.infer<typeof returnSchema>;
export type SignificantHarmInput = z.infer<typeof significantHarmSchema>;
export type RelatedChildInput = z.infer<typeof relatedChildSchema>;
