// The zod schema of ending a plan (its `action-<id>` fields are read by the service, since the actions are known
// only then).
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';

export const endPlanSchema = z
  .object({
    planVersion: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
    reasonCode: z.preprocess(blankToUndefined, z.string().max(40).optional()),
    reason: z.preprocess(blankToUndefined, z.string().trim().max(4_000, 'Must be 4,000 characters or fewer').optional()),
    nextPlanId: z.preprocess(blankToUndefined, z.string().max(40).optional()),
  })
  .catchall(z.unknown());
export type EndPlanInput = z.infer<typeof endPlanSchema>;
