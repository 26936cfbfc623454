// One zod schema per form or query of the chronology.
import { z } from 'zod';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { SHARING_LEVELS } from '../../domain/access/access.ts';

export const CHRONOLOGY_PAGE_SIZE = 25;
/** The print view and the CSV export hold at most this many entries; the filters narrow a longer chronology. */
export const CHRONOLOGY_EXPORT_LIMIT = 20_000;

const optionalDate = (label: string) => z.preprocess(blankToUndefined, isoDateSchema(label).optional());

export const chronologyFilterSchema = z
  .object({
    kind: z.preprocess(blankToUndefined, z.string({ message: 'Choose one kind of entry' }).trim().max(60, 'Choose a kind of entry from the list').regex(/^[a-z0-9-]+$/, 'Choose a kind of entry from the list').optional()),
    agency: z.preprocess(blankToUndefined, z.uuid({ message: 'Choose an agency from the list' }).optional()),
    from: optionalDate('Date from'),
    to: optionalDate('Date to'),
    page: z.preprocess(blankToUndefined, z.coerce.number({ message: 'Page must be a whole number' }).int('Page must be a whole number').min(1, 'Page must be 1 or more').max(1_000_000, 'Page is too large').optional()),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'Date to must be the same as or after date from' });
export type ChronologyFilterInput = z.infer<typeof chronologyFilterSchema>;

const requiredDate = (label: string, missing: string) => z.string({ message: missing }).trim().min(1, missing).pipe(isoDateSchema(label));
export const timeField = z.preprocess(blankToUndefined, z.string().trim().regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'Time must be a real time in 24-hour format, like 16:30').optional());

export const sharingFields = {
  sharingLevel: z.enum(SHARING_LEVELS, { message: 'Choose who can see this entry' }),
  sharedWith: z.preprocess(asArray, z.array(z.uuid({ message: 'Choose people from the list' })).max(100)),
};

export const significantEventSchema = z.object({
  title: z.string({ message: 'Enter a short title for the event' }).trim().min(1, 'Enter a short title for the event').max(200, 'Title must be 200 characters or fewer'),
  date: requiredDate('Date of the event', 'Enter the date of the event'),
  time: timeField,
  description: z.string({ message: 'Describe what happened' }).trim().min(1, 'Describe what happened').max(10_000, 'Description must be 10,000 characters or fewer'),
  source: z
    .string({ message: 'Enter where the information came from' })
    .trim()
    .min(1, 'Enter where the information came from, for example ‘Mother, by phone’ or ‘Police national computer check’')
    .max(500, 'Source must be 500 characters or fewer'),
  ...sharingFields,
});

export const EXPORT_REASONS = {
  'court-proceedings': 'Court or legal proceedings',
  'case-transfer': 'Transfer to another authority or agency',
  'multi-agency-meeting': 'Preparing for a multi-agency meeting',
  'case-audit': 'Case audit or supervision',
  'subject-access-request': 'Subject access request',
  other: 'Another reason',
} as const;
export type ExportReason = keyof typeof EXPORT_REASONS;

export const exportSchema = z.object({
  reasonCode: z.enum(Object.keys(EXPORT_REASONS) as [ExportReason, ...ExportReason[]], { message: 'Choose why you are exporting the chronology' }),
  reason: z.string({ message: 'Explain why you need the export' }).trim().min(10, 'Explain in at least 10 characters why you need the export').max(2000, 'Reason must be 2,000 characters or fewer'),
  kind: z.string().max(100).optional(),
  agency: z.string().max(100).optional(),
  from: z.string().max(20).optional(),
  to: z.string().max(20).optional(),
});
