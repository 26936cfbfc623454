// Issue 16's review findings. API tokens expire and carry a scope; sign-in attempts record a keyed fingerprint of
// the address they came from (never the address), for the per-address limit; break-glass uses are reviewed.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  // Tokens made before expiry existed keep working for 90 days from this migration, with the access they had.
  `alter table api_tokens add column expires_at timestamptz`,
  `update api_tokens set expires_at = now() + interval '90 days' where expires_at is null`,
  `alter table api_tokens alter column expires_at set not null`,
  `alter table api_tokens add column scope text not null default 'read-write' check (scope in ('read-only', 'read-write'))`,
  // null: every case the person may open; otherwise only these (at most 50, fixed when the token is made).
  `alter table api_tokens add column case_ids uuid[] check (case_ids is null or (cardinality(case_ids) between 1 and 50))`,
  // An HMAC of the client address with the session secret: enough to count attempts by address, not to name it.
  `alter table sign_in_attempts add column address_key text`,
  `create index sign_in_attempts_address on sign_in_attempts (address_key, at) where address_key is not null and succeeded = false`,
  `create index sign_in_attempts_failures_at on sign_in_attempts (at) where succeeded = false`,
  // The review of a break-glass use: by the case's manager, or the area's CSE coordinator when it has none.
  `alter table break_glass_grants add column reviewed_at timestamptz`,
  `alter table break_glass_grants add column reviewed_by uuid references users(id)`,
  `alter table break_glass_grants add column justified boolean`,
  `alter table break_glass_grants add column review_note text check (review_note is null or length(review_note) <= 2000)`,
  `alter table break_glass_grants add column version integer not null default 1`,
  `alter table break_glass_grants add constraint break_glass_review_whole check (
     (reviewed_at is null and reviewed_by is null and justified is null and review_note is null)
     or (reviewed_at is not null and reviewed_by is not null and justified is not null and review_note is not null))`,
  `create index break_glass_grants_unreviewed on break_glass_grants (granted_at) where reviewed_at is null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
