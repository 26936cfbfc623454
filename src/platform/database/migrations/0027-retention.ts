// Retention and the child's right to their record (issue 15): the retention schedule as a Harbour setting, the
// monthly review's queue, a record of each erasure, and subject access requests with their items for review.
// No foreign key from these tables to children or cases: an erasure deletes every row that references the child,
// and the review and request rows (identifiers and decisions only) must outlive it.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table retention_settings (
     id integer primary key check (id = 1),
     schedule jsonb not null,
     updated_by uuid references users(id),
     updated_at timestamptz not null default now(),
     last_run_month text,
     version integer not null default 1
   )`,
  // '{}' is the documented default schedule (src/domain/retention/schedule.ts); an administrator's edits are stored over it.
  `insert into retention_settings (id, schedule) values (1, '{}'::jsonb)`,
  `create table retention_reviews (
     id uuid primary key default gen_random_uuid(),
     record_kind text not null check (record_kind in ('case-record', 'intelligence', 'contact-no-further-action')),
     record_id uuid not null,
     local_authority_id text,
     due_on date not null,
     listed_at timestamptz not null default now(),
     status text not null default 'pending' check (status in ('pending', 'deleted', 'extended')),
     decided_at timestamptz,
     decided_by uuid references users(id),
     reason text,
     extended_until date,
     erased_rows jsonb,
     version integer not null default 1
   )`,
  `create unique index retention_reviews_one_pending on retention_reviews (record_kind, record_id) where status = 'pending'`,
  `create index retention_reviews_record on retention_reviews (record_kind, record_id, status)`,
  `create table subject_access_requests (
     id uuid primary key default gen_random_uuid(),
     child_id uuid not null,
     local_authority_id text not null,
     requester text not null check (requester in ('child', 'parent', 'representative')),
     received_on date not null,
     due_on date not null,
     recorded_by uuid not null references users(id),
     recorded_at timestamptz not null default now(),
     released_at timestamptz,
     released_by uuid references users(id),
     version integer not null default 1
   )`,
  `create index subject_access_requests_child on subject_access_requests (child_id)`,
  `create table subject_access_items (
     id uuid primary key default gen_random_uuid(),
     request_id uuid not null references subject_access_requests(id),
     item_kind text not null,
     item_id uuid not null,
     review_reasons text[] not null,
     decision text check (decision in ('release', 'withhold')),
     decision_reason text,
     decided_by uuid references users(id),
     decided_at timestamptz,
     unique (request_id, item_kind, item_id)
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
