// The retention review's decision rule (issue 15): a record past its date is listed for the information governance
// officer, who confirms deletion or extends with a reason and a new date. A pure decide(state, command, today).
export type ReviewState =
  | { status: 'pending'; dueOn: string; version: number; legalHold: boolean }
  | { status: 'deleted'; version: number }
  | { status: 'extended'; until: string; version: number };

export type ReviewCommand =
  | { type: 'confirm-deletion'; version: number }
  | { type: 'extend'; version: number; reason: string; until: string };

export type ReviewEvent = { type: 'deletion-confirmed' } | { type: 'extended'; until: string; reason: string };

export type ReviewRefusal = {
  code: 'stale' | 'already-decided' | 'not-yet-due' | 'legal-hold' | 'reason-required' | 'until-not-future' | 'until-too-far';
  field: string;
  message: string;
};

/** An extension is for a known reason (litigation, an inquiry, a child's request), not indefinite. */
export const MAX_EXTENSION_YEARS = 10;

export function decideReview(state: ReviewState, command: ReviewCommand, today: string): { ok: true; event: ReviewEvent } | { ok: false; refusal: ReviewRefusal } {
  const refuse = (code: ReviewRefusal['code'], field: string, message: string) => ({ ok: false as const, refusal: { code, field, message } });
  if (state.status !== 'pending') return refuse('already-decided', 'decision', 'This review has already been decided.');
  if (command.version !== state.version) return refuse('stale', 'decision', 'Someone else changed this review while you were deciding.');
  if (command.type === 'confirm-deletion') {
    if (state.dueOn > today) return refuse('not-yet-due', 'decision', 'This record is not yet past its retention date.');
    if (state.legalHold) return refuse('legal-hold', 'decision', 'This child has an open subject access request: the record cannot be deleted until it is released.');
    return { ok: true, event: { type: 'deletion-confirmed' } };
  }
  const reason = command.reason.trim();
  if (!reason) return refuse('reason-required', 'reason', 'Enter the reason for keeping the record longer');
  if (command.until <= today) return refuse('until-not-future', 'until', 'The new review date must be in the future');
  const [y, m, d] = today.split('-');
  const latest = `${String(Number(y) + MAX_EXTENSION_YEARS).padStart(4, '0')}-${m}-${d}`;
  if (command.until > latest) return refuse('until-too-far', 'until', `The new review date must be within ${MAX_EXTENSION_YEARS} years`);
  return { ok: true, event: { type: 'extended', until: command.until, reason } };
}
