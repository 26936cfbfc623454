// Correcting a recorded meeting and deciding a cancelled meeting's actions (src/domain/meetings/corrections.ts; issue
// 15). The chair or an attendee records the meeting (bedford-luton 7.14), so they correct it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cancelledActionRefusals, changedMinutes, correctionRefusals } from '../../../src/domain/meetings/corrections.ts';

const before = { decisionsSummary: 'Refer to the CSE team', reviewDate: '2026-12-14', parentsToldWhat: null };
const base: Parameters<typeof correctionRefusals>[0] = { status: 'held', actorId: 'chair', chairId: 'chair', attendedUserIds: ['nurse'], reason: 'The review date was typed wrongly', before, after: { ...before, reviewDate: '2026-12-21' }, heldOn: '2026-11-16' };
const codes = (o: Partial<typeof base> = {}) => correctionRefusals({ ...base, ...o }).map((r) => r.code);

describe('correcting a recorded meeting (bedford-luton 7.14)', () => {
  it('the chair or an attendee corrects it with a reason', () => {
    assert.deepEqual(codes(), []);
    assert.deepEqual(codes({ actorId: 'nurse' }), []);
  });
  it('anyone else is refused, and so is a meeting not held', () => {
    assert.deepEqual(codes({ actorId: 'manager' }), ['not-chair-or-attendee']);
    assert.deepEqual(codes({ status: 'cancelled' }), ['not-held']);
  });
  it('needs a reason, the decisions, a review date not before the meeting, and a change', () => {
    assert.deepEqual(codes({ reason: 'typo' }), ['reason-missing']);
    assert.deepEqual(codes({ after: { ...before, decisionsSummary: ' ' } }), ['decisions-missing']);
    assert.deepEqual(codes({ after: { ...before, reviewDate: '2026-11-01' } }), ['review-before-meeting']);
    assert.deepEqual(codes({ after: { ...before } }), ['nothing-changed']);
  });
  it('names what changed', () => assert.deepEqual(changedMinutes(before, { ...before, reviewDate: '2026-12-21', parentsToldWhat: 'The plan' }), ['reviewDate', 'parentsToldWhat']));
});

describe('a cancelled meeting’s actions are decided, never left open (issue 15)', () => {
  it('every open action needs a decision; closing says why', () => {
    assert.deepEqual(cancelledActionRefusals(['a', 'b'], { a: 'carry-over' }, undefined).map((r) => r.code), ['decision-missing']);
    assert.deepEqual(cancelledActionRefusals(['a'], { a: 'close' }, '').map((r) => r.code), ['note-missing']);
    assert.deepEqual(cancelledActionRefusals(['a', 'b'], { a: 'close', b: 'carry-over' }, 'Agreed at the strategy meeting instead'), []);
  });
});
