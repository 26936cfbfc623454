import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CATALOGUE,
  DOMAINS,
  INDICATOR_SET_IDS,
  INDICATOR_SETS,
  RISK_CATEGORIES,
  catalogueFor,
  indicatorById,
  indicatorsInSet,
  riskCategoryInfo,
  sameDescriptorAtOtherLevels,
} from '../../../src/domain/risk/catalogue.ts';

describe('indicator catalogue: every item', () => {
  it('has a unique id', () => {
    const ids = CATALOGUE.map((i) => i.id);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('has a kebab-case id prefixed by its set', () => {
    for (const i of CATALOGUE) {
      assert.match(i.id, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, i.id);
      assert.ok(i.id.startsWith(`${i.set}.`), i.id);
    }
  });

  it('has a non-empty source, domain and label', () => {
    for (const i of CATALOGUE) {
      assert.ok(i.source.trim().length > 0, `${i.id} source`);
      assert.ok(i.domain.trim().length > 0, `${i.id} domain`);
      assert.ok(i.label.trim().length > 0, `${i.id} label`);
    }
  });

  it('has a short label (our own words, not a pasted paragraph)', () => {
    for (const i of CATALOGUE) assert.ok(i.label.length <= 160, `${i.id}: ${String(i.label.length)} chars`);
  });

  it('belongs to a domain listed in DOMAINS for its set', () => {
    for (const i of CATALOGUE) {
      assert.ok(DOMAINS[i.set].some((d) => d.id === i.domain), `${i.id} domain ${i.domain}`);
    }
  });

  it('has a level only in the matrix', () => {
    for (const i of CATALOGUE) {
      if (i.set === 'matrix') assert.ok(i.level === 1 || i.level === 2 || i.level === 3, i.id);
      else assert.equal(i.level, null, i.id);
    }
  });

  it('is immutable', () => {
    const first = CATALOGUE[0];
    assert.ok(first);
    assert.ok(Object.isFrozen(first));
    assert.ok(Object.isFrozen(CATALOGUE));
  });

  it('every set in INDICATOR_SET_IDS is described and has items and domains', () => {
    for (const s of INDICATOR_SET_IDS) {
      assert.ok(INDICATOR_SETS.some((info) => info.id === s), s);
      assert.ok(indicatorsInSet(s).length > 0, s);
      assert.ok(DOMAINS[s].length > 0, s);
    }
  });
});

describe('matrix (bedford-luton Appendix 1 = camden Part 2 §2)', () => {
  const matrix = indicatorsInSet('matrix');

  it('has nine domains, in the documents\' order', () => {
    assert.deepEqual(
      DOMAINS.matrix.map((d) => d.label),
      [
        'Education',
        'Running away/going missing',
        'Sexualised risk taking',
        'Rewards',
        'Contact with abusive adults/risky environments',
        'Coercion/control',
        'Sexual health',
        'Substance use',
        'Emotional health',
      ],
    );
  });

  it('each domain has indicators at levels 1, 2 and 3', () => {
    for (const d of DOMAINS.matrix) {
      for (const level of [1, 2, 3] as const) {
        assert.ok(
          matrix.some((i) => i.domain === d.id && i.level === level),
          `${d.id} level ${String(level)}`,
        );
      }
    }
  });

  it('ids encode domain and level', () => {
    for (const i of matrix) assert.ok(i.id.startsWith(`matrix.${i.domain}.l${String(i.level)}.`), i.id);
  });

  it('splits descriptor cells into distinct indicators (e.g. sexual health level 2: STIs, miscarriages, terminations)', () => {
    const cell = matrix.filter((i) => i.domain === 'sexual-health' && i.level === 2);
    assert.equal(cell.length, 3);
  });

  it('level 1 truanting and level 3 abduction are present', () => {
    assert.equal(indicatorById('matrix.education.l1.truanting')?.level, 1);
    assert.equal(indicatorById('matrix.coercion-control.l3.abduction-locked-in')?.domain, 'coercion-control');
  });

  it('repeated descriptors are linked across levels (sexual health: multiple STIs at 2 and 3)', () => {
    const others = sameDescriptorAtOtherLevels('matrix.sexual-health.l2.multiple-stis').map((i) => i.id);
    assert.deepEqual(others, ['matrix.sexual-health.l3.multiple-stis']);
    assert.deepEqual(sameDescriptorAtOtherLevels('trafficking.large-debt'), []);
  });
});

describe('other sets', () => {
  it('camden Part 2 §3: exactly eleven trafficking indicators, all flagged trafficking', () => {
    const t = indicatorsInSet('trafficking');
    assert.equal(t.length, 11);
    for (const i of t) {
      assert.equal(i.trafficking, true, i.id);
      assert.equal(i.source, 'camden Part 2 §3');
    }
  });

  it('cambridgeshire 3: indicators under its nine headings', () => {
    assert.deepEqual(
      DOMAINS.cambridgeshire.map((d) => d.id),
      ['health', 'education', 'emotional-behavioural', 'identity', 'relationships', 'social-presentation', 'family-environmental', 'housing', 'income'],
    );
    for (const d of DOMAINS.cambridgeshire) {
      assert.ok(indicatorsInSet('cambridgeshire').some((i) => i.domain === d.id), d.id);
    }
  });

  it('bedford-luton 3.13: fourteen checklist questions for 13-15 year olds', () => {
    const c = indicatorsInSet('checklist-13-15');
    assert.equal(c.length, 14);
    for (const i of c) assert.equal(i.source, 'bedford-luton 3.13');
  });

  it('cambridgeshire 3: three models of exploitation', () => {
    assert.deepEqual(
      indicatorsInSet('exploitation-models').map((i) => i.id),
      ['exploitation-models.inappropriate-relationship', 'exploitation-models.boyfriend-peer', 'exploitation-models.organised-networked'],
    );
  });

  it('bedford-luton 6 / camden Part 2 §1: vulnerability factors cite one or both lists', () => {
    const v = indicatorsInSet('vulnerability');
    assert.ok(v.length >= 18);
    for (const i of v) assert.match(i.source, /bedford-luton 6|camden Part 2 §1/, i.id);
    assert.ok(v.some((i) => i.source.includes('camden Part 2 §1')));
  });
});

describe('risk categories (camden Part 2 §2)', () => {
  it('three categories: 1 low, 2 medium, 3 high', () => {
    assert.deepEqual(
      RISK_CATEGORIES.map((c) => [c.category, c.risk]),
      [
        [1, 'low'],
        [2, 'medium'],
        [3, 'high'],
      ],
    );
  });

  it('category 1 is at risk of grooming with preventative diversion', () => {
    const c1 = riskCategoryInfo(1);
    assert.match(c1.involvement, /groom/);
    assert.match(c1.intervention, /diversion/i);
    assert.match(c1.source, /camden Part 2 §2/);
  });

  it('every category has a label, description and source', () => {
    for (const c of RISK_CATEGORIES) {
      assert.ok(c.label && c.involvement && c.intervention && c.source);
    }
  });
});

describe('catalogueFor / indicatorById', () => {
  it('selects only the sets a profile uses, in the order given', () => {
    const items = catalogueFor(['trafficking', 'matrix']);
    assert.equal(items.length, indicatorsInSet('trafficking').length + indicatorsInSet('matrix').length);
    assert.equal(items[0]?.set, 'trafficking');
    assert.ok(items.every((i) => i.set === 'trafficking' || i.set === 'matrix'));
  });

  it('ignores a repeated set id', () => {
    assert.equal(catalogueFor(['matrix', 'matrix']).length, indicatorsInSet('matrix').length);
  });

  it('returns nothing for no sets', () => {
    assert.deepEqual(catalogueFor([]), []);
  });

  it('throws on an unknown set id', () => {
    assert.throws(() => catalogueFor(['matrix', 'no-such-set']), /Unknown indicator set: no-such-set/);
  });

  it('finds an item by id, and undefined for an unknown id', () => {
    assert.equal(indicatorById('trafficking.large-debt')?.set, 'trafficking');
    assert.equal(indicatorById('nope'), undefined);
  });

  it('all items are reachable by id', () => {
    for (const i of CATALOGUE) assert.equal(indicatorById(i.id), i);
  });
});
