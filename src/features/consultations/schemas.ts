// The forms (and API bodies) of anonymous consultations. There is no field for a name, a date of birth, an address or
// a school: the service refuses a request that sends one (src/domain/consultations/anonymous.ts).
import { z } from 'zod';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';
import { ADDRESSED_TO, ADVICE, CONSULTATION_AGE_BANDS, CONSULTATION_CONCERNS, CONSULTATION_SEXES, SCHOOL_TYPES } from '../../domain/consultations/anonymous.ts';

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const requiredText = (missing: string, max: number) => z.string({ message: missing }).trim().min(1, missing).max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`);

export const askSchema = z
  .object({
    addressedTo: z.enum(ADDRESSED_TO, { message: 'Choose who you are asking' }),
    ageBand: z.enum(CONSULTATION_AGE_BANDS, { message: 'Choose the child’s age band' }),
    sex: z.enum(CONSULTATION_SEXES, { message: 'Choose the child’s sex, or not known' }),
    area: optionalText(100),
    schoolType: z.enum(SCHOOL_TYPES, { message: 'Choose the type of school, or not known' }),
    concerns: z.preprocess(asArray, z.array(z.enum(CONSULTATION_CONCERNS, { message: 'Choose from the list of concerns' })).max(CONSULTATION_CONCERNS.length)),
    question: requiredText('Enter your question', 4_000),
  })
  .loose();

export const answerSchema = z.object({
  advice: z.enum(ADVICE, { message: 'Choose the advice given' }),
  answer: requiredText('Enter your answer', 4_000),
});

export const attachSchema = z.object({
  caseReference: requiredText('Enter the reference of the child’s case, for example CSE-0001', 40),
});

export const countsQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional().catch(undefined),
});

export type AskInput = z.infer<typeof askSchema>;
export type AnswerInput = z.infer<typeof answerSchema>;
