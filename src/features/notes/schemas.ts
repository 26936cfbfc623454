import { z } from 'zod';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { NOTE_TYPES } from '../../platform/database/migrations/0008-case-records.ts';
import { sharingFields } from '../chronology/schemas.ts';

export { NOTE_TYPES };
export type NoteType = (typeof NOTE_TYPES)[number];
export const NOTES_PAGE_SIZE = 25;

export const NOTE_TYPE_LABELS: Record<NoteType, string> = {
  'home visit': 'Home visit',
  'office visit': 'Office visit',
  'phone call': 'Phone call',
  'school visit': 'School visit',
  'multi-agency discussion': 'Multi-agency discussion',
  other: 'Other contact',
};

const noteFields = {
  contactDate: z.string({ message: 'Enter the date of the contact' }).trim().min(1, 'Enter the date of the contact').pipe(isoDateSchema('Date of contact')),
  contactType: z.enum(NOTE_TYPES, { message: 'Choose the type of contact' }),
  body: z.string({ message: 'Enter what happened' }).trim().min(1, 'Enter what happened during the contact').max(20_000, 'The note must be 20,000 characters or fewer'),
  ...sharingFields,
};

export const noteSchema = z.object(noteFields);
export const noteEditSchema = z.object({ ...noteFields, version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1) });

export const notesQuerySchema = z.object({
  type: z.preprocess(blankToUndefined, z.enum(NOTE_TYPES, { message: 'Choose a type of contact from the list' }).optional()),
  page: z.preprocess(blankToUndefined, z.coerce.number({ message: 'Page must be a whole number' }).int('Page must be a whole number').min(1, 'Page must be 1 or more').max(1_000_000).optional()),
});
