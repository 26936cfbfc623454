// Police protection under Children Act 1989 s46 followed through (bedford-luton 11.4 and its legislation table:
// the police may keep a child in protective custody for up to 72 hours). The outcome ends it: the child returned
// home, an emergency protection order applied for (s44), accommodated (s20), or another outcome described.

export const POLICE_PROTECTION_OUTCOMES = ['returned-home', 'emergency-protection-order', 'accommodated-s20', 'other'] as const;
export type PoliceProtectionOutcome = (typeof POLICE_PROTECTION_OUTCOMES)[number];

export const POLICE_PROTECTION_OUTCOME_LABELS: Record<PoliceProtectionOutcome, string> = {
  'returned-home': 'Returned home',
  'emergency-protection-order': 'Emergency protection order applied for (Children Act 1989 s44)',
  'accommodated-s20': 'Accommodated by the local authority (Children Act 1989 s20)',
  other: 'Something else (describe it)',
};

/** bedford-luton, Relevant clauses of UK legislation, Section 46: "for up to 72 hours". */
export const POLICE_PROTECTION_MAX_HOURS = 72;

export function policeProtectionEndsBy(startedAt: Date): Date {
  return new Date(startedAt.getTime() + POLICE_PROTECTION_MAX_HOURS * 3_600_000);
}

export type Refusal = { field: string; code: string; message: string };
const GRACE_MS = 5 * 60_000;

export function checkPoliceProtectionStart(input: { startedAt: Date; now: Date; alreadyOpen: boolean }): Refusal[] {
  if (input.alreadyOpen) return [{ field: 'startedDate', code: 'already-open', message: 'This child is already recorded as in police protection: record its outcome first' }];
  if (input.startedAt.getTime() > input.now.getTime() + GRACE_MS) {
    return [{ field: 'startedDate', code: 'future', message: 'The time police protection started must be now or in the past' }];
  }
  return [];
}

export function checkPoliceProtectionOutcome(input: { startedAt: Date; endedAt: Date; outcome: PoliceProtectionOutcome; detail?: string | undefined; now: Date; alreadyEnded: boolean }): Refusal[] {
  if (input.alreadyEnded) return [{ field: 'outcome', code: 'already-ended', message: 'The outcome of this police protection has already been recorded' }];
  const refusals: Refusal[] = [];
  if (input.endedAt.getTime() > input.now.getTime() + GRACE_MS) {
    refusals.push({ field: 'endedDate', code: 'future', message: 'The time police protection ended must be now or in the past' });
  } else if (input.endedAt.getTime() < input.startedAt.getTime()) {
    refusals.push({ field: 'endedDate', code: 'before-start', message: 'Police protection cannot end before it started' });
  }
  if (input.outcome === 'other' && !input.detail?.trim()) {
    refusals.push({ field: 'outcomeDetail', code: 'detail-required', message: 'Describe the outcome' });
  }
  return refusals;
}

/** Whether the outcome came after the 72 hours that s46 allows (recorded as a fact, never refused). */
export function endedPastLimit(startedAt: Date, endedAt: Date): boolean {
  return endedAt.getTime() > policeProtectionEndsBy(startedAt).getTime();
}
