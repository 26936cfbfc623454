// The NHS number form's shape; the rule (ten digits, Modulus 11) is the domain's (src/domain/child-details).
import { z } from 'zod';

export const nhsNumberSchema = z.object({
  version: z.coerce.number({ message: 'This form has expired: reload the page' }).int().min(1),
  nhsNumber: z.string().max(40, 'An NHS number must be 10 digits').default(''),
});
