// The zod schemas of correcting a meeting's minutes and deciding a cancelled meeting's open actions (whose
// `action-<id>` fields are read by the service, since the actions are known only then).
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());

export const correctMinutesSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
  decisionsSummary: optionalText(4_000),
  reviewDate: z.preprocess(blankToUndefined, isoDateSchema('Review date').optional()),
  parentsToldWhat: optionalText(2_000),
  reason: optionalText(2_000),
});
export type CorrectMinutesInput = z.infer<typeof correctMinutesSchema>;

export const cancelledActionsSchema = z.object({ version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1), note: optionalText(2_000) }).catchall(z.unknown());
export type CancelledActionsInput = z.infer<typeof cancelledActionsSchema>;
