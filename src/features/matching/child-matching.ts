// "Known to services?": the children already on Harbour who may be the child described in a concern or
// referral, ranked, each with the reasons in plain words and the case that holds them.
//
// Two steps. The database finds candidates only through indexes (migration 0003): GIN trigram indexes for
// names, known-as and aliases (pg_trgm's % and <% operators) and the date-of-birth btree; it measures how
// similar each candidate's names are and keeps the strongest few hundred. Then scoreMatch() (score.ts, pure)
// weighs the evidence, and the best `limit` get their case, team and allocated worker.
//
// Access: this returns what is needed to say "known to services" and to whom; whether the caller may open the
// case is the access model's decision (openCase), not this module's.
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { MATCH_THRESHOLDS, MATCH_WEIGHTS, nearbyDatesOfBirth, normalisePostcode, normaliseSchool, scoreMatch } from './score.ts';
import type { NameEvidence } from './score.ts';

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

/**
 * Must stay identical to the expression of the children_full_name_trgm index (migration 0003), or the planner
 * cannot use that index.
 */
export const FULL_NAME_SQL = `lower(coalesce(c.given_name, '') || ' ' || coalesce(c.family_name, ''))`;

/** Candidates kept from the database for scoring: generous, so the pre-ranking cannot hide a good match. */
const CANDIDATE_CAP = 300;

/**
 * pg_trgm thresholds for the index look-ups, set for the search's own transaction (set_config(..., true)).
 * A whole name ("Amelia Taylor") must be at least this similar to a recorded full name: 0.4 still finds a slip in
 * each of the two names ("Jayde Thomson" / "Jade Thompson" is 0.47) but not every other Taylor (about 0.35), which
 * the index would otherwise hand back by the thousand to be rechecked.
 */
export const SEARCH_SIMILARITY_THRESHOLD = 0.4;
/** A single name ("Jade", "Thompson", "Kay") must be at least this similar to a word of a recorded full name. */
export const SEARCH_WORD_SIMILARITY_THRESHOLD = 0.6;

/** A name with fewer letters than this is not looked up in the full-name index (two letters match thousands). */
const MIN_FULL_NAME_SEARCH = 3;
/** Known-as and aliases are short ("JJ"), so two letters are enough there. */
const MIN_SHORT_NAME_SEARCH = 2;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type Normalised = {
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

const letters = (value: string | null): number => (value ? value.replace(/[^\p{L}\p{N}]/gu, '').length : 0);

export function normaliseCriteria(criteria: MatchCriteria): Normalised {
  const dateOfBirth = clean(criteria.dateOfBirth);
  if (dateOfBirth !== null && (!ISO_DATE.test(dateOfBirth) || Number.isNaN(Date.parse(`${dateOfBirth}T00:00:00Z`)))) {
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
export function isSearchable(n: Normalised): boolean {
  return letters(n.name) >= MIN_SHORT_NAME_SEARCH || letters(n.knownAs) >= MIN_SHORT_NAME_SEARCH || n.dateOfBirth !== null;
}

export type CandidateRow = {
  child_id: string;
  local_authority_id: string;
  given_name: string | null;
  family_name: string | null;
  known_as: string | null;
  date_of_birth: string | null;
  approximate_age: number | null;
  postcode: string | null;
  school: string | null;
  name_similarity: number | null;
  name_word_similarity: number | null;
  known_as_similarity: number | null;
  alias: string | null;
  alias_similarity: number | null;
  school_similarity: number | null;
  address_similarity: number | null;
};

/**
 * The candidate query: every branch of `candidates` is an index lookup, so the work grows with the number of
 * similar children, not with the number of children. Exported so that tests and the benchmark can EXPLAIN it.
 * Null when the criteria give nothing to search on.
 */
export function candidateQuery(criteria: MatchCriteria, cap = CANDIDATE_CAP): RawBuilder<CandidateRow> | null {
  const n = normaliseCriteria(criteria);
  if (!isSearchable(n)) return null;
  const full = sql.raw(FULL_NAME_SQL);
  const searchNames = [n.name, n.knownAs].filter((v): v is string => letters(v) >= MIN_SHORT_NAME_SEARCH);
  // Similarity of one recorded value to the searched name(s): the better of name and known-as when both given.
  const scoreNames = [n.name, n.knownAs].filter((v): v is string => v !== null);
  const best = (f: (q: string) => RawBuilder<unknown>) =>
    scoreNames.length === 0 ? sql`null::real` : scoreNames.length === 1 ? f(scoreNames[0]!) : sql`greatest(${sql.join(scoreNames.map(f))})`;

  // Every branch is an index look-up. Aliases found here bring their similarity along, so that the ranking
  // below need not look up the aliases of every candidate.
  const branches: RawBuilder<unknown>[] = [];
  for (const q of searchNames) {
    // Several words: the whole name against whole names (%). One word: that word within a full name (<%),
    // so a first name, a family name or a nickname alone still finds "Jade Thompson".
    if (letters(q) >= MIN_FULL_NAME_SEARCH) {
      branches.push(
        q.includes(' ')
          ? sql`select c.id, null::real as alias_similarity from children c where ${full} % ${q}`
          : sql`select c.id, null::real as alias_similarity from children c where ${q} <% ${full}`,
      );
    }
    branches.push(sql`select c.id, null::real from children c where lower(c.known_as) % ${q}`);
    branches.push(sql`select a.child_id, ${best((v) => sql`similarity(lower(a.alias), ${v})`)} from child_aliases a where lower(a.alias) % ${q}`);
  }
  if (n.dateOfBirth) {
    const dates = [n.dateOfBirth, ...n.nearbyDates];
    branches.push(sql`select c.id, null::real from children c where c.date_of_birth in (${sql.join(dates.map((d) => sql`${d}::date`))})`);
  }

  const pc = n.postcode ? normalisePostcode(n.postcode) : null;
  const school = n.school ? normaliseSchool(n.school) : null;
  const w = MATCH_WEIGHTS;

  // found: each candidate once. facts: the cheap facts for every candidate (the child row by primary key, in a
  // LATERAL so that it stays a nested loop rather than a scan of all children; OFFSET 0 so that each similarity
  // is worked out once). ranked: a rough order by the main weights, the strongest `cap` kept. Last, the facts
  // that need another look-up (best alias) or are only for scoring, for those few.
  return sql<CandidateRow>`
    with candidates (id, alias_similarity) as (${sql.join(branches, sql` union all `)}),
    found as (select id, max(alias_similarity) as alias_similarity from candidates group by id),
    facts as (
      select c.*, f.alias_similarity as alias_hint,
             ${best((q) => sql`similarity(${full}, ${q})`)} as name_similarity,
             ${best((q) => sql`word_similarity(${q}, ${full})`)} as name_word_similarity,
             ${best((q) => sql`similarity(lower(c.known_as), ${q})`)} as known_as_similarity
      from found f
      cross join lateral (
        select c.id, c.local_authority_id, c.given_name, c.family_name, c.known_as, c.date_of_birth, c.approximate_age,
               c.postcode, c.school, c.address
        from children c
        where c.id = f.id ${n.localAuthorityId ? sql`and c.local_authority_id = ${n.localAuthorityId}` : sql``}
        limit 1
      ) c
      offset 0
    ),
    ranked as (
      select * from facts f
      order by greatest(coalesce(f.name_similarity, 0), coalesce(f.name_word_similarity, 0) * ${w.partialName}::real,
                        coalesce(f.known_as_similarity, 0), coalesce(f.alias_hint, 0)) * ${w.name}::real
             + case when f.date_of_birth = ${n.dateOfBirth}::date then ${w.sameDateOfBirth}::real else 0 end
             + case when upper(regexp_replace(f.postcode, '[^A-Za-z0-9]', '', 'g')) = ${pc}::text then ${w.samePostcode}::real else 0 end
             + case when lower(f.school) = ${school}::text then ${w.sameSchool}::real else 0 end
             desc,
             f.id
      limit ${cap}
    )
    select r.id as child_id, r.local_authority_id, r.given_name, r.family_name, r.known_as, r.date_of_birth, r.approximate_age,
           r.postcode, r.school, r.name_similarity, r.name_word_similarity, r.known_as_similarity,
           al.alias, al.similarity as alias_similarity,
           ${school ? sql`similarity(lower(r.school), ${school})` : sql`null::real`} as school_similarity,
           ${n.address ? sql`similarity(lower(r.address), ${n.address})` : sql`null::real`} as address_similarity
    from ranked r
    left join lateral (
      select a.alias, ${best((q) => sql`similarity(lower(a.alias), ${q})`)} as similarity
      from child_aliases a where a.child_id = r.id
      order by 2 desc nulls last limit 1
    ) al on true`;
}

function nameEvidence(row: CandidateRow): NameEvidence[] {
  const out: NameEvidence[] = [];
  const fullName = [row.given_name, row.family_name].filter(Boolean).join(' ');
  if (fullName && row.name_similarity !== null) {
    out.push({ field: 'name', value: fullName, similarity: row.name_similarity, wordSimilarity: row.name_word_similarity });
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
  const rows = await withSearchThresholds(db, (trx) => query.execute(trx).then((r) => r.rows));

  const scored = rows
    .map((row) => {
      const { score, reasons, plausible } = scoreMatch(
        {
          names: nameEvidence(row),
          searched: { dateOfBirth: n.dateOfBirth, approximateAge: n.approximateAge, postcode: n.postcode, school: n.school },
          child: { dateOfBirth: row.date_of_birth, approximateAge: row.approximate_age, postcode: row.postcode, school: row.school },
          schoolSimilarity: row.school_similarity,
          addressSimilarity: row.address_similarity,
        },
        criteria.now,
      );
      return { row, score, reasons, plausible };
    })
    .filter((m) => m.plausible && m.score >= MATCH_THRESHOLDS.minimumScore)
    .sort((a, b) => b.score - a.score || a.row.child_id.localeCompare(b.row.child_id))
    .slice(0, limit);
  if (scored.length === 0) return [];

  const cases = await db
    .selectFrom('cases as k')
    .leftJoin('users as lead', 'lead.id', 'k.lead_professional_id')
    .leftJoin('teams as t', 't.id', 'k.team_id')
    .select(['k.child_id', 'k.id', 'k.reference', 'k.status', 'lead.display_name as lead_name', 't.name as team_name'])
    .distinctOn('k.child_id')
    .where('k.child_id', 'in', scored.map((m) => m.row.child_id))
    .orderBy('k.child_id')
    .orderBy(sql`k.status = 'open'`, 'desc')
    .orderBy('k.opened_at', 'desc')
    .execute();
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

/**
 * Runs `work` with this module's pg_trgm thresholds. They are set with set_config(..., is_local = true), which
 * lasts until the end of the transaction: in a transaction of our own, or, when the caller is already in one,
 * in theirs, put back afterwards.
 */
export async function withSearchThresholds<T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const set = (trx: Kysely<Database>, similarity: string | number, word: string | number) =>
    sql`select set_config('pg_trgm.similarity_threshold', ${String(similarity)}, true),
               set_config('pg_trgm.word_similarity_threshold', ${String(word)}, true)`.execute(trx);
  if (db.isTransaction) {
    const before = await sql<{ s: string; w: string }>`select current_setting('pg_trgm.similarity_threshold') as s,
                                                              current_setting('pg_trgm.word_similarity_threshold') as w`.execute(db);
    await set(db, SEARCH_SIMILARITY_THRESHOLD, SEARCH_WORD_SIMILARITY_THRESHOLD);
    try {
      return await work(db);
    } finally {
      await set(db, before.rows[0]!.s, before.rows[0]!.w);
    }
  }
  return db.transaction().execute(async (trx) => {
    await set(trx, SEARCH_SIMILARITY_THRESHOLD, SEARCH_WORD_SIMILARITY_THRESHOLD);
    return work(trx);
  });
}
