// One zod schema per form (and API body) of information sharing. They check shape and lengths; the rules between
// the fields (consent by age, the seven questions, telling the child) are the domain's (src/domain/sharing).
import { z } from 'zod';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { CONSENT_GIVERS, CONSENT_METHODS, SHARING_BASES, TOLD_ANSWERS } from '../../domain/sharing/sharing.ts';

import { RECORD_ID, RECORD_ID_TEXT } from '../../platform/web/record-ids.ts';

const text = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const list = (pattern: RegExp, message: string) => z.preprocess(asArray, z.array(z.string().regex(pattern, message)).max(50, 'Choose 50 or fewer'));
const optionalDate = (label: string) => z.preprocess(blankToUndefined, isoDateSchema(label).optional());
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) => z.preprocess(blankToUndefined, z.enum(values).optional());

/** The seven answers of bedford-luton 5.7 arrive as answer-<question id> (PUBLIC_INTEREST_QUESTIONS). */
/** An item is "<type>:<uuid>" for a record, or "case-summary". */
export const ITEM_PATTERN = new RegExp(`^((chronology-entry|risk_observation|intelligence-link|meeting-information|plan):${RECORD_ID_TEXT}|case-summary)$`, 'i');

export const decisionSchema = z.object({
  items: list(ITEM_PATTERN, 'Choose what is shared from the list').pipe(z.array(z.string()).min(1, 'Choose what is shared, or what is not shared')),
  agencies: list(RECORD_ID, 'Choose agencies from the list'),
  people: list(RECORD_ID, 'Choose people from the list'),
  network: z.preprocess((v) => v === 'yes' || v === true, z.boolean()),
  purpose: z.string({ message: 'Enter the purpose of sharing' }).trim().min(1, 'Enter the purpose of sharing').max(2_000, 'Must be 2,000 characters or fewer'),
  basis: z.enum(SHARING_BASES, { message: 'Choose the basis for this decision' }),
  consentGiver: optionalEnum(CONSENT_GIVERS),
  consentGiverName: text(200),
  consentMethod: optionalEnum(CONSENT_METHODS),
  consentGivenOn: optionalDate('Date consent was given'),
  capacityReasons: text(2_000),
  consentLimits: text(2_000),
  'answer-crime': text(2_000),
  'answer-protection': text(2_000),
  'answer-risksToOthers': text(2_000),
  'answer-vulnerability': text(2_000),
  'answer-impact': text(2_000),
  'answer-proportionate': text(2_000),
  'answer-alternative': text(2_000),
  notSharedReason: text(2_000),
  childTold: optionalEnum(TOLD_ANSWERS),
  familyTold: optionalEnum([...TOLD_ANSWERS, 'not-appropriate'] as const),
  tellerName: text(200),
  tellBy: optionalDate('Date the child is told'),
  notToldReason: text(2_000),
  familyNotToldReason: text(2_000),
});

export const approvalSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
  outcome: z.enum(['approve', 'decline'], { message: 'Choose whether to approve this request' }),
  note: text(2_000),
});

export const withdrawalSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
  reason: z.string({ message: 'Enter who withdrew consent and what they said' }).trim().min(1, 'Enter who withdrew consent and what they said').max(2_000, 'Must be 2,000 characters or fewer'),
});

/** Telling the child (camden Part 1 §6), recorded after the request or updated when it happens. */
export const tellingSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
  childTold: z.enum(TOLD_ANSWERS, { message: 'Say whether the child has been told that information was shared without their consent' }),
  tellerName: text(200),
  tellBy: optionalDate('Date the child is told'),
  notToldReason: text(2_000),
  familyTold: optionalEnum([...TOLD_ANSWERS, 'not-appropriate'] as const),
  familyNotToldReason: text(2_000),
});

export type TellingInput = z.infer<typeof tellingSchema>;
export type DecisionInput = z.infer<typeof decisionSchema>;
export type ApprovalInput = z.infer<typeof approvalSchema>;
export type WithdrawalInput = z.infer<typeof withdrawalSchema>;
