// "Known to services?": indexes for fuzzy matching of a described child against the children already known
// (src/features/matching/queries.ts). GIN trigram indexes serve pg_trgm's % (similarity) and <% / %>
// (word similarity) operators, so a name search reads a few index pages instead of every child.
//
// The full-name expression must stay identical to FULL_NAME_SQL in src/features/matching, or the planner will not
// match it to the index. It only uses immutable functions (coalesce, text concatenation, lower), as PostgreSQL
// requires of an index expression.
//
// fastupdate = off: children are added at the pace of referrals, while searches must stay fast; with the
// default, new entries wait in an unsorted pending list that every search scans until a vacuum merges it.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create extension if not exists pg_trgm`,
  `create index children_full_name_trgm on children
     using gin (lower(coalesce(given_name, '') || ' ' || coalesce(family_name, '')) gin_trgm_ops) with (fastupdate = off)`,
  `create index children_known_as_trgm on children using gin (lower(known_as) gin_trgm_ops) with (fastupdate = off)`,
  `create index child_aliases_alias_trgm on child_aliases using gin (lower(alias) gin_trgm_ops) with (fastupdate = off)`,
  `create index children_date_of_birth on children (date_of_birth)`,
  `create index children_postcode on children (postcode)`,
  `create index children_school on children (lower(school))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
