// A case's life as a state machine (STYLE.md habit 5), like the meeting lifecycle: open → closed by a recorded
// decision of the CSE coordinator or a team manager (PROCEDURES.md step 10: the risk is gone, the child has exited,
// moved area, turned 18, or died), closed → open again when a new concern about the same child arrives or the
// coordinator or a manager decides so. `decide` is pure: callers pass the case's state, the command and `now`, apply
// the events it returns (ending the plans it names, stopping the clocks, telling the network), or show its refusals.
import type { Role } from '../access/roles.ts';
import { ageInYears } from '../risk/age-rules.ts';

export const CLOSURE_REASONS = {
  'risk-gone': 'The risk of sexual exploitation has gone',
  'child-exited': 'The child has exited sexual exploitation',
  'moved-area': 'The child has moved to another area (the home authority takes over)',
  'turned-18': 'The child has turned 18',
  died: 'The child has died',
  // After a merge of two records of the same child (issue 15), one of the child's two open cases is closed as a duplicate.
  'duplicate-record': 'A duplicate record of the same child (the other case continues)',
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASONS;
export const CLOSURE_REASON_CODES = Object.keys(CLOSURE_REASONS) as [ClosureReason, ...ClosureReason[]];

/** Who ends CSE involvement (PROCEDURES.md step 10: "of the coordinator or manager"). */
export const CLOSING_ROLES: readonly Role[] = ['cse-coordinator', 'team-manager'];
/** Who reopens by decision; a new concern reopens through the front door whoever raised it. */
export const REOPENING_ROLES: readonly Role[] = ['cse-coordinator', 'team-manager', 'front-door'];

export const MIN_LIFECYCLE_REASON = 10;
export const CLOSURE_SOURCE = 'PROCEDURES.md step 10';

export type CaseLifecycleState =
  | { status: 'open'; category: 1 | 2 | 3 | null; openPlanIds: readonly string[]; dateOfBirth: string | null }
  | { status: 'closed'; closedAt: Date; reasonCode: ClosureReason };

export type CaseLifecycleCommand =
  | { type: 'close'; roles: readonly Role[]; reasonCode: string | undefined; reasons: string | undefined; receivingAuthority?: string | undefined }
  | { type: 'reopen'; roles: readonly Role[]; trigger: 'new-concern' | 'decision'; reasons: string | undefined; contactReference?: string | undefined };

export type CaseLifecycleEvent =
  | { type: 'case-closed'; reasonCode: ClosureReason; reasons: string; lastCategory: 1 | 2 | 3 | null; plansEnded: string[]; stopClocks: true; tellNetwork: true; receivingAuthority: string | null }
  | { type: 'case-reopened'; trigger: 'new-concern' | 'decision'; reasons: string; previousClosure: { closedAt: Date; reasonCode: ClosureReason }; tellNetwork: true };

export type LifecycleRefusal = { field: string; code: string; message: string; source?: string };
export type CaseLifecycleDecision = { ok: true; events: CaseLifecycleEvent[] } | { ok: false; refusals: LifecycleRefusal[] };

/** Refusal codes about the case's state or the person, not the input: nothing typed can fix them. */
export const STATE_REFUSALS: readonly string[] = ['case-closed', 'case-open', 'not-allowed'];

const text = (value: string | undefined) => (typeof value === 'string' ? value.trim() : '');
const refuse = (refusals: LifecycleRefusal[]): CaseLifecycleDecision => ({ ok: false, refusals });

export function decide(state: CaseLifecycleState, command: CaseLifecycleCommand, now: Date): CaseLifecycleDecision {
  if (command.type === 'close') {
    if (state.status === 'closed') return refuse([{ field: 'reasonCode', code: 'case-closed', message: 'This case is already closed: reopen it first' }]);
    if (!command.roles.some((r) => CLOSING_ROLES.includes(r))) {
      return refuse([{ field: 'reasonCode', code: 'not-allowed', message: 'Only the CSE coordinator or a team manager can end CSE involvement', source: CLOSURE_SOURCE }]);
    }
    const refusals: LifecycleRefusal[] = [];
    const reasonCode = CLOSURE_REASON_CODES.find((c) => c === command.reasonCode);
    if (!reasonCode) refusals.push({ field: 'reasonCode', code: 'reason-code-missing', message: 'Choose why CSE involvement is ending' });
    if (text(command.reasons).length < MIN_LIFECYCLE_REASON) refusals.push({ field: 'reasons', code: 'reasons-missing', message: `Explain in at least ${MIN_LIFECYCLE_REASON} characters why CSE involvement is ending` });
    if (reasonCode === 'turned-18' && state.dateOfBirth && ageInYears(state.dateOfBirth, now) < 18) {
      refusals.push({ field: 'reasonCode', code: 'not-yet-18', message: 'The child’s recorded date of birth says they are not 18 yet: choose another reason or correct the date of birth', source: CLOSURE_SOURCE });
    }
    if (reasonCode === 'moved-area' && !text(command.receivingAuthority)) {
      refusals.push({ field: 'receivingAuthority', code: 'receiving-authority-missing', message: 'Enter the local authority the child has moved to', source: 'bedford-luton 18-19' });
    }
    if (!reasonCode || refusals.length) return refuse(refusals);
    return {
      ok: true,
      events: [{ type: 'case-closed', reasonCode, reasons: text(command.reasons), lastCategory: state.category, plansEnded: [...state.openPlanIds], stopClocks: true, tellNetwork: true, receivingAuthority: reasonCode === 'moved-area' ? text(command.receivingAuthority) : null }],
    };
  }
  if (state.status === 'open') return refuse([{ field: 'reasons', code: 'case-open', message: 'This case is open: there is nothing to reopen' }]);
  if (command.trigger === 'decision' && !command.roles.some((r) => REOPENING_ROLES.includes(r))) {
    return refuse([{ field: 'reasons', code: 'not-allowed', message: 'Only the CSE coordinator, a team manager or the front door can reopen a case' }]);
  }
  if (state.reasonCode === 'died') return refuse([{ field: 'reasons', code: 'child-died', message: 'This case was closed because the child died: it cannot be reopened' }]);
  const reasons = command.trigger === 'new-concern' ? text(command.reasons) || `A new concern${command.contactReference ? ` (${command.contactReference})` : ''} about the same child` : text(command.reasons);
  if (reasons.length < MIN_LIFECYCLE_REASON) return refuse([{ field: 'reasons', code: 'reasons-missing', message: `Explain in at least ${MIN_LIFECYCLE_REASON} characters why the case is reopening` }]);
  return { ok: true, events: [{ type: 'case-reopened', trigger: command.trigger, reasons, previousClosure: { closedAt: state.closedAt, reasonCode: state.reasonCode }, tellNetwork: true }] };
}
