// The merge forms (issue 15, duplicates): which record is kept, the versions compared (a stale merge is refused), why.
import { z } from 'zod';

const uuid = z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Choose a record');

export const compareQuery = z.object({ keep: uuid, merge: uuid });

export const mergeSchema = z.object({
  keptId: uuid,
  mergedId: uuid,
  keptVersion: z.coerce.number().int().positive(),
  mergedVersion: z.coerce.number().int().positive(),
  reason: z.string().trim().min(1, 'Enter why you are sure these records are the same child').max(2000, 'Reason must be 2000 characters or fewer'),
  confirm: z.literal('yes', { message: 'Confirm that these records are the same child' }),
});

export const undoSchema = z.object({
  version: z.coerce.number().int().positive(),
  reason: z.string().trim().min(1, 'Enter why the merge is being undone').max(2000, 'Reason must be 2000 characters or fewer'),
});
