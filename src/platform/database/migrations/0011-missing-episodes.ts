// Missing episodes and return interviews (bedford-luton Appendix 2 "Missing Patterns"; cambridgeshire 4). One row
// per episode: the report, then the return, then the return interview, each added to the same row under its version.
// The places a child goes missing from are written out here rather than imported, so that this migration (and the
// test template hashed from the migration files) never changes when the domain's list does; src/domain/missing
// holds the same four values.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table missing_episodes (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     child_id uuid not null references children(id),
     left_at timestamptz not null,
     reported_at timestamptz not null,
     reported_by uuid not null references users(id),
     agency_id uuid not null references agencies(id),
     from_where text not null check (from_where in ('home', 'care-placement', 'school', 'other')),
     appearance_on_leaving text not null,
     who_with text,
     returned_at timestamptz,
     appearance_on_return text,
     return_recorded_by uuid references users(id),
     return_interview_at timestamptz,
     return_interview_by text,
     return_interview_independent boolean,
     return_interview_summary text,
     return_interview_recorded_by uuid references users(id),
     sharing_level text not null default 'network' check (sharing_level in ('network', 'agency', 'named')),
     shared_with uuid[] not null default '{}',
     version integer not null default 1,
     created_at timestamptz not null default now(),
     updated_at timestamptz not null default now(),
     updated_by uuid references users(id),
     check (returned_at is null or returned_at > left_at),
     check (return_interview_at is null or (returned_at is not null and return_interview_at >= returned_at)),
     check (returned_at is not null or appearance_on_return is null)
   )`,
  // At most one open episode per child per case; the same index finds "missing now" for the identity bar.
  `create unique index missing_episodes_open on missing_episodes (case_id, child_id) where returned_at is null`,
  `create index missing_episodes_case on missing_episodes (case_id, left_at desc)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
