// Overlapping missing episodes are refused (bedford-luton Appendix 2: when the child left and came back).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { overlappingEpisode, spansOverlap } from '../../../src/domain/missing/index.ts';

const t = (h: number) => new Date(Date.UTC(2026, 10, 1, h));

describe('missing episodes do not overlap (bedford-luton Appendix 2)', () => {
  it('an episode inside, across or around another overlaps it', () => {
    assert.ok(spansOverlap({ leftAt: t(1), returnedAt: t(5) }, { leftAt: t(2), returnedAt: t(3) }));
    assert.ok(spansOverlap({ leftAt: t(1), returnedAt: t(5) }, { leftAt: t(4), returnedAt: t(8) }));
    assert.ok(spansOverlap({ leftAt: t(2), returnedAt: t(3) }, { leftAt: t(1), returnedAt: t(5) }));
  });

  it('back at 10:00 and gone again at 10:00 is two episodes, not an overlap', () => {
    assert.equal(spansOverlap({ leftAt: t(1), returnedAt: t(5) }, { leftAt: t(5), returnedAt: t(6) }), false);
  });

  it('an open episode runs on: anything after it left overlaps it', () => {
    assert.ok(spansOverlap({ leftAt: t(1), returnedAt: null }, { leftAt: t(9), returnedAt: t(10) }));
    assert.equal(spansOverlap({ leftAt: t(5), returnedAt: null }, { leftAt: t(1), returnedAt: t(4) }), false);
  });

  it('an episode does not overlap itself (a correction of its own times)', () => {
    const own = { id: 'a', leftAt: t(1), returnedAt: t(5) };
    assert.equal(overlappingEpisode({ ...own, leftAt: t(2) }, [own]), null);
    assert.equal(overlappingEpisode({ id: 'b', leftAt: t(2), returnedAt: t(3) }, [own])?.id, 'a');
  });
});
