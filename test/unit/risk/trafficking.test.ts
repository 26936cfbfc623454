import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { traffickingFlag } from '../../../src/domain/risk/age-rules.ts';

const at = new Date('2026-10-01T10:00:00Z');

describe('traffickingFlag (camden Part 2 §3)', () => {
  it('no observations: not flagged, no prompt', () => {
    const f = traffickingFlag([]);
    assert.equal(f.flagged, false);
    assert.equal(f.prompt, null);
    assert.deepEqual(f.indicators, []);
  });

  it('only non-trafficking indicators: not flagged', () => {
    const f = traffickingFlag([
      { indicatorId: 'matrix.education.l1.truanting', observedAt: at, source: 'seen' },
      { indicatorId: 'cambridgeshire.housing.street-homelessness', observedAt: at, source: 'seen' },
    ]);
    assert.equal(f.flagged, false);
  });

  it('camden Part 2 §3: any one of the eleven indicators flags and prompts an NRM referral', () => {
    const f = traffickingFlag([
      { indicatorId: 'matrix.education.l1.truanting', observedAt: at, source: 'seen' },
      { indicatorId: 'trafficking.large-debt', observedAt: at, source: 'told-by-child' },
      { indicatorId: 'trafficking.large-debt', observedAt: at, source: 'third-hand' },
    ]);
    assert.equal(f.flagged, true);
    assert.match(f.prompt ?? '', /National Referral Mechanism/);
    assert.deepEqual(f.indicators.map((i) => i.id), ['trafficking.large-debt']);
    assert.match(f.source, /camden Part 2 §3/);
  });

  it('bedford-luton 6: a recorded "trafficked child" vulnerability factor also flags', () => {
    assert.equal(traffickingFlag([{ indicatorId: 'vulnerability.trafficked' }]).flagged, true);
  });

  it('cambridgeshire 3: the organised/networked exploitation or trafficking model also flags', () => {
    assert.equal(traffickingFlag([{ indicatorId: 'exploitation-models.organised-networked' }]).flagged, true);
  });

  it('unknown ids are ignored', () => {
    assert.equal(traffickingFlag([{ indicatorId: 'trafficking.nope' }]).flagged, false);
  });
});
