import { z } from 'zod';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { blankToUndefined } from '../../platform/web/forms.ts';

export const decisionSchema = z.discriminatedUnion('decision', [
  z.object({ version: z.coerce.number().int(), decision: z.literal('delete'), confirm: z.literal('yes', { message: 'Confirm that the record’s personal data is to be deleted' }) }),
  z.object({
    version: z.coerce.number().int(),
    decision: z.literal('extend'),
    reason: z.string().trim().min(1, 'Enter the reason for keeping the record longer').max(2000, 'Reason must be 2000 characters or fewer'),
    until: z.preprocess(blankToUndefined, isoDateSchema('The new review date').optional()).refine((v) => v !== undefined, { message: 'Enter the new review date' }),
  }),
], { error: () => ({ message: 'Choose whether to delete the record or keep it longer' }) });

const years = (label: string) => z.coerce.number({ message: `${label}: enter a number of years` }).int(`${label}: enter a whole number of years`);

export const scheduleSchema = z.object({
  version: z.coerce.number().int(),
  caseYears: years('Case record'),
  caseLookedAfterYears: years('Looked-after child’s case record'),
  caseNoDobYears: years('Case record with no date of birth'),
  intelligenceYears: years('Police intelligence'),
  contactYears: years('Contact with no further action'),
});
