// The statutory clock: one row per timescale running for a case or referral, and the bank holidays an
// administrator adds beyond those shipped with Harbour.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  `create table clocks (
     id uuid primary key default gen_random_uuid(),
     local_authority_id text not null references local_authorities(id),
     profile_id text not null,
     rule_id text not null,
     label text not null,
     source text,
     child_id uuid references children(id),
     case_id uuid references cases(id),
     referral_id uuid,
     started_at timestamptz not null,
     due_at timestamptz not null,
     warning_hours integer not null default 0,
     stopped_at timestamptz,
     stop_reason text,
     owner_user_id uuid references users(id),
     owner_team text,
     created_at timestamptz not null default now(),
     check (case_id is not null or referral_id is not null)
   )`,
  `create index clocks_running_due on clocks (due_at) where stopped_at is null`,
  `create index clocks_case on clocks (case_id, due_at)`,
  `create index clocks_referral on clocks (referral_id, due_at)`,
  `create index clocks_owner_running on clocks (owner_user_id, due_at) where stopped_at is null`,
  `create table extra_bank_holidays (
     date date primary key,
     name text not null,
     added_by uuid references users(id),
     added_at timestamptz not null default now()
   )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
