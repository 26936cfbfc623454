// How much each piece of evidence counts when a child described in a concern or referral is compared with a
// child already known to services. Pure: the database measures name similarity (pg_trgm), this decides what it
// is worth and explains it in plain words.

import { londonDateOf } from '../../domain/clock/london-time.ts';

/** Weights add up to more than 1 on purpose: the score is capped at 1, and a few strong facts together suffice. */
export const MATCH_WEIGHTS = {
  /** Times the best name similarity (0..1). */
  name: 0.55,
  /** A searched name found inside a longer recorded one ("Jade" within "Jade Thompson") counts this much of a whole-name match. */
  partialName: 0.8,
  sameDateOfBirth: 0.35,
  /** Day and month swapped, a day out, or a year out: the usual slips when a date of birth is written down. */
  nearDateOfBirth: 0.15,
  /** Age (from the recorded date of birth or approximate age) within MATCH_THRESHOLDS.ageToleranceYears of the age described. */
  ageFits: 0.15,
  samePostcode: 0.12,
  /** Same outward code (the part before the space: "NW5"). */
  samePostcodeDistrict: 0.04,
  sameSchool: 0.12,
  similarSchool: 0.06,
  similarAddress: 0.08,
} as const;

export const MATCH_THRESHOLDS = {
  /** A whole name at least this similar is a similar name (the search's own % cut-off). */
  nameSimilarity: 0.4,
  /**
   * Less similar than that, down to this (pg_trgm's default cut-off), a name is still similar when every word
   * searched resembles a word of it (everyWordSimilarity): "Tyon Turuer" for Tyson Turner, but not "Clementine
   * Quartermaine" for Jermaine Carter.
   */
  weakNameSimilarity: 0.3,
  everyWordSimilarity: 0.4,
  /** pg_trgm's default word_similarity_threshold: the <% operator's cut-off. */
  wordSimilarity: 0.6,
  schoolSimilarity: 0.6,
  addressSimilarity: 0.5,
  /** A child described as "about 14" fits a recorded age of 13, 14 or 15. */
  ageToleranceYears: 1,
  /** Below this a candidate is not worth showing. */
  minimumScore: 0.15,
} as const;

export type NameField = 'name' | 'known-as' | 'alias';

export type NameEvidence = {
  field: NameField;
  /** The child's recorded value ("Jade Thompson", "JJ", "Jayjay"), quoted in the reason. */
  value: string;
  /** pg_trgm similarity between the searched name and the whole recorded value, 0..1. */
  similarity: number;
  /** pg_trgm word similarity: how well the searched name appears within the recorded value, 0..1. */
  wordSimilarity?: number | null | undefined;
  /** For a name of several words: the least word similarity of any one of them within the recorded value. */
  everyWordSimilarity?: number | null | undefined;
};

export type MatchFacts = {
  names: NameEvidence[];
  searched: {
    dateOfBirth?: string | null | undefined;
    approximateAge?: number | null | undefined;
    postcode?: string | null | undefined;
    school?: string | null | undefined;
  };
  child: {
    dateOfBirth: string | null;
    approximateAge: number | null;
    postcode: string | null;
    school: string | null;
  };
  /** pg_trgm similarity of the searched and recorded school names, when both are known. */
  schoolSimilarity?: number | null | undefined;
  /** pg_trgm similarity of the searched and recorded addresses, when both are known. */
  addressSimilarity?: number | null | undefined;
};

export type MatchScore = {
  score: number;
  reasons: string[];
  /**
   * A similar name or a (nearly) matching date of birth: something that points at this child. Postcode, school
   * and age only strengthen such a match; on their own they describe half a classroom.
   */
  plausible: boolean;
};

const FIELD_WORDS: Record<NameField, string> = { name: '', 'known-as': 'known-as ', alias: 'alias ' };

/**
 * The name evidence: its strength is the strongest of all (a partial, word match weighing less than a whole-name
 * match); the evidence quoted is the strongest that counts as a similar name, when one does.
 */
export function bestName(names: readonly NameEvidence[]): { evidence: NameEvidence; strength: number; meetsThreshold: boolean } | null {
  let strongest: { evidence: NameEvidence; strength: number } | null = null;
  let similar: { evidence: NameEvidence; strength: number } | null = null;
  for (const evidence of names) {
    const whole = evidence.similarity;
    const word = evidence.wordSimilarity ?? 0;
    const strength = Math.max(whole, word * MATCH_WEIGHTS.partialName);
    const meetsThreshold =
      whole >= MATCH_THRESHOLDS.nameSimilarity ||
      word >= MATCH_THRESHOLDS.wordSimilarity ||
      (whole >= MATCH_THRESHOLDS.weakNameSimilarity && (evidence.everyWordSimilarity ?? 1) >= MATCH_THRESHOLDS.everyWordSimilarity);
    if (!strongest || strength > strongest.strength) strongest = { evidence, strength };
    if (meetsThreshold && (!similar || strength > similar.strength)) similar = { evidence, strength };
  }
  if (!strongest) return null;
  return { evidence: (similar ?? strongest).evidence, strength: strongest.strength, meetsThreshold: similar !== null };
}

/** Postcodes compared without spaces or case: "nw5 3ab" = "NW53AB". */
export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The outward code ("NW5" of "NW5 3AB"). A full UK postcode's inward code is always three characters. */
export function postcodeDistrict(postcode: string): string {
  const p = normalisePostcode(postcode);
  return p.length >= 5 ? p.slice(0, -3) : p;
}

export function normaliseSchool(school: string): string {
  return school.toLowerCase().replace(/\s+/g, ' ').trim();
}

function parseDate(iso: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

const iso = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * The dates a mistyped date of birth was probably meant to be: day and month swapped, a day either side, and the
 * same day a year either side. Excludes the date itself.
 */
export function nearbyDatesOfBirth(dateOfBirth: string): string[] {
  const d = parseDate(dateOfBirth);
  if (!d) return [];
  const out = new Set<string>();
  if (d.day <= 12 && d.day !== d.month && parseDate(iso(d.year, d.day, d.month))) out.add(iso(d.year, d.day, d.month));
  const t = Date.UTC(d.year, d.month - 1, d.day);
  for (const delta of [-1, 1]) out.add(new Date(t + delta * 86_400_000).toISOString().slice(0, 10));
  for (const delta of [-1, 1]) {
    const candidate = iso(d.year + delta, d.month, d.day);
    if (parseDate(candidate)) out.add(candidate);
  }
  out.delete(dateOfBirth);
  return [...out];
}

/**
 * Completed years on a day (a London date 'YYYY-MM-DD', or an instant) from a date of birth; null when it cannot
 * be worked out (a bad or future date). A birthday is reached at the start of its date; a child born on
 * 29 February is a year older on 1 March in a common year (as in src/domain/risk/age-rules.ts).
 */
export function ageFromDateOfBirth(dateOfBirth: string, on: Date | string): number | null {
  const dob = parseDate(dateOfBirth);
  const today = parseDate(typeof on === 'string' ? on : londonDateOf(on));
  if (!dob || !today) return null;
  const years = today.year - dob.year - (today.month < dob.month || (today.month === dob.month && today.day < dob.day) ? 1 : 0);
  return years < 0 ? null : years;
}

let nearbyMemo: { dateOfBirth: string; dates: readonly string[] } | null = null;
/** nearbyDatesOfBirth for the one date of birth searched, worked out once for all its candidates. */
function nearbyOfSearched(dateOfBirth: string): readonly string[] {
  if (nearbyMemo?.dateOfBirth !== dateOfBirth) nearbyMemo = { dateOfBirth, dates: nearbyDatesOfBirth(dateOfBirth) };
  return nearbyMemo.dates;
}

function ageFits(described: number, recorded: number): boolean {
  return Math.abs(described - recorded) <= MATCH_THRESHOLDS.ageToleranceYears;
}

/**
 * Scores one candidate, 0..1, with the reasons in plain words. Ages are worked out on `today` (a London date
 * 'YYYY-MM-DD', or an instant); pass the date when scoring many candidates, to work it out once.
 */
export function scoreMatch(facts: MatchFacts, today: Date | string): MatchScore {
  const now = typeof today === 'string' ? today : londonDateOf(today);
  const reasons: string[] = [];
  let score = 0;
  let plausible = false;

  const name = bestName(facts.names);
  if (name) {
    score += MATCH_WEIGHTS.name * name.strength;
    if (name.meetsThreshold) {
      reasons.push(`name similar to ${FIELD_WORDS[name.evidence.field]}"${name.evidence.value}"`);
      plausible = true;
    }
  }

  const { searched, child } = facts;
  const recordedAge = child.dateOfBirth ? ageFromDateOfBirth(child.dateOfBirth, now) : child.approximateAge;
  if (searched.dateOfBirth && child.dateOfBirth && searched.dateOfBirth === child.dateOfBirth) {
    score += MATCH_WEIGHTS.sameDateOfBirth;
    reasons.push('same date of birth');
    plausible = true;
  } else if (searched.dateOfBirth && child.dateOfBirth && nearbyOfSearched(searched.dateOfBirth).includes(child.dateOfBirth)) {
    score += MATCH_WEIGHTS.nearDateOfBirth;
    reasons.push('date of birth nearly the same');
    plausible = true;
  } else {
    // A recorded date of birth that differs outright outweighs an age guess; otherwise compare ages.
    const describedAge =
      searched.dateOfBirth && !child.dateOfBirth ? ageFromDateOfBirth(searched.dateOfBirth, now) : searched.dateOfBirth ? null : (searched.approximateAge ?? null);
    if (describedAge !== null && recordedAge !== null && recordedAge !== undefined && ageFits(describedAge, recordedAge)) {
      score += MATCH_WEIGHTS.ageFits;
      reasons.push('age fits');
    }
  }

  if (searched.postcode && child.postcode) {
    if (normalisePostcode(searched.postcode) === normalisePostcode(child.postcode)) {
      score += MATCH_WEIGHTS.samePostcode;
      reasons.push('same postcode');
    } else if (postcodeDistrict(searched.postcode) === postcodeDistrict(child.postcode)) {
      score += MATCH_WEIGHTS.samePostcodeDistrict;
      reasons.push('same postcode district');
    }
  }

  if (searched.school && child.school) {
    if (normaliseSchool(searched.school) === normaliseSchool(child.school)) {
      score += MATCH_WEIGHTS.sameSchool;
      reasons.push('same school');
    } else if ((facts.schoolSimilarity ?? 0) >= MATCH_THRESHOLDS.schoolSimilarity) {
      score += MATCH_WEIGHTS.similarSchool;
      reasons.push('similar school name');
    }
  }

  if ((facts.addressSimilarity ?? 0) >= MATCH_THRESHOLDS.addressSimilarity) {
    score += MATCH_WEIGHTS.similarAddress;
    reasons.push('similar address');
  }

  return { score: Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000, reasons, plausible };
}
