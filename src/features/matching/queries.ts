// The SQL of "known to services?": the candidate query (every branch an index look-up, migration 0003), the
// search's pg_trgm settings, and the case that holds each matched child. The scoring is service.ts's (score.ts, pure).
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Database } from '../../platform/database/schema.ts';
import { addDays, addMonthsClamped } from '../../domain/clock/iso-date.ts';
import { londonDateOf } from '../../domain/clock/london-time.ts';
import { MATCH_THRESHOLDS, MATCH_WEIGHTS, normalisePostcode, normaliseSchool } from './service-score.ts';
import { MIN_FULL_NAME_SEARCH, MIN_SHORT_NAME_SEARCH, isSearchable, letters, normaliseCriteria } from './service-criteria.ts';
import type { MatchCriteria, NormalisedCriteria } from './service-criteria.ts';


/**
 * Must stay identical to the expression of the children_full_name_trgm index (migration 0003), or the planner
 * cannot use that index.
 */
export const FULL_NAME_SQL = `lower(coalesce(c.given_name, '') || ' ' || coalesce(c.family_name, ''))`;

/**
 * Candidates kept from the database for scoring. The rough order that picks them uses the main weights (name,
 * date of birth, nearby date of birth, age, postcode, school), so the few facts it leaves out (a similar but not
 * equal school, the address, an alias that matched less well than the name) cannot lift a child from below
 * this into the top ten.
 */
export const CANDIDATE_CAP = 150;

/**
 * pg_trgm thresholds for the index look-ups, set for the search's own transaction (set_config(..., true)).
 * A whole name ("Amelia Taylor") must be at least this similar to a recorded full name: 0.4 still finds a slip in
 * each of the two names ("Jayde Thomson" / "Jade Thompson" is 0.47) but not every other Taylor (about 0.35), which
 * the index would otherwise hand back by the thousand to be rechecked.
 */
export const SEARCH_SIMILARITY_THRESHOLD = 0.4;
/** A single name ("Jade", "Thompson", "Kay") must be at least this similar to a word of a recorded full name. */
export const SEARCH_WORD_SIMILARITY_THRESHOLD = 0.6;
/**
 * When that finds nobody at all, the search is run once more with these (pg_trgm's default similarity
 * threshold, a lower word threshold): slower, as every other Taylor comes back to be rechecked, but only for
 * names that matched nothing.
 */
export const WIDER_SEARCH = { similarity: 0.3, wordSimilarity: 0.5 } as const;

/**
 * A single word (a first name, a nickname, part of a name) is weak: when an age is known too, it is looked up in
 * full names only among children born within this many years of the date of birth given, or of the approximate
 * age described (a guess, so wider), or whose date of birth is not recorded. Whole names, known-as and aliases
 * are looked up whatever the age, and children with the same or a nearby date of birth always are.
 */
export const SINGLE_NAME_AGE_WINDOW_YEARS = { dateOfBirth: 2, approximateAge: 3 } as const;

/**
 * At most this many children are taken from one name look-up (about 1 in 80 of 100,000 children is a Smith). A
 * name shared by more children than this cannot pick one out by itself: those who also have the same or a nearby
 * date of birth, fit the age, or share the school or the postcode are looked up separately, so they are never
 * among the ones left out; the ones left out would only tie with the ones kept.
 */
export const NAME_BRANCH_CAP = 500;

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
  every_word_similarity: number | null;
  known_as_similarity: number | null;
  alias: string | null;
  alias_similarity: number | null;
  school_similarity: number | null;
  address_similarity: number | null;
};

/**
 * The candidate query: every branch of `candidates` is an index look-up, so the work grows with the number of
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
  const pc = n.postcode ? normalisePostcode(n.postcode) : null;
  const school = n.school ? normaliseSchool(n.school) : null;
  const w = MATCH_WEIGHTS;
  const nameWords = (n.name ?? '').split(' ').filter((word) => letters(word) >= 2);

  // The columns every branch returns: the child row as the index scan found it, so that no candidate is looked
  // up twice, and for aliases the alias's similarity (so that ranking need not look up every candidate's aliases).
  const columns = sql.raw(
    'c.id, c.local_authority_id, c.given_name, c.family_name, c.known_as, c.date_of_birth, c.approximate_age, c.postcode, c.school, c.address',
  );
  const area = n.localAuthorityId ? sql` and c.local_authority_id = ${n.localAuthorityId}` : sql``;
  const branches: RawBuilder<unknown>[] = [];
  const materialised: RawBuilder<unknown>[] = [];
  const children = (where: RawBuilder<unknown>) => sql`select ${columns}, null::real from children c where ${where}${area}`;
  const window = ageWindow(n, criteria.now);
  const fit = ageFit(n, criteria.now);
  const postcodes = pc ? postcodeForms(pc, n.postcode!) : [];
  for (const [i, q] of searchNames.entries()) {
    if (letters(q) >= MIN_FULL_NAME_SEARCH) {
      if (q.includes(' ')) {
        // Several words: the whole name against whole names (%).
        branches.push(sql`(${children(sql`${full} % ${q}`)} limit ${NAME_BRANCH_CAP})`);
      } else {
        // One word: that word within a full name (<%), so that a first name, a family name or a nickname alone
        // still finds "Jade Thompson"; with an age, only among children of about that age (or of unknown age).
        // One index scan, kept aside (MATERIALIZED); from it, whoever also fits the age or shares the school or
        // the postcode comes first, so that capping a very common name only ever leaves out children who would
        // tie with the ones kept. The same or a nearby date of birth is looked up below, whatever the name.
        const inWindow = window ? sql` and (c.date_of_birth between ${window.from}::date and ${window.to}::date or c.date_of_birth is null)` : sql``;
        const words = sql.ref(`word_matches_${i}`);
        materialised.push(sql`${words} as materialized (${children(sql`${q} <% ${full}${inWindow}`)})`);
        const evidence = [
          fit ? sql`(c.date_of_birth between ${fit.from}::date and ${fit.to}::date)` : null,
          school ? sql`(lower(c.school) = ${school})` : null,
          postcodes.length > 0 ? sql`(c.postcode in (${sql.join(postcodes)}))` : null,
        ].filter((e) => e !== null);
        const order = evidence.length > 0 ? sql` order by ${sql.join(evidence.map((e) => sql`${e} is true`), sql` or `)} desc` : sql``;
        branches.push(sql`(select * from ${words} c${order} limit ${NAME_BRANCH_CAP})`);
      }
    }
    branches.push(sql`select ${columns}, null::real from children c where lower(c.known_as) % ${q}${area}`);
    // LATERAL ... LIMIT 1: a primary-key look-up per alias found, never a hash join over all children.
    branches.push(sql`
      select ${columns}, a.similarity
      from (select a.child_id, ${best((v) => sql`similarity(lower(a.alias), ${v})`)} as similarity
            from child_aliases a where lower(a.alias) % ${q}) a
      cross join lateral (select ${columns} from children c where c.id = a.child_id${area} limit 1) c`);
  }
  if (n.dateOfBirth) {
    const dates = [n.dateOfBirth, ...n.nearbyDates];
    branches.push(children(sql`c.date_of_birth in (${sql.join(dates.map((d) => sql`${d}::date`))})`));
  }
  // Children at the same postcode, and at the same school and of about the age described: a handful each, looked
  // at whatever their name, so that a name too garbled for the name look-ups is still weighed with what else
  // agrees. On their own they are not a match (scoreMatch's `plausible`): the name must still be similar.
  if (postcodes.length > 0) branches.push(children(sql`c.postcode in (${sql.join(postcodes)})`));
  if (school && fit) branches.push(children(sql`lower(c.school) = ${school} and c.date_of_birth between ${fit.from}::date and ${fit.to}::date`));

  // The rough ranking reads the name measures its search used, plus equalities; the other measures are worked out
  // only for the `cap` candidates kept. OFFSET 0 keeps each measure worked out once.
  const roughName = best((q) =>
    q.includes(' ') ? sql`similarity(${full}, ${q})` : sql`greatest(similarity(${full}, ${q}), word_similarity(${q}, ${full}) * ${w.partialName}::real)`,
  );
  return sql<CandidateRow>`
    with ${materialised.length > 0 ? sql`${sql.join(materialised)},` : sql``}
    candidates (id, local_authority_id, given_name, family_name, known_as, date_of_birth, approximate_age, postcode,
                     school, address, alias_similarity) as (${sql.join(branches, sql` union all `)}),
    distinct_candidates as (
      select distinct on (c.id) c.* from candidates c order by c.id, c.alias_similarity desc nulls last
    ),
    found as (
      select c.*, greatest(coalesce(${roughName}, 0), coalesce(${best((q) => sql`similarity(lower(c.known_as), ${q})`)}, 0),
                           coalesce(c.alias_similarity, 0)) as rough_name
      from distinct_candidates c
      offset 0
    ),
    ranked as (
      select * from found f
      order by f.rough_name * ${w.name}::real
             + case when f.date_of_birth = ${n.dateOfBirth}::date then ${w.sameDateOfBirth}::real
                    when f.date_of_birth = any(${n.nearbyDates}::date[]) then ${w.nearDateOfBirth}::real
                    when f.date_of_birth between ${fit?.from ?? null}::date and ${fit?.to ?? null}::date then ${w.ageFits}::real
                    when f.approximate_age between ${fit?.youngest ?? null}::int and ${fit?.oldest ?? null}::int then ${w.ageFits}::real
                    else 0 end
             + case when upper(regexp_replace(f.postcode, '[^A-Za-z0-9]', '', 'g')) = ${pc}::text then ${w.samePostcode}::real else 0 end
             + case when lower(f.school) = ${school}::text then ${w.sameSchool}::real else 0 end
             desc,
             f.id
      limit ${cap}
    )
    select c.id as child_id, c.local_authority_id, c.given_name, c.family_name, c.known_as, c.date_of_birth, c.approximate_age,
           c.postcode, c.school,
           ${best((q) => sql`similarity(${full}, ${q})`)} as name_similarity,
           ${best((q) => sql`word_similarity(${q}, ${full})`)} as name_word_similarity,
           ${nameWords.length >= 2 ? sql`least(${sql.join(nameWords.map((word) => sql`word_similarity(${word}, ${full})`))})` : sql`null::real`} as every_word_similarity,
           ${best((q) => sql`similarity(lower(c.known_as), ${q})`)} as known_as_similarity,
           al.alias, al.similarity as alias_similarity,
           ${school ? sql`similarity(lower(c.school), ${school})` : sql`null::real`} as school_similarity,
           ${n.address ? sql`similarity(lower(c.address), ${n.address})` : sql`null::real`} as address_similarity
    from ranked c
    left join lateral (
      select a.alias, ${best((q) => sql`similarity(lower(a.alias), ${q})`)} as similarity
      from child_aliases a where a.child_id = c.id
      order by 2 desc nulls last limit 1
    ) al on true`;
}

/** The ways a postcode may have been recorded: "NW5 3AB", "NW53AB", or as typed. */
function postcodeForms(normalised: string, asGiven: string): string[] {
  const spaced = normalised.length >= 5 ? `${normalised.slice(0, -3)} ${normalised.slice(-3)}` : normalised;
  return [...new Set([spaced, normalised, asGiven.toUpperCase()])];
}

/** For the rough ranking: the dates of birth (and approximate ages) that make 'age fits' for an approximate age. */
function ageFit(n: NormalisedCriteria, now: Date): { from: string; to: string; youngest: number; oldest: number } | null {
  if (n.dateOfBirth || n.approximateAge === null) return null;
  const tolerance = MATCH_THRESHOLDS.ageToleranceYears;
  const today = londonDateOf(now);
  // Aged from A - t to A + t today: born after (today - (A + t + 1) years), on or before (today - (A - t) years).
  return {
    from: addDays(addMonthsClamped(today, -12 * (n.approximateAge + tolerance + 1)), 1),
    to: addMonthsClamped(today, -12 * (n.approximateAge - tolerance)),
    youngest: n.approximateAge - tolerance,
    oldest: n.approximateAge + tolerance,
  };
}

/** The dates of birth to which single-word searches keep (SINGLE_NAME_AGE_WINDOW_YEARS), or null without an age. */
function ageWindow(n: NormalisedCriteria, now: Date): { from: string; to: string } | null {
  if (n.dateOfBirth) {
    const months = 12 * SINGLE_NAME_AGE_WINDOW_YEARS.dateOfBirth;
    return { from: addMonthsClamped(n.dateOfBirth, -months), to: addMonthsClamped(n.dateOfBirth, months) };
  }
  if (n.approximateAge === null) return null;
  const months = 12 * SINGLE_NAME_AGE_WINDOW_YEARS.approximateAge;
  // Aged A today: born after (today - A - 1 years) and on or before (today - A years).
  const today = londonDateOf(now);
  return { from: addMonthsClamped(today, -12 * (n.approximateAge + 1) - months), to: addMonthsClamped(today, -12 * n.approximateAge + months) };
}

/**
 * Runs `work` with the search's pg_trgm thresholds (by default SEARCH_SIMILARITY_THRESHOLD and
 * SEARCH_WORD_SIMILARITY_THRESHOLD) and enable_seqscan off: every branch of the candidate query has an index,
 * but on a small table the planner may think a scan of every alias or child cheaper, as it costs a trigram
 * comparison like an equality; it is not (20 ms for 5,000 aliases on PGlite, against well under 1 ms by index).
 * The settings are made with set_config(..., is_local = true), which lasts until the end of the transaction: of a
 * transaction of our own, or, when the caller is already in one, of theirs, and then they are put back.
 */
export async function withSearchSettings<T>(
  db: Kysely<Database>,
  work: (db: Kysely<Database>) => Promise<T>,
  thresholds: { similarity: number; wordSimilarity: number } = { similarity: SEARCH_SIMILARITY_THRESHOLD, wordSimilarity: SEARCH_WORD_SIMILARITY_THRESHOLD },
): Promise<T> {
  const names = ['pg_trgm.similarity_threshold', 'pg_trgm.word_similarity_threshold', 'enable_seqscan'];
  const ours = [String(thresholds.similarity), String(thresholds.wordSimilarity), 'off'];
  const apply = (trx: Kysely<Database>, values: readonly string[]) =>
    sql`select ${sql.join(names.map((name, i) => sql`set_config(${name}, ${values[i]!}, true)`))}`.execute(trx);
  if (db.isTransaction) {
    const current = await sql<Record<string, string>>`select ${sql.join(names.map((name, i) => sql`current_setting(${name}) as ${sql.ref(`s${i}`)}`))}`.execute(db);
    const before = names.map((_, i) => current.rows[0]![`s${i}`]!);
    await apply(db, ours);
    try {
      return await work(db);
    } finally {
      await apply(db, before);
    }
  }
  return db.transaction().execute(async (trx) => {
    await apply(trx, ours);
    return work(trx);
  });
}

/** The children among these that were merged into another record (issue 15): the kept record answers for them. */
export async function mergedChildIds(db: Kysely<Database>, childIds: readonly string[]): Promise<Set<string>> {
  return new Set((await db.selectFrom('children').select('id').where('id', 'in', childIds).where('merged_into_id', 'is not', null).execute()).map((c) => c.id));
}

/** Each child's open case if any, otherwise the most recently opened one, with its lead professional and team. */
export function latestCaseOfEachChild(db: Kysely<Database>, childIds: readonly string[]) {
  return db
    .selectFrom('cases as k')
    .leftJoin('users as lead', 'lead.id', 'k.lead_professional_id')
    .leftJoin('teams as t', 't.id', 'k.team_id')
    .select(['k.child_id', 'k.id', 'k.reference', 'k.status', 'lead.display_name as lead_name', 't.name as team_name'])
    .distinctOn('k.child_id')
    .where('k.child_id', 'in', childIds)
    .orderBy('k.child_id')
    .orderBy(sql`k.status = 'open'`, 'desc')
    .orderBy('k.opened_at', 'desc')
    .execute();
}
