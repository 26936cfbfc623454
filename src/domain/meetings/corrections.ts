// Correcting a recorded meeting (issue 15): only a meeting that was held and recorded, only by its chair or someone
// who attended (the same people who record it: bedford-luton 7.14 puts the record with the meeting), always with a
// reason, and only when something changes. Every earlier version is kept by the caller. And a cancelled meeting's
// actions: each is closed or carried over by a decision, never left open.
export const MIN_CORRECTION_REASON = 10;

export type CorrectionRefusal = { field: string; code: string; message: string };

export type CorrectableMinutes = { decisionsSummary: string | null; reviewDate: string | null; parentsToldWhat: string | null };

export const CORRECTABLE_LABELS: Record<keyof CorrectableMinutes, string> = {
  decisionsSummary: 'What the meeting decided',
  reviewDate: 'Review date',
  parentsToldWhat: 'What the parents will be told',
};

const norm = (v: string | null | undefined) => (v ?? '').trim();

export function changedMinutes(before: CorrectableMinutes, after: CorrectableMinutes): (keyof CorrectableMinutes)[] {
  return (Object.keys(CORRECTABLE_LABELS) as (keyof CorrectableMinutes)[]).filter((k) => norm(before[k]) !== norm(after[k]));
}

export function correctionRefusals(input: {
  status: 'convened' | 'held' | 'cancelled';
  actorId: string;
  chairId: string | null;
  attendedUserIds: readonly string[];
  reason: string | undefined;
  before: CorrectableMinutes;
  after: CorrectableMinutes;
  heldOn: string | null;
}): CorrectionRefusal[] {
  if (input.status !== 'held') return [{ field: 'reason', code: 'not-held', message: 'Only a meeting that has been held and recorded can be corrected' }];
  if (input.actorId !== input.chairId && !input.attendedUserIds.includes(input.actorId)) {
    return [{ field: 'reason', code: 'not-chair-or-attendee', message: 'Only the chair or someone who attended can correct the record of this meeting' }];
  }
  const refusals: CorrectionRefusal[] = [];
  if (norm(input.reason).length < MIN_CORRECTION_REASON) refusals.push({ field: 'reason', code: 'reason-missing', message: `Explain in at least ${MIN_CORRECTION_REASON} characters what was wrong` });
  if (!norm(input.after.decisionsSummary)) refusals.push({ field: 'decisionsSummary', code: 'decisions-missing', message: 'Enter what the meeting decided' });
  if (input.after.reviewDate && input.heldOn && input.after.reviewDate < input.heldOn) refusals.push({ field: 'reviewDate', code: 'review-before-meeting', message: 'The review date must be on or after the day the meeting was held' });
  if (!refusals.length && changedMinutes(input.before, input.after).length === 0) refusals.push({ field: 'decisionsSummary', code: 'nothing-changed', message: 'Nothing has changed: correct what was wrong, or go back' });
  return refusals;
}

export type CancelledActionDecision = 'close' | 'carry-over';

/** Every open action of a cancelled meeting gets a decision; closing one says why. */
export function cancelledActionRefusals(openActionIds: readonly string[], decisions: Readonly<Record<string, string | undefined>>, note: string | undefined): CorrectionRefusal[] {
  const refusals: CorrectionRefusal[] = [];
  for (const id of openActionIds) {
    const d = decisions[id];
    if (d !== 'close' && d !== 'carry-over') refusals.push({ field: `action-${id}`, code: 'decision-missing', message: 'Say whether this action closes or carries over to the case' });
  }
  if (openActionIds.some((id) => decisions[id] === 'close') && norm(note).length < MIN_CORRECTION_REASON) {
    refusals.push({ field: 'note', code: 'note-missing', message: `Explain in at least ${MIN_CORRECTION_REASON} characters why the actions close` });
  }
  return refusals;
}
