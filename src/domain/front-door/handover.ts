// An out-of-hours contact handed back to the day team (bedford-luton 2.7, 12.3: out of normal office hours, at
// weekends and on bank holidays concerns go to the Emergency Duty Team; the day team carries the work on).

export type Refusal = { field: string; code: string; message: string };

export function checkHandover(input: { outOfHours: boolean; handedOverAt: Date | null }): Refusal[] {
  if (!input.outOfHours) return [{ field: 'handoverDone', code: 'not-out-of-hours', message: 'Only a contact received out of hours is handed over to the day team' }];
  if (input.handedOverAt) return [{ field: 'handoverDone', code: 'already-handed-over', message: 'This contact has already been handed over to the day team' }];
  return [];
}

/** What the queue says about a contact received out of hours. */
export function handoverState(input: { outOfHours: boolean; handedOverAt: Date | null }): 'not-applicable' | 'awaiting-handover' | 'handed-over' {
  if (!input.outOfHours) return 'not-applicable';
  return input.handedOverAt ? 'handed-over' : 'awaiting-handover';
}
