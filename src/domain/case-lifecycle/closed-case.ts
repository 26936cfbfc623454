// A closed case stays readable but takes no new casework until it is reopened (issue 15; PROCEDURES.md step 10,
// camden Part 4 §1). Pure: the gates (writeCase, and readCase for a purpose that changes the case)
// ask this with the case's status and the audited action.

/** Read purposes (readCase audits them as `case.<purpose>`) that open a case's page in order to change it. */
export const CASE_WRITE_PURPOSES = [
  'action-complete', 'decide-category', 'decide-cse-referral', 'link-child', 'meeting-cancel', 'meeting-cancelled-actions',
  'meeting-convene', 'meeting-correct', 'meeting-record', 'meeting-reschedule', 'plan-action', 'plan-review', 'plan-save',
  'plan-targets', 'record-nrm', 'record-observation', 'section47-record', 'write',
] as const;

/**
 * Changes a closed case still takes: its lifecycle (reopening, the review at 18), exporting the chronology (a read
 * through the write gate), and a child withdrawing consent to sharing, which must never wait for a reopening.
 * Retention and subject access do not pass through the case write gates.
 */
export const ALLOWED_ON_CLOSED_CASE: readonly string[] = ['case.reopened', 'case.eighteen-review', 'case.closed', 'chronology.exported', 'sharing.consent-withdrawn'];

const WRITE_ACTIONS = new Set(CASE_WRITE_PURPOSES.map((p) => `case.${p}`));

/**
 * Whether a closed case refuses this action. `gate` says which gate asks: 'write' for writeCase (every
 * action there changes the case unless allowed above), 'open' for readCase (only the write purposes change it).
 */
export function closedCaseRefuses(status: 'open' | 'closed', gate: 'write' | 'open', action: string): boolean {
  if (status !== 'closed') return false;
  if (ALLOWED_ON_CLOSED_CASE.includes(action)) return false;
  return gate === 'write' ? true : WRITE_ACTIONS.has(action);
}

export const CLOSED_CASE_MESSAGE = 'This case is closed. A closed case can be read but takes no new casework (notes, observations, plans, meetings and so on) until it is reopened.';
