// The forms of a board case audit: drawing the sample (criteria, auditors, end date), closing it, and a finding.
import { z } from 'zod';
import { asArray, blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { GRADES, MAX_SAMPLE_SIZE } from '../../domain/case-audits/rules.ts';

const optionalDate = (label: string) => z.preprocess(blankToUndefined, isoDateSchema(label).optional());
const optionalId = z.preprocess(blankToUndefined, z.string().trim().max(100).optional());
const version = z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1);

export const drawSchema = z.object({
  intent: z.enum(['count', 'draw']).catch('draw'),
  title: z.string({ message: 'Enter a title for the audit' }).trim().max(200, 'Title must be 200 characters or fewer'),
  localAuthorityId: optionalId,
  openFrom: optionalDate('Start of the period'),
  openTo: optionalDate('End of the period'),
  category: z.preprocess(blankToUndefined, z.enum(['1', '2', '3', 'none'], { message: 'Choose a risk category from the list' }).optional()),
  agencyId: optionalId,
  sampleSize: z.coerce.number({ message: `Enter a sample size from 1 to ${MAX_SAMPLE_SIZE}` }).int(`Enter a whole number from 1 to ${MAX_SAMPLE_SIZE}`).min(1, `Enter a sample size from 1 to ${MAX_SAMPLE_SIZE}`).max(MAX_SAMPLE_SIZE, `Enter a sample size from 1 to ${MAX_SAMPLE_SIZE}`),
  auditors: z.preprocess(asArray, z.array(z.string().max(100)).max(50)),
  endsOn: z.preprocess(blankToUndefined, isoDateSchema('End date').optional()),
});
export type DrawInput = z.infer<typeof drawSchema>;

export const closeSchema = z.object({ version });

const grade = z.enum(GRADES, { message: 'Choose a grade' });
const comment = z.string({ message: 'Enter a comment' }).trim().min(1, 'Enter a comment').max(2000, 'Comment must be 2,000 characters or fewer');

export const findingSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(0),
  timeliness: grade,
  timelinessComment: comment,
  assessment: grade,
  assessmentComment: comment,
  voice: grade,
  voiceComment: comment,
  multiAgency: grade,
  multiAgencyComment: comment,
});
export type FindingInput = z.infer<typeof findingSchema>;
