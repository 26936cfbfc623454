// A meeting's life after it is convened, as a state machine (STYLE.md habit 5): it is rescheduled any number of
// times, then either held (recorded) or cancelled, and nothing happens to it after that. `decide` is pure: callers
// pass the meeting's state, the command and `now`, and apply the events it returns, or show its refusals.
//
// The procedures set the clock a meeting answers (e.g. the CATSE meeting within 15 working days, camden Part 3 §3.3)
// but say nothing about moving or cancelling one; a move past the clock's due moment needs the same recorded reason
// as convening or holding the meeting late (checkMeetingTiming). Cancelling does not stop the clock: only a meeting
// that is held answers it.
import { MIN_REASON_LENGTH, checkMeetingTiming } from './rules.ts';
import type { MeetingRefusal } from './rules.ts';

export type MeetingStatus = 'convened' | 'held' | 'cancelled';

/** The statutory clock a meeting answers, with what the refusal names. */
export type AnsweredClock = { dueAt: Date; label?: string | undefined; source?: string | null | undefined };

export type MeetingState =
  | { status: 'convened'; scheduledAt: Date; venue: string; clock: AnsweredClock | null }
  | { status: 'held' }
  | { status: 'cancelled' };

export const CANCEL_REASONS = {
  'convened-in-error': 'Convened in error (for example, the wrong child or the wrong type of meeting)',
  'to-be-convened-again': 'It will be convened again in another form (for example, as a joint meeting)',
  'no-longer-needed': 'No longer needed (for example, the concerns have been resolved)',
  'child-moved-area': 'The child has moved to another area',
  other: 'Another reason',
} as const;
export type CancelReason = keyof typeof CANCEL_REASONS;
export const CANCEL_REASON_CODES = Object.keys(CANCEL_REASONS) as [CancelReason, ...CancelReason[]];

export type MeetingCommand =
  | { type: 'reschedule'; at: Date; venue: string; reason: string | undefined; lateReason: string | undefined }
  | { type: 'cancel'; reasonCode: string | undefined; reason: string | undefined }
  | { type: 'record'; heldAt: Date; lateReason: string | undefined };

export type MeetingEvent =
  | { type: 'meeting-rescheduled'; from: { at: Date; venue: string }; to: { at: Date; venue: string }; reason: string; late: boolean; lateReason: string | null }
  | { type: 'meeting-cancelled'; reasonCode: CancelReason; reason: string }
  | { type: 'meeting-held'; heldAt: Date; late: boolean; lateReason: string | null };

export type MeetingDecision = { ok: true; events: MeetingEvent[] } | { ok: false; refusals: MeetingRefusal[] };

/** The form field each command's refusals about the whole meeting are shown against. */
const FIRST_FIELD: Record<MeetingCommand['type'], string> = { reschedule: 'date', cancel: 'reasonCode', record: 'heldDate' };

const VERB: Record<MeetingCommand['type'], string> = { reschedule: 'moved', cancel: 'cancelled', record: 'recorded again' };

/** Refusal codes that are about the meeting's state, not the input: nothing the user types can fix them. */
export const STATE_REFUSALS: readonly string[] = ['meeting-held', 'meeting-cancelled'];

const text = (value: string | undefined) => (typeof value === 'string' ? value.trim() : '');
const refuse = (refusals: MeetingRefusal[]): MeetingDecision => ({ ok: false, refusals });
const isLate = (at: Date, clock: AnsweredClock | null) => clock !== null && at.getTime() > clock.dueAt.getTime();

function timing(at: Date, clock: AnsweredClock | null, lateReason: string | undefined): MeetingRefusal[] {
  return checkMeetingTiming({ at, clockDueAt: clock?.dueAt ?? null, lateReason, ...(clock?.label ? { clockLabel: clock.label } : {}), source: clock?.source ?? null });
}

export function decide(state: MeetingState, command: MeetingCommand, now: Date): MeetingDecision {
  const field = FIRST_FIELD[command.type];
  switch (state.status) {
    case 'held':
      return refuse([{ field, code: 'meeting-held', message: `This meeting has been held and recorded: it cannot be ${VERB[command.type]}` }]);
    case 'cancelled':
      return refuse([{ field, code: 'meeting-cancelled', message: `This meeting was cancelled: it cannot be ${VERB[command.type]}. Convene a new meeting instead` }]);
    case 'convened':
      return decideConvened(state, command, now);
  }
}

function decideConvened(state: Extract<MeetingState, { status: 'convened' }>, command: MeetingCommand, now: Date): MeetingDecision {
  switch (command.type) {
    case 'reschedule': {
      const refusals: MeetingRefusal[] = [];
      const venue = text(command.venue);
      if (command.at.getTime() <= now.getTime()) {
        refusals.push({ field: 'date', code: 'date-not-in-future', message: 'The new date and time must be in the future: a meeting that has taken place is recorded, not moved' });
      } else if (command.at.getTime() === state.scheduledAt.getTime() && venue === state.venue.trim()) {
        refusals.push({ field: 'date', code: 'nothing-changed', message: 'Change the date, the time or the venue' });
      }
      if (!venue) refusals.push({ field: 'venue', code: 'venue-missing', message: 'Enter where the meeting will be held' });
      if (text(command.reason).length < MIN_REASON_LENGTH) refusals.push({ field: 'reason', code: 'reason-missing', message: `Explain in at least ${MIN_REASON_LENGTH} characters why the meeting is moving` });
      refusals.push(...timing(command.at, state.clock, command.lateReason));
      if (refusals.length) return refuse(refusals);
      const late = isLate(command.at, state.clock);
      return {
        ok: true,
        events: [{ type: 'meeting-rescheduled', from: { at: state.scheduledAt, venue: state.venue }, to: { at: command.at, venue }, reason: text(command.reason), late, lateReason: late ? text(command.lateReason) : null }],
      };
    }
    case 'cancel': {
      const refusals: MeetingRefusal[] = [];
      const reasonCode = CANCEL_REASON_CODES.find((c) => c === command.reasonCode);
      if (!reasonCode) refusals.push({ field: 'reasonCode', code: 'cancel-reason-code-missing', message: 'Choose why the meeting is cancelled' });
      if (text(command.reason).length < MIN_REASON_LENGTH) refusals.push({ field: 'reason', code: 'reason-missing', message: `Explain in at least ${MIN_REASON_LENGTH} characters why the meeting is cancelled` });
      if (!reasonCode || refusals.length) return refuse(refusals);
      return { ok: true, events: [{ type: 'meeting-cancelled', reasonCode, reason: text(command.reason) }] };
    }
    case 'record': {
      const refusals: MeetingRefusal[] = [];
      if (command.heldAt.getTime() > now.getTime()) {
        refusals.push({ field: 'heldDate', code: 'held-in-future', message: 'A meeting can only be recorded once it has been held: the date and time must be in the past' });
      }
      refusals.push(...timing(command.heldAt, state.clock, command.lateReason));
      if (refusals.length) return refuse(refusals);
      const late = isLate(command.heldAt, state.clock);
      return { ok: true, events: [{ type: 'meeting-held', heldAt: command.heldAt, late, lateReason: late ? text(command.lateReason) : null }] };
    }
  }
}
