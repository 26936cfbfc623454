// One zod schema per form of the missing episodes. They check the shape of what was typed (real dates, 24-hour
// times, lengths); the rules between the dates are the domain's (src/domain/missing), with the same messages.
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { MESSAGES, MISSING_FROM } from '../../domain/missing/index.ts';
import { sharingFields } from '../chronology/schemas.ts';

const requiredDate = (label: string, missing: string) => z.string({ message: missing }).trim().min(1, missing).pipe(isoDateSchema(label));
const requiredTime = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a real time in 24-hour format, like 21:30`);
const requiredText = (message: string, max: number) => z.string({ message }).trim().min(1, message).max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const version = z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1);

export const reportSchema = z.object({
  leftDate: requiredDate('Date they left', 'Enter the date they left'),
  leftTime: requiredTime('time they left'),
  fromWhere: z.enum(MISSING_FROM, { message: 'Choose where they went missing from' }),
  appearanceOnLeaving: requiredText(MESSAGES.appearanceOnLeaving, 5_000),
  whoWith: optionalText(2_000),
  ...sharingFields,
});

export const returnSchema = z.object({
  version,
  returnedDate: requiredDate('Date they came back', 'Enter the date they came back'),
  returnedTime: requiredTime('time they came back'),
  appearanceOnReturn: requiredText(MESSAGES.appearanceOnReturn, 5_000),
});

export const interviewSchema = z.object({
  version,
  interviewDate: requiredDate('Date of the return interview', 'Enter the date of the return interview'),
  interviewTime: requiredTime('time of the return interview'),
  heldBy: requiredText(MESSAGES.heldBy, 300),
  independent: z.enum(['yes', 'no'], { message: 'Say whether the interview was independent' }).transform((v) => v === 'yes'),
  summary: requiredText(MESSAGES.summary, 10_000),
});

/** A correction of the leaving details, like the return's (issue 15): the same fields as the report, with the version. */
export const leavingSchema = z.object({
  version,
  leftDate: requiredDate('Date they left', 'Enter the date they left'),
  leftTime: requiredTime('time they left'),
  fromWhere: z.enum(MISSING_FROM, { message: 'Choose where they went missing from' }),
  appearanceOnLeaving: requiredText(MESSAGES.appearanceOnLeaving, 5_000),
  whoWith: optionalText(2_000),
});

export type ReportInput = z.infer<typeof reportSchema>;
export type LeavingInput = z.infer<typeof leavingSchema>;
export type ReturnInput = z.infer<typeof returnSchema>;
export type InterviewInput = z.infer<typeof interviewSchema>;
