// The forms (and API bodies) of the Child Sex Offender Disclosure Scheme. Shapes only; the rules between the steps
// are the domain's (src/domain/disclosure-scheme/scheme.ts).
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { DECISIONS } from '../../domain/disclosure-scheme/scheme.ts';

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const requiredText = (missing: string, max: number) => z.string({ message: missing }).trim().min(1, missing).max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`);
const requiredDate = (label: string, missing: string) => z.string({ message: missing }).trim().min(1, missing).pipe(isoDateSchema(label));
const yesNo = (missing: string) => z.preprocess((v) => (v === true ? 'yes' : v === false ? 'no' : v), z.enum(['yes', 'no'], { message: missing })).transform((v) => v === 'yes');
const uuid = (message: string) => z.string({ message }).trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, message);

export const applicationSchema = z.object({
  applicantName: requiredText('Enter the applicant’s name', 200),
  applicantRelationship: requiredText('Enter the applicant’s relationship to the child', 200),
  applicantContact: optionalText(300),
  childDescription: requiredText('Describe the child or children the applicant is worried about', 1_000),
  entityId: z.preprocess(blankToUndefined, uuid('Choose a person from the register').optional()),
  personDescription: optionalText(1_000),
  concern: requiredText('Enter what the applicant is worried about', 4_000),
  handlingOfficerId: uuid('Choose the handling officer'),
  receivedDate: requiredDate('Date the application was received', 'Enter the date the application was received'),
});

export const decisionSchema = z.object({
  decision: z.enum(DECISIONS, { message: 'Choose the police decision' }),
  reason: requiredText('Record the reasons for the decision', 4_000),
});

export const disclosureSchema = z.object({
  disclosedDate: requiredDate('Date of the disclosure', 'Enter the date of the disclosure'),
  recipientName: requiredText('Enter the name of the person the disclosure was made to', 200),
  recipientRelationship: requiredText('Enter their relationship to the child', 200),
  inPerson: yesNo('Say whether the disclosure was made in person'),
  warningsGiven: z.preprocess((v) => v === true || v === 'yes' || (Array.isArray(v) && v.includes('yes')), z.boolean()),
  undertakingSigned: yesNo('Say whether the recipient signed the undertaking of confidentiality'),
  proceedWithoutSignature: z.preprocess(blankToUndefined, yesNo('Say whether the disclosure still took place').optional()),
  unsignedConsideration: optionalText(4_000),
  summary: optionalText(4_000),
});

export type ApplicationInput = z.infer<typeof applicationSchema>;
export type DecisionInput = z.infer<typeof decisionSchema>;
export type DisclosureFormInput = z.infer<typeof disclosureSchema>;
