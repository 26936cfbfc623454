// The case lifecycle of src/domain/case-lifecycle/lifecycle.ts: each transition (open → closed, closed → open) and
// each guard. PROCEDURES.md step 10: review until the risk is gone, the child has exited, moved area (bedford-luton
// 18-19) or turned 18; the decision is the coordinator's or a manager's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CLOSURE_REASON_CODES, decide } from '../../../src/domain/case-lifecycle/lifecycle.ts';
import type { CaseLifecycleDecision, CaseLifecycleState } from '../../../src/domain/case-lifecycle/lifecycle.ts';

const NOW = new Date('2026-12-04T10:00:00Z');
const open: CaseLifecycleState = { status: 'open', category: 2, openPlanIds: ['plan-a', 'plan-b'], dateOfBirth: '2010-05-01' };
const closed: CaseLifecycleState = { status: 'closed', closedAt: new Date('2026-10-01T09:00:00Z'), reasonCode: 'risk-gone' };
const coordinator = ['cse-coordinator'] as const;
const codes = (d: CaseLifecycleDecision) => (d.ok ? [] : d.refusals.map((r) => r.code));

describe('closing a case (PROCEDURES.md step 10)', () => {
  it('open → closed: the coordinator records the reason; the event names the last category and the plans ended, and stops the clocks', () => {
    const d = decide(open, { type: 'close', roles: coordinator, reasonCode: 'risk-gone', reasons: 'No indicators for six months' }, NOW);
    assert.ok(d.ok);
    const event = d.events[0]!;
    assert.equal(event.type, 'case-closed');
    assert.deepEqual(event.type === 'case-closed' && { last: event.lastCategory, plans: event.plansEnded, clocks: event.stopClocks, network: event.tellNetwork }, { last: 2, plans: ['plan-a', 'plan-b'], clocks: true, network: true });
  });

  it('a team manager may close too; every reason of step 10 is accepted', () => {
    for (const reasonCode of CLOSURE_REASON_CODES) {
      const state = { ...open, dateOfBirth: '2000-01-01' };
      const d = decide(state, { type: 'close', roles: ['team-manager'], reasonCode, reasons: 'Recorded at the review meeting', receivingAuthority: 'Luton Borough Council' }, NOW);
      assert.ok(d.ok, `${reasonCode}: ${codes(d).join()}`);
    }
  });

  it('refuses anyone but the coordinator or a manager (step 10)', () => {
    assert.deepEqual(codes(decide(open, { type: 'close', roles: ['social-worker'], reasonCode: 'risk-gone', reasons: 'No indicators for six months' }, NOW)), ['not-allowed']);
  });

  it('refuses without a reason code or reasons', () => {
    assert.deepEqual(codes(decide(open, { type: 'close', roles: coordinator, reasonCode: 'bored', reasons: 'short' }, NOW)), ['reason-code-missing', 'reasons-missing']);
  });

  it('refuses "turned 18" for a child whose date of birth says they are 16', () => {
    assert.deepEqual(codes(decide(open, { type: 'close', roles: coordinator, reasonCode: 'turned-18', reasons: 'Turned eighteen last week' }, NOW)), ['not-yet-18']);
  });

  it('moved area names the receiving authority (bedford-luton 18-19)', () => {
    assert.deepEqual(codes(decide(open, { type: 'close', roles: coordinator, reasonCode: 'moved-area', reasons: 'Moved with mother to Luton' }, NOW)), ['receiving-authority-missing']);
  });

  it('closed → closed is refused', () => {
    assert.deepEqual(codes(decide(closed, { type: 'close', roles: coordinator, reasonCode: 'risk-gone', reasons: 'No indicators for six months' }, NOW)), ['case-closed']);
  });
});

describe('reopening a case (PROCEDURES.md step 10, history kept)', () => {
  it('closed → open on a new concern, naming the concern and the earlier closure', () => {
    const d = decide(closed, { type: 'reopen', roles: ['referrer'], trigger: 'new-concern', reasons: undefined, contactReference: 'C-000123' }, NOW);
    assert.ok(d.ok);
    const event = d.events[0]!;
    assert.ok(event.type === 'case-reopened');
    assert.match(event.reasons, /C-000123/);
    assert.equal(event.previousClosure.reasonCode, 'risk-gone');
  });

  it('closed → open by decision of the coordinator, with reasons', () => {
    assert.ok(decide(closed, { type: 'reopen', roles: coordinator, trigger: 'decision', reasons: 'Seen with the same adults again' }, NOW).ok);
  });

  it('a decision to reopen needs the coordinator, a manager or the front door, and reasons', () => {
    assert.deepEqual(codes(decide(closed, { type: 'reopen', roles: ['social-worker'], trigger: 'decision', reasons: 'Seen with the same adults again' }, NOW)), ['not-allowed']);
    assert.deepEqual(codes(decide(closed, { type: 'reopen', roles: coordinator, trigger: 'decision', reasons: 'again' }, NOW)), ['reasons-missing']);
  });

  it('open → open is refused', () => {
    assert.deepEqual(codes(decide(open, { type: 'reopen', roles: coordinator, trigger: 'decision', reasons: 'Seen with the same adults again' }, NOW)), ['case-open']);
  });

  it('a case closed because the child died is never reopened', () => {
    assert.deepEqual(codes(decide({ ...closed, reasonCode: 'died' }, { type: 'reopen', roles: coordinator, trigger: 'new-concern', reasons: undefined }, NOW)), ['child-died']);
  });
});
