// The refusals the risk pages show as they are: a form's error summary or a refusal page, and a stale case.
import { HttpError } from '../../platform/web/errors.ts';
export type { FieldRefusal } from '../../platform/web/refusals.ts';
import { Refused } from '../../platform/web/refusals.ts';

/** An expected refusal: shown on the form as an error summary (400), or as a refusal page (403). */
export class RiskRefused extends Refused {}

/** Someone else changed the case since the form was opened: nothing was written; `changes` says what happened. */
export class StaleCase extends HttpError {
  changes: string[];
  constructor(changes: string[]) {
    super(409, 'stale', 'Someone else changed this record', changes.join(' '));
    this.changes = changes;
  }
}
