// What the front door can decide about a concern or referral (PROCEDURES.md flow step 4), and the guards a
// decision must pass before it is recorded. Refusals are values with stable codes and plain messages.
import type { AgeBand } from '../risk/age-rules.ts';

export const TRIAGE_DECISIONS = [
  'no-further-action',
  'initial-assessment',
  'strategy-discussion',
  'immediate-protective-action',
  'refer-to-home-authority',
  'refer-to-cse-coordinator',
] as const;
export type TriageDecision = (typeof TRIAGE_DECISIONS)[number];

export const TRIAGE_DECISION_INFO: Record<TriageDecision, { label: string; hint: string; source: string }> = {
  'no-further-action': { label: 'No further action', hint: 'The referrer is told why, in writing.', source: 'bedford-luton 7.6' },
  'initial-assessment': { label: 'Initial assessment', hint: 'Allocate a social worker; the assessment clock starts.', source: 'staffordshire 25; camden Part 3 §2' },
  'strategy-discussion': { label: 'Strategy discussion or meeting', hint: 'There is reasonable cause to suspect significant harm; the strategy clock starts.', source: 'staffordshire 29; bedford-luton 7.11; cambridgeshire 5' },
  'immediate-protective-action': { label: 'Immediate protective action', hint: 'Police protection (s46), an emergency protection order (s44) or removal from the source of harm.', source: 'bedford-luton 11.4' },
  'refer-to-home-authority': { label: 'Refer on to the child’s home authority', hint: 'The child lives in another local authority.', source: 'bedford-luton 18' },
  'refer-to-cse-coordinator': { label: 'Refer to the CSE coordinator', hint: 'The coordinator decides the risk category.', source: 'camden Part 3 §3.1' },
};

export const PROTECTIVE_ACTIONS = ['police-protection-s46', 'emergency-protection-order-s44', 'removal-from-source-of-harm'] as const;
export type ProtectiveAction = (typeof PROTECTIVE_ACTIONS)[number];
export const PROTECTIVE_ACTION_LABELS: Record<ProtectiveAction, string> = {
  'police-protection-s46': 'Police protection (Children Act 1989 s46, up to 72 hours)',
  'emergency-protection-order-s44': 'Emergency protection order (Children Act 1989 s44)',
  'removal-from-source-of-harm': 'Removal from the source of harm',
};

export const CHECKLIST_ANSWERS = ['yes', 'no', 'not-known'] as const;
export type ChecklistAnswer = (typeof CHECKLIST_ANSWERS)[number];

/** Decisions that open (or continue) a case for an identified child. */
export const DECISIONS_NEEDING_A_CHILD: readonly TriageDecision[] = ['initial-assessment', 'strategy-discussion', 'immediate-protective-action', 'refer-to-cse-coordinator'];

export type TriageInput = {
  decision: TriageDecision;
  reasons: string;
  ageBand: AgeBand | null;
  /** The concern involves sexual activity by or with the child. */
  sexualActivity: boolean;
  presumptionReason?: string | undefined;
  checklistItemIds: readonly string[];
  checklistAnswers: Readonly<Record<string, string | undefined>>;
  allocatedWorkerId?: string | undefined;
  protectiveAction?: string | undefined;
  protectiveActionAt?: Date | undefined;
  homeAuthority?: string | undefined;
  childIdentified: boolean;
  now: Date;
};

export type TriageRefusal = { field: string; code: string; message: string };

export const MIN_REASON_LENGTH = 10;

export function presumesStrategyDiscussion(ageBand: AgeBand | null, sexualActivity: boolean): boolean {
  return ageBand === 'under-13' && sexualActivity;
}

export function checkTriageDecision(input: TriageInput): TriageRefusal[] {
  const refusals: TriageRefusal[] = [];
  if (input.reasons.trim().length < MIN_REASON_LENGTH) {
    refusals.push({ field: 'reasons', code: 'reasons-required', message: `Give the reasons for the decision in at least ${MIN_REASON_LENGTH} characters` });
  }
  if (DECISIONS_NEEDING_A_CHILD.includes(input.decision) && !input.childIdentified) {
    refusals.push({ field: 'decision', code: 'child-not-identified', message: 'Identify the child before this decision: link the concern to a known child or create a new child record' });
  }
  if (input.decision === 'initial-assessment' && !input.allocatedWorkerId) {
    refusals.push({ field: 'allocatedWorkerId', code: 'worker-required', message: 'Choose the social worker to allocate for the initial assessment' });
  }
  if (input.decision === 'immediate-protective-action') {
    if (!input.protectiveAction || !(PROTECTIVE_ACTIONS as readonly string[]).includes(input.protectiveAction)) {
      refusals.push({ field: 'protectiveAction', code: 'action-required', message: 'Choose the protective action taken' });
    }
    if (!input.protectiveActionAt) {
      refusals.push({ field: 'protectiveActionAt', code: 'action-time-required', message: 'Enter when the protective action was taken' });
    } else if (input.protectiveActionAt.getTime() > input.now.getTime() + 5 * 60_000) {
      refusals.push({ field: 'protectiveActionAt', code: 'action-time-future', message: 'The time of the protective action must be now or in the past' });
    }
  }
  if (input.decision === 'refer-to-home-authority' && !input.homeAuthority?.trim()) {
    refusals.push({ field: 'homeAuthority', code: 'home-authority-required', message: 'Enter the child’s home local authority' });
  }
  // bedford-luton 3.10-3.11: under 13, sexual activity is a matter for a strategy discussion.
  if (presumesStrategyDiscussion(input.ageBand, input.sexualActivity) && input.decision !== 'strategy-discussion' && input.decision !== 'immediate-protective-action') {
    if (!input.presumptionReason || input.presumptionReason.trim().length < MIN_REASON_LENGTH) {
      refusals.push({
        field: 'presumptionReason',
        code: 'presumption-reason-required',
        message: 'A strategy discussion is presumed for a child under 13 where there is sexual activity: record why you decided otherwise',
      });
    }
  }
  // bedford-luton 3.13: for 13-15 year olds the checklist is answered before deciding.
  if (input.ageBand === '13-15' && input.sexualActivity) {
    const unanswered = input.checklistItemIds.filter((id) => !(CHECKLIST_ANSWERS as readonly string[]).includes(input.checklistAnswers[id] ?? ''));
    if (unanswered.length) {
      refusals.push({ field: `checklist-${unanswered[0]}`, code: 'checklist-incomplete', message: `Answer every question of the checklist for 13 to 15 year olds (${unanswered.length} unanswered)` });
    }
  }
  return refusals;
}
