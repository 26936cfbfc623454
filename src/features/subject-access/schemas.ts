import { z } from 'zod';
import { isoDateSchema } from '../../platform/web/dates.ts';

export const requestSchema = z.object({
  reference: z.string().trim().toUpperCase().regex(/^CSE-\d{4,}$/, 'Enter the case reference, for example CSE-0001'),
  requester: z.enum(['child', 'parent', 'representative'], { message: 'Choose who made the request' }),
  receivedOn: isoDateSchema('The date the request was received'),
});

export const itemDecisionSchema = z.object({
  version: z.coerce.number().int(),
  decision: z.enum(['release', 'withhold'], { message: 'Choose whether to release or withhold this item' }),
  reason: z.string().trim().min(1, 'Enter the reason for your decision').max(1000, 'Reason must be 1000 characters or fewer'),
});

export const releaseSchema = z.object({ version: z.coerce.number().int() });
