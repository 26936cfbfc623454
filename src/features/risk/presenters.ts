// View models for the risk pages: plain values and messages, shaped here rather than in templates.
import { DOMAINS, INDICATOR_SETS, RISK_CATEGORIES, domainLabel, indicatorById, indicatorsInSet } from '../../domain/risk/catalogue.ts';
import type { RiskCategory } from '../../domain/risk/catalogue.ts';
import { indicatorSetsFor } from '../../domain/risk/profile-sets.ts';
import { OBSERVATION_SOURCES, OBSERVATION_SOURCE_LABELS, matrixCells } from '../../domain/risk/suggest.ts';
import type { Observation } from '../../domain/risk/suggest.ts';
import { categoryStepChart, stepChartDescription } from '../../domain/risk/category-chart.ts';
import { SHARING_LEVEL_LABELS } from '../../domain/access/access.ts';
import type { SharingLevel } from '../../domain/access/access.ts';
import { londonInstant } from '../../domain/clock/index.ts';
import { isSilent } from '../../domain/profiles/schema.ts';
import type { Profile } from '../../domain/profiles/schema.ts';
import { formatDate } from '../../platform/web/nunjucks.ts';
import type { VisibleObservation } from './queries.ts';

export const HOW_KNOWN_LABELS: Record<string, string> = {
  seen: 'Seen by me or a colleague',
  'told-by-child': 'Told by the child',
  'reliable-source': 'From a reliable source (family, friends, another professional)',
  'third-hand': 'Third-hand: not yet checked',
};

export function howKnownOptions(selected?: unknown) {
  return OBSERVATION_SOURCES.map((value) => ({ value, text: HOW_KNOWN_LABELS[value]!, checked: selected === value }));
}

export const SHARING_HINTS: Record<SharingLevel, string> = {
  network: 'Everyone in the child’s professional network',
  agency: 'Only people in your agency, until someone in your agency decides to share it (for example police intelligence not yet disclosable, or health-confidential information)',
  named: 'Only the people you choose from the network, and you',
};

/** Option groups for the indicator <select>: the profile's sets, by domain, matrix items with their level. */
export function indicatorOptionGroups(profileId: string, selected?: unknown) {
  return indicatorSetsFor(profileId).flatMap((set) => {
    const info = INDICATOR_SETS.find((s) => s.id === set)!;
    return DOMAINS[set]
      .map((domain) => ({
        label: DOMAINS[set].length > 1 ? `${domain.label} (${info.label})` : info.label,
        options: indicatorsInSet(set)
          .filter((i) => i.domain === domain.id)
          .map((i) => ({ value: i.id, text: i.level ? `Level ${i.level}: ${i.label}` : i.label, selected: selected === i.id })),
      }))
      .filter((group) => group.options.length > 0);
  });
}

export type EvidenceItem = {
  id: string;
  label: string;
  agency: string;
  recordedBy: string;
  date: string;
  howKnown: string;
  note: string;
  isNew: boolean;
  sharingLevel: SharingLevel;
  sharingLabel: string;
};

type ObservationWithEvidence = Observation & { evidence: EvidenceItem };

export function toObservation(o: VisibleObservation, lastDecisionAt: Date | null): ObservationWithEvidence {
  const indicator = indicatorById(o.indicator_id);
  return {
    indicatorId: o.indicator_id,
    observedAt: londonInstant(o.observed_on, 12),
    source: o.how_known,
    agencyName: o.agency_name,
    evidence: {
      id: o.id,
      label: indicator?.label ?? o.indicator_id,
      agency: o.agency_name,
      recordedBy: o.recorded_by_name,
      date: formatDate(o.observed_on),
      howKnown: OBSERVATION_SOURCE_LABELS[o.how_known],
      note: o.note,
      isNew: lastDecisionAt === null || o.created_at > lastDecisionAt,
      sharingLevel: o.sharing_level,
      sharingLabel: SHARING_LEVEL_LABELS[o.sharing_level],
    },
  };
}

/** The nine-domain by three-level matrix as table rows, each cell listing the evidence behind it. */
export function matrixRows(observations: readonly ObservationWithEvidence[]) {
  const cells = matrixCells(observations);
  return DOMAINS.matrix.map((domain) => ({
    domain: domain.label,
    cells: ([1, 2, 3] as const).map((level) => {
      const cell = cells.find((c) => c.domain === domain.id && c.level === level)!;
      return { level, evidence: cell.observations.map((o) => (o.observation as ObservationWithEvidence).evidence) };
    }),
  }));
}

/** Every visible observation, newest first, with its group and whether the viewer may share it more widely. */
export function evidenceRows(observations: readonly ObservationWithEvidence[], shareable: ReadonlySet<string>) {
  return observations.map((o) => {
    const indicator = indicatorById(o.indicatorId);
    const group = indicator ? `${INDICATOR_SETS.find((s) => s.id === indicator.set)?.label ?? indicator.set}${DOMAINS[indicator.set].length > 1 ? `: ${domainLabel(indicator.set, indicator.domain)}` : ''}${indicator.level ? `, level ${indicator.level}` : ''}` : '';
    return { ...o.evidence, group, shareable: shareable.has(o.evidence.id) };
  });
}

/** Category labels from the profile where it has them, otherwise the shared matrix categories. */
export function categoryOptions(profile: Profile, selected: unknown, suggested: RiskCategory | null) {
  const own = !isSilent(profile.riskFramework) ? profile.riskFramework.categories : null;
  return RISK_CATEGORIES.map((c) => {
    const label = own?.find((x) => x.level === c.category)?.label ?? c.label;
    return {
      value: String(c.category),
      text: suggested === c.category ? `${label} (suggested)` : label,
      hint: { text: c.involvement },
      checked: String(selected ?? '') === String(c.category),
    };
  });
}

export type HistoryRow = { decided_at: Date; category: 1 | 2 | 3; previous_category: 1 | 2 | 3 | null; suggested_category: 1 | 2 | 3 | null; rationale: string; differs_reason: string | null; decided_by_name: string; cse_referral_id: string | null; age_band: string | null };

export function historyView(rows: readonly HistoryRow[], now: Date) {
  const changes = rows.map((r) => ({ category: r.category, at: r.decided_at }));
  const chart = categoryStepChart(changes, now);
  return {
    chart: chart && {
      ...chart,
      ariaLabel: stepChartDescription(changes, (d) => formatDate(d)),
      xTicks: chart.xTicks.map((t, i) => ({ ...t, label: formatDate(t.at), anchor: i === 0 ? 'start' : 'end' })),
      points: chart.points.map((p) => ({ ...p, label: `Category ${p.category} from ${formatDate(p.at)}` })),
    },
    rows: [...rows].reverse().map((r) => ({
      ...r,
      movement: r.previous_category === null ? 'First decision' : r.previous_category === r.category ? 'No change' : r.category > r.previous_category ? `Up from ${r.previous_category}` : `Down from ${r.previous_category}`,
    })),
  };
}
