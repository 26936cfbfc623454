// Likely duplicates (issue 15): the children already on Harbour whose records look like another child's own record,
// found with the same matching as the front door's "known to services?" search. A Harbour setting: a match scoring at
// least LIKELY_DUPLICATE_SCORE (names alike and a date of birth, school or postcode that agrees) is offered for merging.
import type { PossibleMatch } from '../matching/service.ts';

export const LIKELY_DUPLICATE_SCORE = 0.6;

/** The matches of one child's own record that are likely the same child: not itself, and strong enough. */
export function likelyDuplicates(childId: string, matches: readonly PossibleMatch[]): PossibleMatch[] {
  return matches.filter((m) => m.childId !== childId && m.score >= LIKELY_DUPLICATE_SCORE);
}
