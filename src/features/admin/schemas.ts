// Form fields shared by the administration pages, with GOV.UK wording for their errors.
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';

/** The row version an edit form was built from: a stale one means someone else saved in between. */
export const versionField = z
  .string({ error: 'This form is out of date. Reload the page and try again.' })
  .regex(/^\d{1,9}$/, 'This form is out of date. Reload the page and try again.')
  .transform(Number);

export const versionSchema = z.object({ version: versionField });

export function requiredText(message: string, label: string, max: number) {
  return z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `${label} must be ${max} characters or fewer`);
}

export function optionalText(label: string, max: number) {
  return z.preprocess(blankToUndefined, z.string({ error: `Enter ${label.toLowerCase()} as text` }).trim().max(max, `${label} must be ${max} characters or fewer`).optional());
}
