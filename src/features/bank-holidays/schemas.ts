// The form that adds a bank holiday to Harbour's list.
import { z } from 'zod';
import { isoDateSchema } from '../../platform/web/dates.ts';

export const addBankHolidaySchema = z.object({
  date: isoDateSchema('Date'),
  name: z.string().trim().min(1, 'Enter the name of the bank holiday').max(200, 'Name must be 200 characters or fewer'),
});
