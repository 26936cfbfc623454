// Dates typed into forms, with the GOV.UK wording for errors.
import { z } from 'zod';

export function isRealDate(iso: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Accepts YYYY-MM-DD or DD/MM/YYYY; gives back YYYY-MM-DD. */
export function isoDateSchema(label: string) {
  return z
    .string()
    .trim()
    .transform((value) => {
      const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
      return uk ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}` : value;
    })
    // abort: an impossible date stops here, so checks that compare dates never see it.
    .refine(isRealDate, { message: `${label} must be a real date, for example 27/3/2012`, abort: true });
}
