// One zod schema per form, shared by the pages and the JSON API.
import { z } from 'zod';
import { blankToUndefined, asArray } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { REFERRAL_CHANNELS } from '../../domain/profiles/enums.ts';
import { TRIAGE_DECISIONS } from '../../domain/triage/decisions.ts';
import { WRITTEN_FORMS } from '../../domain/front-door/written-confirmation.ts';

export const MAX_TEXT = 10_000;
export const MAX_SHORT = 500;

const optionalText = (label: string, max = MAX_SHORT) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());

const optionalAge = z.preprocess(
  blankToUndefined,
  z.coerce
    .number({ message: 'Approximate age must be a number, like 14' })
    .int('Approximate age must be a whole number, like 14')
    .min(0, 'Approximate age must be 0 or more')
    .max(25, 'Approximate age must be 25 or less')
    .optional(),
);

const yesNo = z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean());

/** Date and time typed as a date (DD/MM/YYYY or YYYY-MM-DD) and an optional 24-hour time (HH:MM). */
export const observedAtFields = {
  observedDate: z.preprocess(blankToUndefined, isoDateSchema('Date seen').optional()),
  observedTime: z.preprocess(blankToUndefined, z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Time seen must be a real time in 24-hour format, like 16:30').optional()),
};

/** The same two fields on their own: a draft's typed moment, checked before it starts the referral clock. */
export const observedAtSchema = z.object(observedAtFields);

export const childFields = {
  childGivenName: optionalText('First name'),
  childFamilyName: optionalText('Last name'),
  childKnownAs: optionalText('Nickname or known-as name'),
  childDateOfBirth: z.preprocess(blankToUndefined, isoDateSchema('Date of birth').optional()),
  childApproximateAge: optionalAge,
  childDescription: optionalText('Description', 2000),
  childLocation: optionalText('Where the child was', 1000),
  childAddress: optionalText('Address', 1000),
  childPostcode: optionalText('Postcode', 20),
  childWard: optionalText('Ward', 200),
  childSchool: optionalText('School', 300),
  childGp: optionalText('GP', 300),
  childCareLeaver: z.preprocess((v) => v === 'yes' || v === true || v === 'on', z.boolean()).default(false),
};

const indicatorsField = z.preprocess(asArray, z.array(z.string().max(200)).max(200));

export const professionalConcernSchema = z.object({
  idempotencyKey: z.uuid('This form has expired: reload the page'),
  narrative: z.string({ message: 'Describe what you saw or heard' }).trim().min(1, 'Describe what you saw or heard').max(MAX_TEXT, `What you saw must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`),
  indicators: indicatorsField,
  ...observedAtFields,
  ...childFields,
  immediateDanger: z.enum(['yes', 'no'], { message: 'Say whether the child is in immediate danger' }).transform((v) => v === 'yes'),
  policeCalled: z.preprocess(blankToUndefined, yesNo.optional()),
  dslConsulted: z.enum(['yes', 'no', 'i-am-the-dsl', 'not-applicable'], { message: 'Say whether you consulted your designated safeguarding lead' }),
  sexualActivity: z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean()).default(false),
});

export const publicConcernSchema = z.object({
  idempotencyKey: z.uuid('This form has expired: reload the page'),
  narrative: z.string({ message: 'Tell us what you are worried about' }).trim().min(1, 'Tell us what you are worried about').max(MAX_TEXT, `What you are worried about must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`),
  ...childFields,
  immediateDanger: z.preprocess(blankToUndefined, yesNo.optional()),
  reporterName: optionalText('Your name', 200),
  reporterPhone: optionalText('Your phone number', 50),
  reporterEmail: z.preprocess(blankToUndefined, z.email('Enter an e-mail address in the correct format, like name@example.com').max(320).optional()),
  reporterRelationship: optionalText('How you know the child', 300),
  // Bots fill every field; people never see this one.
  website: z.string().max(0, 'This form could not be sent').optional().or(z.literal('')),
  formStartedAt: z.string().max(200),
});

const personList = z.preprocess(blankToUndefined, z.string().trim().max(MAX_TEXT).optional());

export const referralSchema = z.object({
  idempotencyKey: z.uuid('This form has expired: reload the page'),
  channel: z.enum(REFERRAL_CHANNELS, { message: 'Choose how the referral was made' }),
  urgent: z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean()).default(false),
  narrative: z.string({ message: 'Enter the reason for the referral' }).trim().min(1, 'Enter the reason for the referral').max(MAX_TEXT, `The reason must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`),
  indicators: indicatorsField,
  ...observedAtFields,
  ...childFields,
  familyMembers: personList,
  parentalResponsibility: personList,
  otherProfessionals: personList,
  staffSafety: personList,
  concerningAdults: personList,
  phoneActivity: personList,
  vehicles: personList,
  missingPatterns: personList,
  immediateDanger: z.preprocess(blankToUndefined, yesNo.optional()).transform((v) => v ?? false),
  policeCalled: z.preprocess(blankToUndefined, yesNo.optional()),
  dslConsulted: z.enum(['yes', 'no', 'i-am-the-dsl', 'not-applicable'], { message: 'Say whether you consulted your designated safeguarding lead' }),
  sexualActivity: z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean()).default(false),
});

/** A draft keeps whatever was typed, checked only for size, so nothing is lost. */
export const referralDraftSchema = z
  .object({ idempotencyKey: z.uuid('This form has expired: reload the page') })
  .catchall(z.union([z.string().max(MAX_TEXT, 'A field is too long to save'), z.array(z.string().max(500)).max(200)]));

export const identifySchema = z.object({
  version: z.coerce.number().int(),
  identification: z.enum(['linked', 'new-child', 'unidentified'], { message: 'Choose whether this is a known child, a new child or cannot be identified' }),
  childId: z.preprocess(blankToUndefined, z.uuid('Choose the matching child').optional()),
});

export const decisionSchema = z.object({
  version: z.coerce.number().int(),
  decision: z.enum(TRIAGE_DECISIONS, { message: 'Choose a decision' }),
  reasons: z.string().trim().max(MAX_TEXT, 'Reasons must be 10,000 characters or fewer').default(''),
  sexualActivity: z.preprocess((v) => v === 'yes' || v === 'on' || v === true, z.boolean()).default(false),
  presumptionReason: optionalText('Reason', MAX_TEXT),
  allocatedWorkerId: z.preprocess(blankToUndefined, z.uuid('Choose a social worker').optional()),
  protectiveAction: optionalText('Protective action', 100),
  protectiveActionDate: z.preprocess(blankToUndefined, isoDateSchema('Date of the protective action').optional()),
  protectiveActionTime: z.preprocess(blankToUndefined, z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Time must be in 24-hour format, like 16:30').optional()),
  homeAuthority: optionalText('Home authority', 200),
}).catchall(z.string().max(MAX_SHORT));

const time24 = (label: string) => z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `${label} must be a real time in 24-hour format, like 16:30`);

/** camden Part 3 §2; bedford-luton 12.4: the written referral that follows a spoken one. */
export const writtenConfirmationSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int(),
  arrivedDate: z.string({ message: 'Enter the date the written referral arrived' }).trim().min(1, 'Enter the date the written referral arrived').pipe(isoDateSchema('Date it arrived')),
  arrivedTime: z.string({ message: 'Enter the time the written referral arrived' }).trim().min(1, 'Enter the time the written referral arrived').pipe(time24('Time it arrived')),
  form: z.enum(WRITTEN_FORMS, { message: 'Choose which written form arrived' }),
  note: optionalText('Note', 2000),
});

/** bedford-luton 2.7, 12.3: the out-of-hours team's handover to the day team. */
export const handoverSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int(),
  handoverDone: z.string({ message: 'Say what was done out of hours' }).trim().min(1, 'Say what was done out of hours').max(MAX_TEXT, `What was done must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`),
  handoverOutstanding: z.string({ message: 'Say what is outstanding for the day team, or that nothing is' }).trim().min(1, 'Say what is outstanding for the day team, or that nothing is').max(MAX_TEXT, `What is outstanding must be ${MAX_TEXT.toLocaleString('en-GB')} characters or fewer`),
});
