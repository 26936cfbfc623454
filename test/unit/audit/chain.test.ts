import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GENESIS_HASH, canonicalJson, eventHash, verifyChain } from '../../../src/domain/audit/chain.ts';
import type { ChainRow } from '../../../src/domain/audit/chain.ts';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = { at: new Date(Date.UTC(2026, 0, 1, 9, i)), actorId: 'u1', actorLabel: 'user:u1', action: 'case.read', entityType: 'case', entityId: `c${i}`, childId: null, outcome: 'success', ip: '127.0.0.1', requestId: `r${i}`, details: { basis: 'network', n: i } };
    const hash = eventHash(prev, fields);
    rows.push({ ...fields, id: i, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit hash chain (issue 2 §6)', () => {
  it('canonical JSON sorts keys at every depth', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('an untouched chain verifies', () => {
    assert.deepEqual(verifyChain(chain(5)), { ok: true, checked: 5 });
  });

  it('names the first edited row', () => {
    const rows = chain(5);
    rows[2] = { ...rows[2]!, outcome: 'denied' };
    const verdict = verifyChain(rows);
    assert.equal(verdict.ok, false);
    if (!verdict.ok) {
      assert.equal(verdict.firstBrokenId, 3);
      assert.equal(verdict.checked, 2);
      assert.match(verdict.problem, /edited/);
    }
  });

  it('detects an edit inside details even though jsonb reorders keys', () => {
    const rows = chain(3);
    rows[1] = { ...rows[1]!, details: { n: 2, basis: 'break-glass' } };
    const verdict = verifyChain(rows);
    assert.equal(verdict.ok, false);
    if (!verdict.ok) assert.equal(verdict.firstBrokenId, 2);
    const reordered = chain(3);
    reordered[1] = { ...reordered[1]!, details: { n: 2, basis: 'network' } };
    assert.equal(verifyChain(reordered).ok, true);
  });

  it('detects a removed row by the broken link', () => {
    const rows = chain(4);
    rows.splice(1, 1);
    const verdict = verifyChain(rows);
    assert.equal(verdict.ok, false);
    if (!verdict.ok) {
      assert.equal(verdict.firstBrokenId, 3);
      assert.match(verdict.problem, /link/);
    }
  });

  it('detects a rewritten row whose hash was recomputed, at the next row', () => {
    const rows = chain(4);
    const forged = { ...rows[1]!, action: 'case.closed' };
    forged.hash = eventHash(forged.prevHash, forged);
    rows[1] = forged;
    const verdict = verifyChain(rows);
    assert.equal(verdict.ok, false);
    if (!verdict.ok) assert.equal(verdict.firstBrokenId, 3);
  });
});
