// The transfer forms (issue 15): what the request names and carries, and the answer's version (stale answers refused).
import { z } from 'zod';

export const requestSchema = z.object({
  toLocalAuthorityId: z.string().trim().min(1, 'Choose the authority the child has moved to').max(100),
  receivingCoordinatorId: z.string().trim().min(1, 'Choose the receiving authority’s CSE coordinator').max(100),
  summary: z.string().trim().min(1, 'Enter a summary of the case for the receiving authority').max(5000, 'Summary must be 5000 characters or fewer'),
  reason: z.string().trim().min(1, 'Enter why the case is moving (for example, where the child now lives)').max(2000, 'Reason must be 2000 characters or fewer'),
});

export const answerSchema = z.object({ version: z.coerce.number().int().positive() });

export const declineSchema = answerSchema.extend({
  reason: z.string().trim().min(1, 'Enter why you are declining the transfer').max(2000, 'Reason must be 2000 characters or fewer'),
});
