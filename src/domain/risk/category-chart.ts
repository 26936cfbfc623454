// The geometry of a child's category history as a step chart (camden Part 2 §2: a child may move between
// categories over time). Drawn server-side as SVG; the table beside it is the accessible equivalent. Pure.
import type { RiskCategory } from './catalogue.ts';

export type CategoryChange = { category: RiskCategory; at: Date };

export type ChartBox = { width: number; height: number; left: number; right: number; top: number; bottom: number };

export const DEFAULT_CHART_BOX: ChartBox = { width: 640, height: 200, left: 90, right: 20, top: 20, bottom: 40 };

export type StepChart = {
  box: ChartBox;
  /** One point where each category starts, in time order. */
  points: { x: number; y: number; category: RiskCategory; at: Date }[];
  /** The SVG path: horizontal runs at each category, vertical moves between them, up to `until`. */
  path: string;
  endX: number;
  yTicks: { category: RiskCategory; y: number; label: string }[];
  xTicks: { x: number; at: Date }[];
};

const DAY_MS = 86_400_000;
const round = (n: number) => Math.round(n * 10) / 10;

/** Category 3 at the top, category 1 at the bottom. */
export function yFor(category: RiskCategory, box: ChartBox = DEFAULT_CHART_BOX): number {
  const plot = box.height - box.top - box.bottom;
  return round(box.top + ((3 - category) / 2) * plot);
}

/**
 * Points and path for the history, oldest first, drawn from the first decision to `until` (normally now). Returns
 * null when there is no decision to draw.
 */
export function categoryStepChart(changes: readonly CategoryChange[], until: Date, box: ChartBox = DEFAULT_CHART_BOX): StepChart | null {
  if (changes.length === 0) return null;
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const start = sorted[0]!.at.getTime();
  const lastAt = sorted[sorted.length - 1]!.at.getTime();
  let end = Math.max(until.getTime(), lastAt);
  if (end - start < DAY_MS) end = start + DAY_MS;
  const plotWidth = box.width - box.left - box.right;
  const xFor = (t: number) => round(box.left + ((t - start) / (end - start)) * plotWidth);

  const points = sorted.map((c) => ({ x: xFor(c.at.getTime()), y: yFor(c.category, box), category: c.category, at: c.at }));
  const endX = xFor(end);
  let path = `M${points[0]!.x} ${points[0]!.y}`;
  for (const p of points.slice(1)) path += ` H${p.x} V${p.y}`;
  path += ` H${endX}`;

  return {
    box,
    points,
    path,
    endX,
    yTicks: ([3, 2, 1] as const).map((category) => ({ category, y: yFor(category, box), label: `Category ${category}` })),
    xTicks: [
      { x: xFor(start), at: new Date(start) },
      { x: endX, at: new Date(end) },
    ],
  };
}

/** A sentence a screen reader can read for the chart (the table gives the full detail). */
export function stepChartDescription(changes: readonly CategoryChange[], formatDate: (d: Date) => string): string {
  if (changes.length === 0) return 'No category has been decided.';
  const sorted = [...changes].sort((a, b) => a.at.getTime() - b.at.getTime());
  return `Risk category over time: ${sorted.map((c) => `category ${c.category} from ${formatDate(c.at)}`).join(', then ')}.`;
}
