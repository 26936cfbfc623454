// Board case audits (staffordshire 55-56: "case auditing" in the review of trends and outcomes; PROCEDURES.md step 11).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { auditAccessActiveAt, auditStatusAt, checkCriteria, drawSample, eligibleDigest } from '../../../src/domain/case-audits/rules.ts';
import type { SampleCriteria } from '../../../src/domain/case-audits/rules.ts';
import { decideCaseAccess, isReadOnlyBasis } from '../../../src/domain/access/access.ts';
import type { Actor } from '../../../src/domain/access/access.ts';

const SEED = '0123456789abcdef0123456789abcdef';
const ids = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('drawing a case-audit sample (staffordshire 55-56)', () => {
  it('staffordshire 56: the same seed and eligible cases give the same sample, whatever order the cases came in', () => {
    const a = drawSample(ids, SEED, 10);
    const b = drawSample([...ids].reverse(), SEED, 10);
    assert.deepEqual(a, b);
    assert.equal(a.length, 10);
    assert.equal(new Set(a).size, 10);
    assert.ok(a.every((id) => ids.includes(id)));
  });

  it('staffordshire 56: a different seed draws a different sample', () => {
    assert.notDeepEqual(drawSample(ids, SEED, 10), drawSample(ids, 'fedcba9876543210fedcba9876543210', 10));
  });

  it('staffordshire 56: draws every eligible case when fewer meet the criteria than the sample size, once each', () => {
    assert.deepEqual(new Set(drawSample([ids[0]!, ids[1]!, ids[1]!], SEED, 5)), new Set([ids[0], ids[1]]));
  });

  it('staffordshire 56: a larger sample with the same seed starts with the smaller one (the draw is an ordering)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), (m, n) => {
      const [small, large] = m < n ? [m, n] : [n, m];
      assert.deepEqual(drawSample(ids, SEED, large).slice(0, small), drawSample(ids, SEED, small));
    }));
  });

  it('staffordshire 56: every case can be drawn (no case is favoured by its position)', () => {
    const firsts = new Set<string>();
    for (let i = 0; i < 400; i++) firsts.add(drawSample(ids, `seed-${String(i).padStart(12, '0')}`, 1)[0]!);
    assert.ok(firsts.size > 30, `only ${firsts.size} of 40 cases were ever drawn first`);
  });

  it('refuses a sample of no cases and a short seed', () => {
    assert.throws(() => drawSample(ids, SEED, 0), RangeError);
    assert.throws(() => drawSample(ids, 'short', 3), RangeError);
  });

  it('staffordshire 56: the eligible set’s digest does not depend on order or repeats', () => {
    assert.equal(eligibleDigest(ids), eligibleDigest([...ids].reverse().concat(ids[0]!)));
    assert.notEqual(eligibleDigest(ids), eligibleDigest(ids.slice(1)));
  });

  it('checks the period and the sample size', () => {
    const c: SampleCriteria = { localAuthorityId: null, openFrom: '2026-10-01', openTo: '2026-09-30', category: null, agencyId: null, sampleSize: 51 };
    assert.deepEqual(checkCriteria(c).map((p) => p.field), ['openTo', 'sampleSize']);
    assert.deepEqual(checkCriteria({ ...c, openTo: '2026-10-01', sampleSize: 10 }), []);
  });
});

describe('when an auditor’s access is in force (staffordshire 55-56)', () => {
  const startsAt = new Date('2026-12-01T10:00:00Z');
  const endsAt = new Date('2026-12-31T23:59:59.999Z');
  it('staffordshire 55: from the draw to the end of the end date', () => {
    assert.equal(auditAccessActiveAt({ startsAt, endsAt, closedAt: null }, new Date('2026-12-01T09:59:59Z')), false);
    assert.equal(auditAccessActiveAt({ startsAt, endsAt, closedAt: null }, startsAt), true);
    assert.equal(auditAccessActiveAt({ startsAt, endsAt, closedAt: null }, new Date('2026-12-31T23:59:59Z')), true);
    assert.equal(auditAccessActiveAt({ startsAt, endsAt, closedAt: null }, endsAt), false);
    assert.equal(auditStatusAt({ startsAt, endsAt, closedAt: null }, endsAt), 'ended');
  });
  it('staffordshire 55: closing the audit ends it at once, before the end date', () => {
    const closedAt = new Date('2026-12-10T12:00:00Z');
    assert.equal(auditAccessActiveAt({ startsAt, endsAt, closedAt }, new Date('2026-12-10T11:59:59Z')), true);
    assert.equal(auditAccessActiveAt({ startsAt, endsAt, closedAt }, closedAt), false);
    assert.equal(auditStatusAt({ startsAt, endsAt, closedAt }, new Date('2026-12-20T00:00:00Z')), 'closed');
  });
  it('staffordshire 55: the gate gives read-only audit access to a casework auditor, never to the board', () => {
    const auditor: Actor = { id: 'u1', roles: ['education-professional'], agencyId: 'school', localAuthorityId: 'other', active: true };
    const facts = { caseLocalAuthorityId: 'camden', inNetwork: false, invitedToMeeting: false, breakGlassActive: false, auditAccessActive: true };
    const decision = decideCaseAccess(auditor, facts);
    assert.deepEqual(decision, { allowed: true, basis: 'audit-access' });
    assert.equal(isReadOnlyBasis('audit-access'), true);
    assert.equal(isReadOnlyBasis('network'), false);
    assert.equal(decideCaseAccess({ ...auditor, roles: ['board-analyst'] }, facts).allowed, false);
    assert.equal(decideCaseAccess({ ...auditor, active: false }, facts).allowed, false);
    assert.equal(decideCaseAccess(auditor, { ...facts, auditAccessActive: false }).allowed, false);
    // A network member keeps their own basis (and their right to record).
    assert.deepEqual(decideCaseAccess(auditor, { ...facts, inNetwork: true }), { allowed: true, basis: 'network' });
  });
});

// The suppression of findings' counts is tested with the board's suppression (test/unit/board/suppression.test.ts).
