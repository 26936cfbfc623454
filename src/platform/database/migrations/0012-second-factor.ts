// The TOTP second factor (docs/decisions/0009-totp-second-factor.md): each user's shared secret, their single-use
// recovery codes (salted hashes only), administrators' resets with their reason, and the session state "password
// checked, second factor pending". The reset reasons are written out here rather than imported, so that this
// migration (and the test template hashed from the migration files) never changes when the feature's list does;
// src/features/second-factor/service.ts holds the same values.
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

export const statements = [
  // secret: base32, needed in the clear to compute codes (the ADR says why it is not encrypted here). A row without
  // confirmed_at is an enrolment not finished. last_used_step: the RFC 6238 step of the last code accepted.
  // failures_since_success: wrong codes since the last right one (TOTP_FAILURE_LIMIT).
  `create table second_factors (
     user_id uuid primary key references users(id),
     secret text not null,
     confirmed_at timestamptz,
     last_used_step bigint,
     failures_since_success integer not null default 0,
     created_at timestamptz not null default now()
   )`,
  `create table second_factor_recovery_codes (
     id bigint generated always as identity primary key,
     user_id uuid not null references users(id),
     code_hash text not null,
     used_at timestamptz
   )`,
  `create index second_factor_recovery_codes_user on second_factor_recovery_codes (user_id)`,
  `create table second_factor_resets (
     id uuid primary key default gen_random_uuid(),
     user_id uuid not null references users(id),
     reset_by uuid references users(id),
     reason_code text not null check (reason_code in ('lost-or-stolen', 'new-phone', 'app-removed', 'suspected-compromise', 'other')),
     reason text,
     reset_at timestamptz not null default now()
   )`,
  `create index second_factor_resets_user on second_factor_resets (user_id, reset_at desc)`,
  // Null for a signed-in session; otherwise the one step this session may take (it authorises nothing else).
  `alter table sessions add column pending text check (pending in ('second-factor', 'enrolment'))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
