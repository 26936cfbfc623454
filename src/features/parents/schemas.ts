// The forms (and API bodies) of telling parents. They check the shape of what was typed; the rules between the
// fields (who told them, the exception's reasons, the under-13 rule) are the domain's (src/domain/parents).
import { z } from 'zod';
import { blankToUndefined } from '../../platform/web/forms.ts';
import { isoDateSchema } from '../../platform/web/dates.ts';
import { EXCEPTION_GROUNDS, TOLD_HOW } from '../../domain/parents/notification.ts';
import { RECORD_ID_TEXT } from '../../platform/web/record-ids.ts';

const optionalText = (max: number) => z.preprocess(blankToUndefined, z.string().trim().max(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`).optional());
const yesNo = (v: unknown) => (v === true ? 'yes' : v === false ? 'no' : v);
const yes = z.preprocess((v) => v === true || v === 'true' || v === 'yes' || (Array.isArray(v) && v.includes('yes')), z.boolean());

export const notificationSchema = z.object({
  /** 'referral:<id>' or 'meeting:<id>': the CSE referral or meeting the decision belongs to. */
  occasion: z.string({ message: 'Choose the referral or meeting this decision was made at' }).trim().regex(new RegExp(`^(referral|meeting):${RECORD_ID_TEXT}$`, 'i'), 'Choose the referral or meeting this decision was made at'),
  told: z.preprocess(yesNo, z.enum(['yes', 'no'], { message: 'Say whether the parents were told' })),
  toldBy: optionalText(300),
  toldDate: z.preprocess(blankToUndefined, isoDateSchema('Date the parents were told').optional()),
  toldHow: z.preprocess(blankToUndefined, z.enum(TOLD_HOW, { message: 'Say how the parents were told' }).optional()),
  whatTold: optionalText(2_000),
  ground: z.preprocess(blankToUndefined, z.enum(EXCEPTION_GROUNDS, { message: 'Choose why the parents are not being told' }).optional()),
  reasons: optionalText(4_000),
  clearlyInconsistent: yes.optional(),
});

export const agreementSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
  agree: z.preprocess(yesNo, z.enum(['yes', 'no'], { message: 'Say whether you agree the exception' })),
  note: optionalText(2_000),
});

export type NotificationFormInput = z.infer<typeof notificationSchema>;
export type AgreementInput = z.infer<typeof agreementSchema>;
