// The meeting lifecycle of src/domain/meetings/lifecycle.ts: one test per transition of the state machine (convened →
// convened by a reschedule, → cancelled, → held; nothing out of held or cancelled), then the guards of each command.
// The procedures set the clock a meeting answers but not how a meeting moves: the late-reason rule is the clock's
// (camden Part 3 §3.3: the CATSE meeting within 15 working days of the category decision), the rest is Harbour's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dueAt, londonInstant, makeCalendar } from '../../../src/domain/clock/index.ts';
import { CANCEL_REASON_CODES, STATE_REFUSALS, decide } from '../../../src/domain/meetings/lifecycle.ts';
import type { MeetingCommand, MeetingDecision, MeetingState } from '../../../src/domain/meetings/lifecycle.ts';

const calendar = makeCalendar();
/** The coordinator decides category 2 on Monday 2 November 2026 at 10:00: the CATSE clock runs 15 working days. */
const DECIDED = londonInstant('2026-11-02', 10, 0);
const CATSE_DUE = dueAt(DECIDED, { amount: 15, unit: 'working-days' }, calendar);
const NOW = londonInstant('2026-11-09', 9, 0);
const SCHEDULED = londonInstant('2026-11-16', 10, 0);
const CATSE_CLOCK = { dueAt: CATSE_DUE, label: 'CATSE meeting held', source: 'camden Part 3 §3.3' };

const convened = (overrides: Partial<Extract<MeetingState, { status: 'convened' }>> = {}): MeetingState => ({ status: 'convened', scheduledAt: SCHEDULED, venue: 'Crowndale Centre, room 2', clock: CATSE_CLOCK, ...overrides });
const held: MeetingState = { status: 'held' };
const cancelled: MeetingState = { status: 'cancelled' };

const reschedule = (overrides: Partial<Extract<MeetingCommand, { type: 'reschedule' }>> = {}): MeetingCommand => ({
  type: 'reschedule',
  at: londonInstant('2026-11-18', 14, 0),
  venue: 'Crowndale Centre, room 2',
  reason: 'The chair is in court on the 16th',
  lateReason: undefined,
  ...overrides,
});
const cancel = (overrides: Partial<Extract<MeetingCommand, { type: 'cancel' }>> = {}): MeetingCommand => ({ type: 'cancel', reasonCode: 'convened-in-error', reason: 'Convened for the wrong child', ...overrides });
const record = (overrides: Partial<Extract<MeetingCommand, { type: 'record' }>> = {}): MeetingCommand => ({ type: 'record', heldAt: londonInstant('2026-11-16', 10, 0), lateReason: undefined, ...overrides });

const codes = (decision: MeetingDecision) => (decision.ok ? [] : decision.refusals.map((r) => r.code));
const fields = (decision: MeetingDecision) => (decision.ok ? [] : decision.refusals.map((r) => r.field));
const events = (decision: MeetingDecision) => {
  assert.ok(decision.ok, decision.ok ? '' : JSON.stringify(decision.refusals));
  return decision.events;
};

describe('meeting lifecycle: transitions', () => {
  it('convened → convened: a reschedule gives the move, from and to', () => {
    const [event] = events(decide(convened(), reschedule({ venue: 'Camden Town Hall' }), NOW));
    assert.deepEqual(event, {
      type: 'meeting-rescheduled',
      from: { at: SCHEDULED, venue: 'Crowndale Centre, room 2' },
      to: { at: londonInstant('2026-11-18', 14, 0), venue: 'Camden Town Hall' },
      reason: 'The chair is in court on the 16th',
      late: false,
      lateReason: null,
    });
  });

  it('convened → cancelled: a cancellation with a reason code and its explanation', () => {
    assert.deepEqual(events(decide(convened(), cancel({ reason: '  Convened for the wrong child  ' }), NOW)), [{ type: 'meeting-cancelled', reasonCode: 'convened-in-error', reason: 'Convened for the wrong child' }]);
  });

  it('convened → held: recording a meeting held before the deadline', () => {
    assert.deepEqual(events(decide(convened(), record(), londonInstant('2026-11-16', 12, 0))), [{ type: 'meeting-held', heldAt: londonInstant('2026-11-16', 10, 0), late: false, lateReason: null }]);
  });

  it('held → refused: a held meeting cannot be rescheduled', () => {
    const decision = decide(held, reschedule(), NOW);
    assert.deepEqual(codes(decision), ['meeting-held']);
    assert.deepEqual(fields(decision), ['date']);
  });

  it('held → refused: a held meeting cannot be cancelled', () => {
    const decision = decide(held, cancel(), NOW);
    assert.deepEqual(codes(decision), ['meeting-held']);
    assert.match(decision.ok ? '' : decision.refusals[0]!.message, /has been held and recorded: it cannot be cancelled/);
  });

  it('held → refused: a held meeting cannot be recorded again', () => {
    assert.deepEqual(codes(decide(held, record(), NOW)), ['meeting-held']);
  });

  it('cancelled → refused: a cancelled meeting cannot be rescheduled, and the refusal says to convene a new one', () => {
    const decision = decide(cancelled, reschedule(), NOW);
    assert.deepEqual(codes(decision), ['meeting-cancelled']);
    assert.match(decision.ok ? '' : decision.refusals[0]!.message, /cancelled: it cannot be moved\. Convene a new meeting instead/);
  });

  it('cancelled → refused: a cancelled meeting cannot be recorded as held', () => {
    const decision = decide(cancelled, record(), NOW);
    assert.deepEqual(codes(decision), ['meeting-cancelled']);
    assert.deepEqual(fields(decision), ['heldDate']);
  });

  it('cancelled → refused: a cancelled meeting cannot be cancelled again', () => {
    assert.deepEqual(codes(decide(cancelled, cancel(), NOW)), ['meeting-cancelled']);
  });

  it('the state refusals are the ones no input can fix', () => {
    assert.deepEqual([...STATE_REFUSALS].sort(), ['meeting-cancelled', 'meeting-held']);
  });
});

describe('meeting lifecycle: rescheduling', () => {
  it('the new date and time must be in the future, even when only the venue changes', () => {
    assert.deepEqual(codes(decide(convened(), reschedule({ at: londonInstant('2026-11-08', 10, 0) }), NOW)), ['date-not-in-future']);
    assert.deepEqual(codes(decide(convened(), reschedule({ at: NOW }), NOW)), ['date-not-in-future']);
    const past = convened({ scheduledAt: londonInstant('2026-11-06', 10, 0) });
    assert.deepEqual(codes(decide(past, reschedule({ at: londonInstant('2026-11-06', 10, 0), venue: 'Camden Town Hall' }), NOW)), ['date-not-in-future']);
  });

  it('a meeting whose date has passed without being held can be moved to a future date', () => {
    const past = convened({ scheduledAt: londonInstant('2026-11-06', 10, 0) });
    assert.equal(decide(past, reschedule(), NOW).ok, true);
  });

  it('something must change: the date, the time or the venue', () => {
    assert.deepEqual(codes(decide(convened(), reschedule({ at: SCHEDULED }), NOW)), ['nothing-changed']);
    assert.equal(decide(convened(), reschedule({ at: SCHEDULED, venue: 'Camden Town Hall' }), NOW).ok, true, 'the venue alone');
    assert.equal(decide(convened(), reschedule({ at: londonInstant('2026-11-16', 14, 0) }), NOW).ok, true, 'the time alone');
  });

  it('a venue is required', () => {
    assert.deepEqual(codes(decide(convened(), reschedule({ venue: '   ' }), NOW)), ['venue-missing']);
  });

  it('a reason of at least 10 characters is required', () => {
    for (const reason of [undefined, '', 'moved', '  short   ']) {
      const decision = decide(convened(), reschedule({ reason }), NOW);
      assert.deepEqual(codes(decision), ['reason-missing'], String(reason));
      assert.deepEqual(fields(decision), ['reason']);
    }
  });

  it('camden Part 3 §3.3: a move past the CATSE clock’s due moment needs the late reason, citing the clock', () => {
    const late = londonInstant('2026-11-24', 10, 0);
    assert.ok(late > CATSE_DUE, 'the 24th is after the 15th working day');
    const decision = decide(convened(), reschedule({ at: late }), NOW);
    assert.deepEqual(codes(decision), ['late-reason-missing']);
    assert.ok(!decision.ok);
    assert.equal(decision.refusals[0]!.field, 'lateReason');
    assert.equal(decision.refusals[0]!.source, 'camden Part 3 §3.3');
    assert.match(decision.refusals[0]!.message, /after the statutory deadline \(CATSE meeting held\)/);
  });

  it('camden Part 3 §3.3: with the late reason the move is allowed and marked late', () => {
    const [event] = events(decide(convened(), reschedule({ at: londonInstant('2026-11-24', 10, 0), lateReason: 'The police officer leading the investigation is away until then' }), NOW));
    assert.ok(event?.type === 'meeting-rescheduled');
    assert.equal(event.late, true);
    assert.equal(event.lateReason, 'The police officer leading the investigation is away until then');
  });

  it('camden Part 3 §3.3: on the due moment itself no late reason is needed, and a late reason given is not kept', () => {
    const [event] = events(decide(convened(), reschedule({ at: CATSE_DUE, lateReason: 'Not needed at all' }), NOW));
    assert.ok(event?.type === 'meeting-rescheduled');
    assert.equal(event.late, false);
    assert.equal(event.lateReason, null);
  });

  it('a meeting that answers no clock is never late', () => {
    const [event] = events(decide(convened({ clock: null }), reschedule({ at: londonInstant('2027-03-01', 10, 0) }), NOW));
    assert.ok(event?.type === 'meeting-rescheduled');
    assert.equal(event.late, false);
  });

  it('gives every refusal at once', () => {
    assert.deepEqual(codes(decide(convened(), reschedule({ at: londonInstant('2026-11-24', 10, 0), venue: '', reason: undefined }), NOW)), ['venue-missing', 'reason-missing', 'late-reason-missing']);
  });
});

describe('meeting lifecycle: cancelling', () => {
  it('the reason code must be one of the list', () => {
    assert.deepEqual(codes(decide(convened(), cancel({ reasonCode: undefined }), NOW)), ['cancel-reason-code-missing']);
    assert.deepEqual(codes(decide(convened(), cancel({ reasonCode: 'bored' }), NOW)), ['cancel-reason-code-missing']);
    for (const reasonCode of CANCEL_REASON_CODES) assert.equal(decide(convened(), cancel({ reasonCode }), NOW).ok, true, reasonCode);
  });

  it('an explanation of at least 10 characters is required, with any code', () => {
    assert.deepEqual(codes(decide(convened(), cancel({ reasonCode: 'other', reason: 'no' }), NOW)), ['reason-missing']);
    assert.deepEqual(codes(decide(convened(), cancel({ reasonCode: undefined, reason: undefined }), NOW)), ['cancel-reason-code-missing', 'reason-missing']);
  });

  it('a meeting whose date has passed without being held can still be cancelled', () => {
    assert.equal(decide(convened({ scheduledAt: londonInstant('2026-11-06', 10, 0) }), cancel(), NOW).ok, true);
  });
});

describe('meeting lifecycle: recording as held', () => {
  it('a meeting is recorded only once it has been held', () => {
    const decision = decide(convened(), record({ heldAt: londonInstant('2026-11-16', 10, 0) }), londonInstant('2026-11-16', 9, 59));
    assert.deepEqual(codes(decision), ['held-in-future']);
    assert.deepEqual(fields(decision), ['heldDate']);
  });

  it('camden Part 3 §3.3: held after the CATSE clock’s due moment needs the late reason', () => {
    const heldAt = londonInstant('2026-11-24', 10, 0);
    assert.deepEqual(codes(decide(convened(), record({ heldAt }), londonInstant('2026-11-25', 9, 0))), ['late-reason-missing']);
    const [event] = events(decide(convened(), record({ heldAt, lateReason: 'Police checks came back late' }), londonInstant('2026-11-25', 9, 0)));
    assert.deepEqual(event, { type: 'meeting-held', heldAt, late: true, lateReason: 'Police checks came back late' });
  });
});
