// The shapes of the close, reopen and at-18 review forms; the rules are the domain's (src/domain/case-lifecycle).
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const version = z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1);

export const closeSchema = z.object({
  version,
  reasonCode: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  reasons: optionalText(4_000),
  receivingAuthority: optionalText(200),
});

export const reopenSchema = z.object({ version, reasons: optionalText(4_000) });

export const eighteenReviewSchema = z.object({
  version,
  outcome: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  pathwayPlan: optionalText(4_000),
  notes: optionalText(4_000),
});

export type CloseInput = z.infer<typeof closeSchema>;
export type ReopenInput = z.infer<typeof reopenSchema>;
export type EighteenReviewInput = z.infer<typeof eighteenReviewSchema>;
