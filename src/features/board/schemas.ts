// The board's filters and its export form. Shapes only: which period and authority mean what is the service's.
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { RECORD_ID } from '../../platform/web/record-ids.ts';

const id = (message: string) => z.preprocess(blankToUndefined, z.string().trim().max(100, message).regex(/^[A-Za-z0-9_-]+$/, message).optional());

export const filterSchema = z.object({
  period: z.preprocess(blankToUndefined, z.string().trim().regex(/^(last-4|last-8|\d{4}-Q[1-4])$/, 'Choose a period from the list').optional()),
  localAuthority: id('Choose a local authority from the list'),
  agency: z.preprocess(blankToUndefined, z.string().trim().regex(RECORD_ID, 'Choose an agency from the list').optional()),
  profile: id('Choose a procedure from the list'),
});

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;

export const exportSchema = filterSchema.extend({
  format: z.enum(EXPORT_FORMATS, { message: 'Choose CSV or a spreadsheet workbook' }),
  reason: z.string({ message: 'Explain why you need the export' }).trim().min(10, 'Explain in at least 10 characters why you need the export').max(2000, 'Reason must be 2,000 characters or fewer'),
});

export const casesSchema = filterSchema.extend({
  figure: z.string().max(60).optional(),
  row: z.string().max(300).optional(),
  clockProfile: id('Choose a procedure'),
  rule: id('Choose a clock'),
  outcome: z.enum(['met', 'missed', 'running']).optional(),
});
