// Expected refusals: a use case says no, field by field, and the page shows each message against its field in
// the GOV.UK error summary (the API as a problem listing them). Never a 500, never a partial write.
import type { FieldErrors } from './forms.ts';

/** A refusal of one field; `source` (a procedure paragraph) is shown after the message when there is one. */
export type FieldRefusal = { field: string; message: string; source?: string | undefined };

export class Refused extends Error {
  refusals: { field: string; message: string }[];
  /** 400 for bad input; 403 or 409 where a feature refuses for those reasons. */
  status: number;
  constructor(refusals: readonly FieldRefusal[], status = 400) {
    super(refusals.map((r) => r.message).join('; '));
    this.refusals = refusals.map((r) => ({ field: r.field, message: r.source ? `${r.message} (${r.source})` : r.message }));
    this.status = status;
  }
}

/** The field → message map the error summary and the fields render from (the first message per field wins). */
export function refusalErrors(error: Refused): FieldErrors {
  const errors: FieldErrors = {};
  for (const r of error.refusals) errors[r.field] ??= r.message;
  return errors;
}

/** An expected refusal of a record's change: shown in the GOV.UK error summary against its field, never a 500. */
export class RecordRefused extends Refused {}
