// One zod schema per form of the risk feature.
import { z } from 'zod';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { SHARING_LEVELS } from '../../domain/access/access.ts';
import { OBSERVATION_SOURCES } from '../../domain/risk/suggest.ts';

export const MAX_NOTE = 2000;
export const MAX_REASON = 5000;

const optionalText = (label: string, max = MAX_REASON) =>
  z.preprocess(blankToUndefined, z.string().trim().max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());

const requiredText = (missing: string, label: string, max = MAX_REASON) =>
  z.preprocess(blankToUndefined, z.string({ message: missing }).trim().min(1, missing).max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`));

const version = z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(0);

export const observationSchema = z.object({
  indicatorId: requiredText('Choose the indicator you observed', 'Indicator', 200),
  observedOn: z.preprocess(blankToUndefined, z.string({ message: 'Enter the date you observed it' }).pipe(isoDateSchema('Date observed'))),
  howKnown: z.enum(OBSERVATION_SOURCES as unknown as ['seen', 'told-by-child', 'reliable-source', 'third-hand'], { message: 'Say how you know' }),
  note: optionalText('Note', MAX_NOTE),
  sharingLevel: z.enum(SHARING_LEVELS, { message: 'Choose who can see this observation' }),
  sharedWith: z.preprocess(asArray, z.array(z.uuid('Choose people from the list')).max(50)),
});

export const nrmSchema = z.object({
  nrmOutcome: z.enum(['referred', 'not-referred'], { message: 'Say whether the child was referred to the National Referral Mechanism' }),
  nrmReason: requiredText('Give the reason for the National Referral Mechanism decision', 'Reason'),
});

export const referralSchema = z.object({
  reason: requiredText('Explain why you are referring this child to the CSE coordinator', 'Reason'),
});

const category = z.preprocess(blankToUndefined, z.coerce.number({ message: 'Choose the risk category' }).int('Choose the risk category').min(1, 'Choose the risk category').max(3, 'Choose the risk category').optional()) as z.ZodType<1 | 2 | 3 | undefined>;

export const referralDecisionSchema = z.object({
  decision: z.enum(['accept', 'decline'], { message: 'Choose whether to accept or decline the referral' }),
  category,
  rationale: optionalText('Rationale'),
  differsReason: optionalText('Reason for the difference'),
  declineReasons: optionalText('Reasons'),
  caseVersion: version,
  referralVersion: version,
});

export const categoryDecisionSchema = z.object({
  category,
  rationale: optionalText('Rationale'),
  differsReason: optionalText('Reason for the difference'),
  caseVersion: version,
});

export const linkSchema = z.object({
  linkedCaseId: z.preprocess(blankToUndefined, z.uuid({ message: 'Choose the child to link to' })),
  linkReason: requiredText('Say why the children are linked', 'Reason', 2000),
});
