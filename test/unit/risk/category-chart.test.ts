// The category history step chart (camden Part 2 §2: a child may move between categories over time).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CHART_BOX, categoryStepChart, stepChartDescription, yFor } from '../../../src/domain/risk/category-chart.ts';

const d = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('categoryStepChart (camden Part 2 §2: movement between categories over time)', () => {
  it('no decisions: nothing to draw', () => {
    assert.equal(categoryStepChart([], d('2026-01-01')), null);
  });

  it('category 3 is drawn at the top and category 1 at the bottom of the plot', () => {
    const box = DEFAULT_CHART_BOX;
    assert.equal(yFor(3), box.top);
    assert.equal(yFor(1), box.height - box.bottom);
    assert.equal(yFor(2), (yFor(1) + yFor(3)) / 2);
  });

  it('an up move then a down move: one point per decision, spaced by time, a step path to now', () => {
    const chart = categoryStepChart(
      [
        { category: 3, at: d('2026-01-21') },
        { category: 1, at: d('2026-01-01') },
        { category: 2, at: d('2026-01-31') },
      ],
      d('2026-02-10'),
    )!;
    const box = DEFAULT_CHART_BOX;
    const plot = box.width - box.left - box.right;
    assert.deepEqual(chart.points.map((p) => p.category), [1, 3, 2]);
    assert.deepEqual(chart.points.map((p) => p.x), [box.left, box.left + plot / 2, box.left + (plot * 3) / 4]);
    assert.equal(chart.endX, box.width - box.right);
    assert.equal(chart.path, `M${box.left} ${yFor(1)} H${box.left + plot / 2} V${yFor(3)} H${box.left + (plot * 3) / 4} V${yFor(2)} H${box.width - box.right}`);
    assert.deepEqual(chart.xTicks.map((t) => t.at.toISOString()), [d('2026-01-01').toISOString(), d('2026-02-10').toISOString()]);
  });

  it('a single decision made just now still spans a day so the line is visible', () => {
    const chart = categoryStepChart([{ category: 2, at: d('2026-03-01') }], d('2026-03-01'))!;
    assert.equal(chart.points.length, 1);
    assert.equal(chart.endX, DEFAULT_CHART_BOX.width - DEFAULT_CHART_BOX.right);
  });

  it('describes the history in words for the aria-label', () => {
    const text = stepChartDescription([{ category: 2, at: d('2026-03-01') }, { category: 1, at: d('2026-01-01') }], (x) => x.toISOString().slice(0, 10));
    assert.equal(text, 'Risk category over time: category 1 from 2026-01-01, then category 2 from 2026-03-01.');
  });
});
