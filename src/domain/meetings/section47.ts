// Concluding a Section 47 enquiry (cambridgeshire 5; PROCEDURES.md flow step 9): what each outcome leads to.
import type { MeetingRefusal } from './rules.ts';

export const SECTION_47_OUTCOMES = ['substantiated', 'not-substantiated'] as const;
export type Section47Outcome = (typeof SECTION_47_OUTCOMES)[number];

export const NOT_SUBSTANTIATED_FOLLOW_UPS = ['child-in-need-plan', 'early-help', 'no-further-action'] as const;
export type NotSubstantiatedFollowUp = (typeof NOT_SUBSTANTIATED_FOLLOW_UPS)[number];

export const FOLLOW_UP_LABELS: Record<NotSubstantiatedFollowUp | 'initial-child-protection-conference' | 'review-conference', string> = {
  'initial-child-protection-conference': 'Convene an Initial Child Protection Conference',
  'review-conference': 'Consult the Independent Chair, who may convene a Review Conference; discuss further protective steps',
  'child-in-need-plan': 'Support through a Child in Need Plan',
  'early-help': 'Support through the Early Help Assessment',
  'no-further-action': 'No additional needs: no further intervention',
};

export type Section47Next = {
  /** The task it creates for the case, if any. */
  task: 'initial-child-protection-conference' | 'review-conference' | 'child-in-need-plan' | 'early-help' | null;
  /** The CSE lead within children's social care is always told the outcome. */
  notifyCseLead: true;
  source: string;
};

/**
 * Substantiated → an Initial Child Protection Conference, or a review conference when the child already has a child
 * protection plan; not substantiated → a Child in Need Plan, Early Help, or no further action. The CSE lead is told.
 */
export function section47NextSteps(input: { outcome: Section47Outcome; childHasProtectionPlan: boolean; followUp?: NotSubstantiatedFollowUp | undefined }): Section47Next {
  if (input.outcome === 'substantiated') {
    return { task: input.childHasProtectionPlan ? 'review-conference' : 'initial-child-protection-conference', notifyCseLead: true, source: 'cambridgeshire 5' };
  }
  const followUp = input.followUp ?? 'no-further-action';
  return { task: followUp === 'no-further-action' ? null : followUp, notifyCseLead: true, source: 'cambridgeshire 5' };
}

export function checkSection47Outcome(input: { outcome: string | undefined; allowed: readonly string[]; followUp: string | undefined; reasons: string | undefined; dueDate: string | undefined }): MeetingRefusal[] {
  const refusals: MeetingRefusal[] = [];
  if (!input.outcome || !input.allowed.includes(input.outcome)) {
    refusals.push({ field: 'outcome', code: 's47-outcome-missing', message: 'Choose how the Section 47 enquiry concluded', source: 'cambridgeshire 5' });
    return refusals;
  }
  if (input.outcome === 'not-substantiated' && !(NOT_SUBSTANTIATED_FOLLOW_UPS as readonly string[]).includes(input.followUp ?? '')) {
    refusals.push({ field: 'followUp', code: 's47-follow-up-missing', message: 'Choose a Child in Need Plan, Early Help, or no further action', source: 'cambridgeshire 5' });
  }
  if (!input.reasons || input.reasons.trim().length < 10) refusals.push({ field: 'reasons', code: 's47-reasons-missing', message: 'Give the reasons for the conclusion in at least 10 characters' });
  const needsTask = input.outcome === 'substantiated' || (input.followUp !== undefined && input.followUp !== 'no-further-action');
  if (needsTask && !input.dueDate) refusals.push({ field: 'dueDate', code: 's47-task-date-missing', message: 'Enter the date the next step is due by' });
  return refusals;
}
