// The rules of the intelligence register: what an entity is called in a sentence, when two entities may not be
// merged, when enough children are linked to one entity to alert the CSE coordinator, and how "who else is
// linked?" is said in words. Pure; see matching.ts for the comparison of plates, numbers, names and places.

import { isFullPlate, normalisePhone, normalisePlate } from './matching.ts';
import { londonDateOf } from '../clock/london-time.ts';
import type { SharingLevel } from '../access/access.ts';

export const ENTITY_KINDS = ['person', 'vehicle', 'place', 'phone'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const ENTITY_KIND_LABELS: Readonly<Record<EntityKind, string>> = {
  person: 'Person of concern',
  vehicle: 'Vehicle',
  place: 'Place',
  phone: 'Phone or online identity',
};

/** Kinds of place (PROCEDURES "Information the system collects": addresses, venues, hotspots). */
export const PLACE_KINDS = ['home', 'flat', 'hotel', 'takeaway', 'park', 'hotspot', 'other'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** The description of an adult or young person the procedure asks for (bedford-luton Appendix 2). */
export const DESCRIPTION_FIELDS = ['hair', 'skin', 'ethnicity', 'height', 'build', 'clothes', 'jewellery', 'distinguishingMarks', 'accent'] as const;
export type DescriptionField = (typeof DESCRIPTION_FIELDS)[number];

export type PersonDetails = {
  name: string;
  aliases?: readonly string[];
  approximateAge?: number | null;
  dateOfBirth?: string | null;
  sex?: string | null;
};
export type VehicleDetails = { make?: string | null; model?: string | null; colour?: string | null; registration?: string | null };
export type PlaceDetails = { address?: string | null; description?: string | null; placeKind?: PlaceKind | null };
export type PhoneDetails = { number?: string | null; handle?: string | null; platform?: string | null };

export type EntityFacts =
  | ({ kind: 'person' } & PersonDetails)
  | ({ kind: 'vehicle' } & VehicleDetails)
  | ({ kind: 'place' } & PlaceDetails)
  | ({ kind: 'phone' } & PhoneDetails);

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== '';

/** How an entity is named in a sentence: "B (27)", "silver Astra AB12", "07700 900123", "@jay on Snapchat". */
export function entityLabel(e: EntityFacts, now: Date = new Date()): string {
  switch (e.kind) {
    case 'person': {
      const age = e.dateOfBirth ? ageOn(e.dateOfBirth, now) : (e.approximateAge ?? null);
      return age === null ? e.name.trim() : `${e.name.trim()} (${String(age)})`;
    }
    case 'vehicle': {
      const words = [e.colour, e.make && !e.model ? e.make : null, e.model, e.registration ? normalisePlate(e.registration) : null].filter(present);
      return words.length === 0 ? 'unknown vehicle' : words.map((w) => w.trim()).join(' ');
    }
    case 'place':
      return present(e.address) ? e.address.trim() : present(e.description) ? e.description.trim() : 'unknown place';
    case 'phone':
      if (present(e.number)) return normalisePhone(e.number);
      if (present(e.handle)) return present(e.platform) ? `${e.handle.trim()} on ${e.platform.trim()}` : e.handle.trim();
      return 'unknown number';
  }
}

/** Whole years between an ISO date of birth and the London date of `now`. */
export function ageOn(dateOfBirth: string, now: Date): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!m) return null;
  const today = londonDateOf(now);
  const [y, mo, d] = [Number(m[1]), m[2]!, m[3]!];
  const years = Number(today.slice(0, 4)) - y;
  return today.slice(5) >= `${mo}-${d}` ? years : years - 1;
}

export type MergeRefusal = { code: 'different-kinds' | 'different-dates-of-birth' | 'different-plates' | 'different-numbers' | 'different-sex' | 'same-entity'; message: string };

/**
 * Why two entities may not be merged into one. Merging joins children's records, so it is refused whenever the
 * details contradict (a merge must not invent a connection between children: bedford-luton 11.1, recording
 * to support investigations): different kinds, different dates of birth, different sex, different full plates,
 * different full phone numbers. Unknown details never contradict.
 */
export function mergeRefusals(a: EntityFacts & { id: string }, b: EntityFacts & { id: string }): MergeRefusal[] {
  if (a.id === b.id) return [{ code: 'same-entity', message: 'Choose two different records to merge' }];
  if (a.kind !== b.kind) return [{ code: 'different-kinds', message: `A ${ENTITY_KIND_LABELS[a.kind].toLowerCase()} cannot be merged with a ${ENTITY_KIND_LABELS[b.kind].toLowerCase()}` }];
  const out: MergeRefusal[] = [];
  if (a.kind === 'person' && b.kind === 'person') {
    if (present(a.dateOfBirth) && present(b.dateOfBirth) && a.dateOfBirth !== b.dateOfBirth) {
      out.push({ code: 'different-dates-of-birth', message: 'These records cannot be merged: their dates of birth are different' });
    }
    if (present(a.sex) && present(b.sex) && a.sex !== b.sex) out.push({ code: 'different-sex', message: 'These records cannot be merged: their sex is recorded differently' });
  }
  if (a.kind === 'vehicle' && b.kind === 'vehicle' && present(a.registration) && present(b.registration)) {
    if (isFullPlate(a.registration) && isFullPlate(b.registration) && normalisePlate(a.registration) !== normalisePlate(b.registration)) {
      out.push({ code: 'different-plates', message: 'These records cannot be merged: their number plates are different' });
    }
  }
  if (a.kind === 'phone' && b.kind === 'phone' && present(a.number) && present(b.number)) {
    const na = normalisePhone(a.number);
    const nb = normalisePhone(b.number);
    if (na.length >= 10 && nb.length >= 10 && na !== nb) out.push({ code: 'different-numbers', message: 'These records cannot be merged: their phone numbers are different' });
  }
  return out;
}

/**
 * When enough children are linked to one entity to suggest a pattern of targeting (bedford-luton 9.1: children
 * "being controlled by the same person"; camden Part 4 §1.4, groups of children). A Harbour setting that a
 * profile may override.
 */
export type AlertThreshold = { children: number; withinMonths: number };
export const DEFAULT_ALERT_THRESHOLD: AlertThreshold = { children: 3, withinMonths: 12 };

/** The threshold a profile sets (its intelligenceAlert), or Harbour's default. */
export function alertThresholdFor(profile: { intelligenceAlert?: AlertThreshold | undefined }): AlertThreshold {
  return profile.intelligenceAlert ?? DEFAULT_ALERT_THRESHOLD;
}

export type ChildLink = { caseId: string; lastKnown: Date };

/** The start of the window: the same London date `months` ago (clamped to the month's end), from midnight UTC of that date. */
export function windowStart(now: Date, months: number): Date {
  const [y, m, d] = londonDateOf(now).split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last)));
}

/** The distinct children linked within the window (a child linked twice counts once), oldest first by latest link. */
export function childrenWithinWindow(links: readonly ChildLink[], now: Date, threshold: AlertThreshold = DEFAULT_ALERT_THRESHOLD): string[] {
  const from = windowStart(now, threshold.withinMonths).getTime();
  const latest = new Map<string, number>();
  for (const l of links) {
    const t = l.lastKnown.getTime();
    if (t < from || t > now.getTime()) continue;
    latest.set(l.caseId, Math.max(latest.get(l.caseId) ?? -Infinity, t));
  }
  return [...latest.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/**
 * Does adding `added` make the entity reach the threshold? True only on the crossing: the count before is below
 * it and the count after is at or above it, so one alert is raised, not one per later link.
 */
export function reachesThreshold(existing: readonly ChildLink[], added: ChildLink, now: Date, threshold: AlertThreshold = DEFAULT_ALERT_THRESHOLD): boolean {
  const before = childrenWithinWindow(existing, now, threshold).length;
  const after = childrenWithinWindow([...existing, added], now, threshold).length;
  return before < threshold.children && after >= threshold.children;
}

/** The alert's headline: "B (27) is now linked to 3 children". */
export function alertHeadline(entity: string, children: number): string {
  return `${entity} is now linked to ${String(children)} ${children === 1 ? 'child' : 'children'}`;
}

export type PathStep = { label: string } | { child: { name: string } | null };

/**
 * "Who else is linked?" in words: "Sam → B (27) → silver Astra AB12 → another child". A child the reader may not
 * see is "another child", never named (DESIGN access model).
 */
export function describePath(steps: readonly PathStep[]): string {
  return steps.map((s) => ('label' in s ? s.label : s.child ? s.child.name : 'another child')).join(' → ');
}

/**
 * Police intelligence stays within the police ("Own agency only") until a recorded sharing decision widens it;
 * what other agencies record is shared with the child's case network, as other entries are (DESIGN access model).
 */
export function defaultSharing(agencyKind: string): SharingLevel {
  return agencyKind === 'police' ? 'agency' : 'network';
}

/**
 * Disruption actions recorded against an entry (bedford-luton 11.7: child abduction notices; 11.9: a disruption
 * plan, closing venues, civil orders such as sexual harm prevention orders), so disruptions per perpetrator count.
 */
export const DISRUPTION_KINDS = ['child-abduction-notice', 'sexual-harm-prevention-order', 'closure-of-premises', 'other-order'] as const;
export type DisruptionKind = (typeof DISRUPTION_KINDS)[number];
export const DISRUPTION_LABELS: Readonly<Record<DisruptionKind, string>> = {
  'child-abduction-notice': 'Child abduction warning notice (bedford-luton 11.7)',
  'sexual-harm-prevention-order': 'Sexual harm prevention order (bedford-luton 11.9)',
  'closure-of-premises': 'Closure of premises (bedford-luton 11.9)',
  'other-order': 'Another civil order (bedford-luton 11.9)',
};

/**
 * Criminal-justice outcomes recorded against a person of concern (staffordshire 56: the board counts convictions),
 * by the police only (permission 'intelligence:justice-outcomes'); a person may have several (charged, then convicted or acquitted).
 */
export const JUSTICE_OUTCOMES = ['charge', 'conviction', 'acquittal'] as const;
export type JusticeOutcome = (typeof JUSTICE_OUTCOMES)[number];
export const JUSTICE_OUTCOME_LABELS: Readonly<Record<JusticeOutcome, string>> = { charge: 'Charged', conviction: 'Convicted', acquittal: 'Acquitted' };
