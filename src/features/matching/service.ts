// "Known to services?": the children already on Harbour who may be the child described in a concern or
// referral, ranked, each with the reasons in plain words and the case that holds them.
//
// Two steps. The database finds candidates only through indexes (migration 0003): GIN trigram indexes for
// names, known-as and aliases (pg_trgm's % and <% operators) and btrees on date of birth, school and postcode;
// it measures how similar each candidate's names are and keeps the strongest 150 by a rough order. Then
// scoreMatch() (score.ts, pure) weighs the evidence, and the best `limit` get their case, team and allocated
// worker. The work grows with the number of children who look alike, not with the number of children: see
// bench/matching.bench.ts (100,000 children on PostgreSQL, p95 under 50 ms).
//
// Access: this returns what is needed to say "known to services" and to whom; whether the caller may open the
// case is the access model's decision (openCase), not this module's.
//
// The SQL is in queries.ts; the search's criteria are normalised in criteria.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { londonDateOf } from '../../domain/clock/london-time.ts';
import { MATCH_THRESHOLDS, scoreMatch } from './service-score.ts';
import type { NameEvidence } from './service-score.ts';
import { normaliseCriteria } from './service-criteria.ts';
import type { MatchCriteria } from './service-criteria.ts';
import { CANDIDATE_CAP, WIDER_SEARCH, candidateQuery, latestCaseOfEachChild, mergedChildIds, withSearchSettings } from './queries.ts';
import type { CandidateRow } from './queries.ts';

export { isSearchable, normaliseCriteria } from './service-criteria.ts';
export type { MatchCriteria, NormalisedCriteria } from './service-criteria.ts';

export type PossibleMatch = {
  childId: string;
  /** 0..1 */
  score: number;
  /** Plain words: 'name similar to "Jade Thompson"', 'same date of birth', 'age fits', 'same school', 'same postcode'. */
  reasons: string[];
  givenName: string | null;
  familyName: string | null;
  knownAs: string | null;
  dateOfBirth: string | null;
  localAuthorityId: string;
  /** The child's open case if any, otherwise the most recently opened one; null when the child has no case. */
  caseId: string | null;
  caseReference: string | null;
  caseStatus: 'open' | 'closed' | null;
  /** The lead professional's display name, or null when nobody is allocated. */
  allocatedWorker: string | null;
  teamName: string | null;
};

function nameEvidence(row: CandidateRow): NameEvidence[] {
  const out: NameEvidence[] = [];
  const fullName = [row.given_name, row.family_name].filter(Boolean).join(' ');
  if (fullName && row.name_similarity !== null) {
    out.push({
      field: 'name',
      value: fullName,
      similarity: row.name_similarity,
      wordSimilarity: row.name_word_similarity,
      everyWordSimilarity: row.every_word_similarity,
    });
  }
  if (row.known_as && row.known_as_similarity !== null) out.push({ field: 'known-as', value: row.known_as, similarity: row.known_as_similarity });
  if (row.alias && row.alias_similarity !== null) out.push({ field: 'alias', value: row.alias, similarity: row.alias_similarity });
  return out;
}

/**
 * Children who may be the one described, best first (at most `limit`). At least one of a name, known-as or date
 * of birth is needed; without one the answer is [].
 */
export async function findPossibleMatches(db: Kysely<Database>, criteria: MatchCriteria, limit = 10): Promise<PossibleMatch[]> {
  const query = candidateQuery(criteria, Math.max(CANDIDATE_CAP, limit * 5));
  if (!query || limit <= 0) return [];
  const n = normaliseCriteria(criteria);
  const today = londonDateOf(criteria.now);
  const score = (rows: CandidateRow[]) =>
    rows
      .map((row) => ({
        row,
        ...scoreMatch(
          {
            names: nameEvidence(row),
            searched: { dateOfBirth: n.dateOfBirth, approximateAge: n.approximateAge, postcode: n.postcode, school: n.school },
            child: { dateOfBirth: row.date_of_birth, approximateAge: row.approximate_age, postcode: row.postcode, school: row.school },
            schoolSimilarity: row.school_similarity,
            addressSimilarity: row.address_similarity,
          },
          today,
        ),
      }))
      .filter((m) => m.plausible && m.score >= MATCH_THRESHOLDS.minimumScore)
      .sort((a, b) => b.score - a.score || a.row.child_id.localeCompare(b.row.child_id))
      .slice(0, limit);

  let scored = score(await withSearchSettings(db, (trx) => query.execute(trx).then((r) => r.rows)));
  if (scored.length === 0 && (n.name || n.knownAs)) {
    // Nobody alike: look again more widely, for a name with a slip in every part ("Tyon Turuer" for Tyson Turner).
    scored = score(await withSearchSettings(db, (trx) => query.execute(trx).then((r) => r.rows), WIDER_SEARCH));
  }
  if (scored.length === 0) return [];
  // A record merged into another (issue 15) is no longer a child of its own: the kept record answers for it.
  const merged = await mergedChildIds(db, scored.map((m) => m.row.child_id));
  if (merged.size) scored = scored.filter((m) => !merged.has(m.row.child_id));
  if (scored.length === 0) return [];

  const cases = await latestCaseOfEachChild(db, scored.map((m) => m.row.child_id));
  const caseOf = new Map(cases.map((k) => [k.child_id, k]));

  return scored.map(({ row, score, reasons }) => {
    const k = caseOf.get(row.child_id);
    return {
      childId: row.child_id,
      score,
      reasons,
      givenName: row.given_name,
      familyName: row.family_name,
      knownAs: row.known_as,
      dateOfBirth: row.date_of_birth,
      localAuthorityId: row.local_authority_id,
      caseId: k?.id ?? null,
      caseReference: k?.reference ?? null,
      caseStatus: k?.status ?? null,
      allocatedWorker: k?.lead_name ?? null,
      teamName: k?.team_name ?? null,
    };
  });
}
