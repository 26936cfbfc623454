// Suggesting a risk category from observed indicators. This is only ever a suggestion shown to the person who
// decides (the CSE coordinator / CPO for CATSE, or the meeting): Harbour never sets a category on its own.
// Pure: no I/O.

import { DOMAINS, domainLabel, indicatorById } from './catalogue.ts';
import type { Indicator, MatrixLevel, RiskCategory } from './catalogue.ts';

export type ObservationSource = 'seen' | 'told-by-child' | 'reliable-source' | 'third-hand';

export const OBSERVATION_SOURCES: readonly ObservationSource[] = ['seen', 'told-by-child', 'reliable-source', 'third-hand'];

export const OBSERVATION_SOURCE_LABELS: Readonly<Record<ObservationSource, string>> = {
  seen: 'seen',
  'told-by-child': 'told by the child',
  'reliable-source': 'from a reliable source',
  'third-hand': 'third-hand',
};

export interface Observation {
  readonly indicatorId: string;
  readonly observedAt: Date;
  readonly agencyName?: string;
  readonly source: ObservationSource;
}

export type SuggestionRule = 'highest-level';

export interface CategorySuggestion {
  readonly category: RiskCategory | null;
  readonly reasons: string[];
}

export const SUGGESTION_NOTICE =
  'This is a suggestion from the indicators recorded. The risk category is decided by the CSE coordinator or the meeting, who may depart from it.';

const UK_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD, as the calendar date in England and Wales. */
export function formatObservedDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'date unknown' : UK_DATE.format(d);
}

interface Resolved {
  readonly observation: Observation;
  readonly indicator: Indicator;
}

function describe(r: Resolved): string {
  const { observation: o, indicator: i } = r;
  const how = OBSERVATION_SOURCE_LABELS[o.source] ?? o.source;
  const who = o.agencyName && o.agencyName.trim() !== '' ? `, ${o.agencyName.trim()}` : '';
  return `Level ${String(i.level)} in ${domainLabel(i.set, i.domain)}: ${i.label} (${how}${who}, ${formatObservedDate(o.observedAt)})`;
}

function newestFirst(a: Resolved, b: Resolved): number {
  const ta = a.observation.observedAt.getTime();
  const tb = b.observation.observedAt.getTime();
  return (Number.isNaN(tb) ? -Infinity : tb) - (Number.isNaN(ta) ? -Infinity : ta);
}

function plural(n: number, one: string, many: string): string {
  return `${String(n)} ${n === 1 ? one : many}`;
}

/**
 * Suggest a risk category. Rule 'highest-level' (the default): the highest matrix level at which any indicator is
 * observed (matrix level N = category N, camden Part 2 §2 / bedford-luton Appendix 1). Reasons are plain words, the
 * observations at the suggested level first, newest first.
 */
export function suggestCategory(observations: readonly Observation[], rule: SuggestionRule = 'highest-level'): CategorySuggestion {
  if (rule !== 'highest-level') throw new Error(`Unknown suggestion rule: ${String(rule)}`);

  const reasons: string[] = [];
  if (observations.length === 0) {
    return { category: null, reasons: ['No indicators have been recorded, so no category can be suggested.'] };
  }

  const unknown: string[] = [];
  const levelled: Resolved[] = [];
  let withoutLevel = 0;
  for (const observation of observations) {
    const indicator = indicatorById(observation.indicatorId);
    if (!indicator) unknown.push(observation.indicatorId);
    else if (indicator.level === null) withoutLevel += 1;
    else levelled.push({ observation, indicator });
  }

  const notes: string[] = [];
  if (withoutLevel > 0) {
    notes.push(
      `${plural(withoutLevel, 'recorded indicator has', 'recorded indicators have')} no matrix level and did not count towards the category.`,
    );
  }
  if (unknown.length > 0) {
    notes.push(`Not in the indicator catalogue, ignored: ${[...new Set(unknown)].join(', ')}.`);
  }

  if (levelled.length === 0) {
    reasons.push('None of the recorded indicators has a matrix level (1-3), so no category can be suggested.');
    return { category: null, reasons: [...reasons, ...notes] };
  }

  const top = Math.max(...levelled.map((r) => r.indicator.level ?? 0)) as MatrixLevel;
  const atTop = levelled.filter((r) => r.indicator.level === top).sort(newestFirst);
  reasons.push(`Suggested category ${String(top)}: the highest matrix level observed is level ${String(top)}.`);
  reasons.push(...atTop.map(describe));

  if (atTop.every((r) => r.observation.source === 'third-hand')) {
    reasons.push(`Every level ${String(top)} indicator is third-hand information: check it before relying on this suggestion.`);
  }

  const lower = ([1, 2] as const)
    .filter((l) => l < top)
    .reverse()
    .map((l) => [l, levelled.filter((r) => r.indicator.level === l).length] as const)
    .filter(([, n]) => n > 0)
    .map(([l, n]) => `${plural(n, 'indicator', 'indicators')} at level ${String(l)}`);
  if (lower.length > 0) reasons.push(`Also recorded: ${lower.join(', ')}.`);

  return { category: top, reasons: [...reasons, ...notes] };
}

export interface MatrixCellObservation {
  readonly observation: Observation;
  readonly indicator: Indicator;
}

export interface MatrixCell {
  readonly domain: string;
  readonly domainLabel: string;
  readonly level: MatrixLevel;
  /** Observations of indicators in this cell, newest first. */
  readonly observations: readonly MatrixCellObservation[];
}

/**
 * Group observations into the nine-domain by three-level matrix for display: always 27 cells, domain by domain in
 * catalogue order, levels 1-3 within each. Observations of non-matrix or unknown indicators are left out.
 */
export function matrixCells(observations: readonly Observation[]): MatrixCell[] {
  const resolved: Resolved[] = [];
  for (const observation of observations) {
    const indicator = indicatorById(observation.indicatorId);
    if (indicator && indicator.set === 'matrix' && indicator.level !== null) resolved.push({ observation, indicator });
  }
  const cells: MatrixCell[] = [];
  for (const d of DOMAINS.matrix) {
    for (const level of [1, 2, 3] as const) {
      cells.push({
        domain: d.id,
        domainLabel: d.label,
        level,
        observations: resolved.filter((r) => r.indicator.domain === d.id && r.indicator.level === level).sort(newestFirst),
      });
    }
  }
  return cells;
}
