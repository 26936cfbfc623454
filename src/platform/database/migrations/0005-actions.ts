// Actions: what someone (a person or an agency) must do for a case, by when, and the evidence it was done.
// Meetings, plans and the coordinator's decisions all create actions; work lists read them.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table actions (
     id uuid primary key default gen_random_uuid(),
     case_id uuid not null references cases(id),
     title text not null,
     description text not null default '',
     desired_outcome text not null default '',
     owner_user_id uuid references users(id),
     owner_agency_id uuid references agencies(id),
     due_date date not null,
     status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
     completed_at timestamptz,
     completed_by uuid references users(id),
     completion_evidence text,
     source_type text not null check (source_type in ('meeting', 'plan', 'decision', 'manual')),
     source_id text,
     created_by uuid references users(id),
     created_at timestamptz not null default now(),
     version integer not null default 1,
     check (owner_user_id is not null or owner_agency_id is not null)
   )`,
  `create index actions_case on actions (case_id, status, due_date)`,
  `create index actions_owner_open on actions (owner_user_id, due_date) where status = 'open'`,
  `create index actions_agency_open on actions (owner_agency_id, due_date) where status = 'open'`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
