// What a "known to services?" search was given, normalised: the names, date of birth or age, postcode, address
// and school as the matching compares them. Pure: used by the candidate query (queries.ts) and the scoring (service.ts).
import { isIsoDate } from '../../domain/clock/iso-date.ts';
import { nearbyDatesOfBirth } from './service-score.ts';

export type MatchCriteria = {
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  knownAs?: string | null | undefined;
  /** 'YYYY-MM-DD' */
  dateOfBirth?: string | null | undefined;
  /** Whole years, as described ("about 14"). */
  approximateAge?: number | null | undefined;
  postcode?: string | null | undefined;
  address?: string | null | undefined;
  school?: string | null | undefined;
  /** Only children of this local authority; all of them when absent. */
  localAuthorityId?: string | null | undefined;
  /** Ages are worked out on this day. */
  now: Date;
};

/** A name with fewer letters than this is not looked up in the full-name index (two letters match thousands). */
export const MIN_FULL_NAME_SEARCH = 3;
/** Known-as and aliases are short ("JJ"), so two letters are enough there. */
export const MIN_SHORT_NAME_SEARCH = 2;

export type NormalisedCriteria = {
  /** "given family", lower case, single spaces. */
  name: string | null;
  knownAs: string | null;
  dateOfBirth: string | null;
  nearbyDates: string[];
  approximateAge: number | null;
  postcode: string | null;
  address: string | null;
  school: string | null;
  localAuthorityId: string | null;
};

const clean = (value: string | null | undefined): string | null => {
  const v = (value ?? '').replace(/\s+/g, ' ').trim();
  return v === '' ? null : v;
};

export const letters = (value: string | null): number => (value ? value.replace(/[^\p{L}\p{N}]/gu, '').length : 0);

export function normaliseCriteria(criteria: MatchCriteria): NormalisedCriteria {
  const dateOfBirth = clean(criteria.dateOfBirth);
  if (dateOfBirth !== null && !isIsoDate(dateOfBirth)) {
    throw new RangeError(`dateOfBirth must be 'YYYY-MM-DD', got ${JSON.stringify(criteria.dateOfBirth)}`);
  }
  const age = criteria.approximateAge;
  if (age !== null && age !== undefined && (!Number.isFinite(age) || age < 0 || age > 30)) {
    throw new RangeError(`approximateAge must be a number of years from 0 to 30, got ${String(age)}`);
  }
  const name = clean([criteria.givenName, criteria.familyName].map((v) => clean(v)).filter(Boolean).join(' '));
  return {
    name: name?.toLowerCase() ?? null,
    knownAs: clean(criteria.knownAs)?.toLowerCase() ?? null,
    dateOfBirth,
    nearbyDates: dateOfBirth ? nearbyDatesOfBirth(dateOfBirth) : [],
    approximateAge: age === null || age === undefined ? null : Math.floor(age),
    postcode: clean(criteria.postcode),
    address: clean(criteria.address)?.toLowerCase() ?? null,
    school: clean(criteria.school),
    localAuthorityId: clean(criteria.localAuthorityId),
  };
}

/** Enough to search on: a name (or known-as) long enough to look up, or a date of birth. */
export function isSearchable(n: NormalisedCriteria): boolean {
  return letters(n.name) >= MIN_SHORT_NAME_SEARCH || letters(n.knownAs) >= MIN_SHORT_NAME_SEARCH || n.dateOfBirth !== null;
}
