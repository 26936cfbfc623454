// Ending a plan (issue 15; PROCEDURES.md step 10; cambridgeshire 6: the plans that support a child out of
// exploitation are reviewed until the risk has gone). A plan ends with a reason, and each of its open actions
// either closes with it or moves to the next plan: none is left open on an ended plan.
export const PLAN_END_REASONS = {
  'risk-reduced': 'The risk has reduced: the plan is no longer needed',
  replaced: 'Replaced by another plan',
  'child-moved': 'The child has moved',
  'case-closed': 'The case is closing',
} as const;
export type PlanEndReason = keyof typeof PLAN_END_REASONS;
export const PLAN_END_REASON_CODES = Object.keys(PLAN_END_REASONS) as [PlanEndReason, ...PlanEndReason[]];

export type ActionDisposition = 'close' | 'move';
export type PlanEndRefusal = { field: string; code: string; message: string };

export type PlanEndFacts = {
  ended: boolean;
  reasonCode: string | undefined;
  reason: string | undefined;
  openActionIds: readonly string[];
  dispositions: Readonly<Record<string, string | undefined>>;
  nextPlanId: string | undefined;
  /** Open plans of the same case the actions may move to (never the plan being ended). */
  otherOpenPlanIds: readonly string[];
};

export function planEndRefusals(f: PlanEndFacts): PlanEndRefusal[] {
  if (f.ended) return [{ field: 'reasonCode', code: 'plan-ended', message: 'This plan has already ended' }];
  const refusals: PlanEndRefusal[] = [];
  if (!PLAN_END_REASON_CODES.includes(f.reasonCode as PlanEndReason)) refusals.push({ field: 'reasonCode', code: 'reason-code-missing', message: 'Choose why the plan is ending' });
  if ((f.reason ?? '').trim().length < 10) refusals.push({ field: 'reason', code: 'reason-missing', message: 'Explain in at least 10 characters why the plan is ending' });
  let moving = false;
  for (const id of f.openActionIds) {
    const d = f.dispositions[id];
    if (d !== 'close' && d !== 'move') refusals.push({ field: `action-${id}`, code: 'disposition-missing', message: 'Say whether this action closes with the plan or moves to the next plan' });
    if (d === 'move') moving = true;
  }
  if (f.reasonCode === 'replaced' && !f.nextPlanId) refusals.push({ field: 'nextPlanId', code: 'next-plan-missing', message: 'Choose the plan that replaces this one' });
  else if (moving && !f.nextPlanId) refusals.push({ field: 'nextPlanId', code: 'next-plan-missing', message: 'Choose the plan the actions move to' });
  if (f.nextPlanId && !f.otherOpenPlanIds.includes(f.nextPlanId)) refusals.push({ field: 'nextPlanId', code: 'next-plan-not-open', message: 'Choose another open plan of this child' });
  return refusals;
}
