// Ending a plan (src/domain/plans/ending.ts; PROCEDURES.md step 10, cambridgeshire 6): a reason, and every open action
// closed with it or moved to the next plan.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { planEndRefusals } from '../../../src/domain/plans/ending.ts';
import type { PlanEndFacts } from '../../../src/domain/plans/ending.ts';

const facts = (o: Partial<PlanEndFacts> = {}): PlanEndFacts => ({ ended: false, reasonCode: 'risk-reduced', reason: 'No incidents for three months', openActionIds: ['a', 'b'], dispositions: { a: 'close', b: 'close' }, nextPlanId: undefined, otherOpenPlanIds: ['p2'], ...o });
const codes = (f: PlanEndFacts) => planEndRefusals(f).map((r) => r.code);

describe('ending a plan (PROCEDURES.md step 10; cambridgeshire 6)', () => {
  it('ends with a reason when every action closes', () => assert.deepEqual(codes(facts()), []));
  it('an action left without a decision is refused: none is left open', () => assert.deepEqual(codes(facts({ dispositions: { a: 'close' } })), ['disposition-missing']));
  it('moving actions needs the next plan, an open plan of the same child', () => {
    assert.deepEqual(codes(facts({ dispositions: { a: 'move', b: 'close' } })), ['next-plan-missing']);
    assert.deepEqual(codes(facts({ dispositions: { a: 'move', b: 'close' }, nextPlanId: 'elsewhere' })), ['next-plan-not-open']);
    assert.deepEqual(codes(facts({ dispositions: { a: 'move', b: 'move' }, nextPlanId: 'p2' })), []);
  });
  it('"replaced" names the plan that replaces it', () => assert.deepEqual(codes(facts({ reasonCode: 'replaced' })), ['next-plan-missing']));
  it('needs a reason code and reasons; an ended plan cannot end again', () => {
    assert.deepEqual(codes(facts({ reasonCode: 'bored', reason: '' })), ['reason-code-missing', 'reason-missing']);
    assert.deepEqual(codes(facts({ ended: true })), ['plan-ended']);
  });
});
