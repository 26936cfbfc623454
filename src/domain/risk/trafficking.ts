// Trafficking flag: any observed indicator marked `trafficking` prompts consideration of a National Referral
// Mechanism referral (camden Part 2 §3, Part 1 §3.5). Pure: no I/O.

import { indicatorById } from './catalogue.ts';
import type { Indicator } from './catalogue.ts';
import type { Observation } from './suggest.ts';

export interface TraffickingFlag {
  readonly flagged: boolean;
  /** What Harbour shows when flagged; null otherwise. */
  readonly prompt: string | null;
  /** The distinct trafficking indicators observed, in first-observed order. */
  readonly indicators: readonly Indicator[];
  readonly source: string;
}

export const TRAFFICKING_PROMPT =
  'Indicators of trafficking have been recorded. Consider a referral to the National Referral Mechanism, and follow the guidance on safeguarding children who may have been trafficked.';

export const TRAFFICKING_SOURCE = 'camden Part 2 §3; camden Part 1 §3.5';

/** Accepts full observations, or anything carrying an indicatorId. */
export function traffickingFlag<T extends Pick<Observation, 'indicatorId'>>(observations: readonly T[]): TraffickingFlag {
  const seen = new Map<string, Indicator>();
  for (const o of observations) {
    const indicator = indicatorById(o.indicatorId);
    if (indicator?.trafficking === true && !seen.has(indicator.id)) seen.set(indicator.id, indicator);
  }
  const indicators = [...seen.values()];
  const flagged = indicators.length > 0;
  return { flagged, prompt: flagged ? TRAFFICKING_PROMPT : null, indicators, source: TRAFFICKING_SOURCE };
}
