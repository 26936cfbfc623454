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
