// src/domain/case-lifecycle/closed-case.ts: a closed case stays readable but takes no new casework until reopened
// (PROCEDURES.md step 10; camden Part 4 §1: involvement ends by a recorded decision, and a new concern reopens it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CASE_WRITE_PURPOSES, closedCaseRefuses } from '../../../src/domain/case-lifecycle/closed-case.ts';

describe('writes to a closed case (PROCEDURES.md step 10; camden Part 4 §1)', () => {
  it('an open case refuses nothing at either gate', () => {
    assert.equal(closedCaseRefuses('open', 'write', 'note.added'), false);
    assert.equal(closedCaseRefuses('open', 'open', 'case.record-observation'), false);
  });

  it('a closed case refuses every change through the write gate: notes, missing episodes, network, assessments', () => {
    for (const action of ['note.added', 'missing.reported', 'network.added', 'assessment.started', 'intelligence.linked']) assert.equal(closedCaseRefuses('closed', 'write', action), true, action);
  });

  it('a closed case refuses opening its page to change it (plans, observations, meetings) but not to read it', () => {
    for (const purpose of CASE_WRITE_PURPOSES) assert.equal(closedCaseRefuses('closed', 'open', `case.${purpose}`), true, purpose);
    for (const purpose of ['read', 'read-risk', 'minutes', 'chronology-print']) assert.equal(closedCaseRefuses('closed', 'open', `case.${purpose}`), false, purpose);
  });

  it('its lifecycle still runs: reopening, the review at 18; the chronology exports; consent can be withdrawn', () => {
    for (const action of ['case.reopened', 'case.eighteen-review', 'case.closed', 'chronology.exported', 'sharing.consent-withdrawn']) assert.equal(closedCaseRefuses('closed', 'write', action), false, action);
  });
});

describe('closing one of a merged child’s two open cases as a duplicate (issue 15; PROCEDURES.md step 10)', () => {
  it('open → closed with the reason duplicate-record, and the duplicate can be reopened if the merge is undone', async () => {
    const { decide } = await import('../../../src/domain/case-lifecycle/lifecycle.ts');
    const now = new Date('2026-12-04T10:00:00Z');
    const closed = decide({ status: 'open', category: 2, openPlanIds: [], dateOfBirth: '2010-05-01' }, { type: 'close', roles: ['cse-coordinator'], reasonCode: 'duplicate-record', reasons: 'Merged with the other record of the same child' }, now);
    assert.ok(closed.ok);
    assert.equal(closed.events[0]!.type, 'case-closed');
    const reopened = decide({ status: 'closed', closedAt: now, reasonCode: 'duplicate-record' }, { type: 'reopen', roles: ['cse-coordinator'], trigger: 'decision', reasons: 'The merge was undone: two children' }, now);
    assert.ok(reopened.ok);
  });
});
