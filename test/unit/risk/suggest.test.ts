import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matrixCells, suggestCategory } from '../../../src/domain/risk/suggest.ts';
import type { Observation } from '../../../src/domain/risk/suggest.ts';

const obs = (indicatorId: string, iso: string, source: Observation['source'] = 'seen', agencyName?: string): Observation =>
  agencyName === undefined ? { indicatorId, observedAt: new Date(iso), source } : { indicatorId, observedAt: new Date(iso), source, agencyName };

describe('suggestCategory, rule highest-level (camden Part 2 §2; bedford-luton Appendix 1)', () => {
  it('no observations: no category, and says so', () => {
    const s = suggestCategory([]);
    assert.equal(s.category, null);
    assert.equal(s.reasons.length, 1);
    assert.match(s.reasons[0] ?? '', /No indicators/);
  });

  it('only indicators without a matrix level: no category, and says so', () => {
    const s = suggestCategory([obs('trafficking.large-debt', '2026-10-01T10:00:00Z'), obs('cambridgeshire.health.chronic-fatigue', '2026-10-01T10:00:00Z')]);
    assert.equal(s.category, null);
    assert.ok(s.reasons.some((r) => /no matrix level/i.test(r)));
  });

  it('level 1 only: category 1', () => {
    const s = suggestCategory([obs('matrix.education.l1.truanting', '2026-09-01T10:00:00Z')]);
    assert.equal(s.category, 1);
    assert.ok(s.reasons.some((r) => r.startsWith('Level 1 in Education: Truanting from school (seen, 2026-09-01)')));
  });

  it('mixed levels: the highest wins', () => {
    const s = suggestCategory([
      obs('matrix.education.l1.truanting', '2026-09-01T10:00:00Z'),
      obs('matrix.coercion-control.l3.abduction-locked-in', '2026-10-02T10:00:00Z'),
      obs('matrix.substance-use.l2.regular-use', '2026-09-20T10:00:00Z'),
    ]);
    assert.equal(s.category, 3);
    assert.ok(s.reasons.some((r) => /^Level 3 in Coercion\/control: .*locked in.*\(seen, 2026-10-02\)$/.test(r)), s.reasons.join('\n'));
    assert.ok(s.reasons.some((r) => /1 indicator at level 2, 1 indicator at level 1/.test(r)), s.reasons.join('\n'));
  });

  it('ignores items without a level, while saying they were not counted', () => {
    const s = suggestCategory([
      obs('matrix.rewards.l2.unaccounted-money-goods', '2026-09-01T10:00:00Z'),
      obs('trafficking.large-debt', '2026-09-02T10:00:00Z'),
      obs('vulnerability.bullied', '2026-09-02T10:00:00Z'),
    ]);
    assert.equal(s.category, 2);
    assert.ok(s.reasons.some((r) => /2 recorded indicators have no matrix level/.test(r)));
  });

  it('reasons mention domain, level, source, agency and date (in England)', () => {
    const s = suggestCategory([obs('matrix.sexual-health.l2.multiple-stis', '2026-10-02T23:30:00Z', 'told-by-child', 'Health')]);
    assert.equal(s.category, 2);
    // 23:30 UTC on 2 October is 00:30 BST on 3 October
    assert.ok(s.reasons.includes('Level 2 in Sexual health: Multiple sexually transmitted infections (told by the child, Health, 2026-10-03)'), s.reasons.join('\n'));
  });

  it('lists every observation at the top level, newest first', () => {
    const s = suggestCategory([
      obs('matrix.education.l3.non-attender-or-excluded', '2026-08-01T10:00:00Z'),
      obs('matrix.running-away.l3.street-homelessness', '2026-09-01T10:00:00Z'),
    ]);
    const lines = s.reasons.filter((r) => r.startsWith('Level 3'));
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /Running away/);
    assert.match(lines[1] ?? '', /Education/);
  });

  it('warns when the top level rests only on third-hand information', () => {
    const s = suggestCategory([obs('matrix.abusive-adults.l3.picked-up-red-light-district', '2026-09-01T10:00:00Z', 'third-hand')]);
    assert.equal(s.category, 3);
    assert.ok(s.reasons.some((r) => /third-hand information/.test(r)));
  });

  it('names unknown indicator ids and ignores them', () => {
    const s = suggestCategory([obs('matrix.nope', '2026-09-01T10:00:00Z'), obs('matrix.education.l1.truanting', '2026-09-01T10:00:00Z')]);
    assert.equal(s.category, 1);
    assert.ok(s.reasons.some((r) => r.includes('matrix.nope')));
  });

  it('rejects an unknown rule', () => {
    assert.throws(() => suggestCategory([], 'majority' as never));
  });
});

describe('matrixCells', () => {
  it('always 27 cells, nine domains by three levels', () => {
    const cells = matrixCells([]);
    assert.equal(cells.length, 27);
    assert.deepEqual(cells.slice(0, 3).map((c) => [c.domain, c.level]), [
      ['education', 1],
      ['education', 2],
      ['education', 3],
    ]);
    assert.ok(cells.every((c) => c.observations.length === 0));
  });

  it('puts each matrix observation in its domain and level cell and leaves out other sets', () => {
    const cells = matrixCells([
      obs('matrix.coercion-control.l2.physical-injuries', '2026-09-01T10:00:00Z'),
      obs('matrix.coercion-control.l2.limited-contact-family-friends', '2026-09-05T10:00:00Z'),
      obs('trafficking.large-debt', '2026-09-01T10:00:00Z'),
    ]);
    const cell = cells.find((c) => c.domain === 'coercion-control' && c.level === 2);
    assert.equal(cell?.domainLabel, 'Coercion/control');
    assert.deepEqual(cell?.observations.map((o) => o.indicator.id), [
      'matrix.coercion-control.l2.limited-contact-family-friends',
      'matrix.coercion-control.l2.physical-injuries',
    ]);
    assert.equal(cells.reduce((n, c) => n + c.observations.length, 0), 2);
  });
});
