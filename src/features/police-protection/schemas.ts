// One zod schema per form of police protection. They check the shape of what was typed (real dates, 24-hour times,
// lengths); the rules between the moments are the domain's (src/domain/front-door/police-protection.ts).
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { POLICE_PROTECTION_OUTCOMES } from '../../domain/front-door/police-protection.ts';

const requiredDate = (label: string, missing: string) => z.string({ message: missing }).trim().min(1, missing).pipe(isoDateSchema(label));
const requiredTime = (label: string) =>
  z
    .string({ message: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, `${label[0]!.toUpperCase()}${label.slice(1)} must be a real time in 24-hour format, like 21:30`);
const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());

export const startSchema = z.object({
  startedDate: requiredDate('Date police protection started', 'Enter the date police protection started'),
  startedTime: requiredTime('time police protection started'),
  note: optionalText(2_000),
});

export const outcomeSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
  outcome: z.enum(POLICE_PROTECTION_OUTCOMES, { message: 'Choose the outcome of police protection' }),
  outcomeDetail: optionalText(2_000),
  endedDate: requiredDate('Date police protection ended', 'Enter the date police protection ended'),
  endedTime: requiredTime('time police protection ended'),
});

export type StartInput = z.infer<typeof startSchema>;
export type OutcomeInput = z.infer<typeof outcomeSchema>;
