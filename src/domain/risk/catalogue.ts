// The indicator catalogue: every indicator Harbour lets a practitioner record, grouped into sets. A procedure
// profile selects the sets it uses with catalogueFor(). Pure: no I/O.

import {
  CAMBRIDGESHIRE_DATA,
  CAMBRIDGESHIRE_DOMAIN_LABELS,
  CAMBRIDGESHIRE_DOMAIN_ORDER,
  CHECKLIST_13_15_DATA,
  EXPLOITATION_MODELS_DATA,
  MATRIX_DATA,
  MATRIX_DOMAIN_LABELS,
  MATRIX_DOMAIN_ORDER,
  TRAFFICKING_DATA,
  VULNERABILITY_DATA,
} from './catalogue-data.ts';
import type { RawEntry, SourcedEntry } from './catalogue-data.ts';

export type { MatrixDomainId } from './catalogue-data.ts';

export const INDICATOR_SET_IDS = [
  'matrix',
  'cambridgeshire',
  'vulnerability',
  'trafficking',
  'checklist-13-15',
  'exploitation-models',
] as const;

export type IndicatorSetId = (typeof INDICATOR_SET_IDS)[number];

export type MatrixLevel = 1 | 2 | 3;
export type RiskCategory = 1 | 2 | 3;

export interface Indicator {
  /** Stable kebab-case id, prefixed by its set, e.g. 'matrix.education.l2.non-attender-or-excluded'. */
  readonly id: string;
  readonly set: IndicatorSetId;
  /** Domain id within the set (see DOMAINS). */
  readonly domain: string;
  /** Matrix level 1-3 where the source gives one; otherwise null. */
  readonly level: MatrixLevel | null;
  /** Short label in our own words. */
  readonly label: string;
  /** Where the indicator comes from, e.g. 'bedford-luton Appendix 1; camden Part 2 §2'. */
  readonly source: string;
  /** True when observing it should prompt consideration of a trafficking (National Referral Mechanism) referral. */
  readonly trafficking?: boolean;
}

export interface DomainInfo {
  readonly id: string;
  readonly label: string;
}

export interface IndicatorSetInfo {
  readonly id: IndicatorSetId;
  readonly label: string;
  readonly source: string;
  readonly description: string;
}

export interface RiskCategoryInfo {
  readonly category: RiskCategory;
  /** e.g. 'Category 1 (low risk)'. */
  readonly label: string;
  readonly risk: 'low' | 'medium' | 'high';
  /** The child's level of involvement. */
  readonly involvement: string;
  /** The level of intervention the documents describe. */
  readonly intervention: string;
  /** Plan the documents attach to the category. */
  readonly plan: string;
  readonly source: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Sets and categories
// ---------------------------------------------------------------------------------------------------------------

export const INDICATOR_SETS: readonly IndicatorSetInfo[] = Object.freeze([
  {
    id: 'matrix',
    label: 'Vulnerability matrix (nine domains, three levels)',
    source: 'bedford-luton Appendix 1; camden Part 2 §2',
    description: 'Indicators of a child\'s level of involvement; level 1-3 corresponds to risk category 1-3.',
  },
  {
    id: 'cambridgeshire',
    label: 'Indicators of possible sexual exploitation',
    source: 'cambridgeshire 3',
    description: 'Key indicators grouped by health, education, behaviour, identity, relationships and circumstances.',
  },
  {
    id: 'vulnerability',
    label: 'Vulnerability factors',
    source: 'bedford-luton 6; camden Part 2 §1',
    description: 'Factors that make a child more vulnerable to sexual exploitation.',
  },
  {
    id: 'trafficking',
    label: 'Indicators of trafficking',
    source: 'camden Part 2 §3',
    description: 'Specific indicators that a child may have been trafficked.',
  },
  {
    id: 'checklist-13-15',
    label: 'Checklist for sexually active 13-15 year olds',
    source: 'bedford-luton 3.13',
    description: 'Considerations deciding whether a strategy discussion is needed for a child aged 13-15.',
  },
  {
    id: 'exploitation-models',
    label: 'Models of exploitation',
    source: 'cambridgeshire 3',
    description: "Barnardo's three models of activity in the spectrum of sexual exploitation.",
  },
] satisfies IndicatorSetInfo[]);

export const RISK_CATEGORIES: readonly RiskCategoryInfo[] = Object.freeze([
  {
    category: 1,
    label: 'Category 1 (low risk)',
    risk: 'low',
    involvement: 'A vulnerable child at risk of being groomed for sexual exploitation.',
    intervention: 'Preventative diversionary work.',
    plan: 'Diversion plan, within the child in need plan.',
    source: 'camden Part 2 §2; camden Part 3 §3.2; bedford-luton Appendix 1',
  },
  {
    category: 2,
    label: 'Category 2 (medium risk)',
    risk: 'medium',
    involvement:
      'A child targeted for opportunistic abuse: sex exchanged for drugs, accommodation (overnight stays), goods. Coercion and control are likely to be significant.',
    intervention: 'Statutory intervention may be needed to protect the child, with a support package for exit and recovery.',
    plan: 'CSE meeting; support plan and exit strategy.',
    source: 'camden Part 2 §2; camden Part 3 §3.3; bedford-luton Appendix 1',
  },
  {
    category: 3,
    label: 'Category 3 (high risk)',
    risk: 'high',
    involvement: 'Sexual exploitation is habitual and often self-defined; coercion/control is implicit.',
    intervention: 'Statutory intervention may be required to protect the child, with a support package for exit and recovery.',
    plan: 'CSE meeting; support plan and exit strategy.',
    source: 'camden Part 2 §2; camden Part 3 §3.3; bedford-luton Appendix 1',
  },
] satisfies RiskCategoryInfo[]);

export function riskCategoryInfo(category: RiskCategory): RiskCategoryInfo {
  const info = RISK_CATEGORIES.find((c) => c.category === category);
  if (!info) throw new Error(`Unknown risk category: ${String(category)}`);
  return info;
}

/** Camden Part 2 §2: a child's involvement is not static; they may move between categories over time. */
export const CATEGORY_MOVEMENT_NOTE =
  "A child's involvement may change: they can move between categories over time (camden Part 2 §2).";

// ---------------------------------------------------------------------------------------------------------------
// Domains per set
// ---------------------------------------------------------------------------------------------------------------

function orderedDomains<K extends string>(order: readonly K[], labels: Readonly<Record<K, string>>): readonly DomainInfo[] {
  return Object.freeze(order.map((id) => Object.freeze({ id, label: labels[id] })));
}

export const DOMAINS: Readonly<Record<IndicatorSetId, readonly DomainInfo[]>> = Object.freeze({
  matrix: orderedDomains(MATRIX_DOMAIN_ORDER, MATRIX_DOMAIN_LABELS),
  cambridgeshire: orderedDomains(CAMBRIDGESHIRE_DOMAIN_ORDER, CAMBRIDGESHIRE_DOMAIN_LABELS),
  // The following lists are undivided in their sources, so each set has a single domain.
  vulnerability: Object.freeze([{ id: 'vulnerability-factors', label: 'Vulnerability factors' }]),
  trafficking: Object.freeze([{ id: 'trafficking-indicators', label: 'Indicators of trafficking' }]),
  'checklist-13-15': Object.freeze([{ id: 'checklist-13-15', label: 'Considerations for 13-15 year olds' }]),
  'exploitation-models': Object.freeze([{ id: 'exploitation-models', label: 'Models of exploitation' }]),
});

export function domainLabel(set: IndicatorSetId, domain: string): string {
  return DOMAINS[set].find((d) => d.id === domain)?.label ?? domain;
}

// ---------------------------------------------------------------------------------------------------------------
// Building the catalogue
// ---------------------------------------------------------------------------------------------------------------

const LEVELS: readonly MatrixLevel[] = [1, 2, 3];

function matrixSource(level: MatrixLevel): string {
  // Camden's category 2 diagram does not survive in the seed text (only categories 1 and 3 do), so level 2
  // items are cited to bedford-luton Appendix 1 alone.
  return level === 2 ? 'bedford-luton Appendix 1' : 'bedford-luton Appendix 1; camden Part 2 §2';
}

function buildMatrix(): Indicator[] {
  const items: Indicator[] = [];
  for (const domain of MATRIX_DOMAIN_ORDER) {
    for (const level of LEVELS) {
      for (const [slug, label] of MATRIX_DATA[domain][level]) {
        items.push({ id: `matrix.${domain}.l${level}.${slug}`, set: 'matrix', domain, level, label, source: matrixSource(level) });
      }
    }
  }
  return items;
}

function buildCambridgeshire(): Indicator[] {
  const items: Indicator[] = [];
  for (const domain of CAMBRIDGESHIRE_DOMAIN_ORDER) {
    for (const [slug, label] of CAMBRIDGESHIRE_DATA[domain]) {
      items.push({ id: `cambridgeshire.${domain}.${slug}`, set: 'cambridgeshire', domain, level: null, label, source: 'cambridgeshire 3' });
    }
  }
  return items;
}

function buildFlat(set: IndicatorSetId, domain: string, entries: readonly RawEntry[], source: string, trafficking = false): Indicator[] {
  return entries.map(([slug, label]) => {
    const item: Indicator = { id: `${set}.${slug}`, set, domain, level: null, label, source };
    return trafficking ? { ...item, trafficking: true } : item;
  });
}

function buildSourced(set: IndicatorSetId, domain: string, entries: readonly SourcedEntry[]): Indicator[] {
  return entries.map(([slug, label, source, trafficking]) => {
    const item: Indicator = { id: `${set}.${slug}`, set, domain, level: null, label, source };
    return trafficking ? { ...item, trafficking: true } : item;
  });
}

function freezeAll(items: Indicator[]): readonly Indicator[] {
  return Object.freeze(items.map((i) => Object.freeze(i)));
}

const BY_SET: Readonly<Record<IndicatorSetId, readonly Indicator[]>> = Object.freeze({
  matrix: freezeAll(buildMatrix()),
  cambridgeshire: freezeAll(buildCambridgeshire()),
  vulnerability: freezeAll(buildSourced('vulnerability', 'vulnerability-factors', VULNERABILITY_DATA)),
  trafficking: freezeAll(buildFlat('trafficking', 'trafficking-indicators', TRAFFICKING_DATA, 'camden Part 2 §3', true)),
  'checklist-13-15': freezeAll(buildFlat('checklist-13-15', 'checklist-13-15', CHECKLIST_13_15_DATA, 'bedford-luton 3.13')),
  'exploitation-models': freezeAll(buildSourced('exploitation-models', 'exploitation-models', EXPLOITATION_MODELS_DATA)),
});

/** Every indicator in every set, in set order. */
export const CATALOGUE: readonly Indicator[] = Object.freeze(INDICATOR_SET_IDS.flatMap((s) => BY_SET[s]));

const BY_ID: ReadonlyMap<string, Indicator> = new Map(CATALOGUE.map((i) => [i.id, i]));

export function isIndicatorSetId(value: string): value is IndicatorSetId {
  return (INDICATOR_SET_IDS as readonly string[]).includes(value);
}

/**
 * The indicators of the given sets, in the order the sets are given (duplicates ignored). A profile lists the
 * sets it uses. Throws on an unknown set id so that a misconfigured profile fails loudly.
 */
export function catalogueFor(setIds: readonly string[]): readonly Indicator[] {
  const seen = new Set<IndicatorSetId>();
  const out: Indicator[] = [];
  for (const id of setIds) {
    if (!isIndicatorSetId(id)) throw new Error(`Unknown indicator set: ${id}`);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(...BY_SET[id]);
  }
  return out;
}

export function indicatorsInSet(set: IndicatorSetId): readonly Indicator[] {
  return BY_SET[set];
}

export function indicatorById(id: string): Indicator | undefined {
  return BY_ID.get(id);
}

/**
 * Matrix items whose descriptor the documents repeat at another level of the same domain (e.g. 'Multiple STIs' at
 * levels 2 and 3). The UI can show these so the practitioner chooses the level that fits. Empty for non-matrix ids.
 */
export function sameDescriptorAtOtherLevels(id: string): readonly Indicator[] {
  const item = BY_ID.get(id);
  if (!item || item.set !== 'matrix') return [];
  const slug = matrixSlug(item.id);
  return BY_SET.matrix.filter((other) => other.id !== item.id && other.domain === item.domain && matrixSlug(other.id) === slug);
}

function matrixSlug(id: string): string {
  // matrix.<domain>.l<level>.<slug>
  return id.split('.').slice(3).join('.');
}
