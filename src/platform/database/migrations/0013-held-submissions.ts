// Forms sent after the session timed out, kept for their owner to send once they have signed in again
// (docs/decisions/0010-nothing-lost-to-a-time-out.md). The body is the form as posted, without its CSRF token; it
// is emptied once sent or discarded, and the row is deleted 24 hours after it was kept.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  // path: the address only (no query string), always inside Harbour. used_at: sent or discarded.
  `create table held_submissions (
     id uuid primary key default gen_random_uuid(),
     user_id uuid not null references users(id),
     method text not null check (method = 'POST'),
     path text not null check (path like '/%' and path not like '//%' and path not like '%?%' and length(path) <= 500),
     body jsonb not null,
     created_at timestamptz not null default now(),
     expires_at timestamptz not null,
     used_at timestamptz
   )`,
  `create index held_submissions_user on held_submissions (user_id, created_at desc) where used_at is null`,
  `create index held_submissions_expiry on held_submissions (expires_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
