// The geometry of a trend as a bar chart by quarter, drawn on the server as SVG (the pattern of the risk history
// chart, src/domain/risk/category-chart.ts); the table beside it says the same. Suppressed quarters get no bar,
// only their label, so the chart never shows more than the table. Pure.
import type { ShownCount } from './suppression.ts';
import { shownText } from './suppression.ts';

export type TrendBox = { width: number; height: number; left: number; right: number; top: number; bottom: number };
export const TREND_BOX: TrendBox = { width: 640, height: 220, left: 50, right: 10, top: 20, bottom: 40 };

export type TrendBar = { x: number; y: number; width: number; height: number; label: string; valueText: string; valueY: number; labelX: number };
export type TrendChart = { box: TrendBox; bars: TrendBar[]; yTicks: { y: number; value: number }[]; baseline: number; description: string };

const round = (n: number) => Math.round(n * 10) / 10;

/** A tidy upper bound for the axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export function niceMax(max: number): number {
  if (max <= 0) return 5;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

export function trendChart(title: string, points: readonly { label: string; shown: ShownCount }[], box: TrendBox = TREND_BOX): TrendChart {
  const values = points.map((p) => (p.shown.kind === 'count' ? p.shown.value : 0));
  const top = niceMax(Math.max(0, ...values));
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const baseline = box.top + plotHeight;
  const slot = points.length === 0 ? plotWidth : plotWidth / points.length;
  const barWidth = round(slot * 0.6);
  const bars = points.map((p, i) => {
    const value = p.shown.kind === 'count' ? p.shown.value : 0;
    const height = round((value / top) * plotHeight);
    const x = round(box.left + i * slot + (slot - barWidth) / 2);
    return { x, y: round(baseline - height), width: barWidth, height, label: p.label, valueText: p.shown.kind === 'count' ? String(value) : '<5', valueY: round(baseline - height - 4), labelX: round(x + barWidth / 2) };
  });
  const yTicks = [0, top / 2, top].map((value) => ({ value, y: round(baseline - (value / top) * plotHeight) }));
  const description = `${title}, by quarter: ${points.map((p) => `${p.label} ${shownText(p.shown)}`).join('; ')}.`;
  return { box, bars, yTicks, baseline, description };
}
