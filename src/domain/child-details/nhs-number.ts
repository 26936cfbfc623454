// An NHS number (issue 15): ten digits, the last a Modulus 11 check digit (NHS Data Dictionary, "NHS Number"): the
// first nine digits weighted 10 down to 2 and summed; 11 minus the remainder on dividing by 11 is the check digit,
// 11 becoming 0; a result of 10 means the number is not valid. Pure; spaces and hyphens as people write them are
// ignored. The merge guards (src/domain/child-merge) compare numbers normalised the same way.

export type NhsNumberCheck = { ok: true; digits: string } | { ok: false; message: string };

/** The check digit of nine digits, or null when no valid NHS number starts with them. */
export function nhsCheckDigit(nine: string): number | null {
  if (!/^\d{9}$/.test(nine)) return null;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function checkNhsNumber(value: string): NhsNumberCheck {
  const digits = value.replace(/[\s-]/g, '');
  if (digits === '') return { ok: false, message: 'Enter the NHS number' };
  if (!/^\d+$/.test(digits)) return { ok: false, message: 'An NHS number must contain only numbers' };
  if (digits.length !== 10) return { ok: false, message: 'An NHS number must be 10 digits' };
  const check = nhsCheckDigit(digits.slice(0, 9));
  if (check === null || check !== Number(digits[9])) return { ok: false, message: 'Enter a valid NHS number: check the digits (the last one does not match the others)' };
  return { ok: true, digits };
}

/** Written as the NHS writes it: 3 3 4 digits. */
export const formatNhsNumber = (digits: string) => `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
